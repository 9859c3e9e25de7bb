/**
 * The fast reading path for received .xlsx workbooks: bytes → one Grid per worksheet.
 *
 * Pure (fflate + TextDecoder, and Node's Buffer when there is one; no fs, no DOM): runs in Node and in the
 * browser bundle. Never throws: every problem with the input becomes a WorkbookReadFailure. Only the parts
 * needed are inflated (`_rels/.rels`, the workbook part and its rels, the shared strings, the worksheets),
 * each refused by its declared size before inflating and guarded by its actual size while inflating.
 *
 * Built for batches: a city or a province reads hundreds of workbooks written from one template, so what
 * repeats from file to file (the workbook part, the relationships, labels, the embedded template's text)
 * is decoded and parsed once and remembered, in bounded caches keyed by the exact text (see PartMemo here,
 * and the text caches of xml-scan.ts). The caches change no result, only the time.
 */
import type { OtherOfficeFormat } from "../core/findings";
import type { CellRange, CellValue, Grid } from "../core/grid";
import { fromA1, parseRange, toA1 } from "../core/grid";
import { contentTypeOf, findMainPart, kindOfMainType, parseContentTypes, type ContentTypes } from "./package-kind";
import { XmlError, XmlScanner, decodeXmlSource, unescapeOoxml, type XmlSource } from "./xml-scan";
import { ZipArchive, ZipError } from "./zip";
import { asBytes, describeMarkup, detectFormat, oleHasStream } from "./sniff";

// format sniffing lives in sniff.ts; these stay importable from here
export { asBytes, detectFormat, oleHasStream, type DetectedFormat } from "./sniff";

// token kinds of XmlScanner.next(), repeated here as plain local constants (cheaper than a live import binding)
const END = 0;
const OPEN = 1;
const CLOSE = 2;

export type WorkbookReadFailure =
  | { kind: "empty" }
  /** `format`: what the file is instead, when its parts tell (a zip of another Office format) */
  | { kind: "not-zip"; detail?: string; format?: OtherOfficeFormat }
  | { kind: "legacy-xls" }
  | { kind: "encrypted" }
  | { kind: "html-or-text"; detail?: string }
  | { kind: "corrupt"; detail?: string }
  | { kind: "too-large"; part?: string; limit: number }
  | { kind: "no-sheets" };

export interface WorkbookRead {
  sheets: Grid[];
  hasMacros: boolean;
  /** sheets left out because the package cannot give their worksheet (the rest of the workbook is read) */
  skippedSheets?: { sheet: string; reason: "no-relationship" | "part-missing" }[];
}

export type WorkbookReadResult = { ok: true; workbook: WorkbookRead } | { ok: false; failure: WorkbookReadFailure };

export interface ReadLimits {
  /** largest uncompressed size of any one part that is inflated */
  maxPartBytes: number;
  /** largest uncompressed size of all inflated parts together */
  maxTotalBytes: number;
  /** most `<c>` cells over all worksheets */
  maxCells: number;
}

export const DEFAULT_LIMITS: ReadLimits = Object.freeze({
  maxPartBytes: 64 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxCells: 2_000_000,
});


