/**
 * Cell reading of a received .xlsx: the shared strings and each worksheet's XML → rows of cell values and
 * merged ranges, with every cell and grid slot counted against the read limits.
 */
import type { CellRange, CellValue, Grid } from "../core/grid";
import { parseRange } from "../core/grid";
import { Fail, inPart, type ReadLimits } from "./xlsx-failure";
import { assignNames, type PartReader, type WorkbookStructure } from "./xlsx-package";
import { CLOSE, END, OPEN, XmlError, XmlScanner, unescapeOoxml, type XmlSource } from "./xml-scan";

/**
 * The grids of the workbook's worksheets, in workbook order, each with its name, hidden state and defined
 * names. Refuses by the declared sizes of the big parts before inflating any of them.
 */
export function readGrids(structure: WorkbookStructure, parts: PartReader, limits: ReadLimits): Grid[] {
  const { workbook, worksheets, sharedStringsPath } = structure;
  parts.precheck([...(sharedStringsPath ? [sharedStringsPath] : []), ...new Set(worksheets.map((w) => w.path))]);

  const sstText = sharedStringsPath === undefined ? undefined : parts.source(sharedStringsPath);
  const sst = sstText === undefined ? [] : parseSharedStrings(sstText, sharedStringsPath!);

  const budget: Budget = { cells: 0, max: limits.maxCells, slots: 0, maxSlots: slotLimit(limits) };
  const grids: (Grid | undefined)[] = new Array(workbook.sheets.length).fill(undefined);
  const parsed = new Map<string, { rows: CellValue[][]; merges: CellRange[] }>();
  for (const ws of worksheets) {
    let data = parsed.get(ws.path);
    if (data) {
      // a second sheet on the same part is a full copy: it costs its grid again
      for (const r of data.rows) charge(budget, ROW_COST + r.length, ws.path);
      charge(budget, data.merges.length * ROW_COST, ws.path);
      data = { rows: data.rows.map((r) => r.slice()), merges: data.merges.map((m) => ({ ...m })) };
    } else {
      data = parseWorksheet(parts.source(ws.path)!, ws.path, sst, workbook.date1904, budget);
      parsed.set(ws.path, data);
    }
    const grid: Grid = { sheetName: ws.name, rows: data.rows, merges: data.merges };
    if (ws.hidden) grid.hidden = true;
    grids[ws.index] = grid;
  }
  assignNames(workbook, grids);
  return grids.filter((g): g is Grid => g !== undefined);
}

// ---------------------------------------------------------------------------------------------
// sharedStrings.xml and rich text

function parseSharedStrings(src: XmlSource, part: string): string[] {
  const sc = new XmlScanner(src.text);
  const out: string[] = [];
  try {
    for (let t = sc.next(); t !== END; t = sc.next()) {
      if (t !== OPEN) continue;
      if (sc.name === "si") out.push(readRichText(sc));
      else if (sc.name !== "sst") sc.skip();
    }
  } catch (err) {
    throw inPart(err, part);
  }
  return out;
}

/** After OPEN of `<si>` or `<is>`: plain `<t>` or the `<t>` of each `<r>` run; phonetic `<rPh>` ignored. */
function readRichText(sc: XmlScanner): string {
  let out = "";
  for (;;) {
    const t = sc.next();
    if (t === CLOSE) return out;
    if (t === END) throw new XmlError("unexpected end of XML in rich text");
    const n = sc.name;
    if (n === "t") out += unescapeOoxml(sc.readText());
    else if (n === "r") {
      for (;;) {
        const u = sc.next();
        if (u === CLOSE) break;
        if (u === END) throw new XmlError("unexpected end of XML in rich text run");
        if (sc.name === "t") out += unescapeOoxml(sc.readText());
        else sc.skip();
      }
    } else sc.skip();
  }
}

// ---------------------------------------------------------------------------------------------
// Worksheets

