/**
 * The standalone web page in a real browser: the production build served by scripts/serve.js with its
 * Content-Security-Policy, driven by playwright-core in the Debian package's /usr/bin/chromium (never a
 * downloaded browser), at a task pane's 320 px and a desktop's 1280 px. Every request is recorded and must
 * stay on the page's own origin. The downloads are read back by our reader and, for the roll-up, by
 * openpyxl. A screenshot of every step goes to test-output/web/ (not committed).
 * Skipped when /usr/bin/chromium is absent (.ci/run installs it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as net from "node:net";
import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { StaticServer } from "../../scripts/serve";
import { cellsOf } from "../../src/core/findings";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou, validValues } from "../support/fixtures";
import { attachmentGrid } from "../support/attachment-grid";
import { python, writeGridWithOpenpyxl } from "../support/independent";
import { requirePrograms } from "../support/programs";
import { buildAndServe, collectProblems, initialChunks, type ServedPage } from "../support/served-page";

const ROOT = path.join(__dirname, "..", "..");
const SHOTS = path.join(ROOT, "test-output", "web");
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** exact decimal sum, independent of the product's decimal module: scale by 10^6 in BigInt */
function exactSum(values: Array<number | string>): string {
  const SCALE = 6;
  const total = values.reduce<bigint>((sum, v) => {
    const [int, frac = ""] = String(v).split(".");
    return sum + BigInt(int + frac.padEnd(SCALE, "0"));
  }, 0n);
  const digits = total.toString().padStart(SCALE + 1, "0");
  const text = `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`.replace(/\.?0+$/, "");
  return text === "" ? "0" : text;
}

/** what the counties send: our template filled in, one typed in the original layout with openpyxl, one wrong */
async function countyFiles(dir: string) {
  const counties = ["章贡区", "南康区", "赣县区", "信丰县"];
  const fines = [0.1, 0.2, 12.345];
  const values: Array<Record<string, number>> = counties.map((_, i) => ({ ...validValues(ganzhou, i + 1), cases_fines: fines[i] ?? 1 }));
  const mine = async (i: number, override: Record<string, number | string> = {}) => ({
    name: `${counties[i]}.xlsx`,
    mimeType: XLSX,
    buffer: Buffer.from(
      await writeTemplateWorkbook(ganzhou, {
        header: { unit: `${counties[i]}市场监督管理局`, date: "11月20日" },
        values: { ...values[i], ...override },
      }),
    ),
  });
  const typedFile = path.join(dir, `${counties[2]}.xlsx`);
  writeGridWithOpenpyxl(
    attachmentGrid(ganzhou, { unit: `${counties[2]}市场监督管理局`, date: "2022年11月20日", values: values[2] }),
    typedFile,
  );
  const files = [
    await mine(0),
    await mine(1),
    { name: `${counties[2]}.xlsx`, mimeType: XLSX, buffer: fs.readFileSync(typedFile) },
    await mine(3, { police_cases: "若干" }),
  ];
  const accepted = values.slice(0, 3);
  return { files, accepted, counties };
}

/** the named input cells of the roll-up's 汇总表 as openpyxl reads them (cached values, not formulas) */
function readRollupWithOpenpyxl(file: string): Record<string, string> {
  const out = python(
    String.raw`
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
values = {}
for name in wb.defined_names.definedName:
    if not name.name.startswith("cs_"):
        continue
    for sheet, ref in name.destinations:
        if sheet == "汇总表":
            v = wb[sheet][ref.replace("$", "")].value
            values[name.name[3:]] = None if v is None else repr(v) if isinstance(v, float) else str(v)
print(json.dumps(values, ensure_ascii=False))
`,
    [file],
  );
  return JSON.parse(out) as Record<string, string>;
}

