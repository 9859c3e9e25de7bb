/** --previous <文件>: earlier reports for the review, the 对比 sheet and the summary's changes. */
import type { Comparison, PreviousReport } from "../core/compare";
import type { RollupReview } from "../core/review";
import { layoutComparison } from "../core/compare";
import { layoutSummary } from "../core/summary";
import { readPreviousReport } from "../files/previous";
import type { Finding } from "../core/findings";
import { renderMessage } from "../messages/zh-CN";
import { issueOf, type Issue } from "./report";
import type { Template } from "../templates/schema";
import { UsageError } from "./errors";
import { expandInputs, readInput } from "./files";
import { candidateTemplates } from "./template-arg";

/** Reads every --previous file; one that cannot be read or holds no statistics table is a usage error. */
export function readPreviousFiles(args: readonly string[], template: Template): PreviousReport[] {
  if (args.length === 0) return [];
  const reports: PreviousReport[] = [];
  for (const input of expandInputs(args)) {
    const read = readInput(input);
    if (!read.ok) throw new UsageError(`无法读取 --previous 给出的“${input.display}”：${read.tooLarge ? "文件过大" : read.message}。`);
    const r = readPreviousReport(input.display, read.bytes, candidateTemplates(template));
    if (!r.report) {
      const why = r.findings.map(renderMessage).join("") || "没有找到统计表。";
      throw new UsageError(`--previous 给出的“${input.display}”不能作为上期/去年报表：${why}`);
    }
    reports.push(r.report);
  }
  return reports;
}

/** 对比 and 汇总说明 for the roll-up workbook */
export function extraRollupSheets(review: RollupReview, paragraph: string) {
  return [
    ...(review.comparison ? [{ table: layoutComparison(review.comparison), wrapCols: [1, 7] }] : []),
    { table: layoutSummary(paragraph), wrapCols: [0] },
  ];
}

/** a review finding in --json: the usual issue plus the unit and both figures */
export function reviewIssue(f: Finding): Issue & { unit?: string; value?: string; previous?: string } {
  const extra =
    f.code === "review-cumulative-decrease" || f.code === "review-total-change"
      ? { previous: f.previous }
      : f.code === "review-peer-outlier"
        ? { median: f.median }
        : {};
  return { ...issueOf(f), ...("unit" in f ? { unit: f.unit } : {}), ...(f.value !== undefined ? { value: f.value } : {}), ...extra };
}

export interface ComparisonJson {
  section: string;
  item: string;
  unit: string;
  value: number;
  previous: number | null;
  change: number | null;
  changePercent: number | null;
  /** the earlier report's item, when matched by its label rather than as the same template item */
  matchedTo?: { section: string; item: string; unit: string; how: "same-label" | "similar-label" };
}

export function comparisonJson(cmp: Comparison): ComparisonJson[] {
  const n = (t: string | null) => (t === null ? null : Number(t));
  return cmp.rows.map((r) => ({
    section: r.section,
    item: r.item,
    unit: r.unit,
    value: Number(r.value),
    previous: n(r.previous),
    change: n(r.change),
    changePercent: n(r.changePercent),
    ...(r.match && r.match.how !== "same-item"
      ? { matchedTo: { section: r.match.previous.section, item: r.match.previous.label, unit: r.match.previous.unit, how: r.match.how } }
      : {}),
  }));
}

/** the matches for the user to confirm and the earlier items nothing matched, as text lines */
export function comparisonLines(cmp: Comparison): string[] {
  const lines = [`与${cmp.basis}对比：${cmp.source}${cmp.previousTitle ? `（《${cmp.previousTitle}》）` : ""}`];
  const byLabel = cmp.rows.filter((r) => r.match);
  if (byLabel.length === 0 && cmp.matching.unmatched.length === 0) lines.push("  同一统计表，各项目一一对应；明细见“对比”工作表。");
  if (byLabel.length) {
    lines.push(`  按名称对应的项目 ${byLabel.length} 项，请确认：`);
    for (const r of byLabel) {
      const m = r.match!;
      lines.push(
        `    ${r.section} · ${r.item}（${r.unit}） ← ${m.previous.section} · ${m.previous.label}（${m.previous.unit}）${m.how === "similar-label" ? "【名称相近】" : ""}`,
      );
    }
  }
  const none = cmp.rows.filter((r) => r.previous === null);
  if (none.length)
    lines.push(`  本表中${cmp.basis}没有对应数字的项目 ${none.length} 项：${none.map((r) => `${r.item}（${r.unit}）`).join("、")}`);
  if (cmp.matching.unmatched.length) {
    lines.push(
      `  ${cmp.basis}报表中未对应到本表的项目 ${cmp.matching.unmatched.length} 项：${cmp.matching.unmatched.map((u) => `${u.label}（${u.unit}）`).join("、")}`,
    );
  }
  return lines;
}
