/**
 * PaneActions inside Excel: everything goes through src/excel (the only code that calls Office.js),
 * each action in one Excel.run. Loaded lazily by index.tsx when Office.onReady reports Excel.
 */
import { analyzeSheets } from "../core/analyze";
import { BUILTIN_TEMPLATES, type Template } from "../templates";
import { parseTemplateText } from "../messages/template-zh-CN";
import {
  clearMarks,
  insertTemplateSheet,
  listSheets,
  readSheetGrid,
  readWorkbookTemplates,
  runExcel,
  selectCell,
  validateSheet,
  writeRollup,
  type MarkResult,
} from "../excel";
import type { ExcelActions, MarkSummary } from "./actions";
import { consolidateRequest } from "./consolidation";
import { loadLearning } from "./lazy";
import { exportTemplateFile } from "./template-file";

/** a built-in template (by id and content) needs no saving in the workbook: every copy of the add-in has it */
export function isBuiltin(template: Template): boolean {
  const b = BUILTIN_TEMPLATES.find((t) => t.id === template.id);
  return !!b && (b === template || JSON.stringify(b) === JSON.stringify(template));
}

function markSummary(m: MarkResult): MarkSummary {
  switch (m.status) {
    case "marked":
      return { status: "marked", errors: m.errors, warnings: m.warnings };
    case "failed":
      return { status: "failed", message: m.error.message };
    default:
      return { status: m.status };
  }
}

export function createExcelActions(): ExcelActions {
  return {
    mode: "excel",
    async insertTemplate({ template, unit, stage }) {
      const storeTemplate = !isBuiltin(template);
      const r = await runExcel((ctx) =>
        insertTemplateSheet(ctx, template, { header: { ...(unit ? { unit } : {}), ...(stage ? { stage } : {}) } }, { storeTemplate }),
      );
      return { sheetName: r.sheetName, ...(r.storedIn ? { stored: true } : {}) };
    },
    async readWorkbookTemplates() {
      const found = await runExcel((ctx) =>
        readWorkbookTemplates(
          ctx,
          BUILTIN_TEMPLATES.map((t) => t.id),
        ),
      );
      return found.map((f) => f.template);
    },
    async validateActiveSheet(templates) {
      const v = await runExcel((ctx) => validateSheet(ctx, templates));
      return {
        source: v.sheetName,
        sheet: v.sheetName,
        ...(v.analysis.match ? { templateTitle: v.analysis.match.template.title } : {}),
        input: v.analysis.input,
        marks: markSummary(v.marks),
      };
    },
    selectCell: (sheet, cell) => runExcel((ctx) => selectCell(ctx, sheet, cell)),
    clearMarks: (sheet) => runExcel((ctx) => clearMarks(ctx, sheet)),
    listSheets: () => runExcel((ctx) => listSheets(ctx)),
    async consolidate(req) {
      const own = [];
      if (req.ownSheet) {
        const grid = await runExcel((ctx) => readSheetGrid(ctx, req.ownSheet));
        own.push(analyzeSheets(`本工作簿“${grid.sheetName}”`, [grid], req.templates, { wanted: req.template }).input);
      }
      return consolidateRequest(req, own);
    },
    async writeRollup(template, consolidation, replace, extraSheets = []) {
      const r = await runExcel((ctx) => writeRollup(ctx, template, consolidation, { replace, extraSheets }));
      return { sheets: r.sheets, warnings: r.warnings ?? [] };
    },
    parseTemplate: async (text) => parseTemplateText(text),
    learnTemplate: (file, known) => loadLearning().then((m) => m.learnTemplateFile(file, known ? { known } : {})),
    exportTemplate: (template) => exportTemplateFile(template),
  };
}
