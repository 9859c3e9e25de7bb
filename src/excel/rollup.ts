/**
 * Writing a consolidation into the open workbook: 汇总表 (the template's layout filled with the totals,
 * formatted like an inserted table), 汇总明细 (one column per accepted unit, totals as SUM formulas, and a
 * column chart of the case totals per unit) and 报送情况 (accepted / rejected / missing units).
 *
 * All or nothing, in three syncs for an ordinary roll-up (more only when the sheets' text is larger than
 * one request may be: see request-budget.ts):
 *   1. load the sheet names (previous roll-up? leftovers of an interrupted run?)
 *   2. build the three new sheets, hidden, under temporary names (_cs_new_…), in batches under the budget
 *   3. rename the previous roll-up sheets away (_cs_old_…), rename the new ones into place, show them,
 *      delete the old ones, update the metadata sheet.
 * If 2 fails, the temporaries are deleted and the previous roll-up was never touched. If 3 fails, the
 * state is repaired from the sheet names (planRecovery): back to the previous roll-up while any new
 * sheet is still under its temporary name, forward (delete the old ones) once all three are in place.
 * The user's other sheets are never touched; a previous roll-up is replaced only with `replace: true`.
 * Every string is within Excel's 32,767 characters a cell (Office.js rejects longer ones): a longer remark
 * is shortened in 汇总表, its full text listed in pieces in 报送情况, and a warning returned.
 */
import type { Consolidation } from "../core/consolidate";
import { rollupSheets } from "../core/cell-text";
import { ROLLUP_TEXT } from "../messages/zh-CN";
import type { Finding } from "../core/findings";
import { ROLLUP_SHEETS } from "../core/rollup-layout";
import { toA1 } from "../core/grid";
import { itemDisplayLabel, type Template } from "../templates/schema";
import { METADATA_SHEET } from "../core/metadata";
import { capabilities, type Capabilities, type ExcelOptions } from "./requirements";
import { layoutPlan, tablePlan } from "./sheet-plan";
import { sheetPlanSteps } from "./write-sheet";
import { packSteps } from "./request-budget";
import { OLD_PREFIX, queueMetadata, sameSheetName, TEMP_PREFIX } from "./workbook";
import { AddinError, asStructureError, toAddinError } from "./errors";

export type RollupKind = keyof typeof ROLLUP_SHEETS;
export const ROLLUP_KINDS: readonly RollupKind[] = ["rollup", "detail", "status"];

export const tempName = (kind: RollupKind) => TEMP_PREFIX + ROLLUP_SHEETS[kind];
export const oldName = (kind: RollupKind) => OLD_PREFIX + ROLLUP_SHEETS[kind];

export interface WriteRollupOptions extends ExcelOptions {
  /** replace the add-in's previous roll-up sheets (the pane asks the user first) */
  replace: boolean;
}

export interface RollupWritten {
  sheets: string[];
  replaced: boolean;
  chart: boolean;
  /** remarks too long for a cell, shortened in 汇总表 (remark-truncated warnings, also in 报送情况); absent when none */
  warnings?: Finding[];
}

export type RecoveryOp = { op: "delete"; sheet: string } | { op: "rename"; from: string; to: string };

/**
 * What to do with the sheets an interrupted or failed write left behind, given the workbook's sheet
 * names. `phase` is the sync that failed (2: building, 3: swapping) or "leftover" for a previous run.
 * Pure; the ops are applied in order in one batch.
 */
