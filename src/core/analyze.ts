import type { Grid } from "./grid";
import type { Finding } from "./findings";
import { detectTable, type SheetMatch } from "./detect";
import { validate, type Report } from "./validate";
import type { ReceivedInput } from "./consolidate";
import type { Template } from "../templates/schema";

export interface Analysis {
  input: ReceivedInput;
  match?: SheetMatch;
}

/**
 * Reads and validates the sheets of one workbook (or one sheet of the open workbook): finds the table,
 * reads it by labels and judges it. `fileFindings` are problems the file reader already saw.
 */
export function analyzeSheets(
  source: string,
  grids: readonly Grid[],
  templates: readonly Template[],
  options: { wanted?: Template; fileFindings?: Finding[] } = {},
): Analysis {
  const fileFindings = stampAll(options.fileFindings ?? [], source);
  const detection = detectTable(grids, templates, options.wanted);
  if (!detection.ok) return { input: { source, findings: [...fileFindings, ...stampAll(detection.findings, source)] } };
  const { match } = detection;
  const report: Report = validate(match.template, match.submission);
  const sheet = match.grid.sheetName;
  report.findings = report.findings.map((f) => ({ ...f, file: source, sheet }));
  return { input: { source, report, findings: [...fileFindings, ...stampAll(detection.findings, source)] }, match };
}

/** the findings with the file they are about (a function, not a closure per call: cheaper per file) */
function stampAll(findings: readonly Finding[], source: string): Finding[] {
  return findings.length === 0 ? [] : findings.map((f) => ({ ...f, file: source }));
}
