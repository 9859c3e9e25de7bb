/**
 * Fake PaneActions for the pane's tests: jest.fn()s with sensible default answers, and real data from
 * the core (checked tables, consolidations) so the components render what they will render in Excel.
 */
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate, type Consolidation, type ReceivedInput } from "../../src/core/consolidate";
import { BUILTIN_TEMPLATES, type Template } from "../../src/templates";
import { parseTemplateText } from "../../src/messages/template-zh-CN";
import type { CheckedTable, ExcelActions, StandaloneActions } from "../../src/taskpane/actions";
import { layoutTemplate } from "../../src/core/layout";
import { learnTemplateFile } from "../../src/taskpane/learning";
import { filledGrid, ganzhou, setItem, validValues } from "../support/fixtures";

/** the input cell of an item in the add-in's own layout */
export const cellOf = (itemId: string) => layoutTemplate(ganzhou).names[`cs_${itemId}`];

export const templates = BUILTIN_TEMPLATES;

export function countyInput(unit: string, source: string, change?: (grid: ReturnType<typeof filledGrid>) => void): ReceivedInput {
  const grid = filledGrid(ganzhou, { header: { unit, date: "11月20日", stage: "全面" }, values: validValues(ganzhou) });
  change?.(grid);
  return analyzeSheets(source, [grid], [ganzhou], { wanted: ganzhou }).input;
}

/** 统计表 with a blank and a text value in 公安局, and a number typed as text in 赣州海关 */
export function checkedSheet(): CheckedTable {
  const input = countyInput("章贡区市场监督管理局", "统计表", (g) => {
    setItem(g, "police_cases", null);
    setItem(g, "police_info", "若干");
    setItem(g, "customs_batches", " 12 ");
  });
  return { source: "统计表", sheet: "统计表", templateTitle: ganzhou.title, input, marks: { status: "marked", errors: 2, warnings: 1 } };
}

export function validSheet(): CheckedTable {
  return {
    source: "统计表",
    sheet: "统计表",
    templateTitle: ganzhou.title,
    input: countyInput("章贡区市场监督管理局", "统计表"),
    marks: { status: "marked", errors: 0, warnings: 0 },
  };
}

/** 2 accepted, 1 invalid, 2 differing copies of one unit (held out), 1 missing from the roster */
export function sampleConsolidation(): Consolidation {
  const inputs = [
    countyInput("章贡区市场监督管理局", "章贡区.xlsx"),
    countyInput("南康区市场监督管理局", "南康区.xlsx"),
    countyInput("赣县区市场监督管理局", "赣县区.xlsx", (g) => void setItem(g, "police_cases", "若干")),
    countyInput("信丰县市场监督管理局", "信丰县-1.xlsx"),
    countyInput("信丰县市场监督管理局", "信丰县-2.xlsx", (g) => setItem(g, "police_info", validValues(ganzhou).police_info + 1)),
  ];
  return consolidate({
    template: ganzhou,
    inputs,
    unit: "赣州市市场监督管理局",
    date: "11月26日",
    roster: ["章贡区", "南康区", "赣县区", "信丰县", "大余县"],
  });
}

export function excelActions(overrides: Partial<ExcelActions> = {}): ExcelActions {
  return {
    mode: "excel",
    insertTemplate: jest.fn(async () => ({ sheetName: "统计表 (2)" })),
    validateActiveSheet: jest.fn(async () => checkedSheet()),
    selectCell: jest.fn(async () => undefined),
    clearMarks: jest.fn(async () => 3),
    listSheets: jest.fn(async () => [
      { name: "市本级", active: true },
      { name: "Sheet2", active: false },
    ]),
    consolidate: jest.fn(async () => ({ consolidation: sampleConsolidation(), inputs: [] })),
    writeRollup: jest.fn(async () => ({ sheets: ["汇总表", "汇总明细", "报送情况"], warnings: [] })),
    readWorkbookTemplates: jest.fn(async () => []),
    parseTemplate: jest.fn(async (text: string) => parseTemplateText(text)),
    // the real reading and learning (src/learn), on real files made by the test
    learnTemplate: jest.fn((file: File, known?: readonly Template[]) => learnTemplateFile(file, known ? { known } : {})),
    exportTemplate: jest.fn(async (t) => ({ fileName: `${t.title}（模板）.json` })),
    ...overrides,
  };
}

export function standaloneActions(overrides: Partial<StandaloneActions> = {}): StandaloneActions {
  return {
    mode: "standalone",
    downloadTemplate: jest.fn(async ({ template }) => ({ fileName: `${template.title}.xlsx` })),
    validateFiles: jest.fn(async (files: readonly File[]) =>
      files.map((f) => ({ ...checkedSheet(), source: f.name, marks: undefined }) as CheckedTable),
    ),
    consolidate: jest.fn(async () => ({ consolidation: sampleConsolidation(), inputs: [] })),
    downloadRollup: jest.fn(async () => ({ fileName: "赣州市市场监督管理局汇总表.xlsx", warnings: [] })),
    parseTemplate: jest.fn(async (text: string) => parseTemplateText(text)),
    learnTemplate: jest.fn((file: File, known?: readonly Template[]) => learnTemplateFile(file, known ? { known } : {})),
    exportTemplate: jest.fn(async (t) => ({ fileName: `${t.title}（模板）.json` })),
    listImportedTemplates: jest.fn(async () => []),
    saveImportedTemplate: jest.fn(async () => undefined),
    removeImportedTemplate: jest.fn(async () => undefined),
    ...overrides,
  };
}

/** a promise to resolve from the test, to look at the pane while an action is running */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

export function xlsxFile(name: string): File {
  return new File([new Uint8Array([0x50, 0x4b, 3, 4])], name, {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
}
