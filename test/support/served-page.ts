/**
 * The task pane as a user's browser gets it, for the Chromium tests: a production build in a temporary
 * folder, served by scripts/serve.js (with its CSP), and the Debian package's /usr/bin/chromium driven by
 * playwright-core (never a downloaded browser).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import webpack from "webpack";
import { chromium, type Browser, type Page } from "playwright-core";
import { createStaticServer, type StaticServer } from "../../scripts/serve";

export const CHROMIUM = "/usr/bin/chromium";
/** describe, or describe.skip where Chromium is not installed (.ci/run installs it) */
export const describeWithChromium = fs.existsSync(CHROMIUM) ? describe : describe.skip;

/**
 * Office.js, loaded outside Office, tries to frame Microsoft's telemetry page after 3 s; the CSP refuses
 * it before any request is made, which is the point. This console error is the only one expected.
 */
export const OFFICE_TELEMETRY_BLOCKED = /^Framing 'https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\/' violates the following Content Security Policy directive/;

const makeConfig = require("../../webpack.config.js") as (env: Record<string, unknown>, argv: { mode?: string }) => webpack.Configuration;

export interface ServedPage {
  /** the build */
  outDir: string;
  /** a temporary folder the test may use; removed by close() */
  tmp: string;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/** builds the task pane for production, serves it on an ephemeral port and starts headless Chromium */
export async function buildAndServe(prefix: string): Promise<ServedPage> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const outDir = path.join(tmp, "dist");
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    webpack(makeConfig({ outputPath: outDir }, { mode: "production" }), (err, s) => (err || !s ? reject(err) : resolve(s))),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ preset: "errors-only" }));
  const server = await createStaticServer({ root: outDir, port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
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
