/**
 * What to put into a sheet, as plain data: values, number formats, merges, styles grouped into ranges,
 * borders, sizes, defined names, validation. Pure (no Office.js): `applySheetPlan` in write-sheet.ts
 * turns a plan into queued Office.js commands, and tests check plans without any Office.
 *
 * Styles, formats and sizes come from src/core/presentation.ts, the table the file writer uses too: input cells light yellow and unlocked, labels locked,
 * thin borders round the table, wrapped labels and remarks, and every text cell formatted as text ("@")
 * so that a remark like "=HYPERLINK(...)" stays text.
 */
import { columnLetters, rangeToA1, toA1, type CellRange } from "../core/grid";
import type { SheetLayout } from "../core/layout";
import { isFormulaCell, type TableLayout } from "../core/rollup-layout";
import {
  COLORS,
  FONT_NAME,
  INPUT_ROLES,
  NUMBER_FORMAT,
  ROLE_STYLE,
  rowHeight,
  TABLE_BODY_STYLE,
  TABLE_HEADER_STYLE,
  TEXT_FORMAT,
  UNGUARDED_COUNT_FORMAT,
  widthToPoints,
  wrappedLines,
  type CellStyle,
} from "../core/presentation";

export type ValidationKind = "count" | "decimal" | "stage";

export interface SheetPlan {
  rowCount: number;
  colCount: number;
  /** the block A1:<last>, every cell: "" for empty; a formula is a string starting with "=" in a non-text cell */
  values: (string | number)[][];
  /** same shape as values: "@" for text (written BEFORE the values), "General", "0.00##" … */
  numberFormats: string[][];
  merges: string[];
  /** cells sharing a style, as ranges */
  styles: { range: string; style: CellStyle }[];
  /** ranges that get thin borders on every edge */
  borders: string[];
  /** column widths in points, from column A */
  columnWidths: number[];
  rowHeights: { row: number; height: number }[];
  /** ranges the user may edit when the sheet is protected */
  unlocked: string[];
  /** sheet-scoped defined names → single-cell A1 address */
  names: Record<string, string>;
  validations: { range: string; kind: ValidationKind }[];
  /** rows (from the top) and columns (from the left) to freeze */
  freeze?: { rows: number; columns: number };
  /** the cell to select after writing */
  firstInput?: string;
  /** protect the sheet (no password) so that only unlocked cells can be edited */
  protect: boolean;
  /** fit the rows' heights to their wrapped text (generated tables; the template sets its heights) */
  autofitRows?: boolean;
}

/** Whole counts: "0" where data validation keeps fractions out (ExcelApi 1.8), else "General" (see presentation.ts) */
export const COUNT_FORMAT = NUMBER_FORMAT.count;
export const DECIMAL_FORMAT = NUMBER_FORMAT.decimal;
export { COLORS, FONT_NAME, TEXT_FORMAT, UNGUARDED_COUNT_FORMAT, widthToPoints, type CellStyle };

/** height in points of a row holding `text` wrapped in `widthChars` characters, at `size` pt */
export function wrappedHeight(text: string, widthChars: number, size = 11): number {
  return rowHeight(wrappedLines(text, widthChars), size);
}

function blank<T>(rows: number, cols: number, v: T): T[][] {
  return Array.from({ length: rows }, () => Array<T>(cols).fill(v));
}

function styleKey(s: CellStyle): string {
  return JSON.stringify(s, Object.keys(s).sort());
}

/**
 * Groups cells by style into ranges: vertical runs of consecutive rows in one column, then runs of
 * columns with identical row spans merged side by side. A template gives a few dozen ranges.
 */