export function planRecovery(names: readonly string[], phase: 2 | 3 | "leftover"): RecoveryOp[] {
  const has = (n: string) => names.some((x) => sameSheetName(x, n));
  const anyTemp = ROLLUP_KINDS.some((k) => has(tempName(k)));
  const anyOld = ROLLUP_KINDS.some((k) => has(oldName(k)));
  const ops: RecoveryOp[] = [];
  if (phase === 2 || (phase === "leftover" && !anyOld)) {
    // the new sheets were never put in place: drop them, nothing else changed
    for (const k of ROLLUP_KINDS) if (has(tempName(k))) ops.push({ op: "delete", sheet: tempName(k) });
    return ops;
  }
  if (!anyTemp) {
    // every new sheet is in place: finish the swap
    for (const k of ROLLUP_KINDS) if (has(oldName(k))) ops.push({ op: "delete", sheet: oldName(k) });
    return ops;
  }
  // roll back: a kind whose temporary is gone has its new sheet in place under the final name
  for (const k of ROLLUP_KINDS) {
    if (has(tempName(k))) ops.push({ op: "delete", sheet: tempName(k) });
    else if (has(ROLLUP_SHEETS[k])) ops.push({ op: "delete", sheet: ROLLUP_SHEETS[k] });
  }
  for (const k of ROLLUP_KINDS) if (has(oldName(k))) ops.push({ op: "rename", from: oldName(k), to: ROLLUP_SHEETS[k] });
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
async function recover(ctx: Excel.RequestContext, phase: 2 | 3): Promise<void> {
  try {
    const ops = planRecovery(await sheetNames(ctx), phase);
    if (ops.length === 0) return;
    queueRecovery(ctx, ops);
    await ctx.sync();
  } catch {
    // the original error is what the user needs to see; the next run repairs leftovers (phase "leftover")
  }
}

/** the item charted per unit: the case total (cases_total), else the first partition rule's total */
export function chartItem(template: Template): string | undefined {
  const all = template.sections.flatMap((s) => s.items);
  if (all.some((i) => i.id === "cases_total")) return "cases_total";
  const rule = template.rules.find((r) => r.kind === "partition");
  return rule?.kind === "partition" ? rule.total : undefined;
}

/** Queues the column chart of `itemId` per accepted unit on the detail sheet; false when there is nothing to chart. */
function queueChart(ws: Excel.Worksheet, template: Template, c: Consolidation, caps: Capabilities, detailRows: number): boolean {
  const itemId = chartItem(template);
  const units = c.accepted.length;
  if (!caps.charts || !itemId || units === 0) return false;
  const items = template.sections.flatMap((s) => s.items);
  const index = items.findIndex((i) => i.id === itemId);
  if (index === -1) return false;
  const row = 1 + index; // layoutDetail: header row, then one row per item in template order
  const firstCol = 4;
  const data = ws.getRange(`${toA1(row, firstCol)}:${toA1(row, firstCol + units - 1)}`);
  const chart = ws.charts.add("ColumnClustered", data, "Rows");
  chart.title.text = `各单位${itemDisplayLabel(items[index])}`;
  chart.legend.visible = false;
  if (caps.chartCategories) chart.series.getItemAt(0).setXAxisValues(ws.getRange(`${toA1(0, firstCol)}:${toA1(0, firstCol + units - 1)}`));
  chart.setPosition(toA1(detailRows + 1, 1), toA1(detailRows + 18, Math.min(3 + units, 10)));
  return true;
}

export async function writeRollup(ctx: Excel.RequestContext, template: Template, consolidation: Consolidation, options: WriteRollupOptions): Promise<RollupWritten> {
  const caps = capabilities(options.isSetSupported);
  let phase: 2 | 3 = 2;
  let started = false;
  try {
    // 1. what is there (as it will be once the leftovers of an interrupted run are cleared)
    const found = await sheetNames(ctx);
    const leftovers = planRecovery(found, "leftover");
    const names = namesAfter(found, leftovers);
    const has = (n: string) => names.some((x) => sameSheetName(x, n));
    const previous = ROLLUP_KINDS.filter((k) => has(ROLLUP_SHEETS[k]));
    if (previous.length > 0 && !options.replace) {
      throw new AddinError("rollup-exists", {
        message: `工作簿中已有上次生成的汇总工作表（${previous.map((k) => `“${ROLLUP_SHEETS[k]}”`).join("、")}）。替换后，这些工作表的内容将被新的汇总结果取代；其他工作表不受影响。`,
      });
    }

    // 2. build the new sheets, hidden, under temporary names (after clearing leftovers of an interrupted run)
    started = true;
    queueRecovery(ctx, leftovers);
    const sheets = ctx.workbook.worksheets;
    const built = {} as Record<RollupKind, Excel.Worksheet>;
    for (const k of ROLLUP_KINDS) {
      built[k] = sheets.add(tempName(k));
      built[k].visibility = "Hidden";
    }
    const planned = rollupSheets(template, consolidation, ROLLUP_TEXT);
    const steps = [
      ...sheetPlanSteps(built.rollup, layoutPlan(planned.layout, { guardedCounts: caps.dataValidation }), caps),
      ...sheetPlanSteps(built.detail, tablePlan(planned.detail, { freezeColumns: 4 }), caps),
      ...sheetPlanSteps(built.status, tablePlan(planned.status), caps),
    ];
    // one batch for an ordinary roll-up; a large one (thousands of units, long remarks) in several, each
    // under the request budget, all into the hidden temporaries: the previous roll-up stays until step 3
    const batches = packSteps(steps);
    for (const batch of batches.slice(0, -1)) {
      for (const s of batch) s.queue();
      await ctx.sync();
    }
    for (const s of batches[batches.length - 1] ?? []) s.queue();
    const chart = queueChart(built.detail, template, consolidation, caps, planned.detail.rows.length);
    await ctx.sync();

    // 3. swap: old out of the way, new into place, old deleted
    phase = 3;
    for (const k of previous) sheets.getItem(ROLLUP_SHEETS[k]).name = oldName(k);
    ROLLUP_KINDS.forEach((k, i) => {
      built[k].name = ROLLUP_SHEETS[k];
      built[k].visibility = "Visible";
      built[k].position = i;
    });
    for (const k of previous) sheets.getItem(oldName(k)).delete();
    queueMetadata(ctx, has(METADATA_SHEET), template, "rollup", { unit: consolidation.rollup.header?.unit ?? "" });
    built.rollup.activate();
    await ctx.sync();
    return { sheets: ROLLUP_KINDS.map((k) => ROLLUP_SHEETS[k]), replaced: previous.length > 0, chart, ...(planned.warnings.length ? { warnings: planned.warnings } : {}) };
  } catch (e) {
    const error = started ? asStructureError(toAddinError(e)) : toAddinError(e);
    if (started) await recover(ctx, phase);
    throw error;
  }
}
