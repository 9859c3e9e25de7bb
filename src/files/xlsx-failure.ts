/**
 * How reading a received .xlsx fails: the failure kinds readWorkbook returns, the error that carries one
 * out of the package and cell readers, and the limits every read is held to.
 */
import type { OtherOfficeFormat } from "../core/findings";
import { XmlError } from "./xml-scan";
import { ZipError } from "./zip";

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

/** thrown inside the reader, turned into its failure by readWorkbook */
export class Fail extends Error {
  constructor(readonly failure: WorkbookReadFailure) {
    super(failure.kind);
    this.name = "Fail";
  }
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

/** an XML error named after the part it is in */
export function inPart(err: unknown, part: string): unknown {
  return err instanceof XmlError ? new XmlError(`${part}: ${err.message}`) : err;
}
