/**
 * Marking the cells of findings — errors red, warnings orange — reversibly.
 *
 * How: one custom conditional format (ExcelApi 1.6) per block of marked cells (markBlocks), whose always-true formula carries
 * a tag: =ISTEXT("专项行动统计表助手:错误"). A conditional format is drawn over the cell's own format and
 * never changes it, so removing the mark gives back exactly what the user had (fill, pattern, theme
 * colour, font) without recording anything. The tag makes our formats recognisable wherever they are,
 * even after the user inserted rows (they move with their cells) or reopened the workbook (conditional
 * format ids are positions, not stable keys, so they cannot be recorded). A user's own conditional
 * formats never carry the tag and are never touched.
 *
 * Round trips: the state (the sheet's conditional formats with type and formula, and its protection) is
 * loaded in the same sync as the sheet's values (`queueMarkState`), so a validation is read + marks = 2
 * syncs. `markFindings` on its own loads the state first: 2 syncs.
 *
 * A protected sheet (no password) is unprotected for the marks and protected again with the same
 * options in the same batch. Excel stops a batch at its first failing command and keeps what ran before,
 * so when the batch fails the protection is checked and restored in batches of its own (restoreProtection)
 * and the error names the real cause; with a password Excel refuses the unprotect and the marks fail with
 * an AddinError (the findings list in the pane still shows every problem). Without ExcelApi 1.6 nothing
 * is marked.
 */
import { cellsOf, type Finding } from "../core/findings";
import { fromA1, rangeToA1 } from "../core/grid";
import { capabilities, type ExcelOptions } from "./requirements";
import { AddinError, toAddinError, wrapOffice } from "./errors";

export const MARK_TAG = "专项行动统计表助手";

export const MARK_STYLE = {
  error: { fill: "#FFC7CE", font: "#9C0006", label: "错误" },
  warning: { fill: "#FCD5B4", font: "#974706", label: "提醒" },
} as const;

const PASSWORD_MESSAGE = "工作表受密码保护，无法在表中标出问题单元格；请按下方列表逐项修改，或撤消工作表保护后重新校验。";
const PROTECTION_LOST_MESSAGE = "此外，工作表保护未能自动恢复：请在“审阅”选项卡中点击“保护工作表”重新保护。";

export function markFormula(severity: "error" | "warning"): string {
  return `=ISTEXT("${MARK_TAG}:${MARK_STYLE[severity].label}")`;
}

export function isMarkFormula(formula: string | null | undefined): boolean {
  return typeof formula === "string" && formula.includes(MARK_TAG);
}

export interface MarkState {
  sheet: Excel.Worksheet;
  formats: Excel.ConditionalFormatCollection;
  protection?: Excel.WorksheetProtection;
}

export type MarkResult =
  | { status: "marked"; errors: number; warnings: number; removed: number }
  /** ExcelApi 1.6 missing: nothing marked */
  | { status: "unsupported" }
  /** the caller asked for no marks */
  | { status: "off" }
  | { status: "failed"; error: AddinError };

/** Queues the loads markFindings needs: the sheet's conditional formats and its protection. */
export function queueMarkState(sheet: Excel.Worksheet, withProtection: boolean): MarkState {
  const formats = sheet.getRange().conditionalFormats;
  formats.load("items/type,items/customOrNullObject/rule/formula");
  const protection = withProtection ? sheet.protection : undefined;
  protection?.load("protected,options");
  return { sheet, formats, ...(protection ? { protection } : {}) };
}

/** cell → severity to show, errors winning over warnings; only cells of `sheetName` */
export function cellsToMark(findings: readonly Finding[], sheetName: string): Map<string, "error" | "warning"> {
  const marks = new Map<string, "error" | "warning">();
  for (const f of findings) {
    if (f.sheet !== undefined && f.sheet !== sheetName) continue;
    for (const address of cellsOf(f)) {
      if (!fromA1(address)) continue;
      const cell = address.replace(/\$/g, "").toUpperCase();
      if (f.severity === "error" || !marks.has(cell)) marks.set(cell, f.severity);
    }
  }
  return marks;
}

export interface MarkBlock {
  /** A1 range: a single cell or a rectangle */
  range: string;
  severity: "error" | "warning";
}

/**
 * The marked cells as few rectangles of one severity: runs of consecutive rows in a column, then runs
 * of the same rows in consecutive columns joined. One conditional format per block keeps the batch small
 * and the user's rule manager short (a finding list of 200 cells is a handful of blocks).
 */
export function markBlocks(marks: ReadonlyMap<string, "error" | "warning">): MarkBlock[] {
  const cells = [...marks].map(([a, severity]) => ({ ...fromA1(a)!, severity })).sort((x, y) => x.col - y.col || x.row - y.row);
  // vertical runs per column
  const runs: { c1: number; c2: number; r1: number; r2: number; severity: "error" | "warning" }[] = [];
  for (const cell of cells) {
    const last = runs[runs.length - 1];
    if (last && last.c1 === cell.col && last.r2 === cell.row - 1 && last.severity === cell.severity) last.r2 = cell.row;
    else runs.push({ c1: cell.col, c2: cell.col, r1: cell.row, r2: cell.row, severity: cell.severity });
  }
  // join a run to the block of the previous column with the same rows and severity
  const blocks: typeof runs = [];
  const open = new Map<string, (typeof runs)[number]>();
  for (const run of runs) {
    const key = `${run.r1}:${run.r2}:${run.severity}`;
    const block = open.get(key);
    if (block && block.c2 === run.c1 - 1) block.c2 = run.c1;
    else {
      const b = { ...run };
      blocks.push(b);
      open.set(key, b);
    }
  }
  return blocks.map((b) => ({ range: rangeToA1(b), severity: b.severity }));
}

