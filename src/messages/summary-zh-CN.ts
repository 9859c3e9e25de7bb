/**
 * The 汇总说明 paragraph. Its sentences are data with named placeholders ({units}, {value} …): an office
 * that words its 工作总结 differently edits the sentences here (or passes its own set to renderSummary);
 * every figure comes from the roll-up (src/core/summary.ts), nothing is invented.
 */
import { LARGEST_CATEGORIES, type SummaryFacts, type SummaryFigure } from "../core/summary";

export interface SummarySentences {
  /** {count} units, {units} their names */
  units: string;
  /** {missing}: the roster units that did not report */
  missing: string;
  /** {label} {value} {measure} of the case total; {categories}: the category phrases joined */
  cases: string;
  /** the case total when no category has a figure */
  casesOnly: string;
  /** one category: {label} {value} {measure} */
  category: string;
  /** between two phrases of a list (categories, figures, changes) */
  separator: string;
  /** {largest}: the largest categories' labels */
  largest: string;
  largestSeparator: string;
  /** cases referred to the police and fines, one phrase each ({label} {value} {measure}), joined into {figures} */
  figure: string;
  figures: string;
  /** against an earlier report: {basis} (上期/去年) and {changes}, the change phrases joined */
  changes: string;
  /** one change: {label}, {direction}, {amount} {measure}, {percent} */
  change: string;
  /** the same, when the earlier figure was 0 (no percentage) */
  changeNoPercent: string;
  unchanged: string;
  increase: string;
  decrease: string;
}

export const SUMMARY_SENTENCES: SummarySentences = {
  units: "本次汇总{count}个单位报送的统计表（{units}）。",
  missing: "{missing}未报送，未计入本次汇总。",
  cases: "各单位共{label}{value}{measure}，按主要违法行为分类，{categories}。",
  casesOnly: "各单位共{label}{value}{measure}。",
  category: "{label}{value}{measure}",
  separator: "，",
  largest: "其中{largest}数量居前。",
  largestSeparator: "、",
  figure: "{label}{value}{measure}",
  figures: "{figures}。",
  changes: "与{basis}相比，{changes}。",
  change: "{label}{direction}{amount}{measure}（{direction}{percent}%）",
  changeNoPercent: "{label}{direction}{amount}{measure}",
  unchanged: "{label}持平",
  increase: "增加",
  decrease: "减少",
};

/** "{a}、{b}" with the values of `fields` put in; an unknown placeholder is left as it is */
export function fill(sentence: string, fields: Record<string, string | number>): string {
  return sentence.replace(/\{([a-z]+)\}/gi, (whole, name: string) => (name in fields ? String(fields[name]) : whole));
}

function changePhrase(f: SummaryFigure, s: SummarySentences): string | undefined {
  if (!f.change) return undefined;
  const { change, changePercent } = f.change;
  if (/^-?0$/.test(change)) return fill(s.unchanged, { label: f.label });
  const negative = change.startsWith("-");
  const fields = {
    label: f.label,
    direction: negative ? s.decrease : s.increase,
    amount: change.replace(/^-/, ""),
    measure: f.measure,
    percent: (changePercent ?? "").replace(/^-/, ""),
  };
  return fill(changePercent === null ? s.changeNoPercent : s.change, fields);
}

/** The 汇总说明 paragraph: exact figures of the roll-up in the sentences given. */
export function renderSummary(facts: SummaryFacts, s: SummarySentences = SUMMARY_SENTENCES): string {
  const parts: string[] = [fill(s.units, { count: facts.units.length, units: facts.units.join("、") })];
  if (facts.missing.length) parts.push(fill(s.missing, { missing: facts.missing.join("、") }));
  const figureFields = (f: SummaryFigure) => ({ label: f.label, value: f.value, measure: f.measure });
  if (facts.cases) {
    const categories = facts.categories.map((c) => fill(s.category, figureFields(c))).join(s.separator);
    parts.push(fill(categories ? s.cases : s.casesOnly, { ...figureFields(facts.cases), categories }));
    if (facts.categories.length > 1) {
      parts.push(
        fill(s.largest, {
          largest: facts.categories
            .slice(0, LARGEST_CATEGORIES)
            .map((c) => c.label)
            .join(s.largestSeparator),
        }),
      );
    }
  }
  const figures = [facts.referred, facts.fines].filter((f): f is SummaryFigure => f !== undefined);
  if (figures.length) parts.push(fill(s.figures, { figures: figures.map((f) => fill(s.figure, figureFields(f))).join(s.separator) }));
  const changes = facts.basis
    ? [facts.cases, facts.fines].flatMap((f) => (f ? [changePhrase(f, s)] : [])).filter((x): x is string => x !== undefined)
    : [];
  if (changes.length) parts.push(fill(s.changes, { basis: facts.basis!, changes: changes.join(s.separator) }));
  return parts.join("");
}
