/**
 * Writes the workbooks we hand out: the blank (or filled) statistics table, and the city's roll-up.
 *
 * ExcelJS (and fflate, to put in 汇总明细's plain cells: see spliceCells), no fs: returns the bytes, so it
 * runs in Node and in the browser bundle (webpack takes exceljs's browser build; load this module lazily
 * in the task pane, ExcelJS is large).
 *
 * Text that came from people (unit names, remarks, file names) is written as a string cell, never as a
 * formula: ExcelJS writes a JS string as a shared string whatever it starts with, and the input cells that
 * hold text are formatted "@" so Excel keeps "=…", "+1", "-2", "@x" as text when someone edits them.
 * No string is longer than Excel's 32,767 characters a cell (src/core/cell-text): a longer remark is
 * shortened with a marker, and its full text listed in pieces in 报送情况.
 */
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { toA1, type CellRange } from "../core/grid";
import { layoutTemplate, type LayoutCell, type SheetFill, type SheetLayout } from "../core/layout";
import { isFormulaCell, ROLLUP_SHEETS, type TableCell, type TableLayout } from "../core/rollup-layout";
import { fitCell, fitLayout, fitTable, rollupSheets, type RollupSheets } from "../core/cell-text";
import type { Consolidation } from "../core/consolidate";
import { ROLLUP_TEXT } from "../messages/zh-CN";
import type { NumberKind, Template } from "../templates/schema";
import {
  BORDERED_ROLES,
  COLORS,
  FONT_NAME,
  INPUT_ROLES,
  LINE_HEIGHT,
  NUMBER_FORMAT,
  ROLE_STYLE,
  rowHeight,
  TABLE_BODY_STYLE,
  TABLE_HEADER_STYLE,
  TEXT_FORMAT,
  wrappedLines,
  type CellStyle,
} from "../core/presentation";
import { STAGE_CHOICES, VALIDATION_TEXT } from "../messages/sheet-text";
import { METADATA_SHEET, metadataRows, type WorkbookKind } from "../core/metadata";

export const TEMPLATE_SHEET = "统计表";
export const GENERATOR = "专项行动统计表助手";

export interface TemplateWriteOptions {
  /** name of the table sheet; default 统计表 */
  sheetName?: string;
  /** creation time recorded in the workbook properties; default now */
  now?: Date;
}

export interface RollupWriteOptions {
  now?: Date;
  /**
   * Every cell of 汇总明细 through ExcelJS, as the reference the default is compared with (the default
   * leaves the plain number and blank cells of the unit columns to be written after it: see spliceCells).
   */
  plainDetail?: boolean;
  /** rollupSheets(template, c, ROLLUP_TEXT), when the caller has it already (it is computed otherwise) */
  sheets?: RollupSheets;
  /** further sheets after 报送情况 (对比, 汇总说明: src/core/compare, src/core/summary), with their wrapped columns */
  extraSheets?: { table: TableLayout; wrapCols: number[] }[];
}

// ---------------------------------------------------------------------------------------------
// Styles

const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: argb(COLORS.border) } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Excel number formats by kind (the one table in src/core/presentation.ts) */
export { NUMBER_FORMAT };

function argb(hex: string): string {
  return "FF" + hex.slice(1).toUpperCase();
}

function validation(kind: NumberKind): ExcelJS.DataValidation {
  const text = VALIDATION_TEXT[kind];
  return {
    type: kind === "count" ? "whole" : "decimal",
    operator: "greaterThanOrEqual",
    formulae: [0],
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: text.title,
    error: text.message,
  };
}

const VALIDATION: Record<NumberKind, ExcelJS.DataValidation> = { count: validation("count"), decimal: validation("decimal") };

const STAGE_VALIDATION: ExcelJS.DataValidation = {
  type: "list",
  formulae: [`"${STAGE_CHOICES.join(",")}"`],
  allowBlank: true,
  showErrorMessage: true,
  errorStyle: "stop",
  errorTitle: VALIDATION_TEXT.stage.title,
  error: VALIDATION_TEXT.stage.message,
  showInputMessage: true,
  promptTitle: VALIDATION_TEXT.stage.promptTitle,
  prompt: VALIDATION_TEXT.stage.prompt,
};

