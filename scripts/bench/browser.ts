/**
 * Section "browser": headless Chromium (/usr/bin/chromium through playwright-core; never a download).
 *
 * - first render: taskpane.html of the production build (served by scripts/serve.js over http on
 *   127.0.0.1), browser cache disabled, until #root holds something other than the loading message
 *   (a MutationObserver installed before any page script records performance.now(), i.e. ms since
 *   navigation start); median of several loads
 * - pipeline: the bench page (scripts/bench-page) runs scripts/bench/pipeline.ts over the same files
 *   as Node does in this process, rounds interleaved page / Node, medians
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createStaticServer } from "../serve";
import { runPipeline, type PipelineSummary } from "./pipeline";
import { median } from "./util";

export const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface BrowserResult {
  chromium: string;
  firstRender: { loads: number; msMedian: number; samples: number[]; domContentLoadedMedian: number; pageErrors: string[] };
  pipeline: {
    files: number;
    rounds: number;
    pageMs: number;
    nodeMs: number;
    pageMsPerFile: number;
    nodeMsPerFile: number;
    /** page time / Node time */
    ratio: number;
    pageSamples: number[];
    nodeSamples: number[];
    sameResult: boolean;
    page: PipelineSummary;
    node: PipelineSummary;
  };
}

declare global {
  interface Window {
    __firstRender?: number;
  }
}

/** records performance.now() when #root first holds something other than the loading message */
const FIRST_RENDER_PROBE = `(() => {
  const observer = new MutationObserver(() => {
    const root = document.getElementById("root");
    if (!root || window.__firstRender !== undefined) return;
    for (const child of Array.from(root.children)) {
      if (child.id !== "loading-message") {
        window.__firstRender = performance.now();
        observer.disconnect();
        return;
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function uncachedPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return page;
}

export async function benchBrowser(opts: {
  taskpaneDir: string;
  benchPageDir: string;
  files: Uint8Array[];
  names: string[];
  loads: number;
  rounds: number;
  log: (s: string) => void;
}): Promise<BrowserResult> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (apt-get install -y chromium)`);
  // the bench page serves the files from files/ beside it
  const filesDir = path.join(opts.benchPageDir, "files");
  fs.mkdirSync(filesDir, { recursive: true });
  opts.files.forEach((b, i) => fs.writeFileSync(path.join(filesDir, opts.names[i]), b));

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-chromium-"));
  const taskpaneServer = await createStaticServer({ root: opts.taskpaneDir, port: 0, https: false });
  const benchServer = await createStaticServer({ root: opts.benchPageDir, port: 0, https: false });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS });
    // a string, not a function: tsx (esbuild keepNames) would wrap named functions in a __name() helper
    // the page does not have
    await context.addInitScript(FIRST_RENDER_PROBE);

    // first render of the task pane
    const errors: string[] = [];
    const samples: number[] = [];
    const dcl: number[] = [];
    for (let i = 0; i < opts.loads; i++) {
      const page = await uncachedPage(context, errors);
      await page.goto(`${taskpaneServer.url}taskpane.html`, { waitUntil: "domcontentloaded" });
      await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 20_000 });
      const t = await page.evaluate(() => ({
        first: window.__firstRender!,
        dcl: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? NaN,
      }));
      samples.push(t.first);
      dcl.push(t.dcl);
      await page.close();
    }
    opts.log(`  first render: ${samples.map((s) => s.toFixed(0)).join(", ")} ms`);

    // the pipeline in the page and in Node, interleaved
    const pageErrors: string[] = [];
    const page = await uncachedPage(context, pageErrors);
    await page.goto(`${benchServer.url}index.html`, { waitUntil: "load" });
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready", null, { timeout: 20_000 });
    const loaded = await page.evaluate((names) => window.bench.load(names), opts.names);
    if (loaded !== opts.files.length) throw new Error(`the bench page loaded ${loaded} of ${opts.files.length} files`);
    const pageRun = () => page.evaluate(() => window.bench.time());
    const nodeRun = () => {
      const t0 = performance.now();
      const summary = runPipeline(opts.files, opts.names);
      return { ms: performance.now() - t0, summary };
    };
    let pageSummary = (await pageRun()).summary; // warm-up
    let nodeSummary = nodeRun().summary;
    const pageSamples: number[] = [];
    const nodeSamples: number[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const a = r % 2 === 0 ? await pageRun() : nodeRun();
      const b = r % 2 === 0 ? nodeRun() : await pageRun();
      const [p, n] = r % 2 === 0 ? [a, b] : [b, a];
      pageSamples.push(p.ms);
      nodeSamples.push(n.ms);
      pageSummary = p.summary;
      nodeSummary = n.summary;
    }
    const userAgent = await page.evaluate(() => navigator.userAgent);
    if (pageErrors.length) throw new Error(`bench page errors: ${pageErrors.join("; ")}`);
    const pageMs = median(pageSamples);
    const nodeMs = median(nodeSamples);
    return {
      chromium: /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? userAgent,
      firstRender: { loads: opts.loads, msMedian: median(samples), samples, domContentLoadedMedian: median(dcl), pageErrors: errors },
      pipeline: {
        files: opts.files.length,
        rounds: opts.rounds,
        pageMs,
        nodeMs,
        pageMsPerFile: pageMs / opts.files.length,
        nodeMsPerFile: nodeMs / opts.files.length,
        ratio: pageMs / nodeMs,
        pageSamples,
        nodeSamples,
        sameResult: pageSummary.digest === nodeSummary.digest && pageSummary.accepted === nodeSummary.accepted,
        page: pageSummary,
        node: nodeSummary,
      },
    };
  } finally {
    await context?.close().catch(() => undefined);
    await taskpaneServer.close();
    await benchServer.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
