/**
 * A sheet as plain data: what every front end hands to the core.
 * Rows and columns are 0-based; addresses shown to users are A1 style.
 */

/** An Excel error value such as #REF! or #VALUE!, kept apart from text that merely looks like one. */
export interface CellError {
  error: string;
}

/**
 * The cached value of a cell. Dates arrive as Excel serial numbers (as Office.js `values` gives them).
 * `null` is an empty cell.
 */
export type CellValue = string | number | boolean | CellError | null;

export interface CellRange {
  /** first row, 0-based */
  r1: number;
  c1: number;
  /** last row, inclusive */
  r2: number;
  c2: number;
}

export interface Grid {
  sheetName: string;
  /** row-major; rows may be ragged and shorter than the widest row */
  rows: CellValue[][];
  merges: CellRange[];
  /** sheet-scoped or workbook-scoped defined names that point at a single cell of this sheet, e.g. { cs_unit: "C2" } */
  names?: Record<string, string>;
  /** true when the sheet is hidden in its workbook */
  hidden?: boolean;
  /** how its cells are named to the user when not A1 (a Word table: "表1 第8行第4列"); see cellName */
  cellNames?: WordTableNaming;
}

/** A Word table as a grid: the paragraphs above it are rows 0 … firstRow - 1, those below follow lastRow. */
export interface WordTableNaming {
  kind: "word-table";
  /** 1-based number of the table in its document */
  table: number;
  firstRow: number;
  lastRow: number;
}

export function isCellError(v: CellValue | undefined): v is CellError {
  return typeof v === "object" && v !== null && "error" in v;
}

export function cellAt(grid: Grid, row: number, col: number): CellValue {
  const r = grid.rows[row];
  if (!r) return null;
  const v = r[col];
  return v === undefined ? null : v;
}

export function columnLetters(col: number): string {
  let s = "";
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function toA1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/**
 * The name of a cell as its user sees it: A1 in a worksheet; in a Word table 表1 第8行第4列 (row and column
 * of the table), and 表1 上方 / 表1 下方 for the paragraphs around it (填报单位, the footnote).
 */
export function cellName(grid: Grid, row: number, col: number): string {
  const n = grid.cellNames;
  if (n === undefined) return toA1(row, col);
  if (row < n.firstRow) return `表${n.table} 上方`;
  if (row > n.lastRow) return `表${n.table} 下方`;
  return `表${n.table} 第${row - n.firstRow + 1}行第${col + 1}列`;
}

/** "C12" or "$C$12" → { row: 11, col: 2 }; undefined when it is not a single-cell reference */
export function fromA1(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** "A1:D3" → range; a single cell gives a 1×1 range */
export function parseRange(ref: string): CellRange | undefined {
  const [a, b] = ref.split(":");
  const p = fromA1(a);
  const q = b === undefined ? p : fromA1(b);
  if (!p || !q) return undefined;
  return { r1: Math.min(p.row, q.row), c1: Math.min(p.col, q.col), r2: Math.max(p.row, q.row), c2: Math.max(p.col, q.col) };
}

export function rangeToA1(r: CellRange): string {
  const a = toA1(r.r1, r.c1);
  return r.r1 === r.r2 && r.c1 === r.c2 ? a : `${a}:${toA1(r.r2, r.c2)}`;
}

export function gridWidth(grid: Grid): number {
  let w = 0;
  for (const r of grid.rows) if (r.length > w) w = r.length;
  return w;
}
