/**
 * 上期/去年报表 in the web page, in real Chromium on the production build: the 中期 roll-up picked beside
 * the counties' 全面 files, read through the lazily loaded reader chunk; the reminder, the 汇总说明 card
 * copied to the clipboard, and the download's 对比 and 汇总说明 sheets read back with openpyxl.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { consolidate } from "../../src/core/consolidate";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { filledInput, ganzhou, validValues } from "../support/fixtures";
import { python } from "../support/independent";
import { requirePrograms } from "../support/programs";
import { buildAndServe, collectProblems, type ServedPage } from "../support/served-page";

jest.setTimeout(240_000);

const COUNTIES = ["章贡区", "南康区", "赣县区", "信丰县"];
const WIDTH = 320;

/** the 中期 roll-up of four counties (written in June) and their 全面 files, 南康区's 清理网上违法有害信息 below its 中期 */
async function files(dir: string): Promise<{ previous: string; current: string[] }> {
  const inputs = COUNTIES.map((u, k) =>
    filledInput(
      ganzhou,
      { header: { unit: `${u}市场监督管理局`, date: "6月20日", stage: "中期" }, values: validValues(ganzhou, k + 1) },
      `${u}.xlsx`,
    ),
  );
  const previous = path.join(dir, "中期汇总.xlsx");
  fs.writeFileSync(
    previous,
    await writeRollupWorkbook(
      ganzhou,
      consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "6月25日", stage: "中期" }),
    ),
  );
  const current = await Promise.all(
    COUNTIES.map(async (u, k) => {
      const mid = validValues(ganzhou, k + 1);
      const values = Object.fromEntries(Object.entries(mid).map(([id, n]) => [id, n * 2]));
      if (u === "南康区") values.police_info = mid.police_info - 1;
      const file = path.join(dir, `${u}.xlsx`);
      fs.writeFileSync(
        file,
        await writeTemplateWorkbook(ganzhou, { header: { unit: `${u}市场监督管理局`, date: "11月20日", stage: "全面" }, values }),
      );
      return file;
    }),
  );
  return { previous, current };
}

requirePrograms("chromium", "openpyxl").describe("web page: beyond the sum", () => {
  let served: ServedPage;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    served = await buildAndServe("campaign-stats-beyond-");
    context = await served.browser.newContext({ viewport: { width: WIDTH, height: 900 }, acceptDownloads: true, locale: "zh-CN" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(served.server.url).origin });
    page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(`${served.server.url}taskpane.html`);
    await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor({ timeout: 30_000 });
  }, 240_000);
  afterAll(async () => {
    await context?.close();
    await served?.close();
  });

  test("the 中期 roll-up as 上期: the reminder, 汇总说明 copied, 对比 and 汇总说明 in the download", async () => {
    const { previous, current } = await files(served.tmp);
    await page.getByRole("tab", { name: "汇总" }).click();
    await page.getByLabel("统计表模板").selectOption({ label: ganzhou.title });
    await page.getByLabel(/各单位报送的统计表/).setInputFiles(current);
    await page.getByLabel(/上期\/去年报表/).setInputFiles([previous]);
    await page.getByRole("textbox", { name: /汇总单位/ }).fill("赣州市市场监督管理局");
    await page.getByRole("radio", { name: "全面" }).check();
    await page.getByRole("button", { name: "开始汇总" }).click();

    const reminders = page.getByRole("region", { name: "核对提醒" });
    await reminders.waitFor({ timeout: 60_000 });
    expect(await reminders.textContent()).toMatch(/“南康区市场监督管理局”全面总结填报 \d+，少于其中期报告的 \d+（中期汇总\.xlsx）/);
    const card = page.getByRole("group", { name: "汇总说明" });
    const paragraph = (await card.getByText(/^本次汇总4个单位报送的统计表/).textContent())!;
    expect(paragraph).toContain("与上期相比，查处网络违法案件增加");
    await card.getByRole("button", { name: "复制" }).click();
    await card.getByText("已复制，可粘贴到工作总结中。").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(paragraph);
    // a long paragraph wraps: nothing wider than the pane
    expect(await page.evaluate((w) => document.documentElement.scrollWidth <= w, WIDTH)).toBe(true);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载汇总表" }).click()]);
    const file = path.join(served.tmp, "汇总.xlsx");
    await download.saveAs(file);
    const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
print(json.dumps({"sheets": wb.sheetnames, "summary": wb["汇总说明"]["A2"].value, "head": [c.value for c in wb["对比"][1]]}, ensure_ascii=False))
`;
    const read = JSON.parse(python(script, [file])) as { sheets: string[]; summary: string; head: string[] };
    expect(read.sheets.slice(0, 5)).toEqual(["汇总表", "汇总明细", "报送情况", "对比", "汇总说明"]);
    expect(read.summary).toBe(paragraph);
    expect(read.head.slice(3, 5)).toEqual(["本期", "上期（中期汇总.xlsx）"]);
    expect(problems).toEqual([]);
  });
});
