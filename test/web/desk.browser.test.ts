/**
 * The city's desk on the standalone page, in Chromium (issue 13): a week of mail checked at a glance,
 * a county sent twice resolved in place, imported templates kept across reloads, no English reaching
 * the user, and axe-core finding no serious or critical accessibility violation in any state.
 * Screenshots of every state at 360 and 1280 px go to test-output/web/desk-*.png (not committed).
 * Skipped when /usr/bin/chromium is absent (.ci/run installs it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { ganzhou, validValues } from "../support/fixtures";
import { python } from "../support/independent";
import { englishWords } from "../support/chinese-only";
import { JIANGXI_2023, pageGrid, pageToDocx } from "../learn/support";
import { buildAndServe, collectProblems, describeWithChromium, type ServedPage } from "../support/served-page";

const ROOT = path.join(__dirname, "..", "..");
const SHOTS = path.join(ROOT, "test-output", "web");
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const COUNTIES = [
  "章贡区",
  "南康区",
  "赣县区",
  "信丰县",
  "大余县",
  "上犹县",
  "崇义县",
  "安远县",
  "龙南市",
  "定南县",
  "全南县",
  "宁都县",
  "于都县",
  "兴国县",
  "会昌县",
  "寻乌县",
  "石城县",
  "瑞金市",
  "经开区",
  "蓉江新区",
  "高新区",
  "南康分区",
];
/** the four wrong files, spread through the list so that "wrong ones first" is a real reordering */
const WRONG: Record<number, Record<string, string | number>> = {
  3: { police_cases: "若干" },
  9: { cases_fines: -1 },
  15: { customs_batches: 2.5 },
  20: { police_info: "约10" },
};

async function countyFile(
  i: number,
  override: Record<string, string | number> = {},
  name = `${String(i + 1).padStart(2, "0")}-${COUNTIES[i]}.xlsx`,
) {
  const values = { ...validValues(ganzhou, i + 1), ...override };
  const bytes = await writeTemplateWorkbook(ganzhou, {
    header: { unit: `${COUNTIES[i]}市场监督管理局`, date: "11月20日", stage: "全面" },
    values,
  });
  return { name, mimeType: XLSX, buffer: Buffer.from(bytes) };
}