class Fail extends Error {
  constructor(readonly failure: WorkbookReadFailure) {
    super(failure.kind);
    this.name = "Fail";
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

export function readWorkbook(bytes: Uint8Array, limits?: Partial<ReadLimits>): WorkbookReadResult {
  try {
    return { ok: true, workbook: read(bytes, mergeLimits(limits)) };
  } catch (err) {
    return { ok: false, failure: toFailure(err) };
  }
}

function mergeLimits(limits?: Partial<ReadLimits>): ReadLimits {
  const out: ReadLimits = { ...DEFAULT_LIMITS };
  if (limits) {
    for (const k of ["maxPartBytes", "maxTotalBytes", "maxCells"] as const) {
      const v = limits[k];
      if (typeof v === "number" && v >= 0 && !Number.isNaN(v)) out[k] = v;
    }
  }
  return out;
}

function toFailure(err: unknown): WorkbookReadFailure {
  return err instanceof Fail ? err.failure : packageFailure(err);
}

/** What went wrong inside a zip package (too large, damaged zip or XML, anything else), for .xlsx and .docx. */
export function packageFailure(err: unknown): { kind: "too-large"; part: string; limit: number } | { kind: "corrupt"; detail: string } {
  if (err instanceof ZipError) {
    const f = err.failure;
    return f.kind === "too-large" ? { kind: "too-large", part: f.part, limit: f.limit } : { kind: "corrupt", detail: f.detail };
  }
  if (err instanceof XmlError) return { kind: "corrupt", detail: err.message };
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { kind: "corrupt", detail: `unreadable (${message})` };
}

function read(input: Uint8Array, limits: ReadLimits): WorkbookRead {
  const bytes = asBytes(input);
  if (!bytes) throw new Fail({ kind: "not-zip", detail: "input is not a byte array" });
  switch (detectFormat(bytes)) {
    case "empty":
      throw new Fail({ kind: "empty" });
    case "ole2":
      if (oleHasStream(bytes, "EncryptedPackage")) throw new Fail({ kind: "encrypted" });
      if (oleHasStream(bytes, "WordDocument")) throw new Fail({ kind: "not-zip", detail: OTHER_FORMAT_DETAIL.doc, format: "doc" });
      throw new Fail({ kind: "legacy-xls" });
    case "html":
      throw new Fail({ kind: "html-or-text", detail: describeMarkup(bytes) });
    case "text":
      throw new Fail({ kind: "html-or-text", detail: "text (CSV or similar)" });
    case "unknown":
      throw new Fail({ kind: "not-zip" });
    case "zip":
      break;
  }
  const zip = ZipArchive.open(bytes);
  const parts = new PartReader(zip, limits);

  const wbPath = findWorkbookPart(zip, parts);
  const wb = parseWorkbookXml(parts.source(wbPath)!, wbPath);
  const relsPath = relsPathFor(wbPath);
  const relsText = parts.source(relsPath);
  if (relsText === undefined) throw new Fail({ kind: "corrupt", detail: `${relsPath} is missing` });
  const rels = parseRels(relsText, relsPath);

  const worksheets: { index: number; name: string; hidden: boolean; path: string }[] = [];
  let sstPath: string | undefined;
  for (const rel of rels.values()) {
    if (!rel.external && rel.type.endsWith("/sharedStrings")) {
      sstPath = findPart(zip, resolvePath(wbPath, rel.target));
      if (sstPath === undefined) throw new Fail({ kind: "corrupt", detail: `the shared strings part ${rel.target} is missing` });
    }
  }
  if (sstPath === undefined) {
    const guess = resolvePath(wbPath, "sharedStrings.xml");
    if (zip.has(guess)) sstPath = guess;
  }
  // a sheet whose part cannot be found (an old macro sheet with an empty r:id, a part a tool left out) is
  // skipped and reported; the workbook's other sheets are still read
  const skippedSheets: NonNullable<WorkbookRead["skippedSheets"]> = [];
  wb.sheets.forEach((sheet, index) => {
    const rel = sheet.rid === undefined ? undefined : rels.get(sheet.rid);
    if (!rel) return void skippedSheets.push({ sheet: sheet.name, reason: "no-relationship" });
    if (!rel.type.endsWith("/worksheet")) return; // chartsheet, dialogsheet, macro sheet
    const path = findPart(zip, resolvePath(wbPath, rel.target));
    if (path === undefined) return void skippedSheets.push({ sheet: sheet.name, reason: "part-missing" });
    worksheets.push({ index, name: sheet.name, hidden: sheet.hidden, path });
  });
  if (worksheets.length === 0 && skippedSheets.length > 0) {
    const first = skippedSheets[0];
    throw new Fail({ kind: "corrupt", detail: `sheet "${first.sheet}" ${first.reason === "part-missing" ? "has no worksheet part" : `has no relationship in ${relsPath}`}` });
  }
  if (worksheets.length === 0) throw new Fail({ kind: "no-sheets" });

  // Refuse by declared sizes before inflating any of the big parts.
  parts.precheck([...(sstPath ? [sstPath] : []), ...new Set(worksheets.map((w) => w.path))]);

  const sstText = sstPath === undefined ? undefined : parts.source(sstPath);
  const sst = sstText === undefined ? [] : parseSharedStrings(sstText, sstPath!);

  const budget: Budget = { cells: 0, max: limits.maxCells, slots: 0, maxSlots: slotLimit(limits) };
  const grids: (Grid | undefined)[] = new Array(wb.sheets.length).fill(undefined);
  const parsed = new Map<string, { rows: CellValue[][]; merges: CellRange[] }>();
  for (const ws of worksheets) {
    let data = parsed.get(ws.path);
    if (data) {
      // a second sheet on the same part is a full copy: it costs its grid again
      for (const r of data.rows) charge(budget, ROW_COST + r.length, ws.path);
      charge(budget, data.merges.length * ROW_COST, ws.path);
      data = { rows: data.rows.map((r) => r.slice()), merges: data.merges.map((m) => ({ ...m })) };
    } else {
      data = parseWorksheet(parts.source(ws.path)!, ws.path, sst, wb.date1904, budget);
      parsed.set(ws.path, data);
    }
    const grid: Grid = { sheetName: ws.name, rows: data.rows, merges: data.merges };
    if (ws.hidden) grid.hidden = true;
    grids[ws.index] = grid;
  }
  assignNames(wb, grids);

  const hasMacros = zip.entries.some((e) => {
    const n = e.name.toLowerCase();
    return n === "xl/vbaproject.bin" || n.endsWith("/vbaproject.bin");
  });
  const out: WorkbookRead = { sheets: grids.filter((g): g is Grid => g !== undefined), hasMacros };
  if (skippedSheets.length > 0) out.skippedSheets = skippedSheets;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Package plumbing

class PartReader {
  private total = 0;
  constructor(
    private readonly zip: ZipArchive,
    private readonly limits: ReadLimits,
  ) {}

  /** Refuses (too-large) when the declared sizes of these parts would pass a cap. Inflates nothing. */
  precheck(paths: string[]): void {
    let sum = this.total;
    for (const p of paths) {
      const e = this.zip.get(p);
      if (!e) continue;
      if (e.declaredSize > this.limits.maxPartBytes) throw new Fail({ kind: "too-large", part: e.name, limit: this.limits.maxPartBytes });
      sum += e.declaredSize;
    }
    if (sum > this.limits.maxTotalBytes) throw new Fail({ kind: "too-large", limit: this.limits.maxTotalBytes });
  }

  /**
   * A part ready to scan (see decodeXmlSource), or undefined when the package has no such part. Its
   * bytes may live in a buffer the next call reuses: scan it before asking for another part.
   */
  source(path: string): XmlSource | undefined {
    const e = this.zip.get(path);
    if (!e) return undefined;
    const room = this.limits.maxTotalBytes - this.total;
    if (e.declaredSize > this.limits.maxPartBytes) throw new Fail({ kind: "too-large", part: e.name, limit: this.limits.maxPartBytes });
    if (e.declaredSize > room) throw new Fail({ kind: "too-large", limit: this.limits.maxTotalBytes });
    // transient: every part is scanned to the end before the next one is inflated
    const data = this.zip.inflate(e, this.limits.maxPartBytes, true);
    this.total += data.length;
    return decodeXmlSource(data);
  }
}

function findPart(zip: ZipArchive, path: string): string | undefined {
  if (zip.has(path)) return path;
  try {
    const decoded = decodeURIComponent(path);
    if (zip.has(decoded)) return decoded;
  } catch {
    // not percent-encoded
  }
  return undefined;
}

function findWorkbookPart(zip: ZipArchive, parts: PartReader): string {
  let path: string | undefined;
  if (zip.has("_rels/.rels")) {
    try {
      const rels = parseRels(parts.source("_rels/.rels")!, "_rels/.rels");
      for (const rel of rels.values()) {
        if (!rel.external && rel.type.endsWith("/officeDocument")) path = resolvePath("", rel.target);
      }
    } catch (err) {
      if (!(err instanceof XmlError)) throw err; // a damaged root rels: fall back to the usual name
    }
  }
  // the usual workbook (main part xl/….xml, present): no other Office format names its main part so, and
  // the .xlsx fast path stays as it was; anything else is identified by its content types
  const usual = path !== undefined && /^xl\/[^/]+\.xml$/i.test(path) && zip.has(path);
  const types = usual ? undefined : readContentTypes(zip, parts);
  if (types) {
    // the main part's content type says what the package is, whatever its parts are called
    const declared = path === undefined ? undefined : contentTypeOf(types, path);
    const main = declared !== undefined && kindOfMainType(declared) !== undefined ? { part: path!, kind: kindOfMainType(declared)! } : findMainPart(types);
    if (main && main.kind !== "workbook") throw new Fail({ kind: "not-zip", detail: OTHER_FORMAT_DETAIL[main.kind], format: main.kind });
    if (main && path === undefined) path = main.part;
  }
  if (path !== undefined) {
    if (/\.bin$/i.test(path)) throw new Fail({ kind: "not-zip", detail: OTHER_FORMAT_DETAIL.xlsb, format: "xlsb" });
    path = findPart(zip, path);
  }
  if (path === undefined && zip.has("xl/workbook.xml")) path = "xl/workbook.xml";
  if (path !== undefined) return path;
  // Not a workbook: say what it is.
  if (zip.has("xl/workbook.bin")) throw new Fail({ kind: "not-zip", detail: "Excel binary workbook (.xlsb) is not supported", format: "xlsb" });
  if (zip.has("mimetype") || zip.has("content.xml")) throw new Fail({ kind: "not-zip", detail: "OpenDocument file (.ods/.odt)", format: "ods" });
  if (zip.has("word/document.xml")) throw new Fail({ kind: "not-zip", detail: "Word document (.docx)", format: "docx" });
  if (zip.has("ppt/presentation.xml")) throw new Fail({ kind: "not-zip", detail: "PowerPoint presentation (.pptx)", format: "pptx" });
  if (zip.has("[Content_Types].xml") || zip.entries.some((e) => e.name.toLowerCase().startsWith("xl/"))) {
    throw new Fail({ kind: "corrupt", detail: "the workbook part (xl/workbook.xml) is missing" });
  }
  throw new Fail({ kind: "not-zip", detail: "a zip archive without a workbook" });
}

const OTHER_FORMAT_DETAIL: Record<OtherOfficeFormat, string> = {
  xlsb: "Excel binary workbook (.xlsb) is not supported",
  ods: "OpenDocument file (.ods/.odt)",
  docx: "Word document (.docx)",
  pptx: "PowerPoint presentation (.pptx)",
  doc: "legacy Word document (.doc)",
};

/** [Content_Types].xml parsed, or undefined when the package has none (or it cannot be read) */
function readContentTypes(zip: ZipArchive, parts: PartReader): ContentTypes | undefined {
  const name = "[Content_Types].xml";
  if (!zip.has(name)) return undefined;
  const src = parts.source(zip.get(name)!.name);
  return src === undefined ? undefined : (contentTypesParsed.get(src) ?? contentTypesParsed.add(src, parseContentTypes(src)));
}

function relsPathFor(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that holds the relationship. */
export function resolvePath(fromPart: string, target: string): string {
  // the usual relative target ("worksheets/sheet1.xml") against a plain part name: nothing to normalise
  const simple = fromPart.slice(0, fromPart.lastIndexOf("/") + 1) + target;
  if (!NOT_SIMPLE_PATH.test(simple)) return simple;
  let t = target.replace(/\\/g, "/");
  const hash = t.indexOf("#");
  if (hash >= 0) t = t.slice(0, hash);
  const joined = t.startsWith("/") ? t.slice(1) : fromPart.slice(0, fromPart.lastIndexOf("/") + 1) + t;
  const out: string[] = [];
  for (const seg of joined.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return out.join("/");
}

/**
 * Parsed small parts by their exact text. The workbook part and the relationships of the workbooks in a
 * batch written from one template are the same text file after file, so each is parsed once. The
 * results are only read, never changed. Bounded; the oldest entry goes first.
 */
class PartMemo<T> {
  private readonly entries = new Map<string, { text: string; binary: boolean; value: T }>();
  private static readonly MAX_ENTRIES = 16;
  private static readonly MAX_TEXT = 64 * 1024;

  private static key(t: string): string {
    const n = t.length;
    const mid = n >> 1;
    return `${n}:${t.slice(0, 16)}${t.slice(mid, mid + 32)}${t.slice(n - 48)}`;
  }

  get(src: XmlSource): T | undefined {
    if (src.text.length > PartMemo.MAX_TEXT) return undefined;
    const e = this.entries.get(PartMemo.key(src.text));
    return e !== undefined && e.binary === (src.bytes !== undefined) && e.text === src.text ? e.value : undefined;
  }

  add(src: XmlSource, value: T): T {
    if (src.text.length > PartMemo.MAX_TEXT) return value;
    if (this.entries.size >= PartMemo.MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(PartMemo.key(src.text), { text: src.text, binary: src.bytes !== undefined, value });
    return value;
  }
}

const relsParsed = new PartMemo<ReadonlyMap<string, Rel>>();
const workbookParsed = new PartMemo<WorkbookXml>();
const contentTypesParsed = new PartMemo<ContentTypes>();

/** what resolvePath's general path would change: \\, #, a leading or trailing /, //, and . or .. segments */
const NOT_SIMPLE_PATH = /[\\#]|^\/|\/$|\/\/|(?:^|\/)\.\.?(?:\/|$)/;

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

function parseRels(src: XmlSource, part: string): ReadonlyMap<string, Rel> {
  return relsParsed.get(src) ?? relsParsed.add(src, parseRelsXml(src, part));
}

function parseRelsXml(src: XmlSource, part: string): Map<string, Rel> {
  const sc = new XmlScanner(src.text, src.bytes);
  const rels = new Map<string, Rel>();
  try {
    for (let t = sc.next(); t !== END; t = sc.next()) {
      if (t !== OPEN || sc.name !== "Relationship") continue;
      const id = sc.attr("Id");
      const target = sc.attr("Target");
      if (id === undefined || target === undefined) continue;
      rels.set(id, { type: sc.attr("Type") ?? "", target, external: (sc.attr("TargetMode") ?? "").toLowerCase() === "external" });
    }
  } catch (err) {
    throw inPart(err, part);
  }
  return rels;
}

function inPart(err: unknown, part: string): unknown {
  return err instanceof XmlError ? new XmlError(`${part}: ${err.message}`) : err;
}

// ---------------------------------------------------------------------------------------------
// workbook.xml

interface WorkbookXml {
  sheets: { name: string; rid?: string; hidden: boolean }[];
  names: { name: string; localSheetId?: number; text: string }[];
  date1904: boolean;
}

function parseWorkbookXml(src: XmlSource, part: string): WorkbookXml {
  return workbookParsed.get(src) ?? workbookParsed.add(src, parseWorkbookXmlText(src, part));
}

function parseWorkbookXmlText(src: XmlSource, part: string): WorkbookXml {
  const sc = new XmlScanner(src.text, src.bytes);
  const wb: WorkbookXml = { sheets: [], names: [], date1904: false };
  let sawRoot = false;
  try {
    for (let t = sc.next(); t !== END; t = sc.next()) {
      if (t !== OPEN) continue;
      switch (sc.name) {
        case "workbook":
          sawRoot = true;
          break;
        case "workbookPr": {
          const d = (sc.attr("date1904") ?? "").trim().toLowerCase();
          wb.date1904 = d === "1" || d === "true";
          break;
        }
        case "sheet": {
          const state = sc.attr("state");
          wb.sheets.push({ name: sc.attr("name") ?? `Sheet${wb.sheets.length + 1}`, rid: sc.attr("id"), hidden: state === "hidden" || state === "veryHidden" });
          break;
        }
        case "definedName": {
          const name = sc.attr("name");
          const local = sc.attr("localSheetId");
          const body = sc.readText();
          if (name !== undefined) {
            const id = local === undefined ? undefined : Number(local);
            wb.names.push({ name, localSheetId: id !== undefined && Number.isInteger(id) ? id : undefined, text: body });
          }
          break;
        }
        case "sheets":
        case "definedNames":
          break;
        default:
          sc.skip(); // fileVersion, bookViews, calcPr, extLst …
      }
    }
  } catch (err) {
    throw inPart(err, part);
  }
  if (!sawRoot) throw new Fail({ kind: "corrupt", detail: `${part} is not a workbook` });
  return wb;
}

/** `Sheet1!$C$2`, `'It''s'!C2` → sheet name and "C2"; undefined for ranges, lists, externals, #REF!, constants. */
export function parseNameRef(text: string): { sheet: string; cell: string } | undefined {
  let t = text.trim();
  if (t.startsWith("=")) t = t.slice(1).trim();
  if (!t || t.includes("#REF!")) return undefined;
  let sheet: string;
  let rest: string;
  if (t[0] === "'") {
    let i = 1;
    sheet = "";
    for (; i < t.length; i++) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          sheet += "'";
          i++;
          continue;
        }
        break;
      }
      sheet += t[i];
    }
    if (t[i] !== "'" || t[i + 1] !== "!") return undefined;
    rest = t.slice(i + 2);
  } else {
    const k = t.indexOf("!");
    if (k <= 0) return undefined;
    sheet = t.slice(0, k);
    rest = t.slice(k + 1);
  }
  if (!sheet || /[[\]:]/.test(sheet)) return undefined; // external workbook or 3-D reference
  const ends = rest.split(":");
  if (ends.length > 2) return undefined;
  const p = fromA1(ends[0]);
  if (!p) return undefined;
  if (ends.length === 2) {
    const q = fromA1(ends[1]);
    if (!q || q.row !== p.row || q.col !== p.col) return undefined;
  }
  return { sheet, cell: toA1(p.row, p.col) };
}

/**
 * The defined names each sheet receives, worked out once per parsed workbook part (a batch written from one
 * template shares it, see PartMemo): sheet index → its names record, in the order they are assigned.
 */
const namePlans = new WeakMap<WorkbookXml, { target: number; names: Record<string, string> }[]>();

function planNames(wb: WorkbookXml): { target: number; names: Record<string, string> }[] {
  const bySheet = new Map<string, number>();
  wb.sheets.forEach((s, i) => {
    const key = s.name.toLowerCase();
    if (!bySheet.has(key)) bySheet.set(key, i);
  });
  const plan = new Map<number, Record<string, string>>();
  // workbook-scoped first, so a sheet-scoped name of the same spelling wins on its own sheet
  const ordered = [...wb.names.filter((n) => n.localSheetId === undefined), ...wb.names.filter((n) => n.localSheetId !== undefined)];
  for (const n of ordered) {
    if (n.name.toLowerCase().startsWith("_xlnm.")) continue;
    const ref = parseNameRef(n.text);
    if (!ref) continue;
    const target = bySheet.get(ref.sheet.toLowerCase());
    if (target === undefined) continue;
    if (n.localSheetId !== undefined && n.localSheetId !== target) continue;
    let names = plan.get(target);
    if (!names) plan.set(target, (names = {}));
    names[n.name] = ref.cell;
  }
  return [...plan].map(([target, names]) => ({ target, names }));
}

function assignNames(wb: WorkbookXml, grids: (Grid | undefined)[]): void {
  let plan = namePlans.get(wb);
  if (!plan) namePlans.set(wb, (plan = planNames(wb)));
  for (const { target, names } of plan) {
    const grid = grids[target];
    // a copy per grid: callers may change their grid's names
    if (grid) grid.names = { ...names };
  }
}

// ---------------------------------------------------------------------------------------------
// sharedStrings.xml and rich text

function parseSharedStrings(src: XmlSource, part: string): string[] {
  const sc = new XmlScanner(src.text, src.bytes);
  const out: string[] = [];
  try {
    for (;;) {
      // inside <sst> (any other root is skipped whole): the usual item read in place, start tag and all
      if (sc.depth === 1 && !sc.selfClosing) {
        const v = wholeSharedString(sc);
        if (v !== undefined) {
          out.push(v);
          continue;
        }
      }
      const t = sc.next();
      if (t === END) break;
      if (t !== OPEN) continue;
      if (sc.name === "si") out.push(plainSharedString(sc) ?? readRichText(sc));
      else if (sc.name !== "sst") sc.skip();
    }
  } catch (err) {
    throw inPart(err, part);
  }
  return out;
}

/**
 * At the next tag inside `<sst>`: `<si><t>text</t></si>` (or `<t xml:space="preserve">`) read whole, in
 * place; undefined, consuming nothing, for anything else.
 */
function wholeSharedString(sc: XmlScanner): string | undefined {
  const s = sc.input;
  let p = sc.offset;
  let c = s.charCodeAt(p);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p);
  if (c !== 60 || s.charCodeAt(p + 1) !== 115 /* s */ || s.charCodeAt(p + 2) !== 105 /* i */ || s.charCodeAt(p + 3) !== 62) return undefined;
  p += 4;
  const start = s.startsWith("<t>", p) ? p + 3 : s.startsWith('<t xml:space="preserve">', p) ? p + 24 : -1;
  if (start < 0) return undefined;
  const end = s.indexOf("<", start);
  if (end < 0 || !s.startsWith("</t></si>", end)) return undefined;
  const text = unescapeOoxml(sc.text(start, end));
  sc.advanceTo(end + 9);
  return text;
}

/**
 * After OPEN of `<si>`: the usual `<si><t>text</t></si>` (or `<t xml:space="preserve">`) read in place,
 * through `</si>`; undefined, consuming nothing, for any other shape (readRichText reads it).
 */
function plainSharedString(sc: XmlScanner): string | undefined {
  if (sc.selfClosing) return undefined;
  const s = sc.input;
  const p = sc.offset;
  const start = s.startsWith("<t>", p) ? p + 3 : s.startsWith('<t xml:space="preserve">', p) ? p + 24 : -1;
  if (start < 0) return undefined;
  const end = s.indexOf("<", start);
  if (end < 0 || !s.startsWith("</t></si>", end)) return undefined;
  const text = unescapeOoxml(sc.text(start, end));
  sc.advanceTo(end + 4); // past </t>: the scanner then closes <si> itself
  if (sc.next() !== CLOSE) throw new XmlError("malformed shared string");
  return text;
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

/**
 * The usual shape of a cell as Excel, ExcelJS, LibreOffice and openpyxl write it: `r`, then optional `s`
 * and `t`, then an optional formula and an optional plain `<v>`. Matched whole by a sticky regex (much
 * faster than tokenising); anything else (inline strings, entities, other attributes, prefixes) takes
 * the general path.
 */
const FAST_CELL =
  /<c r="([A-Z]{1,3}[0-9]{1,7})"(?: s="[0-9]{1,6}")?(?: t="([a-zA-Z]{1,9})")?(?:\/>|>(?:<f(?: [^>]*)?(?:\/>|>[^<]*<\/f>))?(?:<v>([^<&\r]*)<\/v>)?<\/c>)/y;

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
      if (ch >= 65 && ch <= 90) (cc = cc * 26 + ch - 64), letters++;
      else if (ch >= 97 && ch <= 122) (cc = cc * 26 + ch - 96), letters++;
      else if (ch >= 48 && ch <= 57) (rr = rr * 10 + ch - 48), digits++;
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

// Results of fastCell, in module variables: nothing is allocated per cell.
let fcPos = 0;
/** 0: no t attribute; 1: t="s"; 2: t="n"; 3: another type, in input[fcTypeStart, fcTypeEnd) */
let fcType = 0;
let fcTypeStart = 0;
let fcTypeEnd = 0;
/** the text of <v>, input[fcValueStart, fcValueEnd); fcValueStart < 0 when there is none */
let fcValueStart = -1;
let fcValueEnd = -1;

/**
 * The commonest cells, read in place: `<c r="B3"( s="7")?( t="s")?/>` or `…><v>text</v></c>`, the
 * language of FAST_CELL without a formula. Returns the end of the cell, -1 when the text is not such a
 * cell (or its reference is out of range): the caller then tries FAST_CELL, then the tokenizer.
 */
function fastCell(s: string, p: number): number {
  // <c r=" (compared by character: startsWith with a position costs more here)
  if (s.charCodeAt(p + 1) !== 99 || s.charCodeAt(p + 2) !== 32 || s.charCodeAt(p + 3) !== 114 || s.charCodeAt(p + 4) !== 61 || s.charCodeAt(p + 5) !== 34) return -1;
  let i = p + 6;
  let col = 0;
  let letters = 0;
  for (let ch = s.charCodeAt(i); ch >= 65 && ch <= 90 && letters < 3; ch = s.charCodeAt(++i)) {
    col = col * 26 + ch - 64;
    letters++;
  }
  let row = 0;
  let digits = 0;
  for (let ch = s.charCodeAt(i); ch >= 48 && ch <= 57 && digits < 7; ch = s.charCodeAt(++i)) {
    row = row * 10 + ch - 48;
    digits++;
  }
  if (letters === 0 || digits === 0 || s.charCodeAt(i) !== 34 /* " */) return -1;
  if (row < 1 || row > MAX_ROW || col > MAX_COL) return -1;
  fcPos = (row - 1) * MAX_COL + col - 1;
  i++;
  if (isAttrStart(s, i, 115 /* s */)) {
    let j = i + 4;
    while (j < i + 10 && isDigit(s.charCodeAt(j))) j++;
    if (j === i + 4 || s.charCodeAt(j) !== 34) return -1;
    i = j + 1;
  }
  fcType = 0;
  if (isAttrStart(s, i, 116 /* t */)) {
    let j = i + 4;
    while (j < i + 13 && isLetter(s.charCodeAt(j))) j++;
    if (j === i + 4 || s.charCodeAt(j) !== 34) return -1;
    fcTypeStart = i + 4;
    fcTypeEnd = j;
    fcType = j - fcTypeStart === 1 && s.charCodeAt(fcTypeStart) === 115 /* s */ ? 1 : j - fcTypeStart === 1 && s.charCodeAt(fcTypeStart) === 110 /* n */ ? 2 : 3;
    i = j + 1;
  }
  fcValueStart = -1;
  const c = s.charCodeAt(i);
  if (c === 47 /* / */) return s.charCodeAt(i + 1) === 62 ? i + 2 : -1;
  if (c !== 62 /* > */) return -1;
  i++;
  if (s.charCodeAt(i) === 60 && s.charCodeAt(i + 1) === 118 /* v */ && s.charCodeAt(i + 2) === 62) {
    let j = i + 3;
    for (let ch = s.charCodeAt(j); ch !== 60 && ch !== 38 && ch !== 13 && j < s.length; ch = s.charCodeAt(++j));
    // </v>
    if (s.charCodeAt(j + 1) !== 47 || s.charCodeAt(j + 2) !== 118 || s.charCodeAt(j + 3) !== 62) return -1;
    fcValueStart = i + 3;
    fcValueEnd = j;
    i = j + 4;
  }
  // </c>
  return s.charCodeAt(i) === 60 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 99 && s.charCodeAt(i + 3) === 62 ? i + 4 : -1;
}

/** ` x="` at i, x being the given letter */
function isAttrStart(s: string, i: number, letter: number): boolean {
  return s.charCodeAt(i) === 32 && s.charCodeAt(i + 1) === letter && s.charCodeAt(i + 2) === 61 && s.charCodeAt(i + 3) === 34;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** fastNumber of input[a, b) (see fastNumber), without cutting the text out */
function fastNumberAt(v: string, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (v.charCodeAt(i) === 45 /* - */) (neg = true), i++;
  if (i >= b || b - i > 16) return NaN;
  let m = 0;
  let digits = 0;
  let scale = -1;
  for (; i < b; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 /* . */ && scale < 0) scale = i;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const frac = scale < 0 ? 0 : b - scale - 1;
  const x = frac ? m / POW10[frac] : m;
  return neg ? -x : x;
}

/** the value of the cell fastCell just read */
function fastCellValue(sc: XmlScanner, s: string, sst: string[], date1904: boolean): CellValue {
  const a = fcValueStart;
  const b = fcValueEnd;
  if (fcType === 0 || fcType === 2) {
    if (a < 0 || a === b) return null;
    const x = fastNumberAt(s, a, b);
    if (x === x) return x; // not NaN
  } else if (fcType === 1 && a >= 0 && b > a && b - a <= 9) {
    let k = 0;
    for (let i = a; i < b; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) {
        k = -1;
        break;
      }
      k = k * 10 + c - 48;
    }
    if (k >= 0 && k < sst.length) return sst[k];
  }
  const type = fcType === 0 ? undefined : fcType === 1 ? "s" : fcType === 2 ? "n" : s.slice(fcTypeStart, fcTypeEnd);
  return cellValue(type, a < 0 ? undefined : sc.slice(a, b), undefined, sst, date1904);
}

function hasHighChar(v: string): boolean {
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) >= 0x80) return true;
  return false;
}

function parseWorksheet(
  src: XmlSource,
  part: string,
  sst: string[],
  date1904: boolean,
  budget: Budget,
): { rows: CellValue[][]; merges: CellRange[] } {
  const sc = new XmlScanner(src.text, src.bytes);
  const s = sc.input;
  const rows: CellValue[][] = [];
  const merges: CellRange[] = [];
  let sawRoot = false;
  let inData = false;
  let row = -1;
  let col = -1;
  try {
    for (;;) {
      if (inData && !sc.selfClosing) {
        let p = sc.offset;
        let ch = s.charCodeAt(p);
        while (ch === 32 || ch === 10 || ch === 9 || ch === 13) ch = s.charCodeAt(++p);
        const end = ch === 60 ? fastCell(s, p) : -1;
        if (end > 0) {
          sc.advanceTo(end);
          row = Math.floor(fcPos / MAX_COL);
          col = fcPos - row * MAX_COL;
          if (++budget.cells > budget.max) throw new Fail({ kind: "too-large", part, limit: budget.max });
          put(rows, row, col, fastCellValue(sc, s, sst, date1904), budget, part);
          continue;
        }
        const m = sc.match(FAST_CELL);
        if (m) {
          const pos = cellPosition(m[1], row, col);
          if (pos < 0) throw new XmlError(`cell reference out of range ("${m[1]}")`);
          row = Math.floor(pos / MAX_COL);
          col = pos - row * MAX_COL;
          if (++budget.cells > budget.max) throw new Fail({ kind: "too-large", part, limit: budget.max });
          // in a binary view, a value with non-ASCII text is decoded from the bytes (it ends 8 characters before the match: </v></c>)
          let v = m[3];
          if (v !== undefined && hasHighChar(v)) v = sc.slice(sc.offset - 8 - v.length, sc.offset - 8);
          put(rows, row, col, cellValue(m[2], v, undefined, sst, date1904), budget, part);
          continue;
        }
      }
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

function cellValue(type: string | undefined, v: string | undefined, inline: string | undefined, sst: string[], date1904: boolean): CellValue {
  switch (type) {
    case undefined:
    case "n":
    case "": {
      if (v === undefined || v === "") return null;
      const fast = fastNumber(v);
      if (fast === fast) return fast; // not NaN
      const num = Number(v); // Number() ignores surrounding white space
      if (num === 0 && v.trim() === "") return null;
      return Number.isNaN(num) ? v.trim() : num;
    }
    case "s": {
      // an empty <v/> is an empty cell, not shared string 0
      if (v === undefined || v.trim() === "") return null;
      let k = fastNumber(v);
      if (k !== k) k = Number(v);
      const s = sst[k];
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

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `[-]digits[.digits]` with at most 15 significant digits, converted exactly as Number() would (an integer
 * below 2^53 divided by an exact power of ten is correctly rounded); NaN for anything else, which
 * the caller then hands to Number().
 */
export function fastNumber(v: string): number {
  return fastNumberAt(v, 0, v.length);
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
