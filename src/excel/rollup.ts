/**
 * Writing a consolidation into the open workbook: 汇总表 (the template's layout filled with the totals,
 * formatted like an inserted table), 汇总明细 (one column per accepted unit, totals as SUM formulas, and bar
 * charts of the units' case totals and fines: rollup-chart.ts) and 报送情况 (accepted / rejected / missing
 * units); with earlier reports or a summary also 对比 and 汇总说明 (issue 15's extra sheets, as the file
 * writer makes them).
 *
 * All or nothing, in three syncs for an ordinary roll-up (more only when the sheets' text is larger than
 * one request may be: see request-budget.ts):
 *   1. load the sheet names (previous roll-up? leftovers of an interrupted run?)
 *   2. build the new sheets, hidden, under temporary names (_cs_new_…), in batches under the budget
 *   3. rename the previous roll-up sheets away (_cs_old_…), rename the new ones into place, show them,
 *      delete the old ones, update the metadata sheet.
 * If 2 fails, the temporaries are deleted and the previous roll-up was never touched. If 3 fails, the
 * state is repaired from the sheet names (planRecovery): back to the previous roll-up while any new
 * sheet is still under its temporary name, forward (delete the old ones) once all are in place.
 * A previous roll-up's 对比 and 汇总说明 go with it even when the new one has none (a stale comparison
 * must not sit beside new totals); a sheet of that name in a workbook without a roll-up is left alone
 * unless the new roll-up needs the name, and then it is named in the question before anything is replaced.
 * The user's other sheets are never touched; a previous roll-up is replaced only with `replace: true`.
 * Every string is within Excel's 32,767 characters a cell (Office.js rejects longer ones): a longer remark
 * is shortened in 汇总表, its full text listed in pieces in 报送情况, and a warning returned.
 */
import type { Consolidation } from "../core/consolidate";
import { fitTable, rollupSheets } from "../core/cell-text";
import { ROLLUP_TEXT } from "../messages/zh-CN";
import type { Finding } from "../core/findings";
import { ROLLUP_SHEETS, type TableLayout } from "../core/rollup-layout";
import { ROLLUP_EXTRA_SHEETS } from "../core/summary";
import type { Template } from "../templates/schema";
import { METADATA_SHEET } from "../core/metadata";
import { capabilities, type ExcelOptions } from "./requirements";
import { FIRST_UNIT_COL, queueRollupCharts, rollupChartPlans } from "./rollup-chart";
import { layoutPlan, tablePlan } from "./sheet-plan";
import { sheetPlanSteps } from "./write-sheet";
import { packSteps } from "./request-budget";
import { OLD_PREFIX, queueMetadata, sameSheetName, TEMP_PREFIX } from "./workbook";
import { AddinError, asStructureError, toAddinError } from "./errors";

export type RollupKind = keyof typeof ROLLUP_SHEETS;
export const ROLLUP_KINDS: readonly RollupKind[] = ["rollup", "detail", "status"];

/** the three sheets every roll-up has, in order */
const MAIN_SHEETS: readonly string[] = ROLLUP_KINDS.map((k) => ROLLUP_SHEETS[k]);
/** every sheet a roll-up may have: re-running replaces these and no other */
export const ROLLUP_SHEET_NAMES: readonly string[] = [...MAIN_SHEETS, ...ROLLUP_EXTRA_SHEETS];

export const tempOf = (sheet: string) => TEMP_PREFIX + sheet;
export const oldOf = (sheet: string) => OLD_PREFIX + sheet;
export const tempName = (kind: RollupKind) => tempOf(ROLLUP_SHEETS[kind]);
export const oldName = (kind: RollupKind) => oldOf(ROLLUP_SHEETS[kind]);

/** a sheet beyond the sum (对比, 汇总说明: src/core/compare, src/core/summary) and its wrapped columns, as the file writer takes it */
export interface ExtraRollupSheet {
  table: TableLayout;
  wrapCols: readonly number[];
}

export interface WriteRollupOptions extends ExcelOptions {
  /** replace the add-in's previous roll-up sheets (the pane asks the user first) */
  replace: boolean;
  /** 对比 and 汇总说明 (the pane's outcome.beyond.extraSheets), written after 报送情况 */
  extraSheets?: readonly ExtraRollupSheet[];
}

