/**
 * Spreadsheet formats other than .xlsx — legacy .xls (BIFF8/BIFF5, also WPS .et saved as such), .ods and
 * .xlsb — read with SheetJS (@e965/xlsx) into the same Grid as the .xlsx reader gives, so every finding,
 * cell address and merge works unchanged.
 *
 * SheetJS is large, so it is never imported here: the caller hands in the loaded module (see legacy-load.ts
 * for the browser's lazy chunk, legacy-node.ts for Node). Pure otherwise, and never throws.
 */
import type * as XLSX from "@e965/xlsx";
import type { CellRange, CellValue, Grid } from "../core/grid";
import { asBytes, detectFormat } from "./sniff";
import { parseNameRef, type ReadLimits, type WorkbookRead, type WorkbookReadFailure, type WorkbookReadResult } from "./xlsx-read";
import { ZipArchive } from "./zip";

export type SheetJs = Pick<typeof XLSX, "read">;

/** reads the bytes of a legacy-format workbook; what analyzeWorkbookBytes calls when .xlsx reading says "not .xlsx" */
export type LegacyReader = (bytes: Uint8Array, limits: ReadLimits) => WorkbookReadResult;

/** Whether the .xlsx reader's refusal is one SheetJS may read: a legacy .xls/.et, an .ods, an .xlsb. */
export function isLegacyCandidate(failure: WorkbookReadFailure): boolean {
  return failure.kind === "legacy-xls" || (failure.kind === "not-zip" && (failure.format === "ods" || failure.format === "xlsb"));
}

/**
 * Whether reading these bytes may need SheetJS (a compound file, an OpenDocument or .xlsx-binary package):
 * the pane loads its chunk only then. Cheap: the first bytes and a zip's directory; never throws.
 */
export function mayNeedLegacyReader(input: Uint8Array): boolean {
  const bytes = asBytes(input);
  if (!bytes) return false;
  const format = detectFormat(bytes);
  if (format === "ole2") return true;
  if (format !== "zip") return false;
  try {
    const zip = ZipArchive.open(bytes);
    return zip.has("mimetype") || zip.entries.some((e) => /\.bin$/i.test(e.name) && /workbook/i.test(e.name));
  } catch {
    return false;
  }
}

const ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet";

export function legacyReader(sheetJs: SheetJs): LegacyReader {
  return (input, limits) => {
    const bytes = asBytes(input);
    if (!bytes) return { ok: false, failure: { kind: "not-zip", detail: "input is not a byte array" } };
    try {
      return { ok: true, workbook: read(sheetJs, bytes, limits) };
    } catch (err) {
      if (err instanceof LegacyFail) return { ok: false, failure: err.failure };
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, failure: { kind: "corrupt", detail: `unreadable (${message})` } };
    }
  };
}

class LegacyFail extends Error {
  constructor(readonly failure: WorkbookReadFailure) {
    super(failure.kind);
  }
}

function read(sheetJs: SheetJs, bytes: Uint8Array, limits: ReadLimits): WorkbookRead {
  if (bytes.length > limits.maxTotalBytes) throw new LegacyFail({ kind: "too-large", limit: limits.maxTotalBytes });
  if (detectFormat(bytes) === "zip") checkPackage(bytes, limits);
  const wb = quietly(() =>
    sheetJs.read(bytes, {
      type: "array",
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      cellStyles: false,
      cellDates: false,
      bookVBA: false,
    }),
  );
  const sheets: Grid[] = [];
  let cells = 0;
  const meta = wb.Workbook?.Sheets ?? [];
  wb.SheetNames.forEach((name, index) => {
    const ws = wb.Sheets[name] as (XLSX.WorkSheet & { "!data"?: (XLSX.CellObject | undefined)[][] }) | undefined;
    if (!ws || ws["!type"] === "chart") return;
    const rows: CellValue[][] = [];
    const data = ws["!data"] ?? [];
    for (let r = 0; r < data.length; r++) {
      const row = data[r];
      if (!row) continue;
      const out: CellValue[] = [];
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell) continue;
        const v = valueOf(cell);
        if (v === null) continue;
        if (++cells > limits.maxCells) throw new LegacyFail({ kind: "too-large", limit: limits.maxCells });
        out[c] = v;
      }
      if (out.length > 0) rows[r] = Array.from(out, (v) => (v === undefined ? null : v));
    }
    for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
    const merges: CellRange[] = (ws["!merges"] ?? []).map((m) => ({ r1: m.s.r, c1: m.s.c, r2: m.e.r, c2: m.e.c }));
    const grid: Grid = { sheetName: name, rows, merges };
    if (meta[index]?.Hidden) grid.hidden = true;
    sheets.push(grid);
  });
  assignNames(wb, sheets);
  if (sheets.length === 0) throw new LegacyFail({ kind: "no-sheets" });
  return { sheets, hasMacros: !!wb.vbaraw };
}

