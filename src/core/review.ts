/**
 * The plausibility review of a finished roll-up: reminders (warnings), never errors. A cumulative 全面
 * figure below the same unit's 中期 figure; a unit's figure far above its peers'; a total that changed a
 * lot against last year. Thresholds come from the template (REVIEW_DEFAULTS where it sets none).
 */
import {
  basisOf,
  compareWith,
  comparisonBase,
  matchItems,
  previousUnitFigures,
  previousValue,
  type Comparison,
  type PreviousReport,
} from "./compare";
import { summaryFacts, type SummaryFacts } from "./summary";
import type { Consolidation } from "./consolidate";
import { compareDec, decFromNumber, formatDec, parseDec, type Dec } from "./decimal";
import { finding, type Finding } from "./findings";
import { REVIEW_DEFAULTS, itemDisplayLabel, type Template } from "../templates/schema";

export const REVIEW_CODES = ["review-cumulative-decrease", "review-peer-outlier", "review-total-change"] as const;

export function reviewThresholds(template: Template): typeof REVIEW_DEFAULTS {
  return { ...REVIEW_DEFAULTS, ...template.review };
}

/** All review findings of a roll-up: per unit first (in the roll-up's unit order), then the totals. */
export function review(template: Template, c: Consolidation, previous: readonly PreviousReport[] = []): Finding[] {
  return [...cumulativeDecreases(template, c, previous), ...peerOutliers(template, c), ...totalChanges(template, c, previous)];
}

function itemsOf(template: Template) {
  return template.sections.flatMap((s) =>
    s.items.map((i) => ({ s, i, where: { sectionId: s.id, section: s.name, itemId: i.id, item: itemDisplayLabel(i) } })),
  );
}

/** earlier reports of this same campaign's 中期, when this roll-up is not itself a 中期 one */
function midTermReports(template: Template, c: Consolidation, previous: readonly PreviousReport[]): PreviousReport[] {
  if (c.rollup.header?.stage === "中期") return [];
  return previous.filter((p) => p.stage === "中期" && (p.year === undefined ? p.templateId === template.id : p.year === template.year));
}

