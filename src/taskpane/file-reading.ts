/**
 * Reading picked files (.xlsx, .xls, .ods, .docx …) without freezing the pane: in a Web Worker
 * (read-worker.ts) when one can start, otherwise on the main thread one file at a time, yielding to the
 * event loop between files so the progress bar paints and clicks are answered. Either way the result of a
 * file is exactly analyzeWorkbookBytes(name, bytes, templates, wanted).input. Never throws for a bad file:
 * a file that cannot even be loaded from disk becomes a file finding.
 *
 * A Word document may hold a filled-in table. The worker answers "this is a Word document"; such a file is
 * then read again here with the Word table reader (word-tables.ts), fetched once as a chunk of its own, so
 * the worker's bundle stays as small as it was (fetching it from the worker made webpack split the reader
 * out of the worker: 42.9 KiB gz against its 40). A county's .docx is a few KB: this takes milliseconds.
 */
import type { ReceivedInput } from "../core/consolidate";
import { finding } from "../core/findings";
import type { Template } from "../templates/schema";
import type { Progress } from "./actions";
import { loadLegacyHelpers, loadReader, loadWordTables, spawnReadWorker } from "./lazy";
import { readFileBytes } from "./text";

export interface FileResult {
  source: string;
  input: ReceivedInput;
  /** the sheet the table was found on */
  sheet?: string;
  /** the template it was recognised as */
  templateId?: string;
}

export interface WorkerRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
  templates: readonly Template[];
  wantedIndex: number;
}

export type WorkerReply = { id: number; result: FileResult } | { id: number; error: string };

interface Analyzer {
  analyze(name: string, bytes: Uint8Array, templates: readonly Template[], wantedIndex: number): Promise<FileResult>;
  close(): void;
}

/** yields to the event loop (a macrotask: lets the browser paint and handle input) */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function inlineAnalyzer(): Promise<Analyzer> {
  const [{ analyzeWorkbookBytes }, { loadLegacyReader, mayNeedLegacyReader }] = await Promise.all([loadReader(), loadLegacyHelpers()]);
  return {
    async analyze(name, bytes, templates, wantedIndex) {
      await yieldToEventLoop();
      const legacyReader = mayNeedLegacyReader(bytes) ? await loadLegacyReader().catch(() => undefined) : undefined;
      const a = analyzeWorkbookBytes(
        name,
        bytes,
        templates,
        wantedIndex >= 0 ? templates[wantedIndex] : undefined,
        legacyReader ? { legacyReader } : {},
      );
      return { source: name, input: a.input, ...(a.match ? { sheet: a.match.grid.sheetName, templateId: a.match.template.id } : {}) };
    },
    close() {},
  };
}

async function workerAnalyzer(): Promise<Analyzer | undefined> {
  if (typeof Worker === "undefined") return undefined;
  let worker: Worker;
  try {
    worker = spawnReadWorker();
  } catch {
    return undefined;
  }
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: FileResult) => void; reject: (e: unknown) => void }>();
  const failAll = (error: unknown) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.onmessage = (e: MessageEvent<WorkerReply>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if ("result" in e.data) p.resolve(e.data.result);
    else p.reject(new Error(e.data.error));
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    failAll(new Error(e.message || "worker error"));
  };
  return {
    analyze(name, bytes, templates, wantedIndex) {
      const id = nextId++;
      return new Promise<FileResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          const request: WorkerRequest = { id, name, bytes, templates, wantedIndex };
          worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
        } catch (error) {
          pending.delete(id);
          reject(error);
        }
      });
    },
    close() {
      failAll(new Error("closed"));
      worker.terminate();
    },
  };
}

function isWordDocument(result: FileResult): boolean {
  return result.input.findings.some((f) => f.code === "file-not-xlsx" && f.detected === "docx");
}

/** the Word document's tables analysed like a workbook; undefined when the reader chunk cannot load */
async function analyzeWordDocument(
  name: string,
  bytes: Uint8Array,
  templates: readonly Template[],
  wantedIndex: number,
): Promise<FileResult | undefined> {
  try {
    const [{ analyzeWorkbookBytes }, { analyzeWordTables }] = await Promise.all([loadReader(), loadWordTables()]);
    const a = analyzeWorkbookBytes(name, bytes, templates, wantedIndex >= 0 ? templates[wantedIndex] : undefined, {
      wordTables: analyzeWordTables,
    });
    return { source: name, input: a.input, ...(a.match ? { sheet: a.match.grid.sheetName, templateId: a.match.template.id } : {}) };
  } catch {
    return undefined;
  }
}

function unreadable(name: string): FileResult {
  return { source: name, input: { source: name, findings: [finding("file-corrupt", { file: name })] } };
}

export interface AnalyzeFilesOptions {
  templates: readonly Template[];
  wanted?: Template;
  onProgress?: (p: Progress) => void;
  /** for tests: never start a worker */
  inline?: boolean;
}

/** Reads and validates `files` in order, reporting progress after each. */
export async function analyzeFiles(files: readonly File[], options: AnalyzeFilesOptions): Promise<FileResult[]> {
  const { templates, wanted, onProgress } = options;
  let wantedIndex = wanted ? templates.indexOf(wanted) : -1;
  const list = wanted && wantedIndex === -1 ? [...templates, wanted] : templates;
  if (wanted && wantedIndex === -1) wantedIndex = list.length - 1;
  const total = files.length;
  const results: FileResult[] = [];
  if (total === 0) return results;

  let worker = options.inline ? undefined : await workerAnalyzer();
  let inline: Analyzer | undefined;
  try {
    for (let i = 0; i < total; i++) {
      const file = files[i];
      onProgress?.({ done: i, total, current: file.name });
      let bytes: Uint8Array;
      try {
        bytes = await readFileBytes(file);
      } catch {
        results.push(unreadable(file.name));
        continue;
      }
      let result: FileResult | undefined;
      if (worker) {
        try {
          // the worker gets a copy: the original stays usable for the main-thread fallback
          result = await worker.analyze(file.name, bytes.slice(), list, wantedIndex);
        } catch {
          worker.close();
          worker = undefined;
        }
      }
      if (!result) {
        inline ??= await inlineAnalyzer();
        try {
          result = await inline.analyze(file.name, bytes, list, wantedIndex);
        } catch {
          result = unreadable(file.name);
        }
      }
      if (isWordDocument(result)) result = (await analyzeWordDocument(file.name, bytes, list, wantedIndex)) ?? result;
      results.push(result);
    }
    onProgress?.({ done: total, total });
    return results;
  } finally {
    worker?.close();
  }
}
