/**
 * Section "bundle": the production build of the task pane (webpack.config.js through webpack's Node API,
 * into a temporary folder) and of the bench page (scripts/bench-page/webpack.config.js); gzipped sizes.
 *
 * - initial: the webpack chunks taskpane.html loads (its <script src>, minus office.js and compat.js,
 *   which are reported apart: they are not our bundle and office.js is needed by any add-in)
 * - lazy: every other chunk (import())
 * - reading path: where xlsx-read / zip / xml-scan / fflate sit in the task pane build, and what they
 *   cost on their own (the bench page's reading-path.js, a bundle of readWorkbook alone)
 * - writer: the chunk holding ExcelJS, and a search of the initial chunks for an ExcelJS marker string
 */
import { lastJsonLine, runNode } from "./util";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import webpack from "webpack";

const ROOT = path.join(__dirname, "..", "..");

/** a string of ExcelJS's browser build that no code of ours contains (checked in exceljs.min.js) */
export const EXCELJS_MARKER = "Out of bounds. Excel supports columns from 1 to 16384";
const READING_MODULE = /(src[\\/]files[\\/](xlsx-read|zip|xml-scan)\.ts|node_modules[\\/]fflate[\\/])/;
const EXCELJS_MODULE = /node_modules[\\/]exceljs[\\/]/;
const CORE_MODULE = /src[\\/](core|templates)[\\/]/;
/** the webpack chunk name of the file-reading Web Worker (see src/taskpane/lazy.js) */
const WORKER_CHUNK = "campaign-stats-reader";
/** SheetJS for .xls/.ods/.xlsb: fetched only when such a file is read, so never counted in the reading path */
const LEGACY_CHUNK = "legacy-sheets";
const SHEETJS_MODULE = /node_modules[\\/]@e965[\\/]xlsx[\\/]/;

type MakeConfig = (env: Record<string, unknown>, argv: { mode?: string }) => webpack.Configuration;

export function runWebpack(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (!stats) return reject(new Error("webpack returned no stats"));
      if (stats.hasErrors()) {
        const errors = stats.toJson({ all: false, errors: true }).errors ?? [];
        return reject(new Error(`webpack: ${errors.map((e) => e.message.split("\n")[0]).join("; ")}`));
      }
      resolve(stats);
    });
  });
}

export function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

export interface ChunkInfo {
  names: string[];
  files: string[];
  initial: boolean;
  /** bytes and gzipped bytes of its .js files */
  bytes: number;
  gzip: number;
  /** holds xlsx-read, zip, xml-scan or fflate */
  reading: boolean;
  exceljs: boolean;
  /** holds src/core or src/templates */
  core: boolean;
  modules: number;
  /** holds SheetJS (@e965/xlsx) */
  sheetjs: boolean;
}

export interface BundleResult {
  buildMs: number;
  outDir: string;
  initial: { files: string[]; bytes: number; gzip: number };
  lazy: ChunkInfo[];
  chunks: ChunkInfo[];
  /** loaded by taskpane.html but not our bundle */
  alsoLoaded: { file: string; gzip: number }[];
  reading: {
    /** where the reading modules are in the task pane build */
    location: "initial" | "lazy" | "absent";
    chunkFiles: string[];
    /** gzipped size of the task pane chunks that hold reading modules (initial ones included) */
    chunkGzip: number;
    /** readWorkbook bundled alone (bench page reading-path.js): what the reading path adds */
    standaloneGzip: number;
    /** the file-reading worker as built: reading + detection + validation (bench page read-worker.js) */
    workerGzip: number;
    /** what reading files downloads in the task pane: the worker's chunk and every chunk it loads */
    workerInPane: { files: string[]; gzip: number } | null;
    /** the SheetJS chunk (gzipped) and whether any chunk loaded up front or on the .xlsx path holds SheetJS */
    legacy: { files: string[]; gzip: number; inInitialOrReading: boolean };
  };
  writer: {
    location: "initial" | "lazy" | "absent";
    chunkFiles: string[];
    chunkGzip: number;
    /** the ExcelJS marker string found in any initial file */
    markerInInitial: boolean;
  };
  benchPage: { outDir: string; files: Record<string, { bytes: number; gzip: number }>; buildMs: number };
}

