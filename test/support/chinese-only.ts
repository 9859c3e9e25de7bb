/**
 * "No English reaches the user": the ASCII words in a text that are not on the allow-list (names of
 * programs and file formats a clerk knows, units, the labels a campaign's own table carries).
 */
export const ALLOWED_WORDS: readonly string[] = [
  "Excel",
  "WPS",
  "Word",
  "JSON",
  "xlsx",
  "xls",
  "xlsm",
  "xlsb",
  "docx",
  "doc",
  "ods",
  "et",
  "wps",
  "csv",
  "pptx",
  "pdf",
  "PDF",
  "HTML",
  "LibreOffice",
  "Office",
  "OA",
  "Ctrl",
  "Tab",
  "Enter",
  "Esc",
  "Sheet",
  "zip",
  "Mac",
  "Windows",
  "ExcelApi",
  "https",
  "http",
  "localhost",
  "html",
  "json",
  "OpenDocument",
  "PowerPoint",
  "KB",
  "MB",
  "MiB",
];

const allowed = new Set(ALLOWED_WORDS.map((w) => w.toLowerCase()));

/** file names (章贡区-1.xlsx, Sheet1) and cell addresses (C12, A1:B3) are the user's own, not English */
const OWN_NAMES =
  /[^\s“”"'（）()：:，,、]+\.(xlsx|xls|xlsm|xlsb|docx|doc|ods|json|et|wps|csv|pdf|pptx)\b|\b[A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?\b/gi;

/** a command the clerk is told to type (campaign-stats learn …): its words are the program's, not prose */
const COMMAND = /\bcampaign-stats(\s+(validate|consolidate|learn|templates|template))?\b/g;
/** a message template's slot ({count}), filled with figures or names before anyone reads it */
const PLACEHOLDER = /\{[A-Za-z]+\}/g;

export function englishWords(text: string, extraAllowed: Iterable<string> = []): string[] {
  const extra = new Set([...extraAllowed].map((w) => w.toLowerCase()));
  const words =
    text
      .replace(OWN_NAMES, " ")
      .replace(/--[a-z][a-z-]*/g, " ")
      .replace(COMMAND, " ")
      .replace(PLACEHOLDER, " ")
      .match(/[A-Za-z]{2,}/g) ?? [];
  return [...new Set(words.filter((w) => !allowed.has(w.toLowerCase()) && !extra.has(w.toLowerCase())))];
}