const DATE_PROMPT: ExcelJS.DataValidation = {
  type: "any" as ExcelJS.DataValidation["type"],
  allowBlank: true,
  formulae: [],
  showInputMessage: true,
  promptTitle: VALIDATION_TEXT.date.promptTitle,
  prompt: VALIDATION_TEXT.date.prompt,
};

/** a presentation style (src/core/presentation.ts) in ExcelJS's terms */
function excelStyle(s: CellStyle): Partial<ExcelJS.Style> {
  const alignment: Partial<ExcelJS.Alignment> = {};
  if (s.horizontal) alignment.horizontal = s.horizontal.toLowerCase() as ExcelJS.Alignment["horizontal"];
  if (s.vertical) alignment.vertical = s.vertical === "Center" ? "middle" : "top";
  if (s.wrap) alignment.wrapText = true;
  return {
    font: {
      name: FONT_NAME,
      size: s.size ?? 11,
      bold: s.bold ?? false,
      ...(s.italic ? { italic: true } : {}),
      ...(s.fontColor ? { color: { argb: argb(s.fontColor) } } : {}),
    },
    ...(s.fill ? { fill: { type: "pattern", pattern: "solid", fgColor: { argb: argb(s.fill) } } } : {}),
    ...(Object.keys(alignment).length ? { alignment } : {}),
  };
}

function styleFor(cell: LayoutCell): Partial<ExcelJS.Style> {
  return {
    ...excelStyle(ROLE_STYLE[cell.role]),
    ...(BORDERED_ROLES.has(cell.role) ? { border: BOX } : {}),
    // every cell but a quantity is text, as in the add-in's sheet plan: what is typed there stays as typed
    numFmt: cell.role === "value-input" ? NUMBER_FORMAT[cell.kind ?? "count"] : TEXT_FORMAT,
    ...(INPUT_ROLES.has(cell.role) ? { protection: { locked: false } } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Row heights: ExcelJS cannot measure text, so estimate lines from the display width (src/core/presentation.ts)

function spanWidth(widths: readonly number[], c1: number, c2: number): number {
  let w = 0;
  for (let c = c1; c <= c2; c++) w += widths[c] ?? 9;
  return w;
}

// ---------------------------------------------------------------------------------------------
// The statistics table sheet

function mergeAt(merges: readonly CellRange[], row: number, col: number): CellRange | undefined {
  return merges.find((m) => m.r1 === row && m.c1 === col);
}

function putTemplateSheet(wb: ExcelJS.Workbook, layout: SheetLayout, sheetName: string): ExcelJS.Worksheet {
  const headerRow = layout.cells.find((c) => c.role === "column-header")?.row ?? 0;
  const ws = wb.addWorksheet(sheetName, {
    properties: { defaultRowHeight: 20 },
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRow + 1, topLeftCell: `A${headerRow + 2}`, showGridLines: false }],
  });
  layout.columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  const lines = new Map<number, number>();
  const need = (row: number, n: number, size = 11) => lines.set(row, Math.max(lines.get(row) ?? 0, rowHeight(n, size)));

  for (const c of layout.cells) {
    const cell = ws.getCell(c.row + 1, c.col + 1);
    cell.style = styleFor(c) as ExcelJS.Style;
    if (c.value !== null && c.value !== undefined) cell.value = c.value;
    if (c.role === "value-input") cell.dataValidation = VALIDATION[c.kind ?? "count"];
    if (c.role === "header-input" && c.field === "stage") cell.dataValidation = STAGE_VALIDATION;
    if (c.role === "header-input" && c.field === "date") cell.dataValidation = DATE_PROMPT;
    if (typeof c.value === "string" && c.role !== "title") {
      const m = mergeAt(layout.merges, c.row, c.col);
      if (!m || m.r1 === m.r2) {
        const width = m ? spanWidth(layout.columnWidths, m.c1, m.c2) : (layout.columnWidths[c.col] ?? 9);
        need(c.row, wrappedLines(c.value, width), c.role === "footnote" || c.role === "remark-input" ? 10 : 11);
      }
    }
  }
  // a department name in a single row must fit that row
  for (const m of layout.merges) {
    const anchor = layout.cells.find((c) => c.row === m.r1 && c.col === m.c1);
    if (anchor?.role !== "section" || typeof anchor.value !== "string") continue;
    const have = Array.from({ length: m.r2 - m.r1 + 1 }, (_, i) => lines.get(m.r1 + i) ?? 20).reduce((a, b) => a + b, 0);
    const want = rowHeight(wrappedLines(anchor.value, layout.columnWidths[m.c1] ?? 9));
    if (want > have) need(m.r2, (want - have) / LINE_HEIGHT + 1);
  }
  for (const m of layout.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);

  for (let r = 0; r < layout.rowCount; r++) {
    let h = lines.get(r) ?? 20;
    if (layout.tallRows.includes(r)) h = Math.max(h, rowHeight(2));
    ws.getRow(r + 1).height = h;
  }
  // the title, 16 pt across the table: a long (learned) title wraps onto more lines
  const title = layout.cells.find((c) => c.role === "title");
  const titleLines =
    typeof title?.value === "string" ? wrappedLines(title.value, (spanWidth(layout.columnWidths, 0, layout.colCount - 1) * 11) / 16) : 1;
  ws.getRow((title?.row ?? 0) + 1).height = Math.max(36, titleLines * 22 + 8);

  for (const [name, at] of Object.entries(layout.names)) wb.definedNames.add(`${quoteSheet(sheetName)}!${absolute(at)}`, name);

  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: "portrait",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: `${headerRow + 1}:${headerRow + 1}`,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: "&C第 &P 页，共 &N 页" };
  return ws;
}