export function groupRanges(cells: readonly { row: number; col: number; key: string }[]): { key: string; range: CellRange }[] {
  const byCol = new Map<string, Map<number, number[]>>();
  for (const c of cells) {
    let cols = byCol.get(c.key);
    if (!cols) byCol.set(c.key, (cols = new Map()));
    cols.set(c.col, [...(cols.get(c.col) ?? []), c.row]);
  }
  const out: { key: string; range: CellRange }[] = [];
  for (const [key, cols] of byCol) {
    const runs: CellRange[] = [];
    for (const [col, rows] of [...cols].sort((a, b) => a[0] - b[0])) {
      const sorted = [...new Set(rows)].sort((a, b) => a - b);
      let start = sorted[0];
      for (let i = 1; i <= sorted.length; i++) {
        if (i === sorted.length || sorted[i] !== sorted[i - 1] + 1) {
          const run = { r1: start, c1: col, r2: sorted[i - 1], c2: col };
          const left = runs.find((r) => r.r1 === run.r1 && r.r2 === run.r2 && r.c2 === col - 1);
          if (left) left.c2 = col;
          else runs.push(run);
          start = sorted[i];
        }
      }
    }
    for (const range of runs) out.push({ key, range });
  }
  return out;
}

/**
 * The statistics table (a template's layout, blank or filled) as a plan. `guardedCounts`: data
 * validation will keep fractions out of whole counts (see COUNT_FORMAT).
 */
export function layoutPlan(layout: SheetLayout, options: { guardedCounts?: boolean } = {}): SheetPlan {
  const countFormat = options.guardedCounts === false ? UNGUARDED_COUNT_FORMAT : COUNT_FORMAT;
  const { rowCount, colCount } = layout;
  const values = blank<string | number>(rowCount, colCount, "");
  const numberFormats = blank(rowCount, colCount, TEXT_FORMAT);
  const styled: { row: number; col: number; key: string }[] = [];
  const styles = new Map<string, CellStyle>();
  const inputs: { row: number; col: number; key: string }[] = [];
  const validationCells: { row: number; col: number; key: string }[] = [];

  for (const c of layout.cells) {
    if (c.value !== null && c.value !== undefined) values[c.row][c.col] = c.value;
    // numbers only where a number is due; a string typed into a quantity stays text, never a formula
    if (c.role === "value-input" && typeof c.value !== "string")
      numberFormats[c.row][c.col] = c.kind === "decimal" ? DECIMAL_FORMAT : countFormat;
    const style = ROLE_STYLE[c.role];
    const key = styleKey(style);
    styles.set(key, style);
    styled.push({ row: c.row, col: c.col, key });
    if (INPUT_ROLES.has(c.role)) inputs.push({ row: c.row, col: c.col, key: "input" });
    if (c.role === "value-input") validationCells.push({ row: c.row, col: c.col, key: c.kind === "decimal" ? "decimal" : "count" });
    if (c.role === "header-input" && c.field === "stage") validationCells.push({ row: c.row, col: c.col, key: "stage" });
  }

  // the table proper: from the column header row to the last item row
  const columnHeaderRow = layout.cells.find((c) => c.role === "column-header")?.row ?? 0;
  const lastItemRow = Math.max(
    ...layout.cells.filter((c) => c.role === "remark-input" || c.role === "value-input").map((c) => c.row),
    columnHeaderRow,
  );

  const rowHeights: { row: number; height: number }[] = [{ row: 0, height: 30 }];
  for (const row of layout.tallRows) {
    const cell = layout.cells.find((c) => c.row === row && typeof c.value === "string" && (c.role === "item" || c.role === "footnote"));
    if (!cell) continue;
    const merged = layout.merges.find((m) => m.r1 <= row && row <= m.r2 && m.c1 <= cell.col && cell.col <= m.c2);
    const width = merged ? layout.columnWidths.slice(merged.c1, merged.c2 + 1).reduce((a, b) => a + b, 0) : layout.columnWidths[cell.col];
    const size = ROLE_STYLE[cell.role].size ?? 11;
    rowHeights.push({ row, height: wrappedHeight(String(cell.value), width, size) });
  }

  const unitCell = layout.names["cs_unit"];
  return {
    rowCount,
    colCount,
    values,
    numberFormats,
    merges: layout.merges.map(rangeToA1),
    styles: groupRanges(styled).map(({ key, range }) => ({ range: rangeToA1(range), style: styles.get(key)! })),
    borders: [rangeToA1({ r1: columnHeaderRow, c1: 0, r2: lastItemRow, c2: colCount - 1 })],
    columnWidths: layout.columnWidths.map(widthToPoints),
    rowHeights,
    unlocked: groupRanges(inputs).map(({ range }) => rangeToA1(range)),
    names: { ...layout.names },
    validations: groupRanges(validationCells).map(({ key, range }) => ({ range: rangeToA1(range), kind: key as ValidationKind })),
    ...(unitCell ? { firstInput: unitCell } : {}),
    protect: true,
  };
}

