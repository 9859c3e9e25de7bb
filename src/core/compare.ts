/**
 * Earlier reports (this campaign's 中期 roll-up or submissions, last year's roll-up) as plain figures, the
 * matching of their items to the template's (by item id, else by label and unit), and the comparison of
 * the roll-up's totals with one of them. Pure: src/files/previous.ts turns workbooks into PreviousReports.
 */
import { compareDec, formatDec, parseDec, subDec, type Dec } from "./decimal";
import type { Consolidation } from "./consolidate";
import type { Stage } from "./header";
import { labelKey, unitKey } from "./normalize";
import { placeName } from "./place-name";
import type { TableCell, TableLayout } from "./rollup-layout";
import type { Template } from "../templates/schema";

/** One figure of an earlier report: an item as that report's table printed it, and its value (decimal text). */
export interface PreviousFigure {
  section: string;
  label: string;
  unit: string;
  value: string;
  /** the item's id in the earlier report's template */
  itemId?: string;
}

export interface PreviousReport {
  /** file name */
  source: string;
  /** a roll-up (汇总表 + 汇总明细) or one unit's submission */
  kind: "rollup" | "submission";
  /** 填报单位 of the report */
  unit?: string;
  stage?: Stage;
  /** the campaign year of the earlier report's template */
  year?: number;
  templateId?: string;
  templateTitle?: string;
  /** the report's own figures: a roll-up's totals, a submission's values */
  totals: PreviousFigure[];
  /** per reporting unit: a roll-up's 汇总明细 columns, or the submission itself */
  units: { unit: string; figures: PreviousFigure[] }[];
}

/** how an earlier item was matched: the same template item, the same label and unit, or a label that drifted */
export type MatchKind = "same-item" | "same-label" | "similar-label";

export interface ItemMatch {
  itemId: string;
  previous: { section: string; label: string; unit: string };
  how: MatchKind;
}

export interface ItemMatching {
  /** per item id of the template */
  matches: Record<string, ItemMatch>;
  /** earlier items no item of the template matched */
  unmatched: { section: string; label: string; unit: string }[];
}

/** the shortest label one can be found inside another by (so 关闭网站 matches 提请关闭网站, 案件 matches nothing) */
const MIN_CONTAINED = 4;

/**
 * Matches the items of an earlier report to the template's: by item id when the report used the same
 * template; otherwise by label and unit (the department preferred), then by a label contained in the
 * other (删除违法商品信息 → 督促网络交易平台删除违法商品信息) with the same unit. Each earlier item
 * matches at most one template item.
 */
export function matchItems(template: Template, report: Pick<PreviousReport, "templateId" | "totals" | "units">): ItemMatching {
  const figures = distinctItems(report);
  const items = template.sections.flatMap((s) => s.items.map((i) => ({ section: s, item: i })));
  const taken = new Set<number>();
  const matches: Record<string, ItemMatch> = {};
  const sectionKeys = (s: (typeof items)[number]["section"]) => new Set([s.name, ...(s.aliases ?? [])].map(labelKey));
  const take = (itemId: string, k: number, how: MatchKind) => {
    taken.add(k);
    const f = figures[k];
    matches[itemId] = { itemId, previous: { section: f.section, label: f.label, unit: f.unit }, how };
  };
  if (report.templateId === template.id) {
    for (const { item } of items) {
      const k = figures.findIndex((f, i) => !taken.has(i) && f.itemId === item.id);
      if (k >= 0) take(item.id, k, "same-item");
    }
  }
  const passes: ((f: PreviousFigure, s: (typeof items)[number]) => boolean)[] = [
    (f, { section, item }) =>
      sameUnit(f, item.unit) && labelKey(f.label) === labelKey(item.label) && sectionKeys(section).has(labelKey(f.section)),
    (f, { item }) => sameUnit(f, item.unit) && labelKey(f.label) === labelKey(item.label),
    (f, { section, item }) => sameUnit(f, item.unit) && contained(f.label, item.label) && sectionKeys(section).has(labelKey(f.section)),
    (f, { item }) => sameUnit(f, item.unit) && contained(f.label, item.label),
  ];
  passes.forEach((pass, p) => {
    for (const entry of items) {
      if (matches[entry.item.id]) continue;
      const k = figures.findIndex((f, i) => !taken.has(i) && pass(f, entry));
      if (k >= 0) take(entry.item.id, k, p < 2 ? "same-label" : "similar-label");
    }
  });
  const unmatched = figures.filter((_, i) => !taken.has(i)).map(({ section, label, unit }) => ({ section, label, unit }));
  return { matches, unmatched };
}

