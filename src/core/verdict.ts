import { countBySeverity, familyOf, type Finding } from "./findings";
import type { Rejection, RejectionReason } from "./consolidate";
import type { Report } from "./validate";

/** What a clerk must do about one received file, in the words the pane, the web page and the CLI share. */
export type Verdict = "ok" | "needs-fix" | "unreadable" | "duplicate" | "other-template";

export interface VerdictInput {
  report?: Report;
  /** file-level findings (unreadable, not a table …) */
  findings: readonly Finding[];
}

export interface VerdictResult {
  verdict: Verdict;
  errors: number;
  warnings: number;
}

const OTHER_TEMPLATE_CODES = new Set<string>(["not-a-statistics-table", "template-mismatch"]);

/** every finding about a file: its file-level ones, then its report's */
export function allFindings(input: VerdictInput): Finding[] {
  return [...input.findings, ...(input.report?.findings ?? [])];
}

/**
 * The verdict of one file. A file that could not be read is "unreadable" (never "needs-fix 1"); a file that is
 * not this template is "other-template"; `duplicate` marks a file held out because its unit reported twice.
 */
export function verdictOf(input: VerdictInput, duplicate = false): VerdictResult {
  const all = allFindings(input);
  const counts = countBySeverity(all);
  const fileErrors = input.findings.filter((f) => f.severity === "error" && familyOf(f) === "file");
  if (fileErrors.some((f) => OTHER_TEMPLATE_CODES.has(f.code))) return { verdict: "other-template", ...counts };
  if (fileErrors.length > 0 || !input.report) return { verdict: "unreadable", ...counts };
  if (duplicate) return { verdict: "duplicate", ...counts };
  if (!input.report.valid || counts.errors > 0) return { verdict: "needs-fix", ...counts };
  return { verdict: "ok", ...counts };
}

/** rows needing action first: files to fix, then unreadable, other templates, duplicates, then good ones */
const ORDER: Record<Verdict, number> = { "needs-fix": 0, unreadable: 1, "other-template": 2, duplicate: 3, ok: 4 };

export function compareVerdicts(a: VerdictResult, b: VerdictResult): number {
  return ORDER[a.verdict] - ORDER[b.verdict] || b.errors - a.errors || b.warnings - a.warnings;
}

export function needsAction(v: VerdictResult): boolean {
  return v.verdict !== "ok";
}

const VERDICT_OF_REASON: Record<RejectionReason, Verdict> = {
  unreadable: "unreadable",
  "not-a-table": "other-template",
  invalid: "needs-fix",
  duplicate: "duplicate",
};

/** a file the roll-up left out, as the overview shows it */
export function rejectionVerdict(r: Rejection): VerdictResult {
  return { verdict: VERDICT_OF_REASON[r.reason], ...countBySeverity(r.findings) };
}

/** the findings that explain why a file was left out: its errors and batch findings (重复报送), else all it has */
export function rejectionFindings(r: Rejection): Finding[] {
  const errors = r.findings.filter((f) => f.severity === "error" || familyOf(f) === "consolidation");
  return errors.length ? errors : r.findings;
}
