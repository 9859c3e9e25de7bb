/**
 * Excel.run, the one entry into Office.js for the task pane: every error comes out as an AddinError.
 */
import { AddinError, wrapOffice } from "./errors";

export async function runExcel<T>(fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
  const excel = (globalThis as { Excel?: typeof Excel }).Excel;
  if (!excel || typeof excel.run !== "function")
    throw new AddinError("unsupported", { message: "未在 Excel 中运行：请在 Excel 中打开统计表助手。" });
  return wrapOffice(() => excel.run((ctx) => fn(ctx)));
}