/** Our marks among the loaded conditional formats, last first (deleting from the end keeps positions). */
function ourFormats(state: MarkState): Excel.ConditionalFormat[] {
  const mine: Excel.ConditionalFormat[] = [];
  for (const cf of state.formats.items) {
    if (cf.type !== "Custom") continue;
    const custom = cf.customOrNullObject;
    if (!custom || custom.isNullObject) continue;
    if (isMarkFormula(custom.rule.formula)) mine.push(cf);
  }
  return mine.reverse();
}

/**
 * Queues: remove the previous marks, add the new ones (unprotecting and reprotecting when needed).
 * Returns the counts; the caller syncs.
 */
export function queueMarks(
  state: MarkState,
  findings: readonly Finding[],
  sheetName: string,
): { errors: number; warnings: number; removed: number } {
  const previous = ourFormats(state);
  const marks = cellsToMark(findings, sheetName);
  const protectedSheet = state.protection?.protected === true;
  const options = protectedSheet ? state.protection!.options : undefined;
  if (previous.length === 0 && marks.size === 0) return { errors: 0, warnings: 0, removed: 0 };
  if (protectedSheet) state.protection!.unprotect();
  for (const cf of previous) cf.delete();
  let errors = 0;
  let warnings = 0;
  for (const severity of marks.values()) severity === "error" ? errors++ : warnings++;
  for (const { range, severity } of markBlocks(marks)) {
    const cf = state.sheet.getRange(range).conditionalFormats.add("Custom");
    cf.custom.rule.formula = markFormula(severity);
    cf.custom.format.fill.color = MARK_STYLE[severity].fill;
    cf.custom.format.font.color = MARK_STYLE[severity].font;
  }
  if (protectedSheet) state.protection!.protect(options);
  return { errors, warnings, removed: previous.length };
}

/**
 * After a failed batch that began with unprotect: Excel kept the commands before the failing one, so the
 * sheet may be left unprotected. Protect it again with the user's options (its own batches), and name the
 * real cause: still protected means the unprotect itself was refused (a password); otherwise the command
 * that failed. Returns the error to throw; never throws itself.
 */
async function restoreProtection(
  ctx: Excel.RequestContext,
  sheetName: string,
  options: Excel.WorksheetProtectionOptions,
  cause: unknown,
): Promise<AddinError> {
  try {
    const protection = ctx.workbook.worksheets.getItem(sheetName).protection;
    protection.load("protected");
    await ctx.sync();
    if (protection.protected) return new AddinError("protected", { message: PASSWORD_MESSAGE, cause });
    protection.protect(options);
    await ctx.sync();
    return toAddinError(cause);
  } catch {
    const error = toAddinError(cause);
    return new AddinError(error.code, {
      message: `${error.message}${PROTECTION_LOST_MESSAGE}`,
      cause,
      ...(error.officeCode ? { officeCode: error.officeCode } : {}),
      ...(error.detail ? { detail: error.detail } : {}),
    });
  }
}

/**
 * Marks the cells of `findings` on `sheetName`, first removing the add-in's previous marks there.
 * Two syncs (load the state, then change); with a preloaded `state` (see validateSheet), one.
 */
export async function markFindings(
  ctx: Excel.RequestContext,
  sheetName: string,
  findings: readonly Finding[],
  options: ExcelOptions & { state?: MarkState } = {},
): Promise<MarkResult> {
  const caps = capabilities(options.isSetSupported);
  if (!caps.conditionalFormats) return { status: "unsupported" };
  try {
    let state = options.state;
    if (!state) {
      state = queueMarkState(ctx.workbook.worksheets.getItem(sheetName), caps.protection);
      await ctx.sync();
    }
    const counts = queueMarks(state, findings, sheetName);
    // nothing to remove and nothing to mark: no round trip
    if (counts.removed + counts.errors + counts.warnings > 0) {
      try {
        await ctx.sync();
      } catch (e) {
        if (!state.protection?.protected) throw e;
        throw await restoreProtection(ctx, sheetName, state.protection.options, e);
      }
    }
    return { status: "marked", ...counts };
  } catch (e) {
    return { status: "failed", error: toAddinError(e) };
  }
}

/** Removes the add-in's marks from `sheetName` (2 syncs); returns how many marks (blocks of cells) went. The user's own formats stay. */
export async function clearMarks(ctx: Excel.RequestContext, sheetName: string, options: ExcelOptions = {}): Promise<number> {
  const caps = capabilities(options.isSetSupported);
  if (!caps.conditionalFormats) return 0;
  return wrapOffice(async () => {
    const state = queueMarkState(ctx.workbook.worksheets.getItem(sheetName), caps.protection);
    await ctx.sync();
    const { removed } = queueMarks(state, [], sheetName);
    if (removed > 0) {
      try {
        await ctx.sync();
      } catch (e) {
        if (!state.protection?.protected) throw e;
        throw await restoreProtection(ctx, sheetName, state.protection.options, e);
      }
    }
    return removed;
  });
}
