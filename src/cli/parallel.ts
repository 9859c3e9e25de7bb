/**
 * Many received workbooks at once, on all cores (Node only: fs + worker_threads; never bundle this file).
 *
 *   const inputs = await analyzeFilesInParallel(paths, BUILTIN_TEMPLATES);
 *   const c = consolidate({ template, inputs, unit, date });
 *
 * Each worker thread reads its files itself and hands back only the ReceivedInput (the report's values,
 * remarks and findings): the bytes and the grids of a file never leave the worker and are garbage as soon
 * as the next file starts, so memory stays flat however many files there are. Results come back in the
 * order of `paths`, each exactly what `analyzeWorkbookBytes(source, bytes, templates, wanted).input` gives
 * in this thread. Small batches are analysed in this thread (starting a worker costs more than it saves).
 *
 * `summarizeFilesInParallel` is the same with a little more per file, for the command line: the template
 * the table was recognised as and what our writers recorded in the workbook (its kind and roll-up unit),
 * and a file that cannot be read from disk is an outcome of its own rather than a rejection.
 *
 * The worker runs this same module: when it is compiled JavaScript the worker loads the file directly;
 * when it is TypeScript (tsx, ts-jest) the worker registers tsx first.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { ReceivedInput } from "../core/consolidate";
import type { Template } from "../templates/schema";
import type { WorkbookMetadata } from "../core/metadata";
import { nodeLegacyReader } from "../files/legacy-node";
import { analyzeWorkbookBytes, type AnalyzeWorkbookOptions, type WorkbookAnalysis } from "../files/workbook";
import { analyzeWordTables } from "../files/word-tables";

/**
 * in Node, legacy formats (.xls, .ods, .xlsb) are read too: SheetJS is required on the first such file;
 * and so are filled-in Word tables (.docx)
 */
const NODE_OPTIONS: AnalyzeWorkbookOptions = { legacyReader: nodeLegacyReader, wordTables: analyzeWordTables };

export interface ParallelOptions {
  /**
   * Worker threads to use; 0 analyses in this thread. Default: 0 for fewer than PARALLEL_THRESHOLD
   * files, otherwise one per available core (at most 8).
   */
  workers?: number;
  /** only this template is accepted (see analyzeSheets) */
  wanted?: Template;
  /** the name each file is reported under (findings' `file`, the input's `source`); default the path */
  sources?: readonly string[];
  /** called as each file is done, in completion order */
  onFile?: (index: number, input: ReceivedInput) => void;
  /** files handed to each worker ahead of the one it is working on; default 1 */
  prefetch?: number;
}

/** One file as the command line needs it: the input, and no grid or byte of the file. */
export interface FileSummary {
  input: ReceivedInput;
  /**
   * the template the table was recognised as: the same object as in `templates` (or `wanted`), or the
   * template the workbook carries (one object per distinct template, whatever the number of files)
   */
  template?: Template;
  /** what our writers recorded in the workbook, when it was written by us: its kind and a roll-up's unit */
  metadata?: Pick<WorkbookMetadata, "kind" | "unit">;
}

/** a file that could not be read from disk (gone, no permission …): the fs error's message and code */
export interface FileReadError {
  readError: { message: string; code?: string };
}

export type FileOutcome = FileSummary | FileReadError;

export function isReadError(o: FileOutcome): o is FileReadError {
  return "readError" in o;
}

export interface SummaryOptions extends Omit<ParallelOptions, "onFile"> {
  /** called as each file is done, in completion order */
  onFile?: (index: number, outcome: FileOutcome) => void;
}

/**
 * Below this many files one thread is faster than starting workers: on the bench machine (2 cores) a
 * worker costs ~0.2–0.5 s to start (loading the modules, parsing the built-in templates) and two workers
 * save ~0.7 ms per file, so they pay off from about 300 files (npm run bench, section "stream").
 */
export const PARALLEL_THRESHOLD = 300;
const MAX_DEFAULT_WORKERS = 8;
const MARK = "campaign-stats/analyze-files";

interface WorkerInit {
  mark: typeof MARK;
  templates: readonly Template[];
  /** index of `wanted` in templates, or -1 with `wanted` given apart */
  wantedIndex: number;
  wanted?: Template;
}

