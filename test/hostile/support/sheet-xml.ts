/**
 * Grids → .xlsx packages written by hand (shared strings, merges, defined names, formulas with cached
 * values, hidden sheets, any sheet name), for the cases real writers refuse to produce. Test support only.
 */
import type { CellValue, Grid } from "../../../src/core/grid";
import { columnLetters, toA1 } from "../../../src/core/grid";
import { buildXlsx, worksheet, xmlEscape, type SheetSpec } from "../../files/xlsx-builder";

/** A cell holding a formula, with the value Excel cached for it. */
export interface FormulaValue {
  f: string;
  v: CellValue;
}

export interface SheetInput {
  grid: Grid;
  state?: "visible" | "hidden" | "veryHidden";
  /** A1 → formula; overrides the grid value */
  formulas?: Record<string, FormulaValue>;
  /** raw XML appended after </sheetData> (before mergeCells) */
  after?: string;
  /** extra raw rows appended inside <sheetData> */
  extraRows?: string;
}

/** ST_Xstring: characters XML cannot carry become _xHHHH_, and a literal "_x" is protected as _x005F_x */
export function ooxmlEscape(s: string): string {
  const t = s.replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1").replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
  return xmlEscape(t);
}

/** the sheet name as a formula reference: quoted, inner quotes doubled */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export function gridsToXlsx(
  sheets: SheetInput[],
  options: { names?: boolean; files?: Record<string, string | Uint8Array> } = {},
): Uint8Array {
  const sst: string[] = [];
  const sstIndex = new Map<string, number>();
  const si = (s: string) => {
    let k = sstIndex.get(s);
    if (k === undefined) {
      k = sst.length;
      sst.push(`<t xml:space="preserve">${ooxmlEscape(s)}</t>`);
      sstIndex.set(s, k);
    }
    return k;
  };
  const cellXml = (ref: string, v: CellValue, formula?: string): string => {
    const f = formula === undefined ? "" : `<f>${xmlEscape(formula)}</f>`;
    if (v === null || v === undefined) return formula === undefined ? "" : `<c r="${ref}">${f}</c>`;
    if (typeof v === "number") return `<c r="${ref}">${f}<v>${v}</v></c>`;
    if (typeof v === "boolean") return `<c r="${ref}" t="b">${f}<v>${v ? 1 : 0}</v></c>`;
    if (typeof v === "object") return `<c r="${ref}" t="e">${f}<v>${xmlEscape(v.error)}</v></c>`;
    if (formula !== undefined) return `<c r="${ref}" t="str">${f}<v>${ooxmlEscape(v)}</v></c>`;
    return `<c r="${ref}" t="s"><v>${si(v)}</v></c>`;
  };
  const specs: SheetSpec[] = [];
  const names: string[] = [];
  sheets.forEach((s, index) => {
    const formulas = s.formulas ?? {};
    const done = new Set<string>();
    let data = "";
    s.grid.rows.forEach((row, r) => {
      let cells = "";
      (row ?? []).forEach((v, c) => {
        const ref = toA1(r, c);
        const fv = formulas[ref];
        done.add(ref);
        cells += fv ? cellXml(ref, fv.v, fv.f) : cellXml(ref, v);
      });
      for (const [ref, fv] of Object.entries(formulas)) {
        if (done.has(ref) || !new RegExp(`^[A-Z]+${r + 1}$`).test(ref)) continue;
        cells += cellXml(ref, fv.v, fv.f);
      }
      if (cells) data += `<row r="${r + 1}">${cells}</row>`;
    });
    data += s.extraRows ?? "";
    const merges = s.grid.merges.length
      ? `<mergeCells count="${s.grid.merges.length}">${s.grid.merges.map((m) => `<mergeCell ref="${toA1(m.r1, m.c1)}:${toA1(m.r2, m.c2)}"/>`).join("")}</mergeCells>`
      : "";
    const cols = `<cols><col min="1" max="1" width="14" customWidth="1"/><col min="2" max="2" width="46" customWidth="1"/></cols>`;
    specs.push({ name: s.grid.sheetName, xml: worksheet(data, (s.after ?? "") + merges, cols), ...(s.state ? { state: s.state } : {}) });
    if (options.names !== false) {
      for (const [name, cell] of Object.entries(s.grid.names ?? {})) {
        const m = /^([A-Z]+)(\d+)$/.exec(cell);
        if (m)
          names.push(`<definedName name="${xmlEscape(name)}">${xmlEscape(quoteSheet(s.grid.sheetName))}!$${m[1]}$${m[2]}</definedName>`);
      }
    }
    void index;
  });
  return buildXlsx({
    sheets: specs,
    sstXml: sst,
    ...(names.length ? { definedNames: names.join("") } : {}),
    ...(options.files ? { files: options.files } : {}),
  });
}

export { columnLetters };
