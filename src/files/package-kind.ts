/**
 * What an OPC (Office Open XML) package is, by `[Content_Types].xml`: the content type of its main part.
 * Part names vary by producer (WPS, LibreOffice, python-docx, `word/document2.xml` …); content types do not,
 * so a Word file or a presentation is named for what it is before anything is taken for a workbook.
 */
import type { OtherOfficeFormat } from "../core/findings";
import { XmlError, XmlScanner, type XmlSource } from "./xml-scan";

export type PackageKind = "workbook" | OtherOfficeFormat;

export interface ContentTypes {
  /** part name without the leading "/", lower case → content type */
  overrides: Map<string, string>;
  /** extension, lower case → content type */
  defaults: Map<string, string>;
}

const OPEN = 1;
const END = 0;

/** The Override and Default entries; an unreadable part gives what was read before the damage. */
export function parseContentTypes(src: XmlSource): ContentTypes {
  const out: ContentTypes = { overrides: new Map(), defaults: new Map() };
  const sc = new XmlScanner(src.text);
  try {
    for (let t = sc.next(); t !== END; t = sc.next()) {
      if (t !== OPEN) continue;
      const type = sc.attr("ContentType");
      if (type === undefined) continue;
      if (sc.name === "Override") {
        const part = sc.attr("PartName");
        if (part !== undefined) out.overrides.set(part.replace(/^\/+/, "").toLowerCase(), type.trim().toLowerCase());
      } else if (sc.name === "Default") {
        const ext = sc.attr("Extension");
        if (ext !== undefined) out.defaults.set(ext.replace(/^\./, "").toLowerCase(), type.trim().toLowerCase());
      }
    }
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
  }
  return out;
}

export function contentTypeOf(types: ContentTypes, part: string): string | undefined {
  const name = part.replace(/^\/+/, "").toLowerCase();
  const own = types.overrides.get(name);
  if (own !== undefined) return own;
  const dot = name.lastIndexOf(".");
  return dot < 0 || dot < name.lastIndexOf("/") ? undefined : types.defaults.get(name.slice(dot + 1));
}

/**
 * The kind of package a main part of this content type makes, or undefined for a content type that is no
 * Office main part (a style sheet, an image …).
 */
export function kindOfMainType(contentType: string): PackageKind | undefined {
  const t = contentType.toLowerCase();
  if (!/\.main(\+xml)?$/.test(t)) return undefined;
  if (t.includes("spreadsheetml") || t.includes("ms-excel")) return t.includes("binary") ? "xlsb" : "workbook";
  if (t.includes("wordprocessingml") || t.includes("ms-word")) return "docx";
  if (t.includes("presentationml") || t.includes("ms-powerpoint")) return "pptx";
  return undefined;
}

/** The first Override that is a main part, for a package whose root relationships do not name one. */
export function findMainPart(types: ContentTypes): { part: string; kind: PackageKind } | undefined {
  for (const [part, type] of types.overrides) {
    const kind = kindOfMainType(type);
    if (kind !== undefined) return { part, kind };
  }
  return undefined;
}
