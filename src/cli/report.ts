/** Reading received files for a command, and printing findings: text grouped per department, or JSON. */
import { familyOf, finding, type Finding } from "../core/findings";
import { renderMessage, SEVERITY_LABEL } from "../messages/zh-CN";
import type { Template } from "../templates/schema";
import { analyzeWorkbookBytes, type WorkbookAnalysis } from "../files/workbook";
import { MAX_INPUT_MIB, readInput, type InputArg } from "./files";

export interface FileResult {
  display: string;
  /** absent when the file could not be opened at all (not found, a folder) */
  analysis?: WorkbookAnalysis;
  /** why it could not be opened, in Chinese */
  unopenable?: string;
}

/** Reads and analyses every input; never throws for a bad file. */
export function analyzeInputs(inputs: readonly InputArg[], templates: readonly Template[], wanted?: Template): FileResult[] {
  return inputs.map((input) => {
    const read = readInput(input);
    if (read.ok) return { display: input.display, analysis: analyzeWorkbookBytes(input.display, read.bytes, templates, wanted) };
    if (read.tooLarge) {
      return { display: input.display, analysis: { input: { source: input.display, findings: [finding("file-too-large", { limitMiB: MAX_INPUT_MIB, file: input.display })] } } };
    }
    return { display: input.display, unopenable: read.message };
  });
}

/** all findings of one file: file-level first, then the table's */
export function findingsOf(a: WorkbookAnalysis): Finding[] {
  return [...a.input.findings, ...(a.input.report?.findings ?? [])];
}

export function isValid(a: WorkbookAnalysis): boolean {
  return !!a.input.report && a.input.report.valid && !a.input.findings.some((f) => f.severity === "error");
}

// ---------------------------------------------------------------------------------------------
// JSON

export interface Issue {
  code: string;
  severity: "error" | "warning";
  section: string | null;
  item: string | null;
  cell: string | null;
  message: string;
}

export function issueOf(f: Finding): Issue {
  return { code: f.code, severity: f.severity, section: f.section ?? null, item: f.item ?? null, cell: f.cell ?? null, message: renderMessage(f) };
}

/** a file that could not be opened: not a finding of the core (nothing was read), same shape */
export const UNOPENABLE_CODE = "file-unopenable";

export function unopenableIssue(message: string): Issue {
  return { code: UNOPENABLE_CODE, severity: "error", section: null, item: null, cell: null, message: `${message}。` };
}

// ---------------------------------------------------------------------------------------------
// Text

const GROUP_OF_FAMILY: Record<string, string> = { file: "文件", header: "表头", consolidation: "报送" };

/**
 * Findings as lines, grouped per department section in the template's order; findings about the file,
 * the header or the batch come first under their own heading.
 */
export function findingLines(findings: readonly Finding[], template: Template | undefined, indent = "  "): string[] {
  const groups = new Map<string, { title: string; order: number; findings: Finding[] }>();
  const sectionOrder = new Map<string, number>((template?.sections ?? []).map((s, i) => [s.id, i]));
  for (const f of findings) {
    let key: string;
    let title: string;
    let order: number;
    if (f.sectionId) {
      key = `s:${f.sectionId}`;
      title = f.section ?? f.sectionId;
      order = 100 + (sectionOrder.get(f.sectionId) ?? 999);
    } else {
      const family = familyOf(f);
      key = `f:${family}`;
      title = GROUP_OF_FAMILY[family] ?? "其他";
      order = family === "file" ? 0 : family === "header" ? 1 : family === "consolidation" ? 2 : 3;
    }
    const g = groups.get(key) ?? { title, order, findings: [] };
    g.findings.push(f);
    groups.set(key, g);
  }
  const lines: string[] = [];
  for (const g of [...groups.values()].sort((a, b) => a.order - b.order)) {
    lines.push(`${indent}【${g.title}】`);
    for (const f of g.findings) lines.push(`${indent}  ${SEVERITY_LABEL[f.severity]}：${renderMessage(f)}`);
  }
  return lines;
}

export function countText(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const parts = [...(errors ? [`错误 ${errors} 条`] : []), ...(warnings ? [`提醒 ${warnings} 条`] : [])];
  return parts.join("，") || "没有问题";
}