export interface RollupWritten {
  sheets: string[];
  replaced: boolean;
  /** whether 汇总明细 got its charts */
  chart: boolean;
  /** remarks too long for a cell, shortened in 汇总表 (remark-truncated warnings, also in 报送情况); absent when none */
  warnings?: Finding[];
}

export type RecoveryOp = { op: "delete"; sheet: string } | { op: "rename"; from: string; to: string };

/**
 * What to do with the sheets an interrupted or failed write left behind, given the workbook's sheet
 * names. `phase` is the sync that failed (2: building, 3: swapping) or "leftover" for a previous run;
 * `written`: the sheets the failed run was putting in place, when known (phase 3).
 * Pure; the ops are applied in order in one batch.
 */
export function planRecovery(names: readonly string[], phase: 2 | 3 | "leftover", written: readonly string[] = MAIN_SHEETS): RecoveryOp[] {
  const has = (n: string) => names.some((x) => sameSheetName(x, n));
  const anyTemp = ROLLUP_SHEET_NAMES.some((n) => has(tempOf(n)));
  const anyOld = ROLLUP_SHEET_NAMES.some((n) => has(oldOf(n)));
  const ops: RecoveryOp[] = [];
  if (phase === 2 || (phase === "leftover" && !anyOld)) {
    // the new sheets were never put in place: drop them, nothing else changed
    for (const n of ROLLUP_SHEET_NAMES) if (has(tempOf(n))) ops.push({ op: "delete", sheet: tempOf(n) });
    return ops;
  }
  if (!anyTemp) {
    // every new sheet is in place: finish the swap
    for (const n of ROLLUP_SHEET_NAMES) if (has(oldOf(n))) ops.push({ op: "delete", sheet: oldOf(n) });
    return ops;
  }
  // roll back: a sheet the run wrote whose temporary is gone is in place under its final name. 对比 and
  // 汇总说明 are not in every roll-up: such a sheet is the new one only when its old one was moved away
  // or the run says it wrote it (otherwise it may be the user's own, and stays).
  for (const n of ROLLUP_SHEET_NAMES) {
    if (has(tempOf(n))) ops.push({ op: "delete", sheet: tempOf(n) });
    else if (has(n) && (MAIN_SHEETS.includes(n) || written.includes(n) || has(oldOf(n)))) ops.push({ op: "delete", sheet: n });
  }
  for (const n of ROLLUP_SHEET_NAMES) if (has(oldOf(n))) ops.push({ op: "rename", from: oldOf(n), to: n });
  return ops;
}

/** the sheet names after `ops` */
export function namesAfter(names: readonly string[], ops: readonly RecoveryOp[]): string[] {
  let out = [...names];
  for (const o of ops) {
    if (o.op === "delete") out = out.filter((n) => !sameSheetName(n, o.sheet));
    else out = out.map((n) => (sameSheetName(n, o.from) ? o.to : n));
  }
  return out;
}

function queueRecovery(ctx: Excel.RequestContext, ops: readonly RecoveryOp[]): void {
  const sheets = ctx.workbook.worksheets;
  for (const o of ops) {
    if (o.op === "delete") sheets.getItem(o.sheet).delete();
    else sheets.getItem(o.from).name = o.to;
  }
}

async function sheetNames(ctx: Excel.RequestContext): Promise<string[]> {
  const sheets = ctx.workbook.worksheets;
  sheets.load("items/name");
  await ctx.sync();
  return sheets.items.map((s) => s.name);
}

/** Best effort repair after a failed sync (2 more syncs); never throws. */
async function recover(ctx: Excel.RequestContext, phase: 2 | 3, written: readonly string[]): Promise<void> {
  try {
    const ops = planRecovery(await sheetNames(ctx), phase, written);
    if (ops.length === 0) return;
    queueRecovery(ctx, ops);
    await ctx.sync();
  } catch {
    // the original error is what the user needs to see; the next run repairs leftovers (phase "leftover")
  }
}

/** the extra sheets to write: only 对比 and 汇总说明 (a roll-up replaces exactly its own sheets), in that order, once each */
function extrasToWrite(extraSheets: readonly ExtraRollupSheet[]): ExtraRollupSheet[] {
  for (const e of extraSheets) {
    if (!(ROLLUP_EXTRA_SHEETS as readonly string[]).includes(e.table.sheetName))
      throw new Error(`writeRollup: ${e.table.sheetName} is not a roll-up sheet`);
  }
  return ROLLUP_EXTRA_SHEETS.flatMap((n) => extraSheets.filter((e) => e.table.sheetName === n).slice(0, 1));
}

