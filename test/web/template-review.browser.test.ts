/**
 * 核对新模板 on the standalone page in Chromium (issue 13, item 5): the 2023 table (江西 促发展保安全,
 * seed 004) imported from its Word attachment is reviewed as one compact table that fits about two
 * screens at 1280×800; its 移送公安机关案件 不超过 查处网络违法案件 rule is added by hand from the
 * dropdowns; 确认使用 with a blank unit names it and takes the keyboard there; once confirmed, a county
 * file breaking the rule gets the finding. axe-core finds no serious or critical violation in any state.
 * Screenshots at 360 and 1280 px go to test-output/web/review-*.png (not committed).
 * Skipped when /usr/bin/chromium is absent (.ci/run installs it).
 */
import { learnProblemText } from "../../src/messages/learn-zh-CN";
import * as fs from "node:fs";
import * as path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { learnFromAttachment } from "../../src/learn/learn";
import type { Template } from "../../src/templates";
import { englishWords } from "../support/chinese-only";
import { JIANGXI_2023, pageGrid, pageToDocx } from "../learn/support";
import { buildAndServe, collectProblems, describeWithChromium, type ServedPage } from "../support/served-page";

const ROOT = path.join(__dirname, "..", "..");
const SHOTS = path.join(ROOT, "test-output", "web");
const HEIGHT = 800;
const AT_MOST = "移送公安机关案件 不超过 查处网络违法案件";

const attachment = () => ({
  name: "附件2：统计表.docx",
  mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  buffer: Buffer.from(pageToDocx(pageGrid(JIANGXI_2023))),
});

/**
 * A county's filled table of the 2023 template, 6 cases referred to the police out of 5. Written from the
 * template as read but without its at-most rule, so that the finding can only come from the rule added
 * in the review (the file carries its template; the page's own one of the same id is preferred).
 */
