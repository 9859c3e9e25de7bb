/** Workbook files: reading received .xlsx files and writing the template and roll-up workbooks. No fs: bytes in, bytes out. */
export {
  readWorkbook,
  detectFormat,
  DEFAULT_LIMITS,
  type WorkbookRead,
  type WorkbookReadFailure,
  type WorkbookReadResult,
  type ReadLimits,
} from "./xlsx-read";
export { analyzeWorkbookBytes, failureFinding, type WorkbookAnalysis, type AnalyzeWorkbookOptions } from "./workbook";
export {
  writeTemplateWorkbook,
  writeRollupWorkbook,
  TEMPLATE_SHEET,
  NUMBER_FORMAT,
  type TemplateWriteOptions,
  type RollupWriteOptions,
} from "./xlsx-write";
