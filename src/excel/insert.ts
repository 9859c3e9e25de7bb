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
import { asStructureError, toAddinError } from "./errors";
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
  let title: string | undefined;
  try {
    const sheets = ctx.workbook.worksheets;
    sheets.load("items/name");
    await ctx.sync();
    const existing = sheets.items.map((s) => s.name);
    const name = freeSheetName(options.baseName ?? TEMPLATE_SHEET_BASE, existing);
    const plan = layoutPlan(layoutTemplate(template, fill), { guardedCounts: caps.dataValidation });

    const ws = sheets.add(name);
    created = name;
    const first = plan.values[0]?.[0];
    title = typeof first === "string" && first !== "" ? first : undefined;
    applySheetPlan(ws, plan, caps);
    if (!existing.some((n) => sameSheetName(n, METADATA_SHEET))) queueMetadata(ctx, false, template, "template");
    const storedIn = options.storeTemplate ? queueStoreTemplate(ctx, template, existing) : undefined;
    ws.activate();
    if (plan.firstInput) ws.getRange(plan.firstInput).select();
    await ctx.sync();
    return { sheetName: name, ...(plan.firstInput ? { firstInput: plan.firstInput } : {}), ...(storedIn ? { storedIn } : {}) };
  } catch (e) {
    const error = asStructureError(toAddinError(e));
    // The name was free one round trip earlier, but a co-author may have taken it since (ItemAlreadyExists):
    // remove the sheet only when it is recognisably the half-written one.
    if (created && title) await removeSheetIfOurs(ctx, created, title);
    throw error;
  }
}

/**
 * Best effort: deletes `name` if it exists and its A1 holds `title`, the first value the add-in wrote
 * there (2 syncs). A sheet without it is left alone: it may be a co-author's. Never throws.
 */
export async function removeSheetIfOurs(ctx: Excel.RequestContext, name: string, title: string): Promise<void> {
  try {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
    const a1 = ws.getRange("A1");
    ws.load("name");
    a1.load("values");
    await ctx.sync();
    if (ws.isNullObject || a1.isNullObject || a1.values?.[0]?.[0] !== title) return;
    ws.delete();
    await ctx.sync();
  } catch {
    // the original error is what the user needs to see
  }
}