/** every source module in a chunk, concatenated (scope-hoisted) modules opened up: resource paths or identifiers */
function chunkModuleNames(compilation: webpack.Compilation, chunk: webpack.Chunk): string[] {
  const out: string[] = [];
  const visit = (m: webpack.Module) => {
    const inner = (m as { modules?: Iterable<webpack.Module> }).modules; // ConcatenatedModule
    if (inner) for (const x of inner) visit(x);
    else out.push((m as { resource?: string }).resource ?? m.identifier());
  };
  for (const m of compilation.chunkGraph.getChunkModulesIterable(chunk)) visit(m);
  return out;
}

export async function benchBundle(taskpaneOut: string, benchPageOut: string): Promise<BundleResult> {
  const makeConfig = require(path.join(ROOT, "webpack.config.js")) as MakeConfig;
  const t0 = performance.now();
  const stats = await runWebpack(makeConfig({ outputPath: taskpaneOut }, { mode: "production" }));
  const buildMs = performance.now() - t0;
  const json = stats.toJson({ all: false, entrypoints: true });
  const html = fs.readFileSync(path.join(taskpaneOut, "taskpane.html"), "utf8");
  const scriptSrcs = [...html.matchAll(/<script\b[^>]*\ssrc=["']?([^"'\s>]+)/gi)].map((m) => m[1]);
  const entryFiles = new Set((json.entrypoints?.taskpane?.assets ?? []).map((a) => a.name).filter((n) => n.endsWith(".js")));
  const initialFiles = scriptSrcs.filter((s) => entryFiles.has(s));
  // anything the entry needs that the html does not load directly would be a build bug; count it anyway
  for (const f of entryFiles) if (!initialFiles.includes(f)) initialFiles.push(f);
  const alsoLoaded = scriptSrcs.filter((s) => !entryFiles.has(s)).map((file) => ({ file, gzip: gzipSize(path.join(taskpaneOut, file)) }));

  const compilation = stats.compilation;
  const chunks: ChunkInfo[] = [...compilation.chunks].map((c) => {
    const files = [...c.files].filter((f) => f.endsWith(".js"));
    const names = chunkModuleNames(compilation, c);
    return {
      names: c.name ? [c.name] : [],
      files,
      initial: c.canBeInitial(),
      bytes: files.reduce((s, f) => s + fs.statSync(path.join(taskpaneOut, f)).size, 0),
      gzip: files.reduce((s, f) => s + gzipSize(path.join(taskpaneOut, f)), 0),
      reading: names.some((n) => READING_MODULE.test(n)),
      exceljs: names.some((n) => EXCELJS_MODULE.test(n)),
      core: names.some((n) => CORE_MODULE.test(n)),
      modules: names.length,
      sheetjs: names.some((n) => SHEETJS_MODULE.test(n)),
    };
  });
  const initial = {
    files: initialFiles,
    bytes: initialFiles.reduce((s, f) => s + fs.statSync(path.join(taskpaneOut, f)).size, 0),
    gzip: initialFiles.reduce((s, f) => s + gzipSize(path.join(taskpaneOut, f)), 0),
  };
  const markerInInitial = initialFiles.some((f) => fs.readFileSync(path.join(taskpaneOut, f), "utf8").includes(EXCELJS_MARKER));
  const workerChunk = [...compilation.chunks].find((c) => c.name === WORKER_CHUNK);
  // the worker is an entry point of its own: its chunk, the split chunks it loads at start, and its lazy ones
  const workerChunks = new Set<webpack.Chunk>();
  for (const group of workerChunk?.groupsIterable ?? []) for (const c of group.chunks) workerChunks.add(c);
  for (const c of [...workerChunks]) for (const a of c.getAllAsyncChunks()) if (a.name !== LEGACY_CHUNK) workerChunks.add(a);
  const workerFiles = [...workerChunks].flatMap((c) => [...c.files].filter((f) => f.endsWith(".js")));
  const workerInPane = workerChunk
    ? { files: workerFiles, gzip: workerFiles.reduce((n, f) => n + gzipSize(path.join(taskpaneOut, f)), 0) }
    : null;
  const where = (pred: (c: ChunkInfo) => boolean) => {
    const cs = chunks.filter(pred);
    return {
      location: (cs.some((c) => c.initial) ? "initial" : cs.length ? "lazy" : "absent") as "initial" | "lazy" | "absent",
      chunkFiles: cs.flatMap((c) => c.files),
      chunkGzip: cs.reduce((s, c) => s + c.gzip, 0),
    };
  };

  // the bench page: the pipeline for Chromium, and the two size probes
  const makeBenchConfig = require(path.join(ROOT, "scripts", "bench-page", "webpack.config.js")) as MakeConfig;
  const t1 = performance.now();
  await runWebpack(makeBenchConfig({ outputPath: benchPageOut }, {}));
  const benchBuildMs = performance.now() - t1;
  fs.copyFileSync(path.join(ROOT, "scripts", "bench-page", "index.html"), path.join(benchPageOut, "index.html"));
  const benchFiles: BundleResult["benchPage"]["files"] = {};
  for (const f of ["bench.js", "reading-path.js", "read-worker.js"]) {
    const p = path.join(benchPageOut, f);
    benchFiles[f] = { bytes: fs.statSync(p).size, gzip: gzipSize(p) };
  }

  return {
    buildMs,
    outDir: taskpaneOut,
    initial,
    lazy: chunks.filter((c) => !c.initial),
    chunks,
    alsoLoaded,
    reading: {
      ...where((c) => c.reading),
      standaloneGzip: benchFiles["reading-path.js"].gzip,
      workerGzip: benchFiles["read-worker.js"].gzip,
      workerInPane,
      legacy: {
        files: chunks.filter((c) => c.names.includes(LEGACY_CHUNK)).flatMap((c) => c.files),
        gzip: chunks.filter((c) => c.names.includes(LEGACY_CHUNK)).reduce((s, c) => s + c.gzip, 0),
        inInitialOrReading:
          chunks.some((c) => c.sheetjs && (c.initial || c.reading)) ||
          workerFiles.some((f) => chunks.some((c) => c.sheetjs && c.files.includes(f))),
      },
    },
    writer: { ...where((c) => c.exceljs), markerInInitial },
    benchPage: { outDir: benchPageOut, files: benchFiles, buildMs: benchBuildMs },
  };
}

/**
 * Run as a child process by the bench (`node --import tsx scripts/bench/bundle.ts TASKPANE_OUT BENCH_PAGE_OUT`),
 * so webpack's memory does not stay in the process that times the pipeline afterwards. Prints one JSON line.
 */
if (require.main === module) {
  const [taskpaneOut, benchPageOut] = process.argv.slice(2);
  benchBundle(taskpaneOut, benchPageOut).then(
    (r) => process.stdout.write(JSON.stringify(r) + "\n"),
    (err) => {
      process.stderr.write(String(err?.stack ?? err) + "\n");
      process.exit(1);
    },
  );
}

/** benchBundle in a child process (see above) */
export async function benchBundleInChild(taskpaneOut: string, benchPageOut: string): Promise<BundleResult> {
  const { code, out, err } = await runNode([...process.execArgv, __filename, taskpaneOut, benchPageOut]);
  if (code !== 0) throw new Error(`build child exited ${code}: ${err.trim().split("\n").slice(0, 3).join(" | ")}`);
  try {
    return lastJsonLine<BundleResult>(out);
  } catch (e) {
    throw new Error(`build child printed no result: ${String(e)}`);
  }
}
