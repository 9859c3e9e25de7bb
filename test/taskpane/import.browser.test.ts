/**
 * 导入新模板 on the standalone page in a real browser: the production build (scripts/serve.js, with its
 * CSP) in the Debian package's /usr/bin/chromium at a task pane's 320 px. The learning code arrives in
 * its own chunk only when a file is picked; the review fits the width; the corrected template is used
 * for the downloaded blank template, which carries it. Needs Chromium (see test/support/programs.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { readWorkbook } from "../../src/files/xlsx-read";
import { readMetadata } from "../../src/core/metadata";
import { ganzhouAsPrinted, pageGrid, pageToDocx } from "../learn/support";
import { buildAndServe, collectProblems, describeWithChromium, initialChunks, type ServedPage } from "../support/served-page";

const ROOT = path.join(__dirname, "..", "..");
const SHOTS = path.join(ROOT, "test-output", "taskpane");
const WIDTH = 320;

describeWithChromium("导入新模板 in Chromium", () => {
  let served: ServedPage;
  let tmp: string;
  let outDir: string;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    served = await buildAndServe("campaign-stats-import-");
    ({ tmp, outDir } = served);
    const { browser, server } = served;
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, acceptDownloads: true, locale: "zh-CN" });
    context.on("request", (r) => requests.push(new URL(r.url()).pathname));
    page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(`${server.url}taskpane.html`);
    await page.getByRole("heading", { name: "专项行动统计表助手" }).waitFor({ timeout: 30_000 });
  }, 300_000);

  afterAll(async () => {
    await served?.close();
  });

  const learnChunk = () => requests.filter((p) => /\/learn\.[0-9a-f]{8}\.js$/.test(p));

  test("the initial chunk stays within budget and holds neither src/learn nor the .docx reader", () => {
    const initial = initialChunks(outDir);
    expect(initial).toHaveLength(1);
    const code = fs.readFileSync(path.join(outDir, initial[0]), "utf8");
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(250 * 1024);
    // markers of the learning code and of the Word reader
    expect(code).not.toContain("表格第");
    expect(code).not.toContain("gridSpan");
    expect(fs.readdirSync(outDir).some((f) => /^learn\.[0-9a-f]{8}\.js$/.test(f))).toBe(true);
    expect(learnChunk()).toEqual([]);
  });

  test("a Word attachment is read (the learn chunk loads now), reviewed at 320 px, corrected and confirmed", async () => {
    await page.getByLabel("选择下发的统计表附件（Word 或 Excel）或模板文件").setInputFiles({
      name: "附件2：统计表.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: Buffer.from(pageToDocx(pageGrid(ganzhouAsPrinted()))),
    });
    const review = page.getByRole("region", { name: "核对新模板" });
    await review.waitFor({ timeout: 30_000 });
    expect(learnChunk()).toHaveLength(1);
    await page.screenshot({ path: path.join(SHOTS, `${WIDTH}-review.png`) });
    await review.getByLabel("公安局第1项：名称").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${WIDTH}-review-items.png`) });
    await review.getByRole("list", { name: "校验规则" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${WIDTH}-review-rules.png`) });
    // nothing wider than the pane
    const wide = await page.evaluate(
      (w) =>
        [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > w + 1 && (e as HTMLElement).offsetParent !== null)
          .map((e) => e.tagName),
      WIDTH,
    );
    expect(wide).toEqual([]);
    expect(await review.getByLabel("网信办第1项：单位").inputValue()).toBe("万条");
    await review.getByLabel("统计表名称").fill("赣州 2024 网络市场监管专项行动情况统计表");
    await review.getByRole("button", { name: "删除项目“查处违法违规行为（次）”" }).click();
    await review.getByRole("button", { name: "删除规则：移送公安机关案件 不超过 查处网络违法案件" }).click();
    await review.getByRole("button", { name: "确认使用" }).click();
    await page.getByText(/已添加模板《赣州 2024 网络市场监管专项行动情况统计表》/).waitFor();
    expect(await page.getByLabel("统计表模板").inputValue()).toMatch(/^learned-2022-/);
  });

  test("the blank template downloaded from it carries the corrected template", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载空白模板" }).click()]);
    const file = path.join(tmp, "blank.xlsx");
    await download.saveAs(file);
    const read = readWorkbook(new Uint8Array(fs.readFileSync(file)));
    if (!read.ok) throw new Error(`unreadable: ${read.failure.kind}`);
    const t = readMetadata(read.workbook.sheets)?.template;
    expect(t?.title).toBe("赣州 2024 网络市场监管专项行动情况统计表");
    expect(t?.sections.map((s) => s.name)).not.toContain("邮政局");
    expect(t?.rules.map((r) => r.kind)).toEqual(["partition"]);
    expect(problems).toEqual([]);
  });
});
