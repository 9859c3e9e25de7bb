/**
 * A received workbook file, from bytes to an Analysis: read it (src/files/xlsx-read), turn every reading
 * failure into a file finding, then find, read and validate the statistics table (src/core/analyze).
 * Pure (no fs, no DOM): the web page and the command line both use it.
 */
import { analyzeSheets, type Analysis } from "../core/analyze";
import { finding, type Finding } from "../core/findings";
import type { Grid } from "../core/grid";
import { ROLLUP_SHEETS } from "../core/rollup-layout";
import { ROLLUP_EXTRA_SHEETS } from "../core/summary";
import type { Template } from "../templates/schema";
import { isStoredTemplateSheetName, readMetadata, readStoredTemplates, METADATA_SHEET, type WorkbookMetadata } from "../core/metadata";
import { isLegacyCandidate, type LegacyReader } from "./legacy-read";
import type { WordTableAnalyzer } from "./word-tables";
import { DEFAULT_LIMITS, readWorkbook, type WorkbookReadFailure } from "./xlsx-read";
import { templateProblemLine } from "../messages/template-zh-CN";

export interface WorkbookAnalysis extends Analysis {
  /** what our own writers recorded in the workbook, when it was written by us */
  metadata?: WorkbookMetadata;
}

export interface AnalyzeWorkbookOptions {
  /**
   * When no template is wanted and the workbook carries a template (written by our writers) whose id is
   * not among `templates`, try it too: a learned template travels with its blank workbooks. Default true.
   */
  useEmbeddedTemplate?: boolean;
  /** reads .xls/.et/.ods/.xlsb (SheetJS, loaded by the caller); without it such files get "save as .xlsx" */
  legacyReader?: LegacyReader;
  /** reads a .docx's tables as a submission (word-tables.ts, loaded by the caller); without it a filled-in Word table gets "this is a Word document" */
  wordTables?: WordTableAnalyzer;
}

const MiB = 1024 * 1024;

function itemCount(t: Template): number {
  return t.sections.reduce((n, s) => n + s.items.length, 0);
}

/** The file finding for a workbook that could not be read. */
export function failureFinding(failure: WorkbookReadFailure, templates: readonly Template[], wanted?: Template, fileName = ""): Finding {
  switch (failure.kind) {
    case "empty":
      return finding("file-empty", {});
    case "legacy-xls":
      // WPS 表格's .et is a compound document like .xls; only its name tells it apart
      return finding("file-legacy-xls", /\.et$/i.test(fileName) ? { wps: true } : {});
    case "encrypted":
      return finding("file-encrypted", {});
    case "html-or-text":
      return finding("file-not-xlsx", { detected: /^text\b/.test(failure.detail ?? "") ? "text" : "html" });
    case "not-zip":
      return finding("file-not-xlsx", { detected: failure.format ?? "unknown" });
    case "too-large": {
      // the reader states its limit without saying whether it counts bytes or cells; with the default
      // limits a cell-count refusal is reported against the per-part byte limit
      const bytes = failure.limit === DEFAULT_LIMITS.maxCells ? DEFAULT_LIMITS.maxPartBytes : failure.limit;
      return finding("file-too-large", { limitMiB: Math.max(1, Math.round(bytes / MiB)), ...(failure.part ? { part: failure.part } : {}) });
    }
    case "no-sheets": {
      // a workbook of chart sheets only: readable, but no table in it
      const t = wanted ?? templates[0];
      return finding("not-a-statistics-table", {
        found: 0,
        expected: t ? itemCount(t) : 0,
        ...(wanted ? { templateTitle: wanted.title } : {}),
      });
    }
    case "corrupt":
      // the reader's detail is English and technical: the user only needs to know the file is damaged
      return finding("file-corrupt", {});
  }
}

/**
 * Reads and validates one received workbook. Never throws: an unreadable file, or even a bug further
 * down, comes back as a file finding on `input.findings`.
 */
export function analyzeWorkbookBytes(
  source: string,
  bytes: Uint8Array,
  templates: readonly Template[],
  wanted?: Template,
  options: AnalyzeWorkbookOptions = {},
): WorkbookAnalysis {
  try {
    let read = readWorkbook(bytes);
    if (!read.ok && options.legacyReader && isLegacyCandidate(read.failure)) {
      // what SheetJS cannot parse (a WPS-only .et, a damaged .xls) keeps the advice to re-save as .xlsx
      const legacy = options.legacyReader(bytes, DEFAULT_LIMITS);
      if (legacy.ok || (legacy.failure.kind !== "corrupt" && legacy.failure.kind !== "no-sheets")) read = legacy;
    }
    if (!read.ok && options.wordTables && read.failure.kind === "not-zip" && read.failure.format === "docx") {
      const word = options.wordTables(source, bytes, templates, wanted);
      if (word) return word;
    }
    if (!read.ok) return { input: { source, findings: [{ ...failureFinding(read.failure, templates, wanted, source), file: source }] } };
    const { sheets, hasMacros } = read.workbook;
    const metadata = readMetadata(sheets);
    const fileFindings: Finding[] = hasMacros ? [finding("file-has-macros", {})] : [];
    for (const skipped of read.workbook.skippedSheets ?? []) fileFindings.push(finding("file-sheet-skipped", skipped));
    const tp = metadata?.templateProblem;
    if (tp) fileFindings.push(finding("file-template-too-large", { problem: templateProblemLine(tp) }));
    const grids = tableCandidates(sheets, metadata);
    let candidates = [...templates];
    if (!wanted && options.useEmbeddedTemplate !== false) {
      // the template of the metadata sheet, then those the add-in saved with the workbook
      const travelling = [...(metadata?.template ? [metadata.template] : []), ...(sheets.length > 1 ? readStoredTemplates(sheets) : [])];
      for (const t of travelling) if (!candidates.some((c) => c.id === t.id)) candidates.push(t);
    }
    // a workbook we wrote names its template: on a tie (defined names are per item id, which templates
    // may share) that one wins
    const own = candidates.findIndex((t) => t.id === metadata?.templateId);
    if (own > 0) candidates = [candidates[own], ...candidates.slice(0, own), ...candidates.slice(own + 1)];
    const analysis: WorkbookAnalysis = analyzeSheets(source, grids, candidates, { ...(wanted ? { wanted } : {}), fileFindings });
    if (metadata) analysis.metadata = metadata;
    return analysis;
  } catch {
    return { input: { source, findings: [{ ...finding("file-corrupt", {}), file: source }] } };
  }
}

/**
 * The sheets that may hold the table: never our metadata sheet; in a roll-up we wrote, not the detail
 * and status sheets either (they list the same items and would look like a second table).
 */
function tableCandidates(sheets: readonly Grid[], metadata: WorkbookMetadata | undefined): Grid[] {
  const generated = new Set<string>([METADATA_SHEET]);
  if (metadata?.kind === "rollup") {
    generated.add(ROLLUP_SHEETS.detail);
    generated.add(ROLLUP_SHEETS.status);
    for (const extra of ROLLUP_EXTRA_SHEETS) generated.add(extra);
  }
  return sheets.filter((g) => !generated.has(g.sheetName) && !isStoredTemplateSheetName(g.sheetName));
}
