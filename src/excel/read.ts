/**
 * Reading a worksheet into a Grid (plain data for the core) in one round trip: the used range's cached
 * values and value types, its merged areas (ExcelApi 1.13) and the defined names that point into it
 * (ExcelApi 1.4). `queueSheetRead` only queues the loads, so a caller can add its own to the same sync.
 */
import type { CellRange, CellValue, Grid } from "../core/grid";
import { parseRange } from "../core/grid";
import { capabilities, type Capabilities, type ExcelOptions } from "./requirements";
import { wrapOffice } from "./errors";

export interface QueuedRead {
  sheet: Excel.Worksheet;
  /** call after the sync: the grid */
  grid(): Grid;
}

/** "'统计表 (2)'!$A$1:$D$1" → "A1:D1"; the sheet part may be quoted and contain commas or "!" */
export function stripSheet(address: string): string {
  const i = address.lastIndexOf("!");
  return (i === -1 ? address : address.slice(i + 1)).replace(/\$/g, "").trim();
}

/** Splits RangeAreas.address ("Sheet1!A1:D1, Sheet1!A5:A8", quoted sheet names allowed) into ranges. */
export function splitAreas(address: string): CellRange[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  const out: CellRange[] = [];
  for (const p of parts) {
    const r = parseRange(stripSheet(p));
    if (r) out.push(r);
  }
  return out;
}

/** The sheet a "Sheet!$C$5" reference names, unquoted; undefined when there is no sheet part. */
export function sheetOfReference(ref: string): string | undefined {
  const body = ref.replace(/^=/, "");
  const i = body.lastIndexOf("!");
  if (i === -1) return undefined;
  let sheet = body.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return sheet;
}

/** One cached value as the core wants it: "" → null, error values → { error }. */
export function toCellValue(value: unknown, type: string | undefined): CellValue {
  if (type === "Error") return { error: String(value) };
  if (value === "" || value === null || value === undefined || type === "Empty") return null;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

interface NameRow {
  name: string;
  type: string;
  value: unknown;
}

function namesInto(target: Record<string, string>, items: readonly NameRow[], sheetName: string): void {
  for (const n of items) {
    if (n.type !== "Range" || typeof n.value !== "string") continue;
    const sheet = sheetOfReference(n.value);
    if (sheet !== undefined && sheet.toLowerCase() !== sheetName.toLowerCase()) continue;
    const body = n.value.replace(/^=/, "");
    const range = parseRange(stripSheet(body));
    if (!range || range.r1 !== range.r2 || range.c1 !== range.c2) continue;
    target[n.name] ??= stripSheet(body);
  }
}

/**
 * Queues the loads for reading `sheetName` (or the active sheet). Nothing is read until the caller syncs.
 */
export function queueSheetRead(ctx: Excel.RequestContext, sheetName: string | undefined, caps: Capabilities): QueuedRead {
  const sheets = ctx.workbook.worksheets;
  const sheet = sheetName === undefined ? sheets.getActiveWorksheet() : sheets.getItem(sheetName);
  sheet.load("name,visibility");
  const used = sheet.getUsedRange(true);
  used.load("values,valueTypes,rowIndex,columnIndex");
  const merged = caps.mergedAreas ? used.getMergedAreasOrNullObject() : undefined;
  merged?.load("address");
  const sheetNames = caps.names ? sheet.names : undefined;
  sheetNames?.load("items/name,items/type,items/value");
  const bookNames = caps.names ? ctx.workbook.names : undefined;
  bookNames?.load("items/name,items/type,items/value");

  return {
    sheet,
    // called by readSheet's callers after the one sync that answers every load above
    /* eslint-disable office-addins/call-sync-before-read, office-addins/call-sync-after-load */
    grid(): Grid {
      const values = used.values as unknown[][];
      const types = used.valueTypes as string[][];
      const top = used.rowIndex;
      const left = used.columnIndex;
      /* eslint-enable office-addins/call-sync-before-read, office-addins/call-sync-after-load */
      const rows: CellValue[][] = Array.from({ length: top }, () => []);
      values.forEach((row, r) => {
        const out: CellValue[] = Array<CellValue>(left).fill(null);
        row.forEach((v, c) => out.push(toCellValue(v, types?.[r]?.[c])));
        rows.push(out);
      });
      const merges = merged && !merged.isNullObject && merged.address ? splitAreas(merged.address) : [];
      const names: Record<string, string> = {};
      if (sheetNames) namesInto(names, sheetNames.items, sheet.name);
      if (bookNames) namesInto(names, bookNames.items, sheet.name);
      const grid: Grid = { sheetName: sheet.name, rows, merges };
      if (Object.keys(names).length > 0) grid.names = names;
      if (sheet.visibility !== "Visible") grid.hidden = true;
      return grid;
    },
  };
}

/** The active sheet (or `sheetName`) as a Grid, in one sync. */
export async function readSheetGrid(ctx: Excel.RequestContext, sheetName?: string, options: ExcelOptions = {}): Promise<Grid> {
  return wrapOffice(async () => {
    const read = queueSheetRead(ctx, sheetName, capabilities(options.isSetSupported));
    await ctx.sync();
    return read.grid();
  });
}
