/**
 * Templates that travel with the workbook. A template that is not built in (learned from an attachment,
 * or imported from a .json file) is saved, when a table is inserted from it, in a veryHidden sheet of
 * its own: `_cs_tpl_<hash of the template id>`, holding the same rows as the metadata sheet
 * (src/core/metadata.ts: generator, kind, templateId, templateVersion, templateJson in chunks).
 *
 * One sheet per template, named after its id, so that inserting needs no extra round trip: the sheet
 * names loaded by the insert's first sync say whether the template is already stored (its sheet is then
 * rewritten) or not (a sheet is added). The metadata sheet itself (`_campaign_stats`) keeps its single
 * template, as the file writer and the roll-up write it; a roll-up rewriting it leaves these sheets alone.
 *
 * On startup the task pane reads them back (and the metadata sheet's template): 2 syncs, 1 when the
 * workbook has none.
 */
import type { CellValue } from "../core/grid";
import { isStoredTemplateSheetName, METADATA_SHEET, metadataRows, readMetadata, STORED_TEMPLATE_PREFIX } from "../core/metadata";
import type { Template } from "../templates/schema";
import { writeTextRows } from "./write-sheet";
import { sameSheetName } from "./workbook";
import { wrapOffice } from "./errors";

/** 32-bit FNV-1a of the id, as 8 hex digits: "_cs_tpl_1a2b3c4d" (16 characters, within Excel's 31) */
export function storedSheetName(templateId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < templateId.length; i++) {
    h ^= templateId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return STORED_TEMPLATE_PREFIX + (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * Queues saving `template` in its sheet: rewritten when `existing` (the workbook's sheet names, loaded
 * in an earlier sync) has it, otherwise added as veryHidden. No sync.
 */
export function queueStoreTemplate(ctx: Excel.RequestContext, template: Template, existing: readonly string[]): string {
  const name = storedSheetName(template.id);
  const sheets = ctx.workbook.worksheets;
  let ws: Excel.Worksheet;
  if (existing.some((n) => sameSheetName(n, name))) {
    ws = sheets.getItem(name);
    ws.getRange().clear("Contents");
  } else {
    ws = sheets.add(name);
    ws.visibility = "VeryHidden";
  }
  writeTextRows(ws, metadataRows(template, "template"));
  return name;
}

export interface WorkbookTemplate {
  template: Template;
  /** the sheet it was read from */
  sheet: string;
}

function toGridRows(values: unknown[][]): CellValue[][] {
  return values.map((row) =>
    row.map((v) =>
      v === "" || v === null || v === undefined
        ? null
        : typeof v === "number" || typeof v === "string" || typeof v === "boolean"
          ? v
          : String(v),
    ),
  );
}

/**
 * The templates saved in the open workbook: every `_cs_tpl_…` sheet, and the metadata sheet's template.
 * One per id: a stored sheet wins over the metadata sheet, a higher version over a lower. The metadata
 * sheet's template is left out when its id is in `skipIds` (the built-ins). Damaged sheets are skipped. 1 sync, 2 when there is
 * anything to read.
 */
export async function readWorkbookTemplates(ctx: Excel.RequestContext, skipIds: readonly string[] = []): Promise<WorkbookTemplate[]> {
  return wrapOffice(async () => {
    const sheets = ctx.workbook.worksheets;
    sheets.load("items/name");
    await ctx.sync();
    const names = sheets.items.map((s) => s.name).filter((n) => isStoredTemplateSheetName(n) || sameSheetName(n, METADATA_SHEET));
    if (names.length === 0) return [];
    // the metadata sheet last: a stored sheet of the same id wins
    names.sort((a, b) => Number(sameSheetName(a, METADATA_SHEET)) - Number(sameSheetName(b, METADATA_SHEET)));
    const ranges = names.map((name) => {
      const range = sheets.getItem(name).getUsedRange(true);
      range.load("values");
      return { name, range };
    });
    await ctx.sync();
    const byId = new Map<string, WorkbookTemplate>();
    for (const { name, range } of ranges) {
      const meta = readMetadata([{ sheetName: METADATA_SHEET, rows: toGridRows(range.values as unknown[][]), merges: [] }]);
      const t = meta?.template;
      // a built-in id in the metadata sheet is the built-in table (perhaps an older copy); a stored sheet
      // is only ever written for a template that differs from the built-ins, so it is the workbook's own
      if (!t || (sameSheetName(name, METADATA_SHEET) && skipIds.includes(t.id))) continue;
      const seen = byId.get(t.id);
      if (!seen || t.version > seen.template.version) byId.set(t.id, { template: t, sheet: name });
    }
    return [...byId.values()];
  });
}
