/**
 * Section "stream": the whole corpus in a child process (scripts/bench/stream-child.ts), once in one
 * thread and once with worker threads; total time and peak RSS of each.
 *
 * The child runs plain JavaScript, as a deployed command line would: src/ and scripts/bench/ are
 * transpiled (TypeScript's transpileModule, no type check) into a temporary folder first, so neither
 * the child nor its workers carry the tsx loader, and the RSS is that of the pipeline alone.
 */
import { lastJsonLine, runNode } from "./util";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { PipelineSummary } from "./pipeline";

const ROOT = path.join(__dirname, "..", "..");

/** Transpiles src/ (without the task pane) and scripts/bench/ into outDir, same layout; copies .json. Returns the child's path. */
export function compileForNode(outDir: string): string {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.ReactJSX,
  };
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = path.join(rel, d.name);
      if (d.isDirectory()) {
        if (r !== path.join("src", "taskpane")) walk(r);
        continue;
      }
      const out = path.join(outDir, r);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (/\.tsx?$/.test(d.name) && !d.name.endsWith(".d.ts")) {
        const text = fs.readFileSync(path.join(ROOT, r), "utf8");
        fs.writeFileSync(out.replace(/\.tsx?$/, ".js"), ts.transpileModule(text, { compilerOptions: options, fileName: r }).outputText);
      } else if (d.name.endsWith(".json")) {
        fs.copyFileSync(path.join(ROOT, r), out);
      }
    }
  };
  walk("src");
  walk(path.join("scripts", "bench"));
  return path.join(outDir, "scripts", "bench", "stream-child.js");
}

export interface StreamRun {
  files: number;
  workers: number;
  totalMs: number;
  analyzeMs: number;
  consolidateMs: number;
  vmHWM?: number;
  maxRSS: number;
  sampledPeak: number;
  baseline: number;
  heapUsedAfter: number;
  summary: PipelineSummary;
  /** wall time of the child process, start-up included */
  wallMs: number;
}

/** Runs the compiled child (see compileForNode) over every .xlsx in dir. */
export async function runStreamChild(script: string, dir: string, workers: number): Promise<StreamRun> {
  // plain node; packages resolve from the project's node_modules
  const env = { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") };
  const { code, out, err, wallMs } = await runNode([script, dir, String(workers)], { env });
  if (code !== 0) throw new Error(`stream child exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`);
  try {
    return { ...lastJsonLine<Omit<StreamRun, "wallMs">>(out), wallMs };
  } catch (e) {
    throw new Error(`stream child printed no result: ${String(e)}; stderr: ${err.slice(0, 500)}`);
  }
}

export interface StreamMode {
  workers: number;
  files: number;
  /** fastest total of the runs (the least disturbed by other work on the machine), and all of them */
  bestMs: number;
  totalsMs: number[];
  /** highest VmHWM over the runs (maxRSS where /proc is missing) */
  peakRss: number;
  /** VmRSS before the first file (lowest over the runs) */
  baseline: number;
  accepted: number;
  digest: string;
}

export interface StreamResult {
  single: StreamMode;
  parallel: StreamMode;
  runs: StreamRun[];
}

/** `repeats` runs of each mode, alternating one thread / workers, each in a fresh child process */
export async function benchStream(
  script: string,
  dir: string,
  workers: number,
  repeats: number,
  log: (s: string) => void,
): Promise<StreamResult> {
  const runs: StreamRun[] = [];
  for (let k = 0; k < repeats; k++) {
    for (const w of [0, workers]) {
      const r = await runStreamChild(script, dir, w);
      runs.push(r);
      log(
        `  ${w ? `${w} workers` : "one thread"}: ${(r.totalMs / 1000).toFixed(2)} s, peak RSS ${((r.vmHWM ?? r.maxRSS) / 1048576).toFixed(1)} MiB`,
      );
    }
  }
  const mode = (w: number): StreamMode => {
    const rs = runs.filter((r) => r.workers === w);
    return {
      workers: w,
      files: rs[0].files,
      bestMs: Math.min(...rs.map((r) => r.totalMs)),
      totalsMs: rs.map((r) => r.totalMs),
      peakRss: Math.max(...rs.map((r) => r.vmHWM ?? r.maxRSS)),
      baseline: Math.min(...rs.map((r) => r.baseline)),
      accepted: rs[0].summary.accepted,
      digest: rs.every((r) => r.summary.digest === rs[0].summary.digest) ? rs[0].summary.digest : "differs",
    };
  };
  return { single: mode(0), parallel: mode(workers), runs };
}
