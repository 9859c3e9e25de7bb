/** Reading received files for a command, and printing findings: text grouped per department, or JSON. */
import type { ReceivedInput } from "../core/consolidate";
import { countBySeverity, familyOf, finding, type Finding } from "../core/findings";
import { renderMessage, SEVERITY_LABEL, severityCountText } from "../messages/zh-CN";
import type { Template } from "../templates/schema";
import { isReadError, summarizeFilesInParallel, type FileOutcome, type FileSummary } from "./parallel";
import { checkInput, MAX_INPUT_MIB, unopenableMessage, type InputArg } from "./files";

/**
 * What the commands keep of a file: its input (report values, remarks, findings), the template it was
 * recognised as and what our writers recorded in it (kind, roll-up unit). Never its bytes or grids.
 */
export type FileAnalysis = FileSummary;

export interface FileResult {
  display: string;
  /** absent when the file could not be opened at all (not found, a folder) */
  analysis?: FileAnalysis;
  /** why it could not be opened, in Chinese */
  unopenable?: string;
}

export interface AnalyzeInputsOptions {
  /** worker threads; default: none below PARALLEL_THRESHOLD files, else one per core (src/cli/parallel.ts) */
  workers?: number;
}

/**
 * Reads and analyses every input, in the order given; never throws for a bad file. Large batches are
 * read on all cores (worker threads); each file's bytes and grids are garbage once its analysis is kept.
 */
export async function analyzeInputs(
  inputs: readonly InputArg[],
  templates: readonly Template[],
  wanted?: Template,
  options: AnalyzeInputsOptions = {},
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(inputs.length);
  const readable: number[] = [];
  inputs.forEach((input, i) => {
    const check = checkInput(input);
    if (check.ok) readable.push(i);
    else if (check.tooLarge) results[i] = { display: input.display, analysis: { input: tooLargeInput(input.display) } };
    else results[i] = { display: input.display, unopenable: check.message };
  });
  const paths = readable.map((i) => inputs[i].path);
  const base = { sources: readable.map((i) => inputs[i].display), ...(wanted ? { wanted } : {}) };
  let outcomes: FileOutcome[];
  try {
    outcomes = await summarizeFilesInParallel(paths, templates, {
      ...base,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
    });
  } catch {
    // a worker thread could not start or died: the same work in this thread (slower, same results)
    outcomes = await summarizeFilesInParallel(paths, templates, { ...base, workers: 0 });
  }
  readable.forEach((i, k) => {
    const o = outcomes[k];
    const input = inputs[i];
    results[i] = isReadError(o)
      ? { display: input.display, unopenable: unopenableMessage(input, o.readError) }
      : { display: input.display, analysis: o };
  });
  return results;
}

function tooLargeInput(display: string): ReceivedInput {
  return { source: display, findings: [finding("file-too-large", { limitMiB: MAX_INPUT_MIB, file: display })] };
}

export function isValid(a: FileAnalysis): boolean {
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
  return {
    code: f.code,
    severity: f.severity,
    section: f.section ?? null,
    item: f.item ?? null,
    cell: f.cell ?? null,
    message: renderMessage(f),
  };
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

/** "错误 2 条，提醒 1 条" */
export function countText(findings: readonly Finding[]): string {
  return severityCountText(countBySeverity(findings));
}