async function protectForm(ws: ExcelJS.Worksheet): Promise<void> {
  // no password: protection keeps labels from being overwritten by accident, it is not a lock
  await ws.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatCells: true, formatColumns: true, formatRows: true });
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** "C7" → "$C$7" */
function absolute(a1: string): string {
  return a1.replace(/^\$?([A-Z]+)\$?(\d+)$/i, "$$$1$$$2");
}

// ---------------------------------------------------------------------------------------------
// Plain tables (roll-up detail and status)

/** the kind of a table cell, which decides its style: value type, header, wrapped column, row in the table */
function cellKey(v: TableCell | undefined, isHeader: boolean, wrap: boolean, inTable: boolean): string {
  const kind = isFormulaCell(v ?? null) ? "f" : typeof v === "string" ? "s" : typeof v === "number" ? "n" : "-";
  return `${kind}${isHeader ? 1 : 0}${wrap ? 1 : 0}${inTable ? 1 : 0}`;
}

/**
 * The plain cells of a table that are written after ExcelJS (spliceCells): numbers and blanks from
 * column `fromCol` on, except the first cell of each kind, which ExcelJS writes (so every style is
 * registered in the same order) and which gives the style id of the others.
 */
interface DeferredCells {
  table: TableLayout;
  wrapCols: readonly number[];
  fromCol: number;
  /** the first cell of each kind (cellKey), as A1 */
  first: Map<string, string>;
  /** how many cells were left out */
  count: number;
  /** set once the sheet is added: its part is xl/worksheets/sheet<id>.xml */
  sheetId?: number;
}

function isDeferred(d: DeferredCells, key: string, r: number, c: number): boolean {
  if (c < d.fromCol || !(key[0] === "n" || key[0] === "-")) return false;
  const first = d.first.get(key);
  return first !== undefined && first !== toA1(r, c);
}

