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