const MAX_ROW = 1048576;
const MAX_COL = 16384;
const MS_PER_DAY = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** "B3" → row * MAX_COL + col (letters or digits may be missing: the previous position is followed); -1 when malformed */
function cellPosition(ref: string | undefined, row: number, col: number): number {
  let r = row < 0 ? 0 : row;
  let c = col + 1;
  if (ref !== undefined && ref.length > 0) {
    let letters = 0;
    let digits = 0;
    let cc = 0;
    let rr = 0;
    for (let i = 0; i < ref.length; i++) {
      const ch = ref.charCodeAt(i);
      if (ch >= 65 && ch <= 90) ((cc = cc * 26 + ch - 64), letters++);
      else if (ch >= 97 && ch <= 122) ((cc = cc * 26 + ch - 96), letters++);
      else if (ch >= 48 && ch <= 57) ((rr = rr * 10 + ch - 48), digits++);
      else if (ch !== 36 /* $ */) return -1;
    }
    if (letters) c = cc - 1;
    if (digits) r = rr - 1;
  }
  if (r < 0 || r >= MAX_ROW || c < 0 || c >= MAX_COL) return -1;
  return r * MAX_COL + c;
}

interface Budget {
  /** `<c>` elements read, over all worksheets */
  cells: number;
  max: number;
  /** grid slots allocated (rows × ROW_COST + row lengths + merges × ROW_COST), over all worksheets */
  slots: number;
  maxSlots: number;
}

/**
 * Rows are dense arrays padded with nulls, so one value far away (`XFD1048576`) allocates its whole
 * row and every row above it: a few KB of XML could ask for gigabytes. The grid slots are budgeted
 * apart from the cells: five slots per `<c>` allowed (at least 10 M slots, ~80 MB), a row costing
 * ROW_COST slots (an empty JS array is about 32 bytes), so any sheet without gaps that passes the cell
 * limit passes this one too.
 */
const ROW_COST = 4;
const SLOT_BYTES = 8;
function slotLimit(limits: ReadLimits): number {
  return Math.max(limits.maxCells * 5, 10_000_000);
}

function charge(budget: Budget, slots: number, part: string): void {
  budget.slots += slots;
  if (budget.slots > budget.maxSlots) throw new Fail({ kind: "too-large", part, limit: budget.maxSlots * SLOT_BYTES });
}

function put(rows: CellValue[][], r: number, c: number, value: CellValue, budget: Budget, part: string): void {
  if (value === null) return;
  if (rows.length <= r) charge(budget, (r + 1 - rows.length) * ROW_COST, part);
  while (rows.length <= r) rows.push([]);
  const line = rows[r];
  if (line.length <= c) charge(budget, c + 1 - line.length, part);
  while (line.length < c) line.push(null);
  line[c] = value;
}

function parseWorksheet(
  src: XmlSource,
  part: string,
  sst: string[],
  date1904: boolean,
  budget: Budget,
): { rows: CellValue[][]; merges: CellRange[] } {
  const sc = new XmlScanner(src.text);
  const rows: CellValue[][] = [];
  const merges: CellRange[] = [];
  let sawRoot = false;
  let inData = false;
  let row = -1;
  let col = -1;
  try {
    for (;;) {
      const t = sc.next();
      if (t === END) break;
      if (t === CLOSE) {
        if (inData && sc.name === "sheetData") inData = false;
        continue;
      }
      const n = sc.name;
      if (inData) {
        if (n === "c") {
          const ref = sc.attr("r");
          const pos = cellPosition(ref, row, col);
          if (pos < 0) throw new XmlError(`bad or out-of-range cell reference ("${ref ?? ""}")`);
          row = Math.floor(pos / MAX_COL);
          col = pos - row * MAX_COL;
          if (++budget.cells > budget.max) throw new Fail({ kind: "too-large", part, limit: budget.max });
          const type = sc.attr("t");
          let v: string | undefined;
          let inline: string | undefined;
          for (;;) {
            const u = sc.next();
            if (u === CLOSE) break;
            if (u === END) throw new XmlError("unexpected end of XML in a cell");
            const cn = sc.name;
            if (cn === "v") v = sc.readText();
            else if (cn === "is") inline = readRichText(sc);
            else sc.skip(); // <f>, <extLst>
          }
          put(rows, row, col, cellValue(type, v, inline, sst, date1904), budget, part);
          continue;
        }
        if (n === "row") {
          const ra = sc.attr("r");
          const rn = ra === undefined ? NaN : Number(ra);
          row = Number.isInteger(rn) && rn >= 1 ? rn - 1 : row + 1;
          col = -1;
          if (row >= MAX_ROW) throw new XmlError(`row number out of range (${ra})`);
          continue;
        }
        sc.skip();
        continue;
      }
      switch (n) {
        case "worksheet":
          sawRoot = true;
          break;
        case "sheetData":
          inData = !sc.selfClosing;
          if (sc.selfClosing) sc.skip();
          break;
        case "mergeCells":
          break;
        case "mergeCell": {
          const range = parseRange(sc.attr("ref") ?? "");
          if (range) {
            charge(budget, ROW_COST, part);
            merges.push(range);
          }
          sc.skip();
          break;
        }
        default:
          sc.skip(); // sheetPr, dimension, sheetViews, cols, conditionalFormatting, extLst …
      }
    }
  } catch (err) {
    throw inPart(err, part);
  }
  if (!sawRoot) throw new Fail({ kind: "corrupt", detail: `${part} is not a worksheet` });
  return { rows, merges };
}

