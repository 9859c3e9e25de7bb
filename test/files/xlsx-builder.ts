/**
 * Hand-built .xlsx packages for the odd cases real writers rarely produce (fflate zipSync), and
 * byte-level patches of zip headers. Test support only.
 */
import { strToU8, zipSync, type Zippable } from "fflate";

export const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
export const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export interface SheetSpec {
  name: string;
  /** the whole part text; see `worksheet()` */
  xml: string;
  state?: "visible" | "hidden" | "veryHidden";
  /** relationship target as written in workbook.xml.rels (default worksheets/sheetN.xml) */
  target?: string;
  /** zip path of the part (default derived from target relative to xl/) */
  path?: string;
  type?: "worksheet" | "chartsheet";
}

export interface BuildOptions {
  sheets: SheetSpec[];
  /** shared string items, each the inner XML of an <si> (plain text is escaped when `sstText` is used) */
  sstXml?: string[];
  definedNames?: string;
  workbookPr?: string;
  /** extra or replacing zip entries */
  files?: Record<string, string | Uint8Array>;
  /** zip entries to leave out */
  omit?: string[];
  /** zip compression level (0 = stored) */
  level?: 0 | 1 | 6 | 9;
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A worksheet part: `<sheetData>` content plus anything after it (mergeCells …). */
export function worksheet(sheetData: string, after = "", before = ""): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">${before}<sheetData>${sheetData}</sheetData>${after}</worksheet>`;
}

export function buildXlsx(opts: BuildOptions): Uint8Array {
  const files: Record<string, string | Uint8Array> = {};
  const sheetEls: string[] = [];
  const rels: string[] = [];
  const overrides: string[] = [];
  opts.sheets.forEach((s, i) => {
    const id = `rId${i + 1}`;
    const type = s.type ?? "worksheet";
    const target = s.target ?? `${type}s/sheet${i + 1}.xml`;
    const path = s.path ?? (target.startsWith("/") ? target.slice(1) : `xl/${target}`);
    files[path] = s.xml;
    sheetEls.push(`<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="${id}"/>`);
    rels.push(`<Relationship Id="${id}" Type="${REL}/${type}" Target="${xmlEscape(target)}"/>`);
    overrides.push(`<Override PartName="/${path}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${type}+xml"/>`);
  });
  if (opts.sstXml) {
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    files["xl/sharedStrings.xml"] =
      `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${NS_MAIN}" count="${opts.sstXml.length}" uniqueCount="${opts.sstXml.length}">` +
      opts.sstXml.map((si) => `<si>${si}</si>`).join("") +
      `</sst>`;
  }
  files["xl/workbook.xml"] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    (opts.workbookPr ?? "<workbookPr/>") +
    `<sheets>${sheetEls.join("")}</sheets>` +
    (opts.definedNames ? `<definedNames>${opts.definedNames}</definedNames>` : "") +
    `</workbook>`;
  files["xl/_rels/workbook.xml.rels"] =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`;
  files["_rels/.rels"] =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  files["[Content_Types].xml"] =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides.join("")}</Types>`;
  Object.assign(files, opts.files ?? {});
  for (const o of opts.omit ?? []) delete files[o];
  return zipFiles(files, opts.level ?? 6);
}

export function zipFiles(files: Record<string, string | Uint8Array>, level: 0 | 1 | 6 | 9 = 6): Uint8Array {
  const z: Zippable = {};
  for (const [name, data] of Object.entries(files)) z[name] = [typeof data === "string" ? strToU8(data) : data, { level }];
  return zipSync(z);
}

const u32 = (d: Uint8Array, o: number) => (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)) >>> 0;
const u16 = (d: Uint8Array, o: number) => d[o] | (d[o + 1] << 8);
const put32 = (d: Uint8Array, o: number, v: number) => {
  d[o] = v & 0xff;
  d[o + 1] = (v >>> 8) & 0xff;
  d[o + 2] = (v >>> 16) & 0xff;
  d[o + 3] = (v >>> 24) & 0xff;
};

/** Rewrites the uncompressed-size fields (central directory and local header) of one entry. */
export function patchDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const d = zip.slice();
  let found = false;
  for (let o = 0; o + 46 <= d.length; o++) {
    if (u32(d, o) !== 0x02014b50) continue;
    const nameLen = u16(d, o + 28);
    const entryName = new TextDecoder().decode(d.subarray(o + 46, o + 46 + nameLen));
    if (entryName !== name) continue;
    put32(d, o + 24, size);
    const local = u32(d, o + 42);
    put32(d, local + 22, size);
    found = true;
  }
  if (!found) throw new Error(`no entry ${name}`);
  return d;
}

/** Minimal OLE2 (compound file) bytes: the signature, a header, and optionally a directory entry name. */
export function ole2Bytes(streamName?: string): Uint8Array {
  const d = new Uint8Array(4096);
  d.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  d[0x1a] = 0x3e; // minor version
  d[0x1c] = 0xfe; // byte order mark FFFE
  d[0x1d] = 0xff;
  d[0x1e] = 9; // sector shift
  if (streamName) {
    // a directory entry at sector 1 (offset 1024 with 512-byte sectors after the header block)
    const at = 1024;
    for (let i = 0; i < streamName.length; i++) {
      d[at + 2 * i] = streamName.charCodeAt(i);
      d[at + 2 * i + 1] = 0;
    }
    d[at + 64] = (streamName.length + 1) * 2;
    d[at + 66] = 2; // stream object
  }
  return d;
}
