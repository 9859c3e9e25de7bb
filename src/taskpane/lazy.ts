/**
 * The task pane's lazily loaded leaf chunks, and its file-reading Web Worker, in one place. Each import()
 * becomes a chunk named by its webpackChunkName. Nothing here imports back into the modules that use it
 * (the actions of the two hosts are loaded by index.tsx), so no import circle runs through this file.
 *
 * The ".js" endings: tsconfig.json compiles the pane as CommonJS under module "nodenext" (for jest and
 * tsc), where an import() is an ECMAScript import and needs its file ending; webpack maps ".js" back to
 * the ".ts" file (extensionAlias in webpack.config.js). The types of each chunk flow from its module.
 * Jest cannot run import() without VM modules: tests that reach this file mock it (jest.mock).
 */
export const loadTemplates = () => import(/* webpackChunkName: "templates" */ "../templates/index.js");
export const loadReader = () => import(/* webpackChunkName: "reader" */ "../files/workbook.js");
// in the reader chunk (same name): the helpers that decide to fetch SheetJS, which is a chunk of its own
export const loadLegacyHelpers = () => import(/* webpackChunkName: "reader" */ "../files/legacy-load.js");
// filled-in Word tables: read on the main thread when a picked file is a .docx (see file-reading.ts)
export const loadWordTables = () => import(/* webpackChunkName: "word-tables" */ "../files/word-tables.js");
export const loadWriter = () => import(/* webpackChunkName: "xlsx-write" */ "../files/xlsx-write.js");
export const loadLearning = () => import(/* webpackChunkName: "learn" */ "./learning.js");
export const loadPrevious = () => import(/* webpackChunkName: "previous" */ "../files/previous.js");
export const loadChart = () => import(/* webpackChunkName: "chart" */ "./components/CountyChart.js");
export const loadTemplateStore = () => import(/* webpackChunkName: "template-store" */ "./template-store.js");

/** Starts the file-reading Web Worker (read-worker.ts): webpack makes this exact form a worker chunk. */
export function spawnReadWorker(): Worker {
  // @ts-expect-error TS1470: tsc sees the pane as CommonJS (see above); webpack builds it as an ES module, where import.meta exists
  return new Worker(new URL("./read-worker.ts", import.meta.url), { name: "campaign-stats-reader" });
}