function putTableSheet(wb: ExcelJS.Workbook, table: TableLayout, wrapCols: readonly number[], defer?: DeferredCells): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(table.sheetName, {
    views: [{ state: "frozen", xSplit: 0, ySplit: table.headerRows, topLeftCell: `A${table.headerRows + 1}` }],
  });
  if (defer) defer.sheetId = ws.id;
  table.columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  // one style object per kind of cell, shared by all cells of that kind: a roll-up of thousands of units
  // has hundreds of thousands of cells here, and ExcelJS keeps each cell's style object (and recognises a
  // style object it has seen, so it is turned into XML once). The kind includes the value's type, as
  // ExcelJS gives a number cell without a number format the format "General" and other cells none.
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  table.rows.forEach((row, r) => {
    let lines = 1;
    const isHeader = r < table.headerRows;
    const inTable = row.some((v) => v !== null && v !== undefined);
    row.forEach((v, c) => {
      const wrap = isHeader || wrapCols.includes(c);
      const key = cellKey(v, isHeader, wrap, inTable);
      if (defer) {
        if (!defer.first.has(key)) defer.first.set(key, toA1(r, c));
        else if (isDeferred(defer, key, r, c)) {
          defer.count++;
          return;
        }
      }
      const cell = ws.getCell(r + 1, c + 1);
      let style = styles.get(key);
      if (!style) {
        const base = excelStyle(isHeader ? TABLE_HEADER_STYLE : { ...TABLE_BODY_STYLE, bold: key[0] === "f" });
        style = {
          ...base,
          alignment: { ...base.alignment, wrapText: wrap },
          ...(inTable ? { border: BOX } : {}),
          ...(key[0] === "s" ? { numFmt: TEXT_FORMAT } : {}),
        };
        styles.set(key, style);
      }
      if (isFormulaCell(v)) {
        cell.value = { formula: v.formula, result: v.value };
      } else if (typeof v === "string") {
        cell.value = v;
        if (wrap) lines = Math.max(lines, wrappedLines(v, table.columnWidths[c] ?? 9));
      } else if (typeof v === "number") {
        cell.value = v;
      }
      cell.style = style as ExcelJS.Style;
    });
    if (inTable) ws.getRow(r + 1).height = rowHeight(lines);
  });
  ws.pageSetup = {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `1:${table.headerRows}`,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: "&C第 &P 页，共 &N 页" };
  return ws;
}

// ---------------------------------------------------------------------------------------------
// Workbooks

function newWorkbook(title: string, template: Template, now: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = GENERATOR;
  wb.lastModifiedBy = GENERATOR;
  wb.title = title;
  wb.subject = template.id;
  wb.keywords = `campaign-stats ${template.id} v${template.version}`;
  wb.created = now;
  wb.modified = now;
  return wb;
}

