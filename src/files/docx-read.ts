/**
 * Tables of a Word document (.docx) as grids, so a campaign's attachment can be learned from the
 * document it was published in.
 *
 * Pure (fflate + TextDecoder via the shared zip reader and XML scanner, no fs, no DOM). Never throws:
 * every problem with the input becomes a DocxReadFailure. Only the package rels and the main document
 * part are inflated, each refused by its declared size first and guarded by its real size while
 * inflating, with the same caps as the workbook reader.
 *
 * Each top-level table `w:tbl` becomes one grid: `w:tr` rows, `w:tc` cells placed on the table grid
 * (`w:gridBefore`, `w:gridSpan`), vertical merges (`w:vMerge` restart/continue) and horizontal spans
 * as merges. A cell's paragraphs are joined by "\n"; a table nested in a cell is flattened into that
 * cell's text. The paragraphs just before the table (title, 填报单位 line) become rows above the table
 * and the paragraphs after it (the footnote 注：…) rows below, so a grid reads like the printed page.
 */
import type { CellRange, CellValue, Grid } from "../core/grid";
import { asBytes, DEFAULT_LIMITS, detectFormat, oleHasStream, packageFailure, resolvePath, type ReadLimits } from "./xlsx-read";
import { XmlError, XmlScanner, decodeXmlBytes } from "./xml-scan";
import { ZipArchive } from "./zip";

const END = 0;
const OPEN = 1;

export type DocxReadFailure =
  | { kind: "empty" }
  /** not an OOXML package at all (PDF, image, random bytes) */
  | { kind: "not-zip"; detail?: string }
  /** a zip, but not a Word document (a workbook, a presentation, an OpenDocument file …) */
  | { kind: "not-docx"; detail?: string }
  /** Word 97–2003 .doc (OLE2 compound file) */
  | { kind: "legacy-doc" }
  | { kind: "encrypted" }
  | { kind: "html-or-text"; detail?: string }
  | { kind: "corrupt"; detail?: string }
  | { kind: "too-large"; part?: string; limit: number };

/** where the Word table sits in its grid: paragraphs above it are rows 0 … firstRow - 1 */
export interface DocxTableRows {
  firstRow: number;
  lastRow: number;
}

export type DocxReadResult = { ok: true; grids: Grid[]; tables: DocxTableRows[] } | { ok: false; failure: DocxReadFailure };

export interface DocxReadOptions extends Partial<ReadLimits> {
  /** most non-empty paragraphs kept above a table (the title and header lines are the last few) */
  paragraphsAbove?: number;
  /** most non-empty paragraphs kept below a table (the footnote is the first one) */
  paragraphsBelow?: number;
}

class Fail extends Error {
  constructor(readonly failure: DocxReadFailure) {
    super(failure.kind);
    this.name = "Fail";
  }
}

/** Nested tables deeper than this are refused as corrupt (a real form never gets near it). */
const MAX_TABLE_DEPTH = 32;
/** a gridSpan larger than this is nonsense (Word allows 63 columns) */
const MAX_SPAN = 1000;
/** a table wider than this is refused (Word allows 63 columns) */
const MAX_COLUMNS = 1000;

export function readDocxTables(bytes: Uint8Array, options: DocxReadOptions = {}): DocxReadResult {
  try {
    const tables: DocxTableRows[] = [];
    const grids = read(bytes, options, tables);
    return { ok: true, grids, tables };
  } catch (err) {
    return { ok: false, failure: toFailure(err) };
  }
}

function toFailure(err: unknown): DocxReadFailure {
  return err instanceof Fail ? err.failure : packageFailure(err);
}

function limitsOf(options: DocxReadOptions): ReadLimits {
  const out: ReadLimits = { ...DEFAULT_LIMITS };
  for (const k of ["maxPartBytes", "maxTotalBytes", "maxCells"] as const) {
    const v = options[k];
    if (typeof v === "number" && v >= 0 && !Number.isNaN(v)) out[k] = v;
  }
  return out;
}

function isPdf(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length && i < 1024 && b[i] !== 0x25) i++;
  return b[i] === 0x25 && b[i + 1] === 0x50 && b[i + 2] === 0x44 && b[i + 3] === 0x46; // %PDF
}

