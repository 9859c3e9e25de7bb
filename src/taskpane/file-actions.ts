/**
 * PaneActions of the standalone web page (no Office): blank templates and roll-ups are downloaded as
 * .xlsx files written by src/files/xlsx-write (ExcelJS, loaded only when a file is written); picked
 * files are read in a Web Worker (file-reading.ts). Loaded lazily by index.tsx.
 */
import { rollupSheets } from "../core/cell-text";
import { ROLLUP_TEXT } from "../messages/zh-CN";
import { parseTemplateText } from "../messages/template-zh-CN";
import type { StandaloneActions } from "./actions";
import { consolidateRequest } from "./consolidation";
import { downloadBytes, safeFileName } from "./download";
import { analyzeFiles } from "./file-reading";
import { loadLearning, loadTemplateStore, loadWriter as writer } from "./lazy";
import { exportTemplateFile } from "./template-file";

export function createFileActions(): StandaloneActions {
  return {
    mode: "standalone",
    async downloadTemplate({ template, unit, stage }) {
      const { writeTemplateWorkbook } = await writer();
      const bytes = await writeTemplateWorkbook(template, { header: { ...(unit ? { unit } : {}), ...(stage ? { stage } : {}) } });
      const fileName = safeFileName(unit ? `${template.title}（${unit}）` : template.title);
      downloadBytes(bytes, fileName);
      return { fileName };
    },
    async validateFiles(files, templates, onProgress) {
      const results = await analyzeFiles(files, { templates, ...(onProgress ? { onProgress } : {}) });
      return results.map((r) => {
        const title = templates.find((t) => t.id === r.templateId)?.title;
        return { source: r.source, ...(r.sheet ? { sheet: r.sheet } : {}), ...(title ? { templateTitle: title } : {}), input: r.input };
      });
    },
    consolidate: (req) => consolidateRequest(req),
    async downloadRollup(template, consolidation, extraSheets = []) {
      const { writeRollupWorkbook } = await writer();
      // computed here once: the writer lays out these sheets, and their warnings go to the pane
      const sheets = rollupSheets(template, consolidation, ROLLUP_TEXT);
      const bytes = await writeRollupWorkbook(template, consolidation, { sheets, extraSheets });
      const unit = consolidation.rollup.header?.unit ?? "";
      const fileName = safeFileName(`${unit}汇总表`);
      downloadBytes(bytes, fileName);
      return { fileName, warnings: sheets.warnings };
    },
    parseTemplate: async (text) => parseTemplateText(text),
    learnTemplate: (file, known) => loadLearning().then((m) => m.learnTemplateFile(file, known ? { known } : {})),
    exportTemplate: (template) => exportTemplateFile(template),
    listImportedTemplates: () => loadTemplateStore().then((m) => m.listImportedTemplates()),
    saveImportedTemplate: (entry) => loadTemplateStore().then((m) => m.saveImportedTemplate(entry)),
    removeImportedTemplate: (id) => loadTemplateStore().then((m) => m.removeImportedTemplate(id)),
  };
}