function sameUnit(f: PreviousFigure, unit: string): boolean {
  return labelKey(f.unit) === labelKey(unit);
}

function contained(a: string, b: string): boolean {
  const x = labelKey(a);
  const y = labelKey(b);
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= MIN_CONTAINED && long.includes(short);
}

/** the items of a report once each (its totals, and any item only its units list), in the report's order */
function distinctItems(report: Pick<PreviousReport, "totals" | "units">): PreviousFigure[] {
  const seen = new Set<string>();
  const out: PreviousFigure[] = [];
  for (const f of [...report.totals, ...report.units.flatMap((u) => u.figures)]) {
    const k = figureKey(f);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}

function figureKey(f: { section: string; label: string; unit: string }): string {
  return `${labelKey(f.section)}\u0000${labelKey(f.label)}\u0000${labelKey(f.unit)}`;
}

/** The earlier report's value of a template item, by the matching; undefined when it has none. */
export function previousValue(figures: readonly PreviousFigure[], match: ItemMatch | undefined): string | undefined {
  if (!match) return undefined;
  const k = figureKey(match.previous);
  return figures.find((f) => figureKey(f) === k)?.value;
}

/** The earlier report's figures of one unit (匹配 by unit name, as consolidation does), if it has that unit. */
export function previousUnitFigures(report: PreviousReport, unit: string): PreviousFigure[] | undefined {
  const k = unitKey(unit);
  const exact = report.units.find((u) => unitKey(u.unit) === k);
  if (exact) return exact.figures;
  // our roll-ups head 汇总明细 with place names (章贡区), unique within the sheet
  const place = unitKey(placeName(unit));
  return report.units.find((u) => unitKey(placeName(u.unit)) === place)?.figures;
}

export interface ComparisonRow {
  sectionId: string;
  section: string;
  itemId: string;
  item: string;
  unit: string;
  /** this period's total (decimal text) */
  value: string;
  /** the earlier report's figure; null when it has none for this item */
  previous: string | null;
  /** value − previous (decimal text); null without a previous figure */
  change: string | null;
  /** change as a percentage of previous, one decimal ("12.3", "-90"); null without a previous figure or when it is 0 */
  changePercent: string | null;
  /** the earlier item, when matched by label */
  match?: ItemMatch;
}

export interface Comparison {
  /** the report compared with */
  source: string;
  /** 上期 (the same campaign's 中期) or 去年 (an earlier year) */
  basis: "上期" | "去年";
  previousTitle?: string;
  rows: ComparisonRow[];
  matching: ItemMatching;
}

/**
 * The earlier report the roll-up is compared with: an earlier year's report (同比) when there is one, the
 * latest such; otherwise the first of the same year. Only a roll-up or the roll-up unit's own report: a
 * county's submission is no base for the city's totals.
 */
export function comparisonBase(template: Template, previous: readonly PreviousReport[], rollupUnit = ""): PreviousReport | undefined {
  const own = unitKey(rollupUnit);
  const bases = previous.filter((p) => p.kind === "rollup" || (own !== "" && p.unit !== undefined && unitKey(p.unit) === own));
  const earlier = bases.filter((p) => p.year !== undefined && p.year < template.year).sort((a, b) => b.year! - a.year!);
  return earlier[0] ?? bases[0];
}

export function basisOf(template: Template, p: PreviousReport): Comparison["basis"] {
  return p.year !== undefined && p.year < template.year ? "去年" : "上期";
}

/** this period's totals against one earlier report, item by item in the template's order */
export function compareWith(template: Template, c: Consolidation, previous: PreviousReport): Comparison {
  const matching = matchItems(template, previous);
  const rows: ComparisonRow[] = [];
  for (const s of template.sections) {
    for (const i of s.items) {
      const value = c.totals[i.id];
      if (value === undefined) continue;
      const match = matching.matches[i.id];
      // a figure that is no decimal text (a PreviousReport made elsewhere) counts as none: checks never throw
      const prevDec = parseDec(previousValue(previous.totals, match) ?? "");
      const prev = prevDec ? formatDec(prevDec) : null;
      const change = prevDec ? formatDec(subDec(parseDec(value)!, prevDec)) : null;
      rows.push({
        sectionId: s.id,
        section: s.name,
        itemId: i.id,
        item: i.label,
        unit: i.unit,
        value,
        previous: prev,
        change,
        changePercent: prevDec ? percentChange(parseDec(value)!, prevDec) : null,
        ...(match && match.how !== "same-item" ? { match } : {}),
      });
    }
  }
  return {
    source: previous.source,
    basis: basisOf(template, previous),
    ...(previous.templateTitle ? { previousTitle: previous.templateTitle } : {}),
    rows,
    matching,
  };
}

/** (value − previous) / previous × 100, rounded half away from zero to one decimal; null when previous is 0 */
export function percentChange(value: Dec, previous: Dec): string | null {
  if (compareDec(previous, { int: 0n, scale: 0 }) === 0) return null;
  const scale = Math.max(value.scale, previous.scale);
  const v = value.int * 10n ** BigInt(scale - value.scale);
  const p = previous.int * 10n ** BigInt(scale - previous.scale);
  // tenths of a percent: (v − p) × 1000 / p, rounded half away from zero
  const num = (v - p) * 1000n;
  const neg = num < 0n !== p < 0n;
  const a = num < 0n ? -num : num;
  const b = p < 0n ? -p : p;
  let q = a / b;
  if ((a % b) * 2n >= b) q += 1n;
  return formatDec({ int: neg ? -q : q, scale: 1 });
}

export const COMPARISON_SHEET = "对比";

const MATCH_NOTE: Record<MatchKind, string> = { "same-item": "", "same-label": "名称相同", "similar-label": "名称相近，请确认" };

/**
 * 对比: item, this period, the earlier figure, change, change %; the earlier item beside any item matched
 * by label (for the user to confirm), and the earlier items nothing matched listed below.
 */
export function layoutComparison(cmp: Comparison): TableLayout {
  const previousHeader = `${cmp.basis}（${cmp.source}）`;
  const rows: TableCell[][] = [["部门", "项目", "单位", "本期", previousHeader, "增减", "增减幅度（%）", `${cmp.basis}对应项目`]];
  const num = (t: string | null) => (t === null ? null : Number(t));
  for (const r of cmp.rows) {
    const matched = r.match
      ? `${r.match.previous.section} · ${r.match.previous.label}（${r.match.previous.unit}）${MATCH_NOTE[r.match.how] ? `：${MATCH_NOTE[r.match.how]}` : ""}`
      : null;
    rows.push([r.section, r.item, r.unit, num(r.value), num(r.previous), num(r.change), num(r.changePercent), matched]);
  }
  if (cmp.matching.unmatched.length) {
    rows.push([]);
    rows.push([`${cmp.basis}报表中未对应到本表的项目（${cmp.matching.unmatched.length} 项）`]);
    for (const u of cmp.matching.unmatched) rows.push([u.section, u.label, u.unit]);
  }
  return { sheetName: COMPARISON_SHEET, rows, headerRows: 1, columnWidths: [12, 40, 8, 12, 14, 12, 12, 40] };
}