function read(input: Uint8Array, options: DocxReadOptions, tables: DocxTableRows[]): Grid[] {
  const bytes = asBytes(input);
  if (!bytes) throw new Fail({ kind: "not-zip", detail: "input is not a byte array" });
  switch (detectFormat(bytes)) {
    case "empty":
      throw new Fail({ kind: "empty" });
    case "ole2":
      throw new Fail(oleHasStream(bytes, "EncryptedPackage") ? { kind: "encrypted" } : { kind: "legacy-doc" });
    case "html":
      throw new Fail({ kind: "html-or-text", detail: "HTML" });
    case "text":
      throw new Fail({ kind: "html-or-text", detail: "text" });
    case "unknown":
      throw new Fail({ kind: "not-zip", ...(isPdf(bytes) ? { detail: "pdf" } : {}) });
    case "zip":
      break;
  }
  const limits = limitsOf(options);
  const zip = ZipArchive.open(bytes);
  let inflated = 0;
  const text = (path: string): string | undefined => {
    const e = zip.get(path);
    if (!e) return undefined;
    if (e.declaredSize > limits.maxPartBytes) throw new Fail({ kind: "too-large", part: e.name, limit: limits.maxPartBytes });
    if (e.declaredSize > limits.maxTotalBytes - inflated) throw new Fail({ kind: "too-large", limit: limits.maxTotalBytes });
    const data = zip.inflate(e, limits.maxPartBytes);
    inflated += data.length;
    return decodeXmlBytes(data);
  };

  let main: string | undefined;
  const rootRels = text("_rels/.rels");
  if (rootRels !== undefined) {
    try {
      for (const rel of parseRels(rootRels)) {
        if (!rel.external && rel.type.endsWith("/officeDocument")) main = resolvePath("", rel.target);
      }
    } catch (err) {
      if (!(err instanceof XmlError)) throw err; // damaged root rels: fall back to the usual name
    }
  }
  if (main !== undefined && !zip.has(main)) main = undefined;
  if (main !== undefined && !/^word\//i.test(main) && !zip.entries.some((e) => /^word\//i.test(e.name))) main = undefined;
  if (main === undefined && zip.has("word/document.xml")) main = "word/document.xml";
  if (main === undefined) {
    if (zip.has("xl/workbook.xml") || zip.entries.some((e) => /^xl\//i.test(e.name))) throw new Fail({ kind: "not-docx", detail: "xlsx" });
    if (zip.has("ppt/presentation.xml")) throw new Fail({ kind: "not-docx", detail: "pptx" });
    if (zip.has("mimetype") || zip.has("content.xml")) throw new Fail({ kind: "not-docx", detail: "odf" });
    if (zip.entries.some((e) => /^word\//i.test(e.name)))
      throw new Fail({ kind: "corrupt", detail: "the document part (word/document.xml) is missing" });
    throw new Fail({ kind: "not-docx", detail: "zip" });
  }
  return parseDocument(text(main)!, limits, options, tables);
}

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

function parseRels(xml: string): Rel[] {
  const x = new XmlScanner(xml);
  const out: Rel[] = [];
  for (let t = x.next(); t !== END; t = x.next()) {
    if (t === OPEN && x.name === "Relationship") {
      out.push({ type: x.attr("Type") ?? "", target: x.attr("Target") ?? "", external: (x.attr("TargetMode") ?? "") === "External" });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The main document part

interface CellData {
  col: number;
  span: number;
  /** "restart", "continue" or undefined (no vertical merge) */
  vMerge?: "restart" | "continue";
  lines: string[];
}

interface TableData {
  rows: CellData[][];
}

type Block = { kind: "p"; text: string } | { kind: "tbl"; table: TableData };

/** Elements whose content never shows as text of the paragraph they sit in. */
const SKIPPED = new Set([
  "del", // tracked deletion
  "moveFrom", // tracked move: the text shows at its moveTo
  "delText",
  "instrText", // field codes (the field result is ordinary runs)
  "delInstrText",
  "txbxContent", // text boxes: drawn on the page, not part of the paragraph or cell
  "Fallback", // mc:Fallback repeats mc:Choice
  "footnoteReference",
  "endnoteReference",
  "commentReference",
  "pPr", // paragraph mark properties (may hold a w:rPr with w:del/w:ins)
  "rPr",
  "sectPr",
  "tblPr",
  "tblGrid",
  "object",
  "pict",
  "drawing",
]);

function parseDocument(xml: string, limits: ReadLimits, options: DocxReadOptions, out: DocxTableRows[]): Grid[] {
  const x = new XmlScanner(xml);
  const blocks: Block[] = [];
  /** tables open, outermost first */
  const tables: TableData[] = [];
  /** the current row and cell of the outermost table */
  let row: CellData[] | undefined;
  let cell: CellData | undefined;
  let rowCol = 0;
  let gridAfter = 0;
  /** text of the paragraph being read (outside tables, or anywhere inside the current outer cell) */
  let para: string | undefined;
  let paraDepth = 0;
  let cells = 0;
  /** grid slots the rows will take (rows are dense arrays): budgeted like the workbook reader's */
  let slots = 0;
  const maxSlots = Math.max(limits.maxCells * 4, 8_000_000);

  const finishParagraph = () => {
    const t = para ?? "";
    para = undefined;
    if (tables.length === 0) blocks.push({ kind: "p", text: t });
    else if (cell) cell.lines.push(t);
  };

  for (let t = x.next(); t !== END; t = x.next()) {
    const name = x.name;
    if (t === OPEN) {
      if (SKIPPED.has(name)) {
        // a cell's own properties live in tcPr/trPr, which are not skipped; paragraph and run properties are
        x.skip();
        continue;
      }
      switch (name) {
        case "tbl":
          if (tables.length >= MAX_TABLE_DEPTH) throw new Fail({ kind: "corrupt", detail: "tables nested too deeply" });
          if (para !== undefined && tables.length === 0) {
            // a table inside a paragraph cannot happen in WordprocessingML; be lenient
            finishParagraph();
          }
          tables.push({ rows: [] });
          break;
        case "tr":
          if (tables.length === 1) {
            row = [];
            rowCol = 0;
            gridAfter = 0;
            tables[0].rows.push(row);
          }
          break;
        case "gridBefore":
          if (tables.length === 1 && row && row.length === 0) rowCol = clampSpan(x.attr("val"));
          break;
        case "gridAfter":
          if (tables.length === 1) gridAfter = clampSpan(x.attr("val"));
          break;
        case "tc":
          if (tables.length === 1 && row) {
            if (rowCol >= MAX_COLUMNS) throw new Fail({ kind: "corrupt", detail: `a table row is wider than ${MAX_COLUMNS} columns` });
            if (++cells > limits.maxCells) throw new Fail({ kind: "too-large", limit: limits.maxCells });
            cell = { col: rowCol, span: 1, lines: [] };
            row.push(cell);
          }
          break;
        case "gridSpan":
          if (tables.length === 1 && cell && para === undefined) cell.span = Math.max(1, clampSpan(x.attr("val")));
          break;
        case "vMerge":
          if (tables.length === 1 && cell && para === undefined) {
            const v = x.attr("val");
            cell.vMerge = v === "restart" ? "restart" : "continue";
          }
          break;
        case "p":
          if (para === undefined) {
            para = "";
            paraDepth = x.depth;
            if (x.selfClosing) finishParagraph(); // <w:p/>: an empty paragraph (its CLOSE follows)
          }
          break;
        case "t":
          if (para !== undefined) para += x.readText();
          else x.skip();
          break;
        case "tab":
          // a run's tab (the tab stops w:tabs/w:tab live in pPr, which is skipped)
          if (para !== undefined) para += "\t";
          break;
        case "br":
        case "cr":
          if (para !== undefined) para += "\n";
          break;
        case "noBreakHyphen":
          if (para !== undefined) para += "-";
          break;
      }
      continue;
    }
    // CLOSE
    switch (name) {
      case "p":
        if (para !== undefined && x.depth < paraDepth) finishParagraph();
        break;
      case "tc":
        if (tables.length === 1 && cell) {
          rowCol = cell.col + cell.span;
          cell = undefined;
        }
        break;
      case "tr":
        if (tables.length === 1) {
          rowCol += gridAfter;
          row = undefined;
          slots += 4 + Math.min(rowCol, MAX_COLUMNS + MAX_SPAN);
          if (slots > maxSlots) throw new Fail({ kind: "too-large", part: "word/document.xml", limit: maxSlots * 8 });
        }
        break;
      case "tbl": {
        const done = tables.pop()!;
        if (tables.length === 0) blocks.push({ kind: "tbl", table: done });
        break;
      }
    }
  }
  return toGrids(blocks, options, out);
}

function clampSpan(v: string | undefined): number {
  const n = v === undefined ? 0 : parseInt(v, 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_SPAN) : 0;
}

function cleanParagraph(text: string): string {
  return text.replace(/[\u200b\ufeff]/g, "").trim();
}

function toGrids(blocks: Block[], options: DocxReadOptions, out: DocxTableRows[]): Grid[] {
  const above = options.paragraphsAbove ?? 12;
  const below = options.paragraphsBelow ?? 6;
  const grids: Grid[] = [];
  let n = 0;
  blocks.forEach((b, i) => {
    if (b.kind !== "tbl") return;
    const before: string[] = [];
    for (let k = i - 1; k >= 0 && before.length < above; k--) {
      const p = blocks[k];
      if (p.kind === "tbl") break;
      const t = cleanParagraph(p.text);
      if (t) before.unshift(t);
    }
    const after: string[] = [];
    for (let k = i + 1; k < blocks.length && after.length < below; k++) {
      const p = blocks[k];
      if (p.kind === "tbl") break;
      const t = cleanParagraph(p.text);
      if (t) after.push(t);
    }
    n++;
    const rows: DocxTableRows = { firstRow: before.length, lastRow: before.length + b.table.rows.length - 1 };
    const grid = tableGrid(b.table, `表格${n}`, before, after);
    // messages name its cells 表1 第8行第4列, not by A1 addresses the Word user never sees
    grid.cellNames = { kind: "word-table", table: n, ...rows };
    grids.push(grid);
    out.push(rows);
  });
  return grids;
}

function tableGrid(table: TableData, sheetName: string, before: string[], after: string[]): Grid {
  const rows: CellValue[][] = before.map((t) => [t]);
  const merges: CellRange[] = [];
  const top = rows.length;
  const body = table.rows;
  body.forEach((cells, r) => {
    const line: CellValue[] = [];
    for (const c of cells) {
      const text = c.vMerge === "continue" ? "" : joinLines(c.lines);
      while (line.length < c.col) line.push(null);
      line[c.col] = text === "" ? null : text;
      for (let k = 1; k < c.span; k++) line[c.col + k] = null;
    }
    rows.push(line);
    // merges anchored in this row: a cell that is not itself a continuation
    for (const c of cells) {
      if (c.vMerge === "continue" && r > 0 && hasCellAt(body[r - 1], c.col)) continue;
      let last = r;
      while (last + 1 < body.length) {
        const below = cellAt(body[last + 1], c.col);
        if (!below || below.vMerge !== "continue") break;
        last++;
      }
      if (last > r || c.span > 1) merges.push({ r1: top + r, c1: c.col, r2: top + last, c2: c.col + c.span - 1 });
    }
  });
  for (const t of after) rows.push([t]);
  return { sheetName, rows, merges };
}

function cellAt(cells: CellData[], col: number): CellData | undefined {
  return cells.find((c) => c.col === col);
}

function hasCellAt(cells: CellData[], col: number): boolean {
  return cells.some((c) => c.col === col);
}

/** a cell's paragraphs, one a line, without the empty paragraphs Word leaves at the end */
function joinLines(lines: string[]): string {
  const out = lines.map((l) => l.replace(/[\u200b\ufeff]/g, ""));
  while (out.length && out[out.length - 1].trim() === "") out.pop();
  while (out.length && out[0].trim() === "") out.shift();
  return out.join("\n");
}
