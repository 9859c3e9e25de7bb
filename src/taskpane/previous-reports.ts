/**
 * The pane's step beyond the sum: the picked 上期/去年报表 read (src/files/previous, loaded lazily with the
 * reader), then the review, the comparison and the 汇总说明 paragraph (src/core/review).
 */
import type { PreviousReport } from "../core/compare";
import { layoutComparison } from "../core/compare";
import type { Consolidation } from "../core/consolidate";
import { reviewRollup } from "../core/review";
import { layoutSummary } from "../core/summary";
import { renderSummary } from "../messages/summary-zh-CN";
import { renderMessage } from "../messages/zh-CN";
import type { Template } from "../templates/schema";
import type { BeyondTheSum } from "./actions";
import { loadPrevious } from "./lazy";

export async function readPreviousFiles(
  files: readonly File[],
  templates: readonly Template[],
): Promise<{ reports: PreviousReport[]; unusable: string[] }> {
  const reports: PreviousReport[] = [];
  const unusable: string[] = [];
  if (files.length === 0) return { reports, unusable };
  const { readPreviousReport } = await loadPrevious();
  for (const f of files) {
    const r = readPreviousReport(f.name, new Uint8Array(await f.arrayBuffer()), templates);
    if (r.report) reports.push(r.report);
    else unusable.push(`“${f.name}”不能作为上期/去年报表：${r.findings.map(renderMessage).join("") || "没有找到统计表。"}`);
  }
  return { reports, unusable };
}

/** The consolidation with the review's reminders, and what the pane shows and writes beyond the sum. */
export async function beyondTheSum(
  template: Template,
  templates: readonly Template[],
  c: Consolidation,
  previousFiles: readonly File[] = [],
): Promise<{ consolidation: Consolidation; beyond: BeyondTheSum }> {
  const { reports, unusable } = await readPreviousFiles(previousFiles, templates);
  return beyondOf(template, c, reports, unusable);
}

/** beyondTheSum for earlier reports already read */
export function beyondOf(
  template: Template,
  c: Consolidation,
  reports: readonly PreviousReport[],
  unusable: string[] = [],
): { consolidation: Consolidation; beyond: BeyondTheSum } {
  const after = reviewRollup(template, c, reports);
  const paragraph = renderSummary(after.facts);
  const extraSheets = [
    ...(after.comparison ? [{ table: layoutComparison(after.comparison), wrapCols: [1, 7] }] : []),
    { table: layoutSummary(paragraph), wrapCols: [0] },
  ];
  return {
    consolidation: after.consolidation,
    beyond: { findings: after.findings, ...(after.comparison ? { comparison: after.comparison } : {}), paragraph, extraSheets, unusable },
  };
}
