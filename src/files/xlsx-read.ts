/**
 * Reading received .xlsx workbooks: bytes → one Grid per worksheet.
 *
 * Pure (fflate + TextDecoder; no fs, no DOM): runs in Node and in the
 * browser bundle. Never throws: every problem with the input becomes a WorkbookReadFailure. Only the parts
 * needed are inflated (`_rels/.rels`, the workbook part and its rels, the shared strings, the worksheets),
 * each refused by its declared size before inflating and guarded by its actual size while inflating.
 *
 * By concern: sniff.ts tells what the bytes are, xlsx-package.ts reads the package structure (parts,
 * content types, workbook.xml, relationships, sheet list), xlsx-cells.ts reads the cells (shared strings,
 * worksheet XML → Grid), xlsx-failure.ts holds the failures and limits they share.
 */
import type { Grid } from "../core/grid";
import { describeMarkup, detectFormat, oleHasStream, asBytes } from "./sniff";
import { readGrids } from "./xlsx-cells";
import { DEFAULT_LIMITS, Fail, packageFailure, type ReadLimits, type WorkbookReadFailure } from "./xlsx-failure";
import { OTHER_FORMAT_DETAIL, PartReader, readStructure } from "./xlsx-package";
import { ZipArchive } from "./zip";

// format sniffing lives in sniff.ts; these stay importable from here
export { asBytes, detectFormat, oleHasStream, type DetectedFormat } from "./sniff";
export { DEFAULT_LIMITS, packageFailure, type ReadLimits, type WorkbookReadFailure } from "./xlsx-failure";
export { parseNameRef, resolvePath } from "./xlsx-package";
export { isoToSerial } from "./xlsx-cells";

export interface WorkbookRead {
  sheets: Grid[];
  hasMacros: boolean;
  /** sheets left out because the package cannot give their worksheet (the rest of the workbook is read) */
  skippedSheets?: { sheet: string; reason: "no-relationship" | "part-missing" }[];
}

export type WorkbookReadResult = { ok: true; workbook: WorkbookRead } | { ok: false; failure: WorkbookReadFailure };

export function readWorkbook(bytes: Uint8Array, limits?: Partial<ReadLimits>): WorkbookReadResult {
  try {
    return { ok: true, workbook: read(bytes, mergeLimits(limits)) };
  } catch (err) {
    return { ok: false, failure: err instanceof Fail ? err.failure : packageFailure(err) };
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
  const structure = readStructure(zip, parts);
  const out: WorkbookRead = { sheets: readGrids(structure, parts, limits), hasMacros: structure.hasMacros };
  if (structure.skippedSheets.length > 0) out.skippedSheets = structure.skippedSheets;
  return out;
}