/** the named input cells of 汇总表 (cached values) and its text below the table, as openpyxl reads them */
function readRollup(file: string): { values: Record<string, string>; texts: string[] } {
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
texts = [str(c.value) for row in wb["汇总表"].iter_rows() for c in row if isinstance(c.value, str)]
print(json.dumps({"values": values, "texts": texts}, ensure_ascii=False))
`,
    [file],
  );
  return JSON.parse(out) as { values: Record<string, string>; texts: string[] };
}

describeWithChromium("the city's desk in Chromium", () => {
  let served: ServedPage;
  const problems: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    served = await buildAndServe("campaign-stats-desk-");
  }, 240_000);
  afterAll(async () => {
    await served?.close();
  });

  async function openPage(width: number, height = 800): Promise<{ context: BrowserContext; page: Page }> {
    const context = await served.browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: "zh-CN" });
    const page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(`${served.server.url}taskpane.html`);
    await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor({ timeout: 30_000 });
    return { context, page };
  }

  /** a screenshot, and axe-core over the page as it is: no serious or critical violation */
  async function state(page: Page, width: number, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `desk-${width}-${name}.png`), fullPage: true });
    // Tabster's focus-trap sentinels (<i data-tabster-dummy aria-hidden tabindex=0>) are a documented false
    // positive of aria-hidden-focus (microsoft/tabster#288): focusable on purpose, they move focus on at once
    const result = await new AxeBuilder({ page: page as never }).exclude("[data-tabster-dummy]").analyze();
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect({ state: name, bad }).toEqual({ state: name, bad: [] });
  }

  /** the visible text of the page, without its file names: no English word */
  const pageEnglish = async (page: Page) => englishWords(await page.locator("main").innerText(), ["Sheet"]);

  describe.each([360, 1280])("at %i px", (width) => {
    let context: BrowserContext;
    let page: Page;
    const firstProblem = problems.length;

    beforeAll(async () => {
      ({ context, page } = await openPage(width));
    }, 60_000);
    afterAll(async () => {
      await context?.close();
    });

    test("opens without a console error; the first tab downloads the blank template; steps for county and city", async () => {
      await state(page, width, "01-opened");
      expect(await page.getByRole("tab").first().textContent()).toBe("下载空白模板");
      expect(await page.getByRole("region", { name: "使用步骤" }).isVisible()).toBe(true);
      // 报告阶段 is chosen already
      expect(await page.getByRole("radio", { checked: true }).count()).toBe(1);
      expect(await pageEnglish(page)).toEqual([]);
      expect(problems.slice(firstProblem)).toEqual([]);
    }, 60_000);

    test("22 county files, 4 wrong: one row each, the wrong ones first, about three screens high at most", async () => {
      const files = await Promise.all(COUNTIES.map((_, i) => countyFile(i, WRONG[i])));
      await page.getByRole("tab", { name: "一键校验" }).click();
      await page.getByLabel(/选择要校验的统计表/).setInputFiles(files);
      await page.getByRole("button", { name: "校验所选文件" }).click();
      await page.getByText("共 22 个文件：18 个可以报送，4 个需处理。").waitFor({ timeout: 90_000 });
      // focus moved to the results
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("校验结果");
      const rows = page.getByRole("table", { name: "校验结果一览" }).locator("tbody > tr");
      expect(await rows.count()).toBe(22);
      const firstFour = await Promise.all([0, 1, 2, 3].map((i) => rows.nth(i).innerText()));
      const wrongUnits = Object.keys(WRONG).map((i) => COUNTIES[Number(i)]);
      expect(firstFour.map((t) => wrongUnits.find((u) => t.includes(u)))).toEqual(wrongUnits);
      for (const t of firstFour) expect(t).toMatch(/需修改 1 处/);
      expect(await rows.nth(4).innerText()).toMatch(/可以报送/);
      if (width === 1280) expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(3 * 800);
      await state(page, width, "02-validated-22");

      await page.getByRole("checkbox", { name: "只看需处理" }).check();
      expect(await rows.count()).toBe(4);
      await rows.first().getByRole("button").click();
      expect(
        await page
          .getByText(/“若干”不是数字/)
          .first()
          .isVisible(),
      ).toBe(true);
      await state(page, width, "03-only-action-expanded");
      expect(await pageEnglish(page)).toEqual([]);
      expect(problems.slice(firstProblem)).toEqual([]);
    }, 180_000);

    test("a county sent twice with different figures: side by side, 采用这份, and the roll-up holds exactly that copy", async () => {
      const first = await countyFile(0, { cases_fines: 1.5 }, "章贡区-第一次.xlsx");
      const second = await countyFile(0, { cases_fines: 2.25, police_cases: 7 }, "章贡区-更正.xlsx");
      const other = await countyFile(1);
      await page.getByRole("tab", { name: "汇总" }).click();
      await page.getByLabel("统计表模板").selectOption({ label: ganzhou.title });
      await page.getByLabel(/各单位报送的统计表/).setInputFiles([first, second, other]);
      await page.getByRole("textbox", { name: /汇总单位/ }).fill("赣州市市场监督管理局");
      await page.getByRole("textbox", { name: /报送名单/ }).fill("章贡区\n南康区\n大余县");
      await page.getByRole("button", { name: "开始汇总" }).click();
      const card = page.getByRole("region", { name: /重复报送/ });
      await card.waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("汇总结果");
      const copies = card.getByRole("table", { name: /章贡区市场监督管理局的 2 份报送/ });
      expect(await copies.innerText()).toContain("章贡区-第一次.xlsx");
      expect(await copies.innerText()).toContain("章贡区-更正.xlsx");
      expect(await copies.innerText()).toMatch(/罚没款\t(1\.5\t2\.25|2\.25\t1\.5)/);
      expect(await copies.innerText()).toMatch(/11月20日/);
      await state(page, width, "04-duplicate-pair");

      await page.getByRole("button", { name: "采用这份：章贡区-更正.xlsx" }).click();
      await page.getByText("已采用“章贡区-更正.xlsx”，其余各份不计入汇总。").waitFor({ timeout: 60_000 });
      expect(await page.getByText(/^已汇总 2 个单位/).isVisible()).toBe(true);
      await page.getByRole("region", { name: "各单位情况图" }).waitFor({ timeout: 30_000 });
      await state(page, width, "05-copy-chosen-chart");

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载汇总表" }).click()]);
      await page.getByText("部分汇总", { exact: true }).waitFor();
      await state(page, width, "06-partial-downloaded");
      const file = path.join(served.tmp, `${width}-dup.xlsx`);
      await download.saveAs(file);
      const { values, texts } = readRollup(file);
      const nankang = validValues(ganzhou, 2);
      expect(values.cases_fines).toBe(String(2.25 + nankang.cases_fines));
      expect(values.police_cases).toBe(String(7 + nankang.police_cases));
      // a partial roll-up says on 汇总表 itself what it lacks
      expect(texts.find((t) => t.includes("本表汇总"))).toMatch(/^说明：本表汇总 2 个单位.*未报送.*大余县/);
      expect(await pageEnglish(page)).toEqual([]);
      expect(problems.slice(firstProblem)).toEqual([]);
    }, 180_000);
  });

  test("an imported template survives a reload, can be removed; a filled county file is named as one, not copied", async () => {
    const { context, page } = await openPage(1280);
    try {
      const input = page.getByLabel("选择下发的统计表附件（Word 或 Excel）或模板文件");
      const custom = { ...ganzhou, id: "ganzhou-2024", title: "赣州 2024 网络市场监管专项行动情况统计表", year: 2024 };
      await input.setInputFiles({ name: "赣州2024模板.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(custom)) });
      await page.getByRole("button", { name: "确认使用" }).click();
      await page.getByText(/^已添加模板《赣州 2024 网络市场监管专项行动情况统计表》/).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor();
      const picker = page.getByLabel("统计表模板");
      await page.getByRole("option", { name: `【新导入】${custom.title}` }).waitFor({ state: "attached", timeout: 30_000 });
      await picker.selectOption({ label: `【新导入】${custom.title}` });
      expect(await page.getByText(/导入的模板：来自“赣州2024模板\.json”/).isVisible()).toBe(true);
      await state(page, 1280, "07-kept-after-reload");

      await page.getByRole("button", { name: "删除此模板" }).click();
      await page.getByText(`已删除模板《${custom.title}》。`).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor();
      expect(await page.getByRole("option", { name: `【新导入】${custom.title}` }).count()).toBe(0);

      // a county's filled workbook offered as a "new template"
      const filled = await countyFile(2);
      await input.setInputFiles(filled);
      const notice = page.getByText(`“03-赣县区.xlsx”是按已有模板《${ganzhou.title}》填好的报送文件（填报单位：赣县区市场监督管理局）`, {
        exact: false,
      });
      await notice.waitFor({ timeout: 30_000 });
      expect(await page.getByRole("button", { name: "确认使用" }).count()).toBe(0);
      await state(page, 1280, "08-filled-file-named");
    } finally {
      await context.close();
    }
  }, 120_000);

  test.each([360, 1280])(
    "at %i px the bad-JSON and truncated-docx imports say what is wrong in Chinese only",
    async (width) => {
      const { context, page } = await openPage(width);
      try {
        const input = page.getByLabel("选择下发的统计表附件（Word 或 Excel）或模板文件");
        await input.setInputFiles({ name: "模板.json", mimeType: "application/json", buffer: Buffer.from("{oops") });
        await page.getByText(/未能从“模板\.json”导入模板/).waitFor({ timeout: 30_000 });
        expect(await page.getByText(/不是有效的 JSON 文件/).isVisible()).toBe(true);
        expect(await pageEnglish(page)).toEqual([]);
        await state(page, width, "09-bad-json");

        const docx = pageToDocx(pageGrid(JIANGXI_2023));
        await input.setInputFiles({
          name: "附件2.docx",
          mimeType: "application/octet-stream",
          buffer: Buffer.from(docx.subarray(0, Math.floor(docx.length / 2))),
        });
        await page.getByText(/未能从“附件2\.docx”导入模板/).waitFor({ timeout: 30_000 });
        expect(await page.getByText(/已损坏或不完整/).isVisible()).toBe(true);
        expect(await pageEnglish(page)).toEqual([]);
        await state(page, width, "10-truncated-docx");
      } finally {
        await context.close();
      }
    },
    120_000,
  );

  test("no console error or uncaught error in any of it", () => {
    expect(problems).toEqual([]);
  });
});
