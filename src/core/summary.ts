/**
 * The figures of the 汇总说明 paragraph, taken from a finished roll-up and nothing else: the units added
 * up, the case total and its categories (the template's partition rule), the cases referred to the police
 * (its at-most rule under the case total), the fines (the 万元 item of the case total's department), and
 * their changes against an earlier report. The wording is src/messages/summary-zh-CN.ts.
 */
import { COMPARISON_SHEET, type Comparison } from "./compare";
import type { Consolidation } from "./consolidate";
import { compareDec, parseDec } from "./decimal";
import type { TableLayout } from "./rollup-layout";
import type { Item, Template } from "../templates/schema";

export interface SummaryFigure {
  itemId: string;
  label: string;
  /** the item's unit of measure, e.g. 件, 万元 */
  measure: string;
  /** the roll-up's total, exact decimal text */
  value: string;
  /** against the comparison's report, when it has this item */
  change?: { previous: string; change: string; changePercent: string | null };
}

export interface SummaryFacts {
  rollupUnit: string;
  /** 中期 or 全面, as the roll-up's header gives it */
  stage?: string;
  units: string[];
  missing: string[];
  cases?: SummaryFigure;
  /** the categories of the case total with a figure above 0, largest first (template order on a tie) */
  categories: SummaryFigure[];
  referred?: SummaryFigure;
  fines?: SummaryFigure;
  /** 上期 or 去年, when a comparison was made */
  basis?: Comparison["basis"];
}

/** the most categories named as the largest */
export const LARGEST_CATEGORIES = 2;

export function summaryFacts(template: Template, c: Consolidation, comparison?: Comparison): SummaryFacts {
  const items = new Map(template.sections.flatMap((s) => s.items.map((i) => [i.id, { s, i }] as const)));
  const figure = (i: Item): SummaryFigure | undefined => {
    const value = c.totals[i.id];
    if (value === undefined) return undefined;
    const row = comparison?.rows.find((r) => r.itemId === i.id);
    const change =
      row && row.previous !== null && row.change !== null
        ? { previous: row.previous, change: row.change, changePercent: row.changePercent }
        : undefined;
    return { itemId: i.id, label: i.label, measure: i.unit, value, ...(change ? { change } : {}) };
  };
  const partition = template.rules.find((r) => r.kind === "partition");
  const total = partition && items.get(partition.total);
  const facts: SummaryFacts = {
    rollupUnit: c.rollup.header?.unit ?? "",
    ...(c.rollup.header?.stage ? { stage: c.rollup.header.stage } : {}),
    units: c.accepted.map((a) => a.unit),
    missing: [...c.missing],
    categories: [],
    ...(comparison ? { basis: comparison.basis } : {}),
  };
  if (!total) return facts;
  const cases = figure(total.i);
  if (cases) facts.cases = cases;
  facts.categories = partition.parts
    .map((id) => items.get(id))
    .flatMap((x) => (x ? [figure(x.i)] : []))
    .filter((f): f is SummaryFigure => f !== undefined && compareDec(parseDec(f.value)!, { int: 0n, scale: 0 }) > 0)
    .map((f, k) => ({ f, k }))
    .sort((a, b) => compareDec(parseDec(b.f.value)!, parseDec(a.f.value)!) || a.k - b.k)
    .map(({ f }) => f);
  const referredRule = template.rules.find((r) => r.kind === "at-most" && r.limit === total.i.id);
  const referred = referredRule?.kind === "at-most" ? items.get(referredRule.item) : undefined;
  const referredFigure = referred && figure(referred.i);
  if (referredFigure) facts.referred = referredFigure;
  const money = total.s.items.filter((i) => i.unit === "万元");
  const fines = money.find((i) => i.label.includes("罚没")) ?? money[0];
  const finesFigure = fines && figure(fines);
  if (finesFigure) facts.fines = finesFigure;
  return facts;
}

export const SUMMARY_SHEET = "汇总说明";

/** 汇总说明: the paragraph in one wide wrapped cell under a title */
export function layoutSummary(paragraph: string): TableLayout {
  return { sheetName: SUMMARY_SHEET, rows: [["汇总说明"], [paragraph]], headerRows: 1, columnWidths: [100] };
}

/** the roll-up's optional sheets (对比, 汇总说明): not tables to read when the roll-up is read one level up */
export const ROLLUP_EXTRA_SHEETS = [COMPARISON_SHEET, SUMMARY_SHEET] as const;
