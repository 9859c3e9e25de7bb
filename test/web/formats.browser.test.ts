/**
 * Issue 11's acceptance in the standalone page, in Chromium (the production build, served with its CSP):
 * counties' .xls, .ods and filled-in Word tables (.docx by LibreOffice and python-docx) are read in the
 * page like .xlsx — SheetJS and the Word table reader fetched as chunks of their own only then — and the
 * downloaded roll-up holds exactly the totals of the same figures sent as .xlsx. A Word table's error is
 * named by its Word cell. Skipped when /usr/bin/chromium is absent (.ci/run installs it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { consolidate } from "../../src/core/consolidate";
import type { CellValue } from "../../src/core/grid";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { attachmentGrid } from "../support/attachment-grid";
import { ganzhou, validValues } from "../support/fixtures";
import { convertWithLibreOffice, writeGridWithOpenpyxl } from "../support/independent";
import { buildAndServe, collectProblems, describeWithChromium, type ServedPage } from "../support/served-page";
import { filledDocxWithPython, xlsxToDocxWithLibreOffice } from "../support/word-docs";

const MIME: Record<string, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  xls: "application/vnd.ms-excel",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const counties = ["章贡区", "南康区", "赣县区", "信丰县", "于都县", "瑞金市", "大余县", "上犹县", "崇义县"];
/** how each county sent its table: LibreOffice conversions of the openpyxl-written .xlsx, or python-docx */
const formats = ["xls", "xls", "xls", "ods", "ods", "docx", "docx", "python-docx", "xlsx"];

describeWithChromium("received formats in the standalone page (Chromium)", () => {
  let served: ServedPage;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];
  const workers: string[] = [];
  const originals: Upload[] = [];
  const mixed: Upload[] = [];

  beforeAll(async () => {
    served = await buildAndServe("campaign-stats-formats-");
    const { tmp } = served;
    counties.forEach((name, i) => {
      const values: Record<string, CellValue> = {
        ...validValues(ganzhou, i + 1),
        cases_fines: [0.1, 0.2, 0.4, 0.5, 0.3, 0.6, 0.7, 0.15, 0.05][i],
        cyber_info: i === 0 ? "0.3" : 0.2,
      };
      const grid = attachmentGrid(ganzhou, { unit: `${name}市场监督管理局`, date: "11月20日", values }, { serialColumn: i % 2 === 0 });
      const xlsx = path.join(tmp, `${name}.xlsx`);
      writeGridWithOpenpyxl(grid, xlsx);
      originals.push({ name: `${name}.xlsx`, mimeType: MIME.xlsx, buffer: fs.readFileSync(xlsx) });
      const out = path.join(tmp, `conv-${i}`);
      fs.mkdirSync(out);
      const format = formats[i];
      if (format === "python-docx") {
        mixed.push({ name: `${name}.docx`, mimeType: MIME.docx, buffer: Buffer.from(filledDocxWithPython(grid)) });
        return;
      }
      const file =
        format === "xls"
          ? convertWithLibreOffice(xlsx, "xls:MS Excel 97", out)
          : format === "ods"
            ? convertWithLibreOffice(xlsx, "ods", out)
            : format === "docx"
              ? xlsxToDocxWithLibreOffice(xlsx, out)
              : xlsx;
      mixed.push({ name: `${name}.${format}`, mimeType: MIME[format], buffer: fs.readFileSync(file) });
    });

    const context = await served.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: "zh-CN" });
    context.on("request", (r) => requests.push(r.url()));
    page = await context.newPage();
    collectProblems(page, problems);
    page.on("worker", (w) => workers.push(w.url()));
    await page.goto(`${served.server.url}taskpane.html`);
    await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor({ timeout: 30_000 });
  }, 300_000);

  afterAll(async () => {
    await served?.close();
  });

  test("一键校验 of a filled-in Word table: the error is named by its Word cell", async () => {
    const values = { ...validValues(ganzhou, 2), police_info: null };
    const docx = filledDocxWithPython(attachmentGrid(ganzhou, { unit: "南康区市场监督管理局", date: "11月20日", values }));
    expect(requests.some((u) => /word-tables\.[0-9a-f]{8}\.js$/.test(u))).toBe(false);
    await page.getByRole("tab", { name: "一键校验" }).click();
    await page.getByLabel(/选择要校验的统计表/).setInputFiles([{ name: "南康区.docx", mimeType: MIME.docx, buffer: Buffer.from(docx) }]);
    await page.getByRole("button", { name: "校验所选文件" }).click();
    await page
      .getByText(/清理网上违法有害信息（条）（表1 第7行第4列）未填写；无数据请填 0。/)
      .first()
      .waitFor({ timeout: 60_000 });
    // the Word table reader came as a chunk of its own, when the Word file came
    expect(requests.some((u) => /word-tables\.[0-9a-f]{8}\.js$/.test(u))).toBe(true);
    expect(problems).toEqual([]);
  }, 120_000);

  test("汇总 of .xls, .ods, .docx and .xlsx: every county accepted, the roll-up exactly the all-.xlsx totals", async () => {
    await page.getByRole("tab", { name: "汇总" }).click();
    await page.getByLabel("统计表模板").selectOption({ label: ganzhou.title });
    await page.getByLabel(/各单位报送的统计表/).setInputFiles(mixed);
    await page.getByRole("textbox", { name: /汇总单位/ }).fill("赣州市市场监督管理局");
    await page.getByRole("button", { name: "开始汇总" }).click();
    await page
      .getByText(`已汇总 ${counties.length} 个单位；未汇总 0 份；重复报送待选定 0 个单位；未报送 0 个单位。`)
      .waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载汇总表" }).click()]);
    const file = path.join(served.tmp, "mixed-汇总表.xlsx");
    await download.saveAs(file);

    const fromXlsx = consolidate({
      template: ganzhou,
      inputs: originals.map((o) => analyzeWorkbookBytes(o.name, new Uint8Array(o.buffer), BUILTIN_TEMPLATES, ganzhou).input),
      unit: "赣州市市场监督管理局",
      date: "11月26日",
    });
    expect(fromXlsx.accepted).toHaveLength(counties.length);
    const rollup = analyzeWorkbookBytes("汇总表.xlsx", new Uint8Array(fs.readFileSync(file)), BUILTIN_TEMPLATES).input.report!;
    expect(rollup.unit).toBe("赣州市市场监督管理局");
    expect(rollup.values).toEqual(fromXlsx.totals);
    expect(rollup.values.cases_fines).toBe("3");
    expect(requests.some((u) => /legacy-sheets\.[0-9a-f]{8}\.js$/.test(u))).toBe(true);
    expect(workers.some((u) => /campaign-stats-reader\.[0-9a-f]{8}\.js$/.test(u))).toBe(true);
    expect(problems).toEqual([]);
  }, 240_000);
});
