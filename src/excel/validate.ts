/**
 * One-click validation of a sheet of the open workbook: read (values, merges, names, and the marks'
 * state) in one sync, analyse with the core, mark the findings in a second sync. Two syncs in all.
 */
import { analyzeSheets, type Analysis } from "../core/analyze";
import type { Finding } from "../core/findings";
import type { Grid } from "../core/grid";
import type { Template } from "../templates/schema";
import { capabilities, type ExcelOptions } from "./requirements";
import { queueSheetRead, readSheetGrid } from "./read";
import { markFindings, queueMarkState, type MarkResult, type MarkState } from "./marks";
import { toAddinError, type AddinError } from "./errors";

export interface SheetValidation {
  sheetName: string;
  analysis: Analysis;
  /** every finding: file-level (not a table …) then the report's */
  findings: Finding[];
  marks: MarkResult;
}

export interface ValidateSheetOptions extends ExcelOptions {
  /** the sheet to check; default the active sheet */
  sheetName?: string;
  /** only this template is accepted */
  wanted?: Template;
  /** mark the findings' cells (default true) */
  mark?: boolean;
}

export async function validateSheet(
  ctx: Excel.RequestContext,
  templates: readonly Template[],
  options: ValidateSheetOptions = {},
): Promise<SheetValidation> {
  const caps = capabilities(options.isSetSupported);
  const wantMarks = options.mark !== false && caps.conditionalFormats;
  let grid: Grid;
  let state: MarkState | undefined;
  let marksError: AddinError | undefined;
  try {
    const read = queueSheetRead(ctx, options.sheetName, caps);
    state = wantMarks ? queueMarkState(read.sheet, caps.protection) : undefined;
    await ctx.sync();
    grid = read.grid();
  } catch (e) {
    const error = toAddinError(e);
    if (!state || error.code === "not-found" || error.code === "cell-edit-mode") throw error;
    // a host that refuses to load the marks' state must not prevent the validation: read again without it
    marksError = error;
    state = undefined;
    grid = await readSheetGrid(ctx, options.sheetName, options);
  }

  const analysis = analyzeSheets(grid.sheetName, [grid], templates, options.wanted ? { wanted: options.wanted } : {});
  const findings = [...analysis.input.findings, ...(analysis.input.report?.findings ?? [])];
  let marks: MarkResult;
  if (marksError) marks = { status: "failed", error: marksError };
  else if (state) marks = await markFindings(ctx, grid.sheetName, findings, { ...options, state });
  else marks = { status: options.mark === false ? "off" : "unsupported" };
  return { sheetName: grid.sheetName, analysis, findings, marks };
}