/**
 * A generated table (the roll-up's detail or status sheet) as a plan: header rows bold on a tinted
 * fill, strings as text, numbers as numbers, formulas as formulas; frozen header row.
 */
export function tablePlan(table: TableLayout, options: { freezeColumns?: number; wrapColumns?: readonly number[] } = {}): SheetPlan {
  const rowCount = Math.max(1, table.rows.length);
  const colCount = Math.max(1, table.columnWidths.length, ...table.rows.map((r) => r.length));
  const values = blank<string | number>(rowCount, colCount, "");
  const numberFormats = blank(rowCount, colCount, TEXT_FORMAT);
  let lastTableRow = 0;
  table.rows.forEach((row, r) => {
    if (row.length > 0) lastTableRow = r;
    row.forEach((cell, c) => {
      if (cell === null || cell === undefined) return;
      if (isFormulaCell(cell)) {
        values[r][c] = `=${cell.formula.replace(/^=/, "")}`;
        numberFormats[r][c] = "General";
      } else if (typeof cell === "number") {
        values[r][c] = cell;
        numberFormats[r][c] = "General";
      } else {
        values[r][c] = cell;
      }
    });
  });
  // the table is the block of rows up to the first empty row (the detail sheet's 来源文件 row comes after one)
  const firstEmpty = table.rows.findIndex((r) => r.length === 0);
  const tableEnd = firstEmpty === -1 ? lastTableRow : firstEmpty - 1;
  const headerStyle = TABLE_HEADER_STYLE;
  // Excel fits the rows to wrapped text itself (autofitRows), so the whole body wraps, unless only some
  // columns should (as the file writer does for 对比 and 汇总说明: a long title row then runs on to the right)
  const wrapColumns = options.wrapColumns;
  const bodyStyle: CellStyle = { ...TABLE_BODY_STYLE, wrap: !wrapColumns };
  const styles: { range: string; style: CellStyle }[] = [];
  if (rowCount > table.headerRows) {
    styles.push({ range: rangeToA1({ r1: table.headerRows, c1: 0, r2: rowCount - 1, c2: colCount - 1 }), style: bodyStyle });
    for (const c of wrapColumns ?? [])
      if (c < colCount) styles.push({ range: rangeToA1({ r1: table.headerRows, c1: c, r2: rowCount - 1, c2: c }), style: { wrap: true } });
  }
  if (table.headerRows > 0)
    styles.push({ range: rangeToA1({ r1: 0, c1: 0, r2: table.headerRows - 1, c2: colCount - 1 }), style: headerStyle });
  return {
    rowCount,
    colCount,
    values,
    numberFormats,
    merges: [],
    styles,
    borders: [rangeToA1({ r1: 0, c1: 0, r2: Math.max(0, tableEnd), c2: colCount - 1 })],
    columnWidths: Array.from({ length: colCount }, (_, i) => widthToPoints(table.columnWidths[i] ?? 12)),
    rowHeights: [],
    unlocked: [],
    names: {},
    validations: [],
    ...(table.headerRows > 0 ? { freeze: { rows: table.headerRows, columns: options.freezeColumns ?? 0 } } : {}),
    firstInput: "A1",
    protect: false,
    autofitRows: true,
  };
}

/** "A1:D40" for a plan's block */
export function planBlock(plan: Pick<SheetPlan, "rowCount" | "colCount">): string {
  return `A1:${columnLetters(plan.colCount - 1)}${plan.rowCount}`;
}

export function cellAddress(row: number, col: number): string {
  return toA1(row, col);
}
