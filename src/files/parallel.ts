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
 * The worker runs this same module: when it is compiled JavaScript the worker loads the file directly;
 * when it is TypeScript (tsx, ts-jest) the worker registers tsx first.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { ReceivedInput } from "../core/consolidate";
import type { Template } from "../templates/schema";
import { analyzeWorkbookBytes } from "./workbook";

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
}

type Reply = { i: number; input: ReceivedInput } | { i: number; error: { message: string; code?: string } };

/** Reads and analyses one file in this thread (what each worker does per file). */
export async function analyzeFile(path: string, source: string, templates: readonly Template[], wanted?: Template): Promise<ReceivedInput> {
  const bytes = await fs.promises.readFile(path);
  return analyzeWorkbookBytes(source, bytes, templates, wanted).input;
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
  const n = paths.length;
  const sources = options.sources ?? paths;
  if (sources.length !== n) throw new RangeError("analyzeFilesInParallel: sources must have one name per path");
  const workerCount = Math.min(n, Math.max(0, Math.floor(options.workers ?? defaultWorkers(n))));
  const results: ReceivedInput[] = new Array(n);

  if (workerCount === 0) {
    for (let i = 0; i < n; i++) {
      results[i] = await analyzeFile(paths[i], sources[i], templates, options.wanted);
      options.onFile?.(i, results[i]);
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
          const task: Task = { i, path: paths[i], source: sources[i] };
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
          results[reply.i] = reply.input;
          try {
            options.onFile?.(reply.i, reply.input);
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
    try {
      const bytes = fs.readFileSync(task.path);
      reply = { i: task.i, input: analyzeWorkbookBytes(task.source, bytes, templates, wanted).input };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      reply = { i: task.i, error: { message: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) } };
    }
    port.postMessage(reply);
  });
}

if (!isMainThread && parentPort && (workerData as Partial<WorkerInit> | null)?.mark === MARK) {
  runWorker(workerData as WorkerInit, parentPort);
}
