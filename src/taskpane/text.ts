/**
 * Small helpers of the pane: error messages in Chinese, and reading picked files.
 * (Today's 填报日期, the roster and finding counts are the core's: src/core/roster.ts, src/core/verdict.ts.)
 */
import { isAddinError } from "../excel/errors";

/** what to show for a failed action: the AddinError's Chinese message (and Excel's words), or a general one for a bug (logged) */
export function errorText(e: unknown): { message: string; detail?: string } {
  if (isAddinError(e)) return { message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
  // a bug's own text is the engine's English: it goes to the log for support, the user gets words to act on
  console.error(e);
  return { message: "发生了意外错误，请重试；如仍出现，请联系技术支持。" };
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