async function countyBreakingTheRule(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const r = learnFromAttachment("附件2.docx", pageToDocx(pageGrid(JIANGXI_2023)));
  if (!r.ok) throw new Error(r.problems.map(learnProblemText).join("\n"));
  const template: Template = { ...r.template, rules: r.template.rules.filter((x) => x.kind !== "at-most") };
  const items = template.sections.flatMap((s) => s.items);
  const id = (label: string) => items.find((i) => i.label === label)!.id;
  const values: Record<string, number> = Object.fromEntries(items.map((i) => [i.id, 0]));
  Object.assign(values, { [id("查处网络违法案件")]: 5, [id("查处网络禁限售商品案件")]: 5, [id("移送公安机关案件")]: 6 });
  const bytes = await writeTemplateWorkbook(template, { header: { unit: "南昌县市场监督管理局", date: "11月20日" }, values });
  return { name: "南昌县.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(bytes) };
}

describeWithChromium("核对新模板 in Chromium", () => {
  let served: ServedPage;
  const problems: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    served = await buildAndServe("campaign-stats-review-");
  }, 300_000);
  afterAll(async () => {
    await served?.close();
  });

  /** a screenshot of the whole page, and axe-core over it: no serious or critical violation */
  async function state(page: Page, width: number, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `review-${width}-${name}.png`), fullPage: true });
    // Tabster's focus-trap sentinels are a documented false positive of aria-hidden-focus (microsoft/tabster#288)
    const result = await new AxeBuilder({ page: page as never }).exclude("[data-tabster-dummy]").analyze();
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect({ state: name, bad }).toEqual({ state: name, bad: [] });
  }

  /** the tags of visible elements reaching past the right edge */
  const tooWide = (page: Page, width: number) =>
    page.evaluate(
      (w) =>
        [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > w + 1 && (e as HTMLElement).offsetParent !== null)
          .map((e) => e.tagName),
      width,
    );

  describe.each([360, 1280])("at %i px", (width) => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await served.browser.newContext({ viewport: { width, height: HEIGHT }, locale: "zh-CN" });
      page = await context.newPage();
      collectProblems(page, problems);
      await page.goto(`${served.server.url}taskpane.html`);
      await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor({ timeout: 30_000 });
    }, 60_000);
    afterAll(async () => {
      await context?.close();
    });

    const review = () => page.getByRole("region", { name: "核对新模板" });
    const rules = () => review().getByRole("list", { name: "校验规则" }).getByRole("listitem");

    test("the 2023 attachment is reviewed as one compact table: about two screens high at 1280 px, nothing wider than the page", async () => {
      await page.getByLabel("选择下发的统计表附件（Word 或 Excel）或模板文件").setInputFiles(attachment());
      await review().waitFor({ timeout: 30_000 });
      const table = review().getByRole("table", { name: "部门和项目" });
      expect(await table.getByLabel(/部分：部门名称$/).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
        "网信部门",
        "电信主管部门",
        "公安部门",
        "市场监管部门",
      ]);
      expect(await review().getByLabel("市场监管部门第1项：名称").inputValue()).toBe("查处网络违法案件");
      // the original prints 填报单位 and 填报日期 only
      expect(
        await review()
          .getByText(/^表头（同原表）：填报单位、填报日期；/)
          .isVisible(),
      ).toBe(true);
      const height = (await review().boundingBox())!.height;
      if (width === 1280) expect(height).toBeLessThanOrEqual(2 * HEIGHT);
      expect(await tooWide(page, width)).toEqual([]);
      expect(englishWords(await review().innerText(), ["APP"])).toEqual([]);
      await state(page, width, "01-opened");
    }, 120_000);

    test("移送公安机关案件 不超过 查处网络违法案件 is removed, then added back by choosing the two items", async () => {
      await review()
        .getByRole("button", { name: `删除规则：${AT_MOST}` })
        .click();
      expect(await rules().count()).toBe(1);
      const adder = review().getByRole("group", { name: "添加规则" });
      await adder.getByLabel("不应更多的项目").selectOption({ label: "市场监管部门 · 移送公安机关案件（件）" });
      await adder.getByLabel("上限项目（不超过哪一项）").selectOption({ label: "市场监管部门 · 查处网络违法案件（件）" });
      await adder.getByRole("button", { name: "添加" }).click();
      await adder.getByText(`已添加规则：${AT_MOST}`).waitFor();
      expect((await rules().allInnerTexts()).map((t) => t.replace(/\s*删除$/, ""))).toEqual([
        expect.stringMatching(/^查处网络违法案件 = .*（不重复计算）$/),
        AT_MOST,
      ]);
      await state(page, width, "02-rule-added");
    }, 60_000);

    test("确认使用 with a blank unit names it in a list and takes the keyboard to it", async () => {
      const unit = review().getByLabel("公安部门第2项：单位");
      await unit.fill("");
      await review().getByRole("button", { name: "确认使用" }).click();
      const list = review().getByRole("list", { name: "模板还不能使用的原因" });
      await list.waitFor();
      expect(await list.getByRole("listitem").allInnerTexts()).toEqual([
        "第 3 个部门“公安部门”第 2 个项目“清理网上违法有害信息”的计量单位为空，请填写，如 件、家、万元。",
      ]);
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("公安部门第2项：单位");
      await state(page, width, "03-problem-named");
      await page.keyboard.type("条");
      expect(await unit.inputValue()).toBe("条");
    }, 60_000);

    test("confirmed: a county file breaking the added rule gets the finding", async () => {
      await review().getByRole("button", { name: "确认使用" }).click();
      await page.getByText(/^已添加模板《江西2023网络市场监管促发展保安全专项行动情况统计表》/).waitFor({ timeout: 30_000 });
      expect(await review().count()).toBe(0);
      await state(page, width, "04-confirmed");

      await page.getByRole("tab", { name: "一键校验" }).click();
      await page.getByLabel(/选择要校验的统计表/).setInputFiles(await countyBreakingTheRule());
      await page.getByRole("button", { name: "校验所选文件" }).click();
      // one file: its findings at once, no overview
      await page.getByText(/移送公安机关案件（件）（C\d+）为 6，超过了“查处网络违法案件（件）”的 5/).waitFor({ timeout: 60_000 });
      expect(await page.getByText("需修改 1 处", { exact: true }).isVisible()).toBe(true);
      await state(page, width, "05-finding");
    }, 120_000);
  });

  test("no console error or uncaught error in any of it", () => {
    expect(problems).toEqual([]);
  });
});
