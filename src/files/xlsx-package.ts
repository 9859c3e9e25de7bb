/**
 * The package structure of a received .xlsx: which parts hold the workbook (root relationships,
 * [Content_Types].xml when the parts are not named as usual), workbook.xml (sheets, defined names, date
 * system), its relationships, and the list of worksheets with their parts and shared strings. Inflates
 * only these small parts, each held to the read limits; the cells are read by xlsx-cells.ts.
 */
import type { OtherOfficeFormat } from "../core/findings";
import { fromA1, toA1, type Grid } from "../core/grid";
import { contentTypeOf, findMainPart, kindOfMainType, parseContentTypes, type ContentTypes } from "./package-kind";
import { Fail, inPart, type ReadLimits } from "./xlsx-failure";
import { END, OPEN, XmlError, XmlScanner, decodeXmlSource, type XmlSource } from "./xml-scan";
import type { ZipArchive } from "./zip";

/** Inflates parts within the read limits, and keeps count of what it inflated. */
export class PartReader {
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
  // the usual workbook (main part xl/….xml, present): no other Office format names its main part so;
  // anything else is identified by its content types
  const usual = path !== undefined && /^xl\/[^/]+\.xml$/i.test(path) && zip.has(path);
  const types = usual ? undefined : readContentTypes(zip, parts);
  if (types) {
    // the main part's content type says what the package is, whatever its parts are called
    const declared = path === undefined ? undefined : contentTypeOf(types, path);
    const main =
      declared !== undefined && kindOfMainType(declared) !== undefined
        ? { part: path!, kind: kindOfMainType(declared)! }
        : findMainPart(types);
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
  if (zip.has("xl/workbook.bin"))
    throw new Fail({ kind: "not-zip", detail: "Excel binary workbook (.xlsb) is not supported", format: "xlsb" });
  if (zip.has("mimetype") || zip.has("content.xml"))
    throw new Fail({ kind: "not-zip", detail: "OpenDocument file (.ods/.odt)", format: "ods" });
  if (zip.has("word/document.xml")) throw new Fail({ kind: "not-zip", detail: "Word document (.docx)", format: "docx" });
  if (zip.has("ppt/presentation.xml")) throw new Fail({ kind: "not-zip", detail: "PowerPoint presentation (.pptx)", format: "pptx" });
  if (zip.has("[Content_Types].xml") || zip.entries.some((e) => e.name.toLowerCase().startsWith("xl/"))) {
    throw new Fail({ kind: "corrupt", detail: "the workbook part (xl/workbook.xml) is missing" });
  }
  throw new Fail({ kind: "not-zip", detail: "a zip archive without a workbook" });
}

export const OTHER_FORMAT_DETAIL: Record<OtherOfficeFormat, string> = {
  xlsb: "Excel binary workbook (.xlsb) is not supported",
  ods: "OpenDocument file (.ods/.odt)",
  docx: "Word document (.docx)",
  pptx: "PowerPoint presentation (.pptx)",
  doc: "legacy Word document (.doc)",
};

/** [Content_Types].xml parsed, or undefined when the package has none */
function readContentTypes(zip: ZipArchive, parts: PartReader): ContentTypes | undefined {
  const name = "[Content_Types].xml";
  if (!zip.has(name)) return undefined;
  const src = parts.source(zip.get(name)!.name);
  return src === undefined ? undefined : parseContentTypes(src);
}

function relsPathFor(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that holds the relationship. */
export function resolvePath(fromPart: string, target: string): string {
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

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

function parseRels(src: XmlSource, part: string): Map<string, Rel> {
  const sc = new XmlScanner(src.text);
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

/** What the package says about the workbook: its parts, its sheets and which of them can be read. */
export interface WorkbookStructure {
  workbook: WorkbookXml;
  /** the worksheets to read, in workbook order; `index` is the sheet's place in workbook.xml */
  worksheets: { index: number; name: string; hidden: boolean; path: string }[];
  /** sheets left out because the package cannot give their worksheet */
  skippedSheets: { sheet: string; reason: "no-relationship" | "part-missing" }[];
  sharedStringsPath?: string;
  hasMacros: boolean;
}

/** Finds the workbook part, reads workbook.xml and its relationships, and lists the worksheets. */
export function readStructure(zip: ZipArchive, parts: PartReader): WorkbookStructure {
  const wbPath = findWorkbookPart(zip, parts);
  const workbook = parseWorkbookXml(parts.source(wbPath)!, wbPath);
  const relsPath = relsPathFor(wbPath);
  const relsText = parts.source(relsPath);
  if (relsText === undefined) throw new Fail({ kind: "corrupt", detail: `${relsPath} is missing` });
  const rels = parseRels(relsText, relsPath);

  let sharedStringsPath: string | undefined;
  for (const rel of rels.values()) {
    if (!rel.external && rel.type.endsWith("/sharedStrings")) {
      sharedStringsPath = findPart(zip, resolvePath(wbPath, rel.target));
      if (sharedStringsPath === undefined) throw new Fail({ kind: "corrupt", detail: `the shared strings part ${rel.target} is missing` });
    }
  }
  if (sharedStringsPath === undefined) {
    const guess = resolvePath(wbPath, "sharedStrings.xml");
    if (zip.has(guess)) sharedStringsPath = guess;
  }
  // a sheet whose part cannot be found (an old macro sheet with an empty r:id, a part a tool left out) is
  // skipped and reported; the workbook's other sheets are still read
  const worksheets: WorkbookStructure["worksheets"] = [];
  const skippedSheets: WorkbookStructure["skippedSheets"] = [];
  workbook.sheets.forEach((sheet, index) => {
    const rel = sheet.rid === undefined ? undefined : rels.get(sheet.rid);
    if (!rel) return void skippedSheets.push({ sheet: sheet.name, reason: "no-relationship" });
    if (!rel.type.endsWith("/worksheet")) return; // chartsheet, dialogsheet, macro sheet
    const path = findPart(zip, resolvePath(wbPath, rel.target));
    if (path === undefined) return void skippedSheets.push({ sheet: sheet.name, reason: "part-missing" });
    worksheets.push({ index, name: sheet.name, hidden: sheet.hidden, path });
  });
  if (worksheets.length === 0 && skippedSheets.length > 0) {
    const first = skippedSheets[0];
    throw new Fail({
      kind: "corrupt",
      detail: `sheet "${first.sheet}" ${first.reason === "part-missing" ? "has no worksheet part" : `has no relationship in ${relsPath}`}`,
    });
  }
  if (worksheets.length === 0) throw new Fail({ kind: "no-sheets" });
  const hasMacros = zip.entries.some((e) => {
    const n = e.name.toLowerCase();
    return n === "xl/vbaproject.bin" || n.endsWith("/vbaproject.bin");
  });
  return { workbook, worksheets, skippedSheets, ...(sharedStringsPath !== undefined ? { sharedStringsPath } : {}), hasMacros };
}

// ---------------------------------------------------------------------------------------------
// workbook.xml

export interface WorkbookXml {
  sheets: { name: string; rid?: string; hidden: boolean }[];
  names: { name: string; localSheetId?: number; text: string }[];
  date1904: boolean;
}

function parseWorkbookXml(src: XmlSource, part: string): WorkbookXml {
  const sc = new XmlScanner(src.text);
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
          wb.sheets.push({
            name: sc.attr("name") ?? `Sheet${wb.sheets.length + 1}`,
            rid: sc.attr("id"),
            hidden: state === "hidden" || state === "veryHidden",
          });
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

/** Gives each grid the defined names that point into its sheet (sheet index → names). */
export function assignNames(wb: WorkbookXml, grids: (Grid | undefined)[]): void {
  for (const { target, names } of planNames(wb)) {
    const grid = grids[target];
    if (grid) grid.names = names;
  }
}

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
