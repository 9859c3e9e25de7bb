/**
 * The one-word verdict on a checked file, as the pane's overview shows it: 可以报送 / 需修改 N 处 /
 * 无法读取 / 重复报送 / 非本模板, with rows that need action first.
 */
import type { Finding } from "../core/findings";
import type { ReceivedInput } from "../core/consolidate";
import { allFindings, countSeverity } from "./text";

export type Verdict = "ok" | "needs-fix" | "unreadable" | "duplicate" | "other-template";

export interface VerdictSummary {
  verdict: Verdict;
  errors: number;
  warnings: number;
}

/** a table of another campaign (or no statistics table at all), not a broken file */
const OTHER_TEMPLATE: ReadonlySet<Finding["code"]> = new Set(["template-mismatch", "not-a-statistics-table"]);

export function verdictOfInput(input: ReceivedInput, duplicate = false): VerdictSummary {
  const { errors, warnings } = countSeverity(allFindings(input));
  if (duplicate) return { verdict: "duplicate", errors, warnings };
  if (!input.report) {
    const other = input.findings.some((f) => OTHER_TEMPLATE.has(f.code));
    return { verdict: other ? "other-template" : "unreadable", errors, warnings };
  }
  return { verdict: errors > 0 ? "needs-fix" : "ok", errors, warnings };
}

/** action first: what must be fixed, then what cannot be read or is not ours, then duplicates, then the good */
const ORDER: Record<Verdict, number> = { "needs-fix": 0, unreadable: 1, "other-template": 2, duplicate: 3, ok: 4 };

export function compareVerdicts(a: Verdict, b: Verdict): number {
  return ORDER[a] - ORDER[b];
}

export function verdictLabel(v: VerdictSummary): string {
  switch (v.verdict) {
    case "ok":
      return "可以报送";
    case "needs-fix":
      return `需修改 ${v.errors} 处`;
    case "unreadable":
      return "无法读取";
    case "duplicate":
      return "重复报送";
    case "other-template":
      return "非本模板";
  }
}

export const needsAction = (v: VerdictSummary) => v.verdict !== "ok";
