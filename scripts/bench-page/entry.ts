/**
 * The bench page (bundled by scripts/bench-page/webpack.config.js, never part of the add-in): the same
 * pipeline as scripts/bench/pipeline.ts, exposed to the bench driver as window.runPipeline and
 * window.bench. Files are fetched from files/ beside the page before any timing starts.
 */
import { runPipeline, type PipelineSummary } from "../bench/pipeline";

interface BenchApi {
  /** fetches files/<name> for each name and keeps the bytes; resolves with the count */
  load(names: string[]): Promise<number>;
  /** one timed run of the pipeline over the loaded files */
  time(): { ms: number; summary: PipelineSummary };
}

declare global {
  interface Window {
    runPipeline: typeof runPipeline;
    bench: BenchApi;
  }
}

let files: Uint8Array[] = [];
let names: string[] = [];

window.runPipeline = runPipeline;
window.bench = {
  async load(list) {
    files = await Promise.all(
      list.map(async (n) => {
        const res = await fetch(`files/${encodeURIComponent(n)}`);
        if (!res.ok) throw new Error(`files/${n}: HTTP ${res.status}`);
        return new Uint8Array(await res.arrayBuffer());
      }),
    );
    names = list.slice();
    return files.length;
  },
  time() {
    const t0 = performance.now();
    const summary = runPipeline(files, names);
    return { ms: performance.now() - t0, summary };
  },
};

const status = document.getElementById("status");
if (status) status.textContent = "ready";