interface Task {
  i: number;
  path: string;
  source: string;
  /** reply with a WireSummary (or a read error as a result) rather than the input alone */
  summary?: boolean;
}

/**
 * A FileSummary on its way from a worker: the template by its index in `templates` (WANTED_APART for
 * `wanted` given apart), or, for a template the workbook carries, the template itself.
 */
interface WireSummary {
  input: ReceivedInput;
  templateIndex?: number;
  template?: Template;
  metadata?: FileSummary["metadata"];
}

const WANTED_APART = -2;

type Reply =
  | { i: number; input: ReceivedInput }
  | { i: number; summary: WireSummary }
  | { i: number; readError: FileReadError["readError"] }
  | { i: number; error: { message: string; code?: string } };

/** Reads and analyses one file in this thread (what each worker does per file). */
export async function analyzeFile(path: string, source: string, templates: readonly Template[], wanted?: Template): Promise<ReceivedInput> {
  const bytes = await fs.promises.readFile(path);
  return analyzeWorkbookBytes(source, bytes, templates, wanted, NODE_OPTIONS).input;
}

/** just what a FileSummary keeps of an analysis */
export function summaryOf(a: WorkbookAnalysis): FileSummary {
  const out: FileSummary = { input: a.input };
  if (a.match) out.template = a.match.template;
  if (a.metadata && (a.metadata.kind || a.metadata.unit)) {
    out.metadata = { ...(a.metadata.kind ? { kind: a.metadata.kind } : {}), ...(a.metadata.unit ? { unit: a.metadata.unit } : {}) };
  }
  return out;
}

function wireSummary(a: WorkbookAnalysis, templates: readonly Template[], wanted: Template | undefined): WireSummary {
  const { template, ...rest } = summaryOf(a);
  if (!template) return rest;
  const k = templates.indexOf(template);
  if (k >= 0) return { ...rest, templateIndex: k };
  if (template === wanted) return { ...rest, templateIndex: WANTED_APART };
  return { ...rest, template };
}

function errorOf(err: unknown): { message: string; code?: string } {
  const e = err as NodeJS.ErrnoException;
  return { message: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) };
}

function defaultWorkers(files: number): number {
  if (files < PARALLEL_THRESHOLD) return 0;
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  if (cores < 2) return 0;
  return Math.min(cores, MAX_DEFAULT_WORKERS);
}

/**
 * Analyses every file; resolves with one ReceivedInput per path, in the order of `paths`. Rejects when a
 * file cannot be read from disk (the fs error, naming the path) or a worker dies; unreadable *contents*
 * are not errors but file findings on the input, as in analyzeWorkbookBytes.
 */
export async function analyzeFilesInParallel(
  paths: readonly string[],
  templates: readonly Template[],
  options: ParallelOptions = {},
): Promise<ReceivedInput[]> {
  return runBatch<ReceivedInput>(paths, templates, options, false, options.onFile);
}

/**
 * As analyzeFilesInParallel, with what the command line needs besides the input (FileSummary), and a file
 * that cannot be read from disk resolved as a FileReadError in its place (the batch goes on). Rejects only
 * when a worker dies. Neither the bytes nor the grids of a file outlive its analysis.
 */
export async function summarizeFilesInParallel(
  paths: readonly string[],
  templates: readonly Template[],
  options: SummaryOptions = {},
): Promise<FileOutcome[]> {
  return runBatch<FileOutcome>(paths, templates, options, true, options.onFile);
}

