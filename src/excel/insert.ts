/**
 * Inserting a statistics table into the open workbook as a new sheet (统计表, 统计表 (2) …; an existing
 * sheet is never overwritten), formatted like the file writer's, with a sheet-scoped defined name per
 * input cell. Two syncs: the sheet names, then everything else in one batch. When the batch fails the
 * half-written sheet is removed again.
 *
 * With `storeTemplate` (a template that is not built in: learned or imported) the template is saved in
 * the workbook in the same batch (stored-templates.ts), so a colleague who opens the workbook has it.
 */
import { layoutTemplate, type SheetFill } from "../core/layout";
import { METADATA_SHEET } from "../core/metadata";
import type { Template } from "../templates/schema";
import { capabilities, type ExcelOptions } from "./requirements";
import { layoutPlan } from "./sheet-plan";
import { applySheetPlan } from "./write-sheet";
import { freeSheetName, queueMetadata, sameSheetName } from "./workbook";
import { toAddinError } from "./errors";
import { queueStoreTemplate } from "./stored-templates";

export const TEMPLATE_SHEET_BASE = "统计表";

export interface InsertResult {
  sheetName: string;
  /** the cell selected after inserting (填报单位) */
  firstInput?: string;
  /** the hidden sheet the template was saved in (storeTemplate) */
  storedIn?: string;
}

export async function insertTemplateSheet(
  ctx: Excel.RequestContext,
  template: Template,
  fill: SheetFill = {},
  options: ExcelOptions & { baseName?: string; storeTemplate?: boolean } = {},
): Promise<InsertResult> {
  const caps = capabilities(options.isSetSupported);
  let created: string | undefined;
  try {
    const sheets = ctx.workbook.worksheets;
    sheets.load("items/name");
    await ctx.sync();
    const existing = sheets.items.map((s) => s.name);
    const name = freeSheetName(options.baseName ?? TEMPLATE_SHEET_BASE, existing);
    const plan = layoutPlan(layoutTemplate(template, fill), { guardedCounts: caps.dataValidation });

    const ws = sheets.add(name);
    created = name;
    applySheetPlan(ws, plan, caps);
    if (!existing.some((n) => sameSheetName(n, METADATA_SHEET))) queueMetadata(ctx, false, template, "template");
    const storedIn = options.storeTemplate ? queueStoreTemplate(ctx, template, existing) : undefined;
    ws.activate();
    if (plan.firstInput) ws.getRange(plan.firstInput).select();
    await ctx.sync();
    return { sheetName: name, ...(plan.firstInput ? { firstInput: plan.firstInput } : {}), ...(storedIn ? { storedIn } : {}) };
  } catch (e) {
    const error = toAddinError(e);
    // the name was free one round trip earlier: a sheet of that name now is the half-written one
    if (created) await removeSheetIfPresent(ctx, created);
    throw error;
  }
}

/** Best effort: deletes `name` if it exists (2 syncs). Used only after a failure; never throws. */
export async function removeSheetIfPresent(ctx: Excel.RequestContext, name: string): Promise<void> {
  try {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
    ws.load("name");
    await ctx.sync();
    if (ws.isNullObject) return;
    ws.delete();
    await ctx.sync();
  } catch {
    // the original error is what the user needs to see
  }
}
