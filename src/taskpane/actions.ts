/**
 * What the task pane can do, as an interface: the React components get a PaneActions as a prop and
 * are tested with fakes, without Office. index.tsx wires the real ones: excel-actions.ts inside Excel
 * (Office.js through src/excel), file-actions.ts on the standalone web page (files through src/files).
 * Types only here: importing this module costs nothing in the initial bundle.
 */
import type { Consolidation, ReceivedInput } from "../core/consolidate";
import type { Comparison } from "../core/compare";
import type { TableLayout } from "../core/rollup-layout";
import type { Stage } from "../core/header";
import type { Finding } from "../core/findings";
import type { Template, TemplateLoadResult } from "../templates";

export interface Progress {
  /** files finished */
  done: number;
  total: number;
  /** the file being read */
  current?: string;
}

export interface InsertRequest {
  template: Template;
  unit: string;
  stage?: Stage;
}

export type MarkSummary =
  | { status: "marked"; errors: number; warnings: number }
  | { status: "unsupported" }
  | { status: "off" }
  | { status: "failed"; message: string };

/** one checked table: a sheet of the open workbook, or a picked file */
export interface CheckedTable {
  /** file name, or the sheet's name in Excel */
  source: string;
  /** the sheet the table was read from (Excel: cells of findings can be selected there) */
  sheet?: string;
  /** title of the template the table was recognised as */
  templateTitle?: string;
  input: ReceivedInput;
  /** Excel only: whether the problem cells were marked in the sheet */
  marks?: MarkSummary;
}

export interface ConsolidateRequest {
  template: Template;
  /** every known template, to tell a wrong table from an unreadable one */
  templates: readonly Template[];
  files: readonly File[];
  /** Excel only: a sheet of the open workbook to include (the city's own numbers, 市本级) */
  ownSheet?: string;
  unit: string;
  date: string;
  stage?: Stage;
  roster: readonly string[];
  /** 采用这份: the copies chosen among a unit's differing duplicate files */
  keep?: readonly string[];
  onProgress?: (p: Progress) => void;
  /** 上期/去年报表: earlier roll-ups or submissions for the review, 对比 and 汇总说明 */
  previousFiles?: readonly File[];
}

/** what the pane shows and writes beyond the sum (made by src/taskpane/previous-reports) */
export interface BeyondTheSum {
  /** the review's reminders (also on the units and the batch of the consolidation returned with it) */
  findings: Finding[];
  comparison?: Comparison;
  paragraph: string;
  /** 对比 and 汇总说明, for the roll-up workbook */
  extraSheets: { table: TableLayout; wrapCols: number[] }[];
  /** picked earlier files that could not be used, with why */
  unusable: string[];
}

export interface ConsolidateOutcome {
  consolidation: Consolidation;
  inputs: ReceivedInput[];
  /** the review's reminders, the comparison and the summary paragraph (src/taskpane/previous-reports) */
  beyond?: BeyondTheSum;
}

export interface SheetChoice {
  name: string;
  active: boolean;
}

/** 导入新模板: what was read from a picked attachment (.xlsx / .docx) or template file (.json) */
export type LearnOutcome =
  | {
      ok: true;
      fileName: string;
      format: "xlsx" | "docx" | "json";
      /** the sheet or Word table the template was learned from (表格1, Sheet1) */
      table?: string;
      template: Template;
      /** where the reading was unsure, in Chinese, for the review */
      warnings: string[];
    }
  | { ok: false; fileName: string; problems: string[] };

interface CommonActions {
  /** reads and validates the files (and the own sheet), then adds up the accepted ones */
  consolidate(req: ConsolidateRequest): Promise<ConsolidateOutcome>;
  /** parses an imported template file (also the final check of a reviewed template) */
  parseTemplate(text: string): Promise<TemplateLoadResult>;
  /**
   * reads a picked attachment or template file into a template to review (lazily loaded: src/learn);
   * `known`: the templates in the list, so that a copy of one of them is named instead of imported again
   */
  learnTemplate(file: File, known?: readonly Template[]): Promise<LearnOutcome>;
  /** 导出模板: saves the template as a .json file */
  exportTemplate(template: Template): Promise<{ fileName: string }>;
}

export interface ExcelActions extends CommonActions {
  readonly mode: "excel";
  /** `stored`: the template (not a built-in) was saved in the workbook, for colleagues who open it */
  insertTemplate(req: InsertRequest): Promise<{ sheetName: string; stored?: boolean }>;
  /** the templates saved in the open workbook that are not built in (learned or imported ones) */
  readWorkbookTemplates(): Promise<Template[]>;
  validateActiveSheet(templates: readonly Template[]): Promise<CheckedTable>;
  selectCell(sheet: string, cell: string): Promise<void>;
  clearMarks(sheet: string): Promise<number>;
  listSheets(): Promise<SheetChoice[]>;
  /** writes the roll-up sheets (with 对比 and 汇总说明 when given); rejects with AddinError code "rollup-exists" when replace is false and they exist */
  writeRollup(
    template: Template,
    consolidation: Consolidation,
    replace: boolean,
    extraSheets?: BeyondTheSum["extraSheets"],
  ): Promise<{ sheets: string[]; warnings: Finding[] }>;
}

/** a template imported on the web page, kept in the browser across reloads */
export interface ImportedTemplate {
  template: Template;
  fileName: string;
  /** ISO date-time */
  importedAt: string;
}

export interface StandaloneActions extends CommonActions {
  readonly mode: "standalone";
  /** the imported templates kept in this browser (IndexedDB) */
  listImportedTemplates(): Promise<ImportedTemplate[]>;
  saveImportedTemplate(entry: ImportedTemplate): Promise<void>;
  removeImportedTemplate(id: string): Promise<void>;
  downloadTemplate(req: InsertRequest): Promise<{ fileName: string }>;
  validateFiles(files: readonly File[], templates: readonly Template[], onProgress?: (p: Progress) => void): Promise<CheckedTable[]>;
  /** `warnings`: remarks too long for a cell, shortened in 汇总表 and kept in full in 报送情况 */
  downloadRollup(
    template: Template,
    consolidation: Consolidation,
    extraSheets?: BeyondTheSum["extraSheets"],
  ): Promise<{ fileName: string; warnings: Finding[] }>;
}

export type PaneActions = ExcelActions | StandaloneActions;
