/**
 * Child process of the bench (run compiled: see compileForNode in stream.ts): the whole batch through
 * analyzeFilesInParallel + consolidate, nothing else in the process, so its peak RSS is the pipeline's.
 * Prints one JSON line on stdout.
 *
 *   node stream-child.js DIR WORKERS
 *
 * Memory figures: VmHWM from /proc/self/status is the kernel's peak resident set of the whole process —
 * worker threads are threads of this process, so it includes them; `sampledPeak` is the max of
 * process.memoryUsage().rss sampled every 5 ms (a cross-check); `baseline` is VmRSS after the modules
 * are loaded and before the first file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFilesInParallel } from "../../src/cli/parallel";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { consolidateInputs } from "./pipeline";
import { procStatusBytes } from "./util";

async function main(): Promise<void> {
  const [dir, workersArg] = process.argv.slice(2);
  const workers = Number(workersArg);
  const paths = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".xlsx"))
    .sort()
    .map((f) => path.join(dir, f));
  const baseline = procStatusBytes("VmRSS") ?? process.memoryUsage().rss;
  let sampledPeak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    if (rss > sampledPeak) sampledPeak = rss;
  }, 5);
  const t0 = performance.now();
  const inputs = await analyzeFilesInParallel(paths, BUILTIN_TEMPLATES, { workers, sources: paths.map((p) => path.basename(p)) });
  const tAnalyzed = performance.now();
  const summary = consolidateInputs(inputs);
  const t1 = performance.now();
  clearInterval(timer);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  const out = {
    files: paths.length,
    workers,
    totalMs: t1 - t0,
    analyzeMs: tAnalyzed - t0,
    consolidateMs: t1 - tAnalyzed,
    vmHWM: procStatusBytes("VmHWM"),
    maxRSS: process.resourceUsage().maxRSS * 1024,
    sampledPeak,
    baseline,
    heapUsedAfter: process.memoryUsage().heapUsed,
    summary,
  };
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + "\n");
  process.exit(1);
});
