/**
 * Small helpers for the pane's Chinese text: today's 填报日期, error messages, finding counts.
 */
import type { Finding } from "../core/findings";
import type { ReceivedInput } from "../core/consolidate";
import { isAddinError } from "../excel/errors";

/** "11月26日" */
export function todayText(now = new Date()): string {
  return `${now.getMonth() + 1}月${now.getDate()}日`;
}

/** what to show for a failed action: the AddinError's Chinese message (and Excel's words), or a general one for a bug (logged) */
export function errorText(e: unknown): { message: string; detail?: string } {
  if (isAddinError(e)) return { message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
  // a bug's own text is the engine's English: it goes to the log for support, the user gets words to act on
  console.error(e);
  return { message: "发生了意外错误，请重试；如仍出现，请联系技术支持。" };
}

/** every finding of a checked table: file-level first, then the report's */
export function allFindings(input: ReceivedInput): Finding[] {
  return [...input.findings, ...(input.report?.findings ?? [])];
}

export function countSeverity(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) f.severity === "error" ? errors++ : warnings++;
  return { errors, warnings };
}

/** the roster textarea: one unit a line, blank lines and surrounding spaces ignored */
export function parseRoster(text: string): string[] {
  return text
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** File.text(), with FileReader where a webview lacks it */
export function readFileText(file: Blob): Promise<string> {
  if (typeof file.text === "function") return file.text();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result ?? ""));
    r.onerror = () => reject(r.error);
    r.readAsText(file);
  });
}

/** File.arrayBuffer(), with FileReader where a webview lacks it */
export function readFileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === "function") return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(file);
  });
}