export async function writeRollup(
  ctx: Excel.RequestContext,
  template: Template,
  consolidation: Consolidation,
  options: WriteRollupOptions,
): Promise<RollupWritten> {
  const caps = capabilities(options.isSetSupported);
  const extras = extrasToWrite(options.extraSheets ?? []);
  const writing = [...MAIN_SHEETS, ...extras.map((e) => e.table.sheetName)];
  let phase: 2 | 3 = 2;
  let started = false;
  try {
    // 1. what is there (as it will be once the leftovers of an interrupted run are cleared)
    const found = await sheetNames(ctx);
    const leftovers = planRecovery(found, "leftover");
    const names = namesAfter(found, leftovers);
    const has = (n: string) => names.some((x) => sameSheetName(x, n));
    // the previous roll-up: its three sheets, and 对比 / 汇总说明 beside them or in the way of the new ones
    const hadRollup = MAIN_SHEETS.some(has);
    const previous = ROLLUP_SHEET_NAMES.filter((n) => has(n) && (MAIN_SHEETS.includes(n) || hadRollup || writing.includes(n)));
    if (previous.length > 0 && !options.replace) {
      throw new AddinError("rollup-exists", {
        message: `工作簿中已有上次生成的汇总工作表（${previous.map((n) => `“${n}”`).join("、")}）。替换后，这些工作表的内容将被新的汇总结果取代；其他工作表不受影响。`,
      });
    }

    // 2. build the new sheets, hidden, under temporary names (after clearing leftovers of an interrupted run)
    started = true;
    queueRecovery(ctx, leftovers);
    const sheets = ctx.workbook.worksheets;
    const built = new Map<string, Excel.Worksheet>();
    for (const n of writing) {
      const ws = sheets.add(tempOf(n));
      ws.visibility = "Hidden";
      built.set(n, ws);
    }
    const sheet = (n: string) => built.get(n)!;
    const planned = rollupSheets(template, consolidation, ROLLUP_TEXT);
    const steps = [
      ...sheetPlanSteps(sheet(ROLLUP_SHEETS.rollup), layoutPlan(planned.layout, { guardedCounts: caps.dataValidation }), caps),
      ...sheetPlanSteps(sheet(ROLLUP_SHEETS.detail), tablePlan(planned.detail, { freezeColumns: FIRST_UNIT_COL }), caps),
      ...sheetPlanSteps(sheet(ROLLUP_SHEETS.status), tablePlan(planned.status), caps),
      ...extras.flatMap((e) => sheetPlanSteps(sheet(e.table.sheetName), tablePlan(fitTable(e.table), { wrapColumns: e.wrapCols }), caps)),
    ];
    // one batch for an ordinary roll-up; a large one (thousands of units, long remarks) in several, each
    // under the request budget, all into the hidden temporaries: the previous roll-up stays until step 3
    const batches = packSteps(steps);
    for (const batch of batches.slice(0, -1)) {
      for (const s of batch) s.queue();
      await ctx.sync();
    }
    for (const s of batches[batches.length - 1] ?? []) s.queue();
    const charts = queueRollupCharts(sheet(ROLLUP_SHEETS.detail), rollupChartPlans(template, consolidation, planned.detail), caps);
    await ctx.sync();

    // 3. swap: old out of the way, new into place, old deleted
    phase = 3;
    for (const n of previous) sheets.getItem(n).name = oldOf(n);
    writing.forEach((n, i) => {
      const ws = sheet(n);
      ws.name = n;
      ws.visibility = "Visible";
      ws.position = i;
    });
    for (const n of previous) sheets.getItem(oldOf(n)).delete();
    queueMetadata(ctx, has(METADATA_SHEET), template, "rollup", { unit: consolidation.rollup.header?.unit ?? "" });
    sheet(ROLLUP_SHEETS.rollup).activate();
    await ctx.sync();
    return {
      sheets: writing,
      replaced: previous.length > 0,
      chart: charts > 0,
      ...(planned.warnings.length ? { warnings: planned.warnings } : {}),
    };
  } catch (e) {
    const error = started ? asStructureError(toAddinError(e)) : toAddinError(e);
    if (started) await recover(ctx, phase, writing);
    throw error;
  }
}
