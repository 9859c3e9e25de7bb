/** Types of lazy.js: the task pane's lazily loaded chunks and its file-reading worker. */
export declare function loadExcelActions(): Promise<typeof import("./excel-actions")>;
export declare function loadFileActions(): Promise<typeof import("./file-actions")>;
export declare function loadTemplates(): Promise<typeof import("../templates")>;
export declare function loadReader(): Promise<typeof import("../files/workbook")>;
export declare function loadLegacyHelpers(): Promise<typeof import("../files/legacy-load")>;
export declare function loadWordTables(): Promise<typeof import("../files/word-tables")>;
export declare function loadWriter(): Promise<typeof import("../files/xlsx-write")>;
export declare function loadLearning(): Promise<typeof import("./learning")>;
/** Starts the file-reading Web Worker (read-worker.ts). */
export declare function spawnReadWorker(): Worker;