function cellValue(
  type: string | undefined,
  v: string | undefined,
  inline: string | undefined,
  sst: string[],
  date1904: boolean,
): CellValue {
  switch (type) {
    case undefined:
    case "n":
    case "": {
      if (v === undefined || v === "") return null;
      const num = Number(v); // Number() ignores surrounding white space
      if (num === 0 && v.trim() === "") return null;
      return Number.isNaN(num) ? v.trim() : num;
    }
    case "s": {
      // an empty <v/> is an empty cell, not shared string 0
      if (v === undefined || v.trim() === "") return null;
      const s = sst[Number(v)];
      if (s === undefined) throw new XmlError(`shared string ${v.trim()} does not exist`);
      return s;
    }
    case "str":
      return v === undefined ? null : unescapeOoxml(v);
    case "inlineStr":
      return inline !== undefined ? inline : v === undefined ? null : unescapeOoxml(v);
    case "b": {
      const s = v === undefined ? "" : v.trim().toLowerCase();
      if (s === "") return null;
      return s === "1" || s === "true";
    }
    case "e":
      return v === undefined || v.trim() === "" ? null : { error: v.trim() };
    case "d": {
      if (v === undefined) return null;
      const serial = isoToSerial(v.trim(), date1904);
      return serial === undefined ? v : serial;
    }
    default:
      return v === undefined ? null : v;
  }
}

/** ISO 8601 date, date-time or time (as written by `t="d"` cells) → Excel serial number; time zones ignored. */
export function isoToSerial(s: string, date1904 = false): number | undefined {
  const dm = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(s);
  if (dm) {
    const y = Number(dm[1]);
    const mo = Number(dm[2]);
    const d = Number(dm[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
    const utc = Date.UTC(y, mo - 1, d);
    let days: number;
    if (date1904) days = (utc - EPOCH_1904) / MS_PER_DAY;
    else {
      days = (utc - EPOCH_1900) / MS_PER_DAY;
      // Excel's fictitious 1900-02-29: serials 1..60 are one lower than the calendar says; 1899-12-30 is serial 0
      if (days > 0 && days < 61) days -= 1;
    }
    return days + timeFraction(dm[4], dm[5], dm[6]);
  }
  // strict OOXML writes a duration (a time of 24 hours or more) as ISO 8601: PT24H0M0.000S
  const du = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s);
  if (du && s !== "P" && s !== "PT") return Number(du[1] ?? 0) + timeFraction(du[2] ?? "0", du[3], du[4]);
  const tm = /^T?(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?/.exec(s);
  if (tm) return timeFraction(tm[1], tm[2], tm[3]);
  return undefined;
}

function timeFraction(h?: string, m?: string, sec?: string): number {
  if (h === undefined) return 0;
  return (Number(h) * 3600 + Number(m ?? 0) * 60 + Number(sec ?? 0)) / 86400;
}
