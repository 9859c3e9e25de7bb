/**
 * The task pane as a user's browser gets it, for the Chromium tests: a production build, served by
 * scripts/serve.js (with its CSP), and the Debian package's /usr/bin/chromium driven by playwright-core
 * (never a downloaded browser).
 *
 * The build is shared: it lands in the system's temporary folder under a hash of everything it is made
 * from, so the browser suites (run in parallel by jest) make it once between them, and a re-run with
 * unchanged sources makes it not at all.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type webpack from "webpack";
import { chromium, type Browser, type Page } from "playwright-core";
import { createStaticServer, type StaticServer } from "../../scripts/serve";
import { runWebpack } from "../../scripts/bench/bundle";
import { programPath, requirePrograms } from "./programs";

export const CHROMIUM = programPath("chromium");
/** describe where Chromium is installed; otherwise skipped, or failed under CI (see programs.ts) */
export const describeWithChromium = requirePrograms("chromium").describe;

/**
 * Office.js, loaded outside Office, tries to frame Microsoft's telemetry page after 3 s; the CSP refuses
 * it before any request is made, which is the point. This console error is the only one expected.
 */
export const OFFICE_TELEMETRY_BLOCKED =
  /^Framing 'https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\/' violates the following Content Security Policy directive/;

const makeConfig = require("../../webpack.config.js") as (env: Record<string, unknown>, argv: { mode?: string }) => webpack.Configuration;

export interface ServedPage {
  /** the build: shared, read only */
  outDir: string;
  /** a temporary folder the test may use; removed by close() */
  tmp: string;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

const ROOT = path.join(__dirname, "..", "..");
const BUILD_INPUTS = ["src", "assets", "scripts", "manifest.xml", "webpack.config.js", "tsconfig.json", "package-lock.json"];
const BUILD_PREFIX = "campaign-stats-build-";

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((name) => filesUnder(path.join(p, name)));
}

/** a hash of every file the production build is made from */
function buildHash(): string {
  const hash = createHash("sha256");
  for (const file of BUILD_INPUTS.flatMap((p) => filesUnder(path.join(ROOT, p)))) {
    hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The production build of the current sources, made once: the first caller takes a lock (mkdir is atomic),
 * builds into a private folder and renames it into place; the others wait for the folder to appear.
 */
export async function sharedBuild(): Promise<string> {
  const outDir = path.join(os.tmpdir(), BUILD_PREFIX + buildHash());
  const lock = `${outDir}.lock`;
  const deadline = Date.now() + 5 * 60_000;
  while (!fs.existsSync(outDir)) {
    try {
      fs.mkdirSync(lock);
    } catch {
      // someone else is building; a lock left by a killed run is taken over after ten minutes
      const lockAge = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (lockAge > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited five minutes for the build in ${outDir}`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (fs.existsSync(outDir)) break;
      const building = `${outDir}.building-${process.pid}`;
      fs.rmSync(building, { recursive: true, force: true });
      await runWebpack(makeConfig({ outputPath: building }, { mode: "production" }));
      fs.renameSync(building, outDir);
      removeOlderBuilds(outDir);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  return outDir;
}

/** builds of sources that no longer exist, left by earlier runs (older than a day, so a parallel run's build is never taken away) */
function removeOlderBuilds(keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    const p = path.join(os.tmpdir(), name);
    if (!name.startsWith(BUILD_PREFIX) || p === keep || name.endsWith(".lock")) continue;
    if ((fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < dayAgo) fs.rmSync(p, { recursive: true, force: true });
  }
}

/** the production build (shared, see above), served on an ephemeral port, and headless Chromium */
export async function buildAndServe(prefix: string): Promise<ServedPage> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const outDir = await sharedBuild();
  const server = await createStaticServer({ root: outDir, port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    outDir,
    tmp,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** records the page's console errors (but the blocked telemetry frame) and uncaught errors in `problems` */
export function collectProblems(page: Page, problems: string[]): void {
  page.on("console", (m) => {
    if (m.type() === "error" && !OFFICE_TELEMETRY_BLOCKED.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
}

/** the script files taskpane.html loads itself (the initial chunks) */
export function initialChunks(outDir: string): string[] {
  const html = fs.readFileSync(path.join(outDir, "taskpane.html"), "utf8");
  return [...html.matchAll(/src="?(taskpane\.[0-9a-f]{8}\.js)/g)].map((m) => m[1]);
}