requirePrograms("chromium", "openpyxl").describe("the standalone page in Chromium", () => {
  let served: ServedPage;
  let outDir: string;
  let tmp: string;
  let server: StaticServer;
  let browser: Browser;
  const requests: string[] = [];
  const problems: string[] = [];
  const consoleErrors: string[] = [];
  const workers: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    served = await buildAndServe("campaign-stats-web-");
    ({ outDir, tmp, server, browser } = served);
  }, 240_000);

  afterAll(async () => {
    await served?.close();
  });

  async function openPage(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale: "zh-CN" });
    const origin = new URL(server.url).origin;
    context.on("request", (r) => requests.push(r.url()));
    // a request to anywhere else is recorded and refused, so the test sees it even if the page copes
    await context.route(
      (url) => url.origin !== origin && url.protocol !== "blob:" && url.protocol !== "data:",
      (route) => {
        problems.push(`external request: ${route.request().url()}`);
        return route.abort();
      },
    );
    const page = await context.newPage();
    collectProblems(page, problems);
    // stricter than collectProblems: without office.js there is no telemetry error to excuse either
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("worker", (w) => workers.push(w.url()));
    await page.goto(`${server.url}taskpane.html`);
    await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor({ timeout: 30_000 });
    return { context, page };
  }

  const shot = (page: Page, width: number, step: string) =>
    page.screenshot({ path: path.join(SHOTS, `${width}-${step}.png`), fullPage: true });

  /** elements wider than the viewport: a task pane must never scroll sideways */
  const overflowing = (page: Page, width: number) =>
    page.evaluate(
      (w) => [
        ...[...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > w + 1 && (e as HTMLElement).offsetParent !== null)
          .map((e) => `${e.tagName} ${Math.round(e.getBoundingClientRect().left)}-${Math.round(e.getBoundingClientRect().right)}`),
        ...(document.documentElement.scrollWidth > w ? [`page ${document.documentElement.scrollWidth}`] : []),
      ],
      width,
    );

  test("the initial bundle is small and loads the reader and writer only when needed", () => {
    const initial = initialChunks(outDir);
    expect(initial.length).toBeGreaterThan(0);
    const gzipped = initial.reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(outDir, f)), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(250 * 1024);
    // ExcelJS's browser build carries this marker; it must live in a lazily loaded chunk
    for (const f of initial) expect(fs.readFileSync(path.join(outDir, f), "utf8")).not.toContain("xl/sharedStrings.xml");
  });

  describe.each([320, 1280])("at %i px", (width) => {
    let context: BrowserContext;
    let page: Page;
    const firstProblem = problems.length;

    beforeAll(async () => {
      ({ context, page } = await openPage(width));
    }, 60_000);
    afterAll(async () => {
      await context?.close();
    });

    test("opens in standalone mode, in Chinese, without sideways scrolling", async () => {
      await shot(page, width, "01-opened");
      expect(await page.locator("main").getAttribute("data-mode")).toBe("standalone");
      // the web page inserts nothing: its first tab is named for what it does
      expect(await page.getByRole("tab").first().textContent()).toBe("下载空白模板");
      expect(await page.getByRole("region", { name: "使用步骤" }).textContent()).toMatch(
        /县区：下载空白模板 → 填写 → 一键校验自查 → 报送市局.*市：收齐各县区文件 → 汇总 → 下载汇总表上报/,
      );
      expect(await page.getByRole("button", { name: "下载空白模板" }).isVisible()).toBe(true);
      expect(await overflowing(page, width)).toEqual([]);
      expect(problems.slice(firstProblem)).toEqual([]);
    });

    test("下载空白模板: an .xlsx with the unit, every label and empty input cells", async () => {
      await page.getByRole("tab", { name: "下载空白模板" }).click();
      await page.getByLabel("统计表模板").selectOption({ label: ganzhou.title });
      await page.getByLabel("填报单位").fill("章贡区市场监督管理局");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载空白模板" }).click()]);
      await shot(page, width, "02-blank-template");
      expect(download.suggestedFilename()).toBe(`${ganzhou.title}（章贡区市场监督管理局）.xlsx`);
      const bytes = new Uint8Array(fs.readFileSync((await download.path())!));
      const a = analyzeWorkbookBytes(download.suggestedFilename(), bytes, BUILTIN_TEMPLATES);
      const report = a.input.report!;
      expect(report.templateId).toBe("ganzhou-2022");
      expect(report.unit).toBe("章贡区市场监督管理局");
      const items = ganzhou.sections.flatMap((s) => s.items);
      expect(report.values).toEqual({});
      // a blank template is not ready to send: every entry is reported blank (a department at a time), each cell its own
      expect(report.valid).toBe(false);
      const blankCells = report.findings.filter((f) => f.code === "section-blank" || f.code === "blank-value").flatMap(cellsOf);
      expect(new Set(blankCells).size).toBe(items.length);
      expect(problems.slice(firstProblem)).toEqual([]);
    }, 60_000);

    test("一键校验 of several files: a verdict per file, the wrong one named with its cell, read in the Web Worker", async () => {
      const { files } = await countyFiles(tmp);
      await page.getByRole("tab", { name: "一键校验" }).click();
      await page.getByLabel(/选择要校验的统计表/).setInputFiles(files);
      await page.getByRole("button", { name: "校验所选文件" }).click();
      await page.getByText("共 4 个文件：3 个可以报送，1 个需处理。").waitFor({ timeout: 30_000 });
      await shot(page, width, "03-validated");
      // the wrong file's row comes first; it opens to its findings
      const rows = page.getByRole("table", { name: "校验结果一览" }).getByRole("row");
      expect(await rows.nth(1).textContent()).toMatch(/信丰县.*需修改 1 处/);
      await rows.nth(1).getByRole("button").click();
      const message = page.getByText(/“若干”不是数字/);
      expect(await message.count()).toBeGreaterThan(0);
      expect(await message.first().textContent()).toMatch(/C\d+/);
      expect(workers.some((u) => /campaign-stats-reader\.[0-9a-f]{8}\.js$/.test(u))).toBe(true);
      expect(await overflowing(page, width)).toEqual([]);
      expect(problems.slice(firstProblem)).toEqual([]);
    }, 90_000);

    test("汇总: three counties accepted, the wrong one refused with its reason, the roll-up's totals exact", async () => {
      const { files, accepted } = await countyFiles(tmp);
      await page.getByRole("tab", { name: "汇总" }).click();
      await page.getByLabel("统计表模板").selectOption({ label: ganzhou.title });
      await page.getByLabel(/各单位报送的统计表/).setInputFiles(files);
      await page.getByRole("textbox", { name: /汇总单位/ }).fill("赣州市市场监督管理局");
      await page.getByRole("textbox", { name: /报送名单/ }).fill("章贡区\n南康区\n赣县区\n信丰县\n大余县");
      await page.getByRole("button", { name: "开始汇总" }).click();
      await page.getByText("已汇总 3 个单位；未汇总 1 份；重复报送待选定 0 个单位；未报送 1 个单位。").waitFor({ timeout: 30_000 });
      await shot(page, width, "04-consolidated");
      const refused = page.getByRole("region", { name: "未汇总" });
      expect(await refused.textContent()).toContain("信丰县市场监督管理局（信丰县.xlsx）");
      expect(await refused.textContent()).toMatch(/“若干”不是数字/);
      expect(await page.getByRole("region", { name: "未报送" }).textContent()).toContain("大余县");

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载汇总表" }).click()]);
      await shot(page, width, "05-rollup-downloaded");
      expect(download.suggestedFilename()).toBe("赣州市市场监督管理局汇总表.xlsx");
      const file = path.join(tmp, `${width}-${download.suggestedFilename()}`);
      await download.saveAs(file);
      const expected = Object.fromEntries(
        ganzhou.sections.flatMap((s) => s.items).map((i) => [i.id, exactSum(accepted.map((v) => v[i.id]))]),
      );
      expect(expected.cases_fines).toBe("12.645");

      const ours = analyzeWorkbookBytes("汇总表.xlsx", new Uint8Array(fs.readFileSync(file)), BUILTIN_TEMPLATES).input.report!;
      expect(ours.unit).toBe("赣州市市场监督管理局");
      expect(ours.values).toEqual(expected);
      const theirs = readRollupWithOpenpyxl(file);
      expect(theirs.unit).toBe("赣州市市场监督管理局");
      expect(Object.fromEntries(Object.keys(expected).map((id) => [id, theirs[id]]))).toEqual(expected);
      expect(problems.slice(firstProblem)).toEqual([]);
    }, 120_000);
  });

  test("keyboard only: 汇总 from the first Tab to the downloaded roll-up", async () => {
    const { context, page } = await openPage(1280);
    try {
      const { files } = await countyFiles(tmp);
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
          return `${el.getAttribute("role") ?? el.tagName.toLowerCase()}:${el.getAttribute("aria-label") ?? label ?? el.textContent?.trim() ?? ""}`;
        });
      const selectedTemplate = () =>
        page.evaluate(() => (document.activeElement as HTMLSelectElement).selectedOptions?.[0]?.textContent ?? "");
      /** presses Tab until the focus is on what `want` describes; fails naming everything reached */
      const tabTo = async (want: RegExp, max = 25) => {
        const reached: string[] = [];
        for (let i = 0; i < max; i++) {
          await page.keyboard.press("Tab");
          const now = await focused();
          if (want.test(now)) return;
          reached.push(now);
        }
        throw new Error(`Tab never reached ${want}; reached: ${reached.join(" | ")}`);
      };

      await tabTo(/^tab:下载空白模板/);
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      expect(await focused()).toMatch(/^tab:汇总/);
      await page.keyboard.press("Enter");
      expect(await page.getByRole("tab", { name: "汇总" }).getAttribute("aria-selected")).toBe("true");

      await tabTo(/^select:统计表模板/);
      // a closed <select> changes its choice with the arrow keys
      for (let i = 0; i < BUILTIN_TEMPLATES.length && (await selectedTemplate()) !== ganzhou.title; i++)
        await page.keyboard.press("ArrowDown");
      for (let i = 0; i < BUILTIN_TEMPLATES.length && (await selectedTemplate()) !== ganzhou.title; i++)
        await page.keyboard.press("ArrowUp");
      expect(await selectedTemplate()).toBe(ganzhou.title);
      // Playwright turns on file-chooser interception when the listener is added, without waiting for it;
      // listening before the Tab presses gives that call time to land before Enter opens the chooser
      const chooserOpened = page.waitForEvent("filechooser", { timeout: 60_000 });
      await tabTo(/^button:选择文件…/);
      await page.keyboard.press("Enter");
      const chooser = await chooserOpened;
      await chooser.setFiles(files);
      await tabTo(/^input:汇总单位/);
      await page.keyboard.type("赣州市市场监督管理局");
      await tabTo(/^textarea:报送名单/);
      await page.keyboard.type("章贡区");
      await page.keyboard.press("Enter");
      await page.keyboard.type("大余县");
      await tabTo(/^button:开始汇总/);
      await page.keyboard.press("Enter");
      await page.getByText("已汇总 3 个单位；未汇总 1 份；重复报送待选定 0 个单位；未报送 1 个单位。").waitFor({ timeout: 30_000 });
      await shot(page, 1280, "06-keyboard-consolidated");
      await tabTo(/^button:下载汇总表/, 60);
      const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      const report = analyzeWorkbookBytes("r.xlsx", new Uint8Array(fs.readFileSync((await download.path())!)), BUILTIN_TEMPLATES).input
        .report!;
      expect(report.unit).toBe("赣州市市场监督管理局");
      await shot(page, 1280, "07-keyboard-downloaded");
    } finally {
      await context.close();
    }
  }, 120_000);

  test("npm start serves the build on localhost and prints the standalone URL and the sideload steps", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.js"), "--no-build", "--dist", outDir], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
      child.stderr.on("data", (d: Buffer) => (out += d.toString("utf8")));
      const deadline = Date.now() + 30_000;
      while (!out.includes("按 Ctrl+C 停止服务") && child.exitCode === null && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain("按 Ctrl+C 停止服务");
      const https = out.includes(`已启动 HTTPS 服务：https://localhost:${port}/`);
      const http = out.includes(`已启动 HTTP 服务（未加密）：http://localhost:${port}/`);
      expect(https !== http).toBe(true); // says clearly which one it is
      const pageUrl = `${https ? "https" : "http"}://localhost:${port}/taskpane.html`;
      expect(out).toContain(`浏览器打开 ${pageUrl}`);
      expect(out).toContain(`清单文件：${path.join(outDir, "manifest.xml")}`);
      expect(out).toContain("插入 › 加载项 › 上传我的加载项"); // Excel on the web
      expect(out).toContain("受信任的加载项目录"); // Windows shared-folder catalog
      expect(out).toContain("Documents/wef"); // Mac
      // and the page it names is served, with the CSP
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      try {
        const response = await context.request.get(pageUrl);
        expect(response.status()).toBe(200);
        expect(response.headers()["content-security-policy"]).toContain("default-src 'self'");
      } finally {
        await context.close();
      }
    } finally {
      child.kill("SIGTERM");
    }
  }, 60_000);

  test("every request stayed on the page's own origin, and there were requests to check", () => {
    const origin = new URL(server.url).origin;
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("blob:") && !u.startsWith("data:"))).toEqual([]);
    // outside Office the page never loads office.js (no console errors, no telemetry attempt)
    expect(requests.some((u) => u.includes("/office-js/"))).toBe(false);
    expect(consoleErrors).toEqual([]);
    expect(problems).toEqual([]);
  });
});
