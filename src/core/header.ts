import type { CellValue } from "./grid";
import { cleanText, fold } from "./normalize";

export type Stage = "中期" | "全面";

export interface ReportDate {
  month: number;
  day: number;
}

function valid(month: number, day: number): ReportDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { month, day };
}

/** 填报日期 as typed: an Excel date, "11月20日", "2022年11月20日", "2022-11-20", "11.20" */
export function parseReportDate(raw: CellValue): ReportDate | undefined {
  if (typeof raw === "number") {
    if (!(raw >= 1 && raw < 2958466)) return undefined;
    const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(raw) * 86400000);
    return valid(d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (typeof raw !== "string") return undefined;
  const t = fold(raw).replace(/\s+/g, "");
  let m = /^(?:\d{4}年)?(\d{1,2})月(\d{1,2})日?$/.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]));
  m = /^(?:\d{4}[-/.])?(\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]));
  return undefined;
}

export function formatReportDate(d: ReportDate): string {
  return `${d.month}月${d.day}日`;
}

export function parseStage(raw: CellValue): Stage | undefined {
  if (typeof raw !== "string") return undefined;
  const t = fold(raw).replace(/\s+/g, "");
  if (/^中期/.test(t)) return "中期";
  if (/^(全面|总结|终期|年终|全年)/.test(t)) return "全面";
  return undefined;
}

/** the text of a header cell, as a person would read it */
export function headerText(raw: CellValue | undefined): string {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "object") return raw.error;
  return cleanText(String(raw));
}