/**
 * An .ods or .xlsb is a zip: its parts are inflated here first under our own caps (SheetJS would inflate
 * a bomb whole), and a zip that is no spreadsheet (an .odt) keeps its "not a workbook" answer.
 */
function checkPackage(bytes: Uint8Array, limits: ReadLimits): void {
  const zip = ZipArchive.open(bytes);
  const mimetype = zip.get("mimetype");
  if (mimetype) {
    const type = new TextDecoder().decode(zip.inflate(mimetype, 256)).trim();
    if (type !== ODS_MIMETYPE) throw new LegacyFail({ kind: "not-zip", detail: `OpenDocument file (${type})`, format: "ods" });
  }
  let total = 0;
  for (const e of zip.entries) {
    if (e.name.endsWith("/")) continue;
    if (e.declaredSize > limits.maxPartBytes) throw new LegacyFail({ kind: "too-large", part: e.name, limit: limits.maxPartBytes });
    total += zip.inflate(e, limits.maxPartBytes).length;
    if (total > limits.maxTotalBytes) throw new LegacyFail({ kind: "too-large", limit: limits.maxTotalBytes });
  }
}

const ERRORS: Record<number, string> = {
  0x00: "#NULL!",
  0x07: "#DIV/0!",
  0x0f: "#VALUE!",
  0x17: "#REF!",
  0x1d: "#NAME?",
  0x24: "#NUM!",
  0x2a: "#N/A",
  0x2b: "#GETTING_DATA",
};

function valueOf(cell: XLSX.CellObject): CellValue {
  switch (cell.t) {
    case "n":
      // binary formats keep the full double (0.1+0.2 → 0.30000000000000004); .xlsx writers and Excel's
      // own display carry 15 significant digits, so the same figures total the same whatever the format
      return typeof cell.v === "number" && Number.isFinite(cell.v) ? Number(cell.v.toPrecision(15)) : null;
    case "s":
      return typeof cell.v === "string" && cell.v !== "" ? cell.v : null;
    case "b":
      return cell.v === true;
    case "e":
      return { error: cell.w ?? ERRORS[cell.v as number] ?? "#VALUE!" };
    case "d":
      return cell.v instanceof Date ? dateSerial(cell.v) : null;
    default:
      return null; // "z": a stub
  }
}

function dateSerial(d: Date): number {
  const days = (d.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
  return days > 0 && days < 61 ? days - 1 : days;
}

function assignNames(wb: XLSX.WorkBook, sheets: Grid[]): void {
  const byName = new Map(sheets.map((g) => [g.sheetName.toLowerCase(), g]));
  for (const n of wb.Workbook?.Names ?? []) {
    if (!n.Name || n.Name.toLowerCase().startsWith("_xlnm.")) continue;
    const ref = parseNameRef(n.Ref ?? "");
    const grid = ref && byName.get(ref.sheet.toLowerCase());
    if (!ref || !grid) continue;
    if (n.Sheet !== undefined && wb.SheetNames[n.Sheet]?.toLowerCase() !== grid.sheetName.toLowerCase()) continue;
    (grid.names ??= {})[n.Name] = ref.cell;
  }
}

/** SheetJS prints warnings (ODS number formats, odd records) to the console: a batch must stay quiet */
function quietly<T>(run: () => T): T {
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  const mute = () => {};
  console.log = console.warn = console.error = console.info = mute;
  try {
    return run();
  } finally {
    Object.assign(console, saved);
  }
}
