/**
 * The pipeline the bench times, identical in Node and in the page (scripts/bench-page bundles this file):
 * per file read → find the table (detect template) → read by labels → validate, then one consolidation
 * of the batch. Pure: no fs, no DOM.
 */
import { consolidate, type ReceivedInput } from "../../src/core";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES, findBuiltinTemplate } from "../../src/templates";

export const BENCH_TEMPLATE_ID = "ganzhou-2022";

export interface PipelineSummary {
  files: number;
  accepted: number;
  rejected: number;
  /** item count with a total, and a digest of the totals (same figures in Node and in the page) */
  totals: number;
  digest: string;
}

/** one received file, kept small: the ReceivedInput only (no bytes, no grids) */
export function analyzeOne(source: string, bytes: Uint8Array): ReceivedInput {
  return analyzeWorkbookBytes(source, bytes, BUILTIN_TEMPLATES).input;
}

export function consolidateInputs(inputs: readonly ReceivedInput[]): PipelineSummary {
  const template = findBuiltinTemplate(BENCH_TEMPLATE_ID)!;
  const c = consolidate({ template, inputs, unit: "赣州市市场监督管理局", date: "11月30日", stage: "全面" });
  return {
    files: inputs.length,
    accepted: c.accepted.length,
    rejected: c.rejected.length,
    totals: Object.keys(c.totals).length,
    digest: digest(
      Object.entries(c.totals)
        .map(([k, v]) => `${k}=${v}`)
        .join(";"),
    ),
  };
}

/** read + detect + validate every file, then consolidate */
export function runPipeline(files: readonly Uint8Array[], names?: readonly string[]): PipelineSummary {
  const inputs: ReceivedInput[] = new Array(files.length);
  for (let i = 0; i < files.length; i++) inputs[i] = analyzeOne(names?.[i] ?? `file-${i + 1}.xlsx`, files[i]);
  return consolidateInputs(inputs);
}

/** FNV-1a, hex: enough to show two runs summed the same numbers */
export function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