function putMetadata(wb: ExcelJS.Workbook, template: Template, kind: WorkbookKind, extra: { unit?: string } = {}): void {
  const ws = wb.addWorksheet(METADATA_SHEET, { state: "veryHidden" });
  metadataRows(template, kind, extra).forEach((row, r) => row.forEach((v, c) => (ws.getCell(r + 1, c + 1).value = v)));
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" }];
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/**
 * The statistics table as a workbook: one protected sheet whose input cells are unlocked and marked,
 * with number formats, data validation, defined names and print setup; plus the hidden metadata sheet.
 */
export async function writeTemplateWorkbook(
  template: Template,
  fill: SheetFill = {},
  options: TemplateWriteOptions = {},
): Promise<Uint8Array> {
  const wb = newWorkbook(template.title, template, options.now ?? new Date());
  const ws = putTemplateSheet(wb, fitLayout(layoutTemplate(template, fill)), options.sheetName ?? TEMPLATE_SHEET);
  await protectForm(ws);
  putMetadata(wb, template, "template");
  return bytesOf(wb);
}

/**
 * The roll-up workbook: 汇总表 (the template filled with the totals, itself a valid submission one level
 * up), 汇总明细 (one column per accepted unit, totals as formulas with their values), 报送情况 (accepted,
 * rejected and missing units with reasons; the full text of any remark too long for 汇总表), and the
 * hidden metadata sheet.
 */
export async function writeRollupWorkbook(template: Template, c: Consolidation, options: RollupWriteOptions = {}): Promise<Uint8Array> {
  const sheets = options.sheets ?? rollupSheets(template, c, ROLLUP_TEXT);
  const now = options.now ?? new Date();
  const build = (defer?: DeferredCells) => {
    const wb = newWorkbook(`${template.title}（汇总）`, template, now);
    const ws = putTemplateSheet(wb, sheets.layout, ROLLUP_SHEETS.rollup);
    putTableSheet(wb, sheets.detail, [0, 1], defer);
    putTableSheet(wb, sheets.status, [2, 5]);
    for (const extra of options.extraSheets ?? []) putTableSheet(wb, fitTable(extra.table), extra.wrapCols);
    putMetadata(wb, template, "rollup", c.rollup.header?.unit ? { unit: fitCell(c.rollup.header.unit) } : {});
    return { wb, ws };
  };
  if (!options.plainDetail) {
    const defer: DeferredCells = { table: sheets.detail, wrapCols: [0, 1], fromCol: DETAIL_UNIT_COL, first: new Map(), count: 0 };
    const { wb, ws } = build(defer);
    await protectForm(ws);
    const bytes = await bytesOf(wb);
    if (defer.count === 0) return bytes;
    const spliced = spliceCells(bytes, defer);
    if (spliced) return spliced;
  }
  // the reference way (and the way back should the splice not recognise what ExcelJS wrote)
  const { wb, ws } = build();
  await protectForm(ws);
  return bytesOf(wb);
}

/** 汇总明细: 部门, 项目, 单位, 合计, then one column per unit (src/core/rollup-layout layoutDetail) */
const DETAIL_UNIT_COL = 4;

/**
 * Writes the cells ExcelJS was not given (DeferredCells) into the sheet part it wrote, exactly as it
 * writes them — `<c r="F3" s="17"><v>70</v></c>`, `<c r="F9" s="17"/>`: the style id of the first cell of
 * the same kind, the number as String(n) — in column order, with the row's `spans` of the whole row, and
 * zips the parts again. A roll-up of 3,000 units has 90,000 such cells; ExcelJS would hold an object, a
 * model and XML pieces for each at once (over 100 MiB). The result is the workbook ExcelJS writes with
 * every cell (test/cli/rollup-splice.test.ts compares them part by part). Returns undefined when the part
 * is not as expected (then the caller writes every cell through ExcelJS).
 */
function spliceCells(bytes: Uint8Array, d: DeferredCells): Uint8Array | undefined {
  const files = unzipSync(bytes);
  const name = `xl/worksheets/sheet${d.sheetId}.xml`;
  const part = files[name];
  if (!part) return undefined;
  const xml = strFromU8(part);
  const { rows } = d.table;
  const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
  if (!xml.includes(`<dimension ref="A1:${toA1(rows.length - 1, width - 1)}"/>`)) return undefined;
  const styleOf = new Map<string, string>();
  for (const [key, at] of d.first) {
    const m = new RegExp(`<c r="${at}"( s="\\d+")?[ />]`).exec(xml);
    if (!m) return undefined;
    styleOf.set(key, m[1] ?? "");
  }
  const out: string[] = [];
  let pos = 0;
  const rowRe = /<row r="(\d+)"([^>]*)>/g;
  const cellRe = /<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g;
  let done = 0;
  for (let m = rowRe.exec(xml); m; m = rowRe.exec(xml)) {
    if (m[2].endsWith("/")) continue; // a row without cells
    const end = xml.indexOf("</row>", rowRe.lastIndex);
    if (end < 0) return undefined;
    const content = xml.slice(rowRe.lastIndex, end);
    const r = Number(m[1]) - 1;
    const row = rows[r];
    if (!row) continue;
    const isHeader = r < d.table.headerRows;
    const inTable = row.some((v) => v !== null && v !== undefined);
    const written: { at: string; xml: string }[] = [];
    for (let cm = cellRe.exec(content); cm; cm = cellRe.exec(content)) written.push({ at: cm[1], xml: cm[0] });
    cellRe.lastIndex = 0;
    let k = 0;
    let added = 0;
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      const key = cellKey(v, isHeader, isHeader || d.wrapCols.includes(c), inTable);
      const at = toA1(r, c);
      if (isDeferred(d, key, r, c)) {
        cells.push(typeof v === "number" ? `<c r="${at}"${styleOf.get(key)}><v>${String(v)}</v></c>` : `<c r="${at}"${styleOf.get(key)}/>`);
        added++;
      } else {
        if (written[k]?.at !== at) return undefined;
        cells.push(written[k++].xml);
      }
    }
    if (k !== written.length) return undefined;
    if (added === 0) continue;
    if (!/ spans="\d+:\d+"/.test(m[2])) return undefined;
    const attrs = m[2].replace(/ spans="\d+:\d+"/, ` spans="1:${row.length}"`);
    out.push(xml.slice(pos, m.index), `<row r="${m[1]}"${attrs}>`, cells.join(""), "</row>");
    pos = end + "</row>".length;
    rowRe.lastIndex = pos;
    done += added;
  }
  if (done !== d.count) return undefined;
  out.push(xml.slice(pos));
  const zip: Zippable = {};
  for (const [path, data] of Object.entries(files)) {
    if (path.endsWith("/")) continue; // folder entries: no content
    zip[path] = path === name ? strToU8(out.join("")) : data;
  }
  return zipSync(zip, { level: 6 });
}
