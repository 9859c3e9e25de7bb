/**
 * Every lazily loaded chunk of the task pane, and the file-reading Web Worker, in one place.
 *
 * Plain JavaScript on purpose. tsconfig.json compiles TypeScript as CommonJS under module "nodenext"
 * (for jest and the CLI), and there a dynamic import() needs a ".js" extension that webpack (no
 * resolve.extensionAlias) cannot map back to ".ts", and `import.meta` is not allowed at all. webpack
 * reads this file as an ES module: each import() becomes a chunk, and
 * `new Worker(new URL("./read-worker.ts", import.meta.url))` becomes a worker chunk.
 * Types: lazy.d.ts. Not compiled by tsc or ts-jest: tests that reach it mock it (jest.mock).
 */
export const loadExcelActions = () => import(/* webpackChunkName: "excel" */ "./excel-actions");
export const loadFileActions = () => import(/* webpackChunkName: "standalone" */ "./file-actions");
export const loadTemplates = () => import(/* webpackChunkName: "templates" */ "../templates");
export const loadReader = () => import(/* webpackChunkName: "reader" */ "../files/workbook");
// in the reader chunk (same name): the helpers that decide to fetch SheetJS, which is a chunk of its own
export const loadLegacyHelpers = () => import(/* webpackChunkName: "reader" */ "../files/legacy-load");
// filled-in Word tables: read on the main thread when a picked file is a .docx (see file-reading.ts)
export const loadWordTables = () => import(/* webpackChunkName: "word-tables" */ "../files/word-tables");
export const loadWriter = () => import(/* webpackChunkName: "xlsx-write" */ "../files/xlsx-write");
export const loadLearning = () => import(/* webpackChunkName: "learn" */ "./learning");

export function spawnReadWorker() {
  return new Worker(new URL("./read-worker.ts", import.meta.url), { name: "campaign-stats-reader" });
}
