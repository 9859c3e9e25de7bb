/**
 * The standalone web page in a real browser (Chromium, headless, no network): the production build
 * served with its Content-Security-Policy, used at 320 px as in a task pane. Checks that the lazily
 * loaded chunks and the Web Worker load under the CSP, that files are read in the worker, and that the
 * downloads are workbooks our reader accepts. Skipped when /usr/bin/chromium is absent.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import webpack from "webpack";
import { chromium, type Browser, type Page } from "playwright-core";
import { createStaticServer, type StaticServer } from "../../scripts/serve";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou, validValues } from "../support/fixtures";

const CHROMIUM = "/usr/bin/chromium";
const maybe = fs.existsSync(CHROMIUM) ? describe : describe.skip;
const makeConfig = require("../../webpack.config.js") as (env: Record<string, unknown>, argv: { mode?: string }) => webpack.Configuration;

maybe("the standalone page in Chromium", () => {
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const workers: string[] = [];

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-page-"));
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack(makeConfig({ outputPath: outDir }, { mode: "production" }), (err, s) => (err || !s ? reject(err) : resolve(s))),
    );
    expect(stats.hasErrors()).toBe(false);
    server = await createStaticServer({ root: outDir, port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, acceptDownloads: true, locale: "zh-CN" });
    // nothing may leave the machine
    const origin = new URL(server.url).origin;
    await context.route(
      (url) => url.origin !== origin && url.protocol !== "blob:" && url.protocol !== "data:",
      (route) => {
        problems.push(`external request: ${route.request().url()}`);
        return route.abort();
      },
    );
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("worker", (w) => workers.push(w.url()));
    await page.goto(`${server.url}taskpane.html`);
    await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor({ timeout: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  test("the initial bundle is small; the page renders in standalone mode at 320 px without errors", async () => {
    const html = fs.readFileSync(path.join(outDir, "taskpane.html"), "utf8");
    const initial = [...html.matchAll(/src="?(taskpane\.[0-9a-f]{8}\.js)/g)].map((m) => m[1]);
    const gzipped = initial.reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(outDir, f)), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(250 * 1024);
    expect(await page.locator("main").getAttribute("data-mode")).toBe("standalone");
    expect(await page.getByRole("button", { name: "下载空白模板" }).isVisible()).toBe(true);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > 321 && (e as HTMLElement).offsetParent !== null)
        .map((e) => `${e.tagName}.${(e.className || "").toString().slice(0, 40)} ${Math.round(e.getBoundingClientRect().left)}-${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(problems).toEqual([]);
  });

  test("下载空白模板 gives an .xlsx our reader recognises", async () => {
    await page.getByRole("tab", { name: "插入统计表" }).click();
    await page.getByLabel("统计表模板").selectOption({ label: ganzhou.title });
    await page.getByLabel("填报单位").fill("章贡区市场监督管理局");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载空白模板" }).click()]);
    expect(download.suggestedFilename()).toBe(`${ganzhou.title}（章贡区市场监督管理局）.xlsx`);
    const bytes = fs.readFileSync((await download.path())!);
    const a = analyzeWorkbookBytes("t.xlsx", new Uint8Array(bytes), BUILTIN_TEMPLATES);
    expect(a.input.report?.templateId).toBe("ganzhou-2022");
    expect(a.input.report?.unit).toBe("章贡区市场监督管理局");
    expect(problems).toEqual([]);
  }, 60_000);

  test("一键校验 reads the picked files in the Web Worker", async () => {
    const good = await writeTemplateWorkbook(ganzhou, { header: { unit: "南康区市场监督管理局", date: "11月20日" }, values: validValues(ganzhou) });
    const bad = await writeTemplateWorkbook(ganzhou, { header: { unit: "赣县区市场监督管理局", date: "11月20日" }, values: { ...validValues(ganzhou), police_cases: "若干" } });
    await page.getByRole("tab", { name: "一键校验" }).click();
    await page.getByLabel(/选择要校验的统计表/).setInputFiles([
      { name: "南康区.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(good) },
      { name: "赣县区.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(bad) },
    ]);
    await page.getByRole("button", { name: "校验所选文件" }).click();
    await page.getByText("共 2 个文件：1 个可以报送，1 个需要修改。").waitFor({ timeout: 20_000 });
    expect(await page.getByText("有 1 处错误需修改").isVisible()).toBe(true);
    expect(await page.getByText(/“若干”不是数字/).isVisible()).toBe(true);
    expect(workers.some((u) => /campaign-stats-reader\.[0-9a-f]{8}\.js$/.test(u))).toBe(true);
    expect(problems).toEqual([]);
  }, 60_000);

  test("汇总 then 下载汇总表", async () => {
    const files = await Promise.all(
      ["章贡区", "南康区"].map(async (u, i) => ({
        name: `${u}.xlsx`,
        mimeType: "application/octet-stream",
        buffer: Buffer.from(await writeTemplateWorkbook(ganzhou, { header: { unit: `${u}市场监督管理局`, date: "11月20日" }, values: validValues(ganzhou, i + 1) })),
      })),
    );
    await page.getByRole("tab", { name: "汇总" }).click();
    await page.getByLabel("统计表模板").selectOption({ label: ganzhou.title });
    await page.getByLabel(/各单位报送的统计表/).setInputFiles(files);
    await page.getByRole("textbox", { name: /汇总单位/ }).fill("赣州市市场监督管理局");
    await page.getByRole("textbox", { name: /报送名单/ }).fill("章贡区\n南康区\n大余县");
    await page.getByRole("button", { name: "开始汇总" }).click();
    await page.getByText("已汇总 2 个单位；未汇总 0 份；重复报送 0 份；未报送 1 个单位。").waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载汇总表" }).click()]);
    expect(download.suggestedFilename()).toBe("赣州市市场监督管理局汇总表.xlsx");
    const a = analyzeWorkbookBytes("r.xlsx", new Uint8Array(fs.readFileSync((await download.path())!)), BUILTIN_TEMPLATES);
    expect(a.input.report?.unit).toBe("赣州市市场监督管理局");
    expect(a.input.report?.values.cases_total).toBe(String(validValues(ganzhou, 1).cases_total + validValues(ganzhou, 2).cases_total));
    expect(problems).toEqual([]);
  }, 60_000);
});
