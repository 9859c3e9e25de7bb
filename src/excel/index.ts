/**
 * The Office.js adapter: the only code that talks to Excel. Plain data in (templates, fills, findings,
 * consolidations), plain data out (grids, results); every function takes the request context, batches
 * its commands, and gates optional APIs on the ExcelApi requirement sets.
 */
export * from "./errors";
export * from "./requirements";
export * from "./sheet-plan";
export { applySheetPlan, SHEET_PROTECTION } from "./write-sheet";
export * from "./read";
export * from "./marks";
export * from "./validate";
export * from "./insert";
export * from "./rollup";
export * from "./rollup-chart";
export * from "./workbook";
export * from "./stored-templates";
export * from "./run";
