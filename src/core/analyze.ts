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
  const stamp = (f: Finding): Finding => ({ ...f, file: source });
  const fileFindings = (options.fileFindings ?? []).map(stamp);
  const detection = detectTable(grids, templates, options.wanted);
  if (!detection.ok) return { input: { source, findings: [...fileFindings, ...detection.findings.map(stamp)] } };
  const { match } = detection;
  const report: Report = validate(match.template, match.submission);
  report.findings = report.findings.map((f) => ({ ...stamp(f), sheet: match.grid.sheetName }));
  return { input: { source, report, findings: [...fileFindings, ...detection.findings.map(stamp)] }, match };
}
