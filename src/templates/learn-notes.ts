/**
 * What learning a template from an attachment (src/learn) tells the reviewer, as codes with typed payloads
 * in the manner of the finding catalogue (src/core/findings.ts): warnings (something to check; the template
 * is still produced) and problems (why none could be produced). The Chinese wording is
 * src/messages/learn-zh-CN.ts (learnMessage). Here rather than in src/learn because the messages, which
 * render them, sit below the learning layer.
 */
import type { HeaderField } from "./schema";

interface At {
  /** where in the table the note is about: A1 in a sheet, 表格第 N 行 in a Word table */
  cell?: string;
}

export type LearnWarning = At &
  (
    | { code: "title-missing"; title: string }
    | { code: "year-missing"; year: number }
    | { code: "header-field-missing"; field: HeaderField }
    | { code: "item-without-unit"; cell: string; text: string }
    | { code: "unusual-unit"; cell: string; label: string; unit: string }
    | { code: "duplicate-item"; cell: string; label: string; unit: string; section: string }
    | { code: "empty-section"; cell: string; section: string }
    | { code: "items-without-section"; cell: string }
    | { code: "extra-text-in-row"; cell: string; texts: string[] }
    | { code: "inline-group"; cell: string; text: string }
    /** the parts and the total as shown: 查处网络违法案件（件） */
    | { code: "partition-from-footnote"; parts: string[]; total: string }
    | { code: "partition-not-generated"; section: string; total: string }
    /** with a section and group: that group has no total; without: the footnote names a partition the table lacks */
    | { code: "partition-total-missing"; section?: string; group?: string }
    | { code: "partition-unit-mismatch"; group: string; unit: string; total: string }
    | { code: "several-tables"; tables: string[]; chosen: string; items: number }
  );

export type LearnWarningCode = LearnWarning["code"];

/** the file a problem is about, when the learning of one table of it failed */
export interface LearnSource {
  file: string;
  /** the sheet or Word table, when the file has several */
  table?: string;
  format: "docx" | "xlsx";
}

export type LearnProblem = At & { source?: LearnSource } & (
    | { code: "file-empty"; file: string }
    /**
     * html, text, pdf, odf (.odt/.ods), pptx, zip (another archive), html-or-text (a reader's verdict),
     * other (none of those)
     */
    | { code: "file-unsupported"; file: string; detected: "html" | "text" | "pdf" | "odf" | "pptx" | "zip" | "html-or-text" | "other" }
    /** doc, xls, or office when it is not known which */
    | { code: "file-legacy"; file: string; format: "doc" | "xls" | "office" }
    | { code: "file-encrypted"; file: string }
    | { code: "file-corrupt"; file: string }
    | { code: "file-too-large"; file: string; limitMiB: number; part?: string }
    /** docx: a Word file without tables; sheets-empty: every sheet empty; no-sheets: a workbook without sheets */
    | { code: "no-table"; file: string; reason: "docx" | "sheets-empty" | "no-sheets" }
    /** itemHeader: the 项目 cell found on a row without 数量 */
    | { code: "no-header-row"; itemHeader?: string }
    | { code: "no-items"; header: string }
    | { code: "invalid-id"; id: string }
    | { code: "invalid-year"; year: number }
    /** the schema refused the inferred template: zod's issues, for the log */
    | { code: "invalid-template"; issues: string }
  );

export type LearnProblemCode = LearnProblem["code"];