async function runBatch<T>(
  paths: readonly string[],
  templates: readonly Template[],
  options: Omit<ParallelOptions, "onFile">,
  summary: boolean,
  onFile: ((index: number, result: T) => void) | undefined,
): Promise<T[]> {
  const n = paths.length;
  const sources = options.sources ?? paths;
  if (sources.length !== n) throw new RangeError("analyzeFilesInParallel: sources must have one name per path");
  const workerCount = Math.min(n, Math.max(0, Math.floor(options.workers ?? defaultWorkers(n))));
  const results: T[] = new Array(n);

  if (workerCount === 0) {
    for (let i = 0; i < n; i++) {
      if (summary) {
        let outcome: FileOutcome;
        try {
          const bytes = await fs.promises.readFile(paths[i]);
          outcome = summaryOf(analyzeWorkbookBytes(sources[i], bytes, templates, options.wanted, NODE_OPTIONS));
        } catch (err) {
          outcome = { readError: errorOf(err) };
        }
        results[i] = outcome as T;
      } else {
        results[i] = (await analyzeFile(paths[i], sources[i], templates, options.wanted)) as T;
      }
      onFile?.(i, results[i]);
    }
    return results;
  }

  const wantedIndex = options.wanted ? templates.indexOf(options.wanted) : -1;
  const init: WorkerInit = {
    mark: MARK,
    templates,
    wantedIndex,
    ...(options.wanted && wantedIndex < 0 ? { wanted: options.wanted } : {}),
  };
  // templates that workbooks carry, one object per distinct template (they come back as copies)
  const carried = new Map<string, Template>();
  const fromWire = (w: WireSummary): FileSummary => {
    const out: FileSummary = { input: w.input };
    if (w.templateIndex !== undefined) out.template = w.templateIndex === WANTED_APART ? options.wanted : templates[w.templateIndex];
    else if (w.template) {
      const key = JSON.stringify(w.template);
      let t = carried.get(key);
      if (!t) {
        if (carried.size >= 16) carried.delete(carried.keys().next().value!);
        carried.set(key, (t = w.template));
      }
      out.template = t;
    }
    if (w.metadata) out.metadata = w.metadata;
    return out;
  };
  const prefetch = Math.max(0, Math.floor(options.prefetch ?? 1));
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const feed = (w: Worker) => {
        if (next < n) {
          const i = next++;
          const task: Task = { i, path: paths[i], source: sources[i], ...(summary ? { summary } : {}) };
          w.postMessage(task);
        }
      };
      for (let k = 0; k < workerCount; k++) {
        const w = spawnWorker(init);
        workers.push(w);
        w.on("message", (reply: Reply) => {
          if (failed) return;
          if ("error" in reply) {
            const err = new Error(reply.error.message) as NodeJS.ErrnoException;
            if (reply.error.code) err.code = reply.error.code;
            fail(err);
            return;
          }
          const result = (
            "input" in reply ? reply.input : "summary" in reply ? fromWire(reply.summary) : { readError: reply.readError }
          ) as T;
          results[reply.i] = result;
          try {
            onFile?.(reply.i, result);
          } catch (err) {
            fail(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (++done === n) resolve();
          else feed(w);
        });
        w.on("error", (err) => fail(err instanceof Error ? err : new Error(String(err))));
        w.on("exit", (code) => {
          if (done < n) fail(new Error(`analyzeFilesInParallel: a worker stopped (exit code ${code}) before all files were analysed`));
        });
        for (let j = 0; j <= prefetch; j++) feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function spawnWorker(init: WorkerInit): Worker {
  const file = __filename;
  if (/\.[cm]?tsx?$/.test(file)) {
    // running from TypeScript source (tsx, ts-jest): the worker needs the TypeScript loader too
    const tsx = require.resolve("tsx/cjs/api");
    const code = `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(file)});`;
    return new Worker(code, { eval: true, workerData: init });
  }
  return new Worker(file, { workerData: init });
}

function runWorker(init: WorkerInit, port: NonNullable<typeof parentPort>): void {
  const templates = init.templates;
  const wanted = init.wantedIndex >= 0 ? templates[init.wantedIndex] : init.wanted;
  port.on("message", (task: Task) => {
    let reply: Reply;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(task.path);
    } catch (err) {
      port.postMessage(task.summary ? { i: task.i, readError: errorOf(err) } : { i: task.i, error: errorOf(err) });
      return;
    }
    try {
      const a = analyzeWorkbookBytes(task.source, bytes, templates, wanted, NODE_OPTIONS);
      reply = task.summary ? { i: task.i, summary: wireSummary(a, templates, wanted) } : { i: task.i, input: a.input };
    } catch (err) {
      reply = { i: task.i, error: errorOf(err) };
    }
    port.postMessage(reply);
  });
}

if (!isMainThread && parentPort && (workerData as Partial<WorkerInit> | null)?.mark === MARK) {
  runWorker(workerData as WorkerInit, parentPort);
}