export function cumulativeDecreases(template: Template, c: Consolidation, previous: readonly PreviousReport[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const reports = midTermReports(template, c, previous).map((p) => ({ p, matching: matchItems(template, p) }));
  for (const a of c.accepted) {
    for (const { p, matching } of reports) {
      const figures = previousUnitFigures(p, a.unit);
      if (!figures) continue;
      for (const { i, where } of itemsOf(template)) {
        const value = a.values[i.id];
        const prev = previousValue(figures, matching.matches[i.id]);
        if (value === undefined || prev === undefined || seen.has(`${a.source}\u0000${i.id}`)) continue;
        const v = parseDec(value);
        const pv = parseDec(prev);
        if (!v || !pv || compareDec(v, pv) >= 0) continue;
        seen.add(`${a.source}\u0000${i.id}`);
        out.push(
          finding("review-cumulative-decrease", { ...where, file: a.source, unit: a.unit, value, previous: prev, previousFile: p.source }),
        );
      }
    }
  }
  return out;
}

/**
 * The median of the sorted values without the one at `skip` (the unit's own), exact: the mean of the
 * middle two for an even count. Sorting once per item keeps a roll-up of thousands of units quick.
 */
function medianWithout(sorted: readonly Dec[], skip: number): Dec {
  const at = (j: number) => sorted[j < skip ? j : j + 1];
  const n = sorted.length - 1;
  const m = n >> 1;
  if (n % 2) return at(m);
  const [lo, hi] = [at(m - 1), at(m)];
  const scale = Math.max(lo.scale, hi.scale);
  const sum = lo.int * 10n ** BigInt(scale - lo.scale) + hi.int * 10n ** BigInt(scale - hi.scale);
  return parseDec(formatDec({ int: sum * 5n, scale: scale + 1 }))!;
}

function times(d: Dec, factor: Dec): Dec {
  return { int: d.int * factor.int, scale: d.scale + factor.scale };
}

export function peerOutliers(template: Template, c: Consolidation): Finding[] {
  const t = reviewThresholds(template);
  const factor = decFromNumber(t.peerFactor)!;
  const floor = decFromNumber(t.peerFloor)!;
  const out: Finding[] = [];
  for (const { i, where } of itemsOf(template)) {
    const reported = c.accepted.filter((a) => a.values[i.id] !== undefined).map((a) => ({ a, v: parseDec(a.values[i.id])! }));
    if (reported.length - 1 < t.peerMinOthers) continue;
    const byValue = reported.map((_, k) => k).sort((x, y) => compareDec(reported[x].v, reported[y].v));
    const sorted = byValue.map((k) => reported[k].v);
    byValue.forEach((k, position) => {
      const { a, v } = reported[k];
      if (compareDec(v, floor) < 0) return;
      const med = medianWithout(sorted, position);
      if (compareDec(v, times(med, factor)) <= 0) return;
      out.push(
        finding("review-peer-outlier", {
          ...where,
          file: a.source,
          unit: a.unit,
          value: a.values[i.id],
          median: formatDec(med),
          factor: t.peerFactor,
          peers: sorted.length - 1,
        }),
      );
    });
  }
  // per unit, in the roll-up's unit order
  const order = new Map(c.accepted.map((a, k) => [a.source, k]));
  return out.sort((x, y) => order.get(x.file!)! - order.get(y.file!)!);
}

/** totals against the earlier year's report (the latest earlier year), by more than changePercent */
export function totalChanges(template: Template, c: Consolidation, previous: readonly PreviousReport[]): Finding[] {
  const t = reviewThresholds(template);
  const base = comparisonBase(template, previous, c.rollup.header?.unit);
  if (!base || basisOf(template, base) !== "去年") return [];
  const limit = decFromNumber(t.changePercent)!;
  const floor = decFromNumber(t.changeFloor)!;
  const unit = c.rollup.header?.unit ?? "";
  const items = new Map(itemsOf(template).map((x) => [x.i.id, x.where]));
  const out: Finding[] = [];
  for (const row of compareWith(template, c, base).rows) {
    if (row.previous === null || row.changePercent === null) continue;
    const pct = parseDec(row.changePercent)!;
    const abs = pct.int < 0n ? { ...pct, int: -pct.int } : pct;
    if (compareDec(abs, limit) <= 0) continue;
    const v = parseDec(row.value)!;
    const pv = parseDec(row.previous)!;
    if (compareDec(v, floor) < 0 && compareDec(pv, floor) < 0) continue;
    out.push(
      finding("review-total-change", {
        ...items.get(row.itemId)!,
        unit,
        value: row.value,
        previous: row.previous,
        changePercent: row.changePercent,
        basis: "去年",
        previousFile: base.source,
      }),
    );
  }
  return out;
}

/**
 * The roll-up with the review's reminders where a user looks for them: a unit's on that unit (报送情况,
 * the pane's and the CLI's per-unit lists), the totals' with the batch's findings.
 */
export function withReview(c: Consolidation, findings: readonly Finding[]): Consolidation {
  const perUnit = (source: string) => findings.filter((f) => f.file === source && f.code !== "review-total-change");
  return {
    ...c,
    accepted: c.accepted.map((a) => ({ ...a, warnings: [...a.warnings, ...perUnit(a.source)] })),
    findings: [...c.findings, ...findings.filter((f) => f.code === "review-total-change")],
  };
}

export interface RollupReview {
  /** the roll-up with the review's reminders on its units and its batch findings */
  consolidation: Consolidation;
  findings: Finding[];
  /** against comparisonBase(previous), when an earlier report was given */
  comparison?: Comparison;
  facts: SummaryFacts;
}

/** Everything beyond the sum, in one call: the review, the comparison and the summary's figures. */
export function reviewRollup(template: Template, c: Consolidation, previous: readonly PreviousReport[] = []): RollupReview {
  const findings = review(template, c, previous);
  const base = comparisonBase(template, previous, c.rollup.header?.unit);
  const comparison = base ? compareWith(template, c, base) : undefined;
  return {
    consolidation: withReview(c, findings),
    findings,
    ...(comparison ? { comparison } : {}),
    facts: summaryFacts(template, c, comparison),
  };
}
