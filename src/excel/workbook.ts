/**
 * Small workbook-level operations: free sheet names, the list of sheets, selecting a finding's cell,
 * and the hidden metadata sheet our writers share with the file writer (src/core/metadata.ts).
 */
import { isStoredTemplateSheetName, METADATA_SHEET, metadataRows, type WorkbookKind } from "../core/metadata";
import { ROLLUP_SHEETS } from "../core/rollup-layout";
import { ROLLUP_EXTRA_SHEETS } from "../core/summary";
import type { Template } from "../templates/schema";
import { writeTextRows } from "./write-sheet";
import { wrapOffice } from "./errors";

/** Excel's limit on sheet names */
export const MAX_SHEET_NAME = 31;

/** prefixes of the add-in's temporary sheets while a roll-up is written (see rollup.ts) */
export const TEMP_PREFIX = "_cs_new_";
export const OLD_PREFIX = "_cs_old_";

export function sameSheetName(a: string, b: string): boolean {
  return a.toLocaleLowerCase() === b.toLocaleLowerCase();
}

/** "统计表", else "统计表 (2)", "统计表 (3)" …: a name no existing sheet has (Excel compares without case) */
export function freeSheetName(base: string, existing: readonly string[]): string {
  const taken = (n: string) => existing.some((e) => sameSheetName(e, n));
  const trimmed = base.slice(0, MAX_SHEET_NAME);
  if (!taken(trimmed)) return trimmed;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!taken(name)) return name;
  }
}

/** sheets the user may pick as the city's own table: visible, not ours */
export function isUserSheet(name: string): boolean {
  return (
    name !== METADATA_SHEET &&
    !isStoredTemplateSheetName(name) &&
    !name.startsWith(TEMP_PREFIX) &&
    !name.startsWith(OLD_PREFIX) &&
    ![...Object.values(ROLLUP_SHEETS), ...ROLLUP_EXTRA_SHEETS].some((r) => sameSheetName(r, name))
  );
}

export interface SheetInfo {
  name: string;
  active: boolean;
}

/** The visible sheets of the workbook that are not the add-in's own, with the active one flagged (1 sync). */
export async function listSheets(ctx: Excel.RequestContext): Promise<SheetInfo[]> {
  return wrapOffice(async () => {
    const sheets = ctx.workbook.worksheets;
    sheets.load("items/name,items/visibility");
    const active = sheets.getActiveWorksheet();
    active.load("name");
    await ctx.sync();
    return (
      sheets.items
        .filter((s) => s.visibility === "Visible" && isUserSheet(s.name))
        // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- loaded and synced above
        .map((s) => ({ name: s.name, active: s.name === active.name }))
    );
  });
}

/** Activates `sheetName` and selects `cell` (1 sync). */
export async function selectCell(ctx: Excel.RequestContext, sheetName: string, cell: string): Promise<void> {
  return wrapOffice(async () => {
    const sheet = ctx.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(cell).select();
    await ctx.sync();
  });
}

/**
 * Queues writing the metadata sheet (veryHidden): adds it when `exists` is false, otherwise clears and
 * rewrites it. The file reader uses it to know which template a workbook was made from and, for a
 * roll-up, which sheets are generated (src/files/workbook.ts).
 */
export function queueMetadata(
  ctx: Excel.RequestContext,
  exists: boolean,
  template: Template,
  kind: WorkbookKind,
  extra: { unit?: string } = {},
): void {
  const sheets = ctx.workbook.worksheets;
  let ws: Excel.Worksheet;
  if (exists) {
    ws = sheets.getItem(METADATA_SHEET);
    ws.getRange().clear("Contents");
  } else {
    ws = sheets.add(METADATA_SHEET);
    ws.visibility = "VeryHidden";
  }
  writeTextRows(ws, metadataRows(template, kind, extra));
}
