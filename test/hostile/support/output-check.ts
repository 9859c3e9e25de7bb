/**
 * Inspects an .xlsx we wrote, at the XML level (not through our own reader): every cell with its type,
 * formula and text, so tests can assert that received text never became a formula.
 */
import { unzipSync, strFromU8 } from "fflate";
import { decodeEntities } from "../../../src/files/xml-scan";

export interface WrittenCell {
  part: string;
  ref: string;
  /** the t attribute ("s", "inlineStr", "str", "n" …; undefined for numbers) */
  t?: string;
  /** formula text when the cell has an <f> element */
  f?: string;
  /** the cell's text: the shared string, inline string or cached value */
  text: string;
}

const unxstr = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

function texts(xml: string): string {
  let out = "";
  for (const m of xml.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += unxstr(decodeEntities(m[1]));
  return out;
}

export function writtenCells(bytes: Uint8Array): WrittenCell[] {
  const files = unzipSync(bytes);
  const sstXml = files["xl/sharedStrings.xml"] ? strFromU8(files["xl/sharedStrings.xml"]) : "";
  const sst = [...sstXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
  const cells: WrittenCell[] = [];
  for (const [part, data] of Object.entries(files)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(part)) continue;
    const xml = strFromU8(data);
    for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = m[1];
      const body = m[2] ?? "";
      const ref = /\br="([^"]+)"/.exec(attrs)?.[1] ?? "?";
      const t = /\bt="([^"]+)"/.exec(attrs)?.[1];
      const fm = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(body);
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let text = "";
      if (t === "s" && v !== undefined) text = sst[Number(v)] ?? "";
      else if (t === "inlineStr") text = texts(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? "");
      else if (v !== undefined) text = unxstr(decodeEntities(v));
      cells.push({ part, ref, ...(t ? { t } : {}), ...(fm ? { f: decodeEntities(fm[1] ?? "") } : {}), text });
    }
  }
  return cells;
}

/** a formula our writers may produce: functions over plain cell references, nothing else */
export const SAFE_FORMULA =
  /^[A-Z][A-Z0-9.]*\((?:\$?[A-Z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Z]{1,3}\$?[0-9]{1,7})?)?(?:,\$?[A-Z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Z]{1,3}\$?[0-9]{1,7})?)*\)$/;

/** Excel's limit on the characters in one cell; longer text makes Excel "repair" the file */
export const EXCEL_CELL_MAX = 32767;
