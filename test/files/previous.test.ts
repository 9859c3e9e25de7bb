/**
 * Earlier reports from workbooks: a roll-up re-saved by LibreOffice Calc (as a city's clerk would, after
 * opening it), a submission, a roll-up of a learned variant whose labels drifted (its template travels in
 * the workbook), and files that are no report at all.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { analyzeSheets } from "../../src/core/analyze";
import { matchItems } from "../../src/core/compare";
import { consolidate } from "../../src/core/consolidate";
import { readPreviousReport } from "../../src/files/previous";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { layoutComparison } from "../../src/core/compare";
import { reviewRollup } from "../../src/core/review";
import { layoutSummary } from "../../src/core/summary";
import { renderSummary } from "../../src/messages/summary-zh-CN";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { TemplateSchema, type Template } from "../../src/templates/schema";
import { filledGrid, ganzhou, validValues } from "../support/fixtures";
import { convertWithLibreOffice } from "../support/independent";
import { requirePrograms } from "../support/programs";

jest.setTimeout(120000);

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-previous-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rollupOf(template: Template, units: string[], stage: "中期" | "全面") {
  const inputs = units.map(
    (u, k) =>
      analyzeSheets(
        `${u}.xlsx`,
        [
          filledGrid(template, {
            header: { unit: u, date: "6月20日", stage },
            values: { ...validValues(template, k + 1), cyber_info: 0.1 },
          }),
        ],
        [template],
        { wanted: template },
      ).input,
  );
  return consolidate({ template, inputs, unit: "赣州市市场监督管理局", date: "6月25日", stage });
}

requirePrograms("soffice").test(
  "a roll-up re-saved by LibreOffice: its totals, stage and year, and each unit's column of 汇总明细",
  async () => {
    const c = rollupOf(ganzhou, ["章贡区", "南康区", "赣县区"], "中期");
    writeFileSync(join(dir, "中期汇总.xlsx"), await writeRollupWorkbook(ganzhou, c));
    const out = convertWithLibreOffice(join(dir, "中期汇总.xlsx"), "ods", join(dir, "ods"));
    const resaved = convertWithLibreOffice(out, "xlsx", join(dir, "lo"));
    const r = readPreviousReport("中期汇总.xlsx", new Uint8Array(readFileSync(resaved)), BUILTIN_TEMPLATES);
    expect(r.report).toMatchObject({ kind: "rollup", unit: "赣州市市场监督管理局", stage: "中期", year: 2022, templateId: "ganzhou-2022" });
    const report = r.report!;
    expect(Object.fromEntries(report.totals.map((f) => [f.itemId, f.value]))).toEqual(c.totals);
    expect(report.units.map((u) => u.unit)).toEqual(c.accepted.map((a) => a.unit));
    for (const a of c.accepted) {
      const figures = report.units.find((u) => u.unit === a.unit)!.figures;
      expect(Object.fromEntries(figures.map((f) => [f.itemId, f.value]))).toEqual(a.values);
    }
    // 0.1 万条 three times: 0.3 exactly in the total and 0.1 in each column
    expect(report.totals.find((f) => f.itemId === "cyber_info")!.value).toBe("0.3");
  },
);

test("a submission is its own unit's figures", async () => {
  const bytes = await writeTemplateWorkbook(ganzhou, {
    header: { unit: "章贡区市场监督管理局", date: "6月20日", stage: "中期" },
    values: validValues(ganzhou),
  });
  const r = readPreviousReport("章贡区（中期）.xlsx", bytes, BUILTIN_TEMPLATES);
  expect(r.report).toMatchObject({ kind: "submission", unit: "章贡区市场监督管理局", stage: "中期" });
  expect(r.report!.units).toEqual([{ unit: "章贡区市场监督管理局", figures: r.report!.totals }]);
});

test("a learned variant's roll-up with drifted labels: read by its own template, matched to this year's by label", async () => {
  const drift: Record<string, string> = { market_delete_info: "删除违法商品信息", market_close_sites: "提请关闭网站" };
  const variant = TemplateSchema.parse({
    ...ganzhou,
    id: "ganzhou-2021-learned",
    year: 2021,
    title: "赣州 2021 网络市场监管专项行动情况统计表",
    sections: ganzhou.sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, label: drift[i.id] ?? i.label })) })),
  });
  const bytes = await writeRollupWorkbook(variant, rollupOf(variant, ["章贡区", "南康区"], "全面"));
  const r = readPreviousReport("2021年汇总.xlsx", bytes, BUILTIN_TEMPLATES);
  expect(r.report).toMatchObject({ kind: "rollup", year: 2021, templateId: "ganzhou-2021-learned" });
  const m = matchItems(ganzhou, r.report!);
  expect([m.matches.market_delete_info, m.matches.market_close_sites].map((x) => [x.previous.label, x.how])).toEqual([
    ["删除违法商品信息", "similar-label"],
    ["提请关闭网站", "similar-label"],
  ]);
  expect(Object.keys(m.matches)).toHaveLength(ganzhou.sections.flatMap((s) => s.items).length);
  expect(m.unmatched).toEqual([]);
});

test("a roll-up with 对比 and 汇总说明 is read one level up as one table, 汇总表", async () => {
  const c = rollupOf(ganzhou, ["章贡区", "南康区"], "全面");
  const previous = readPreviousReport(
    "中期汇总.xlsx",
    await writeRollupWorkbook(ganzhou, rollupOf(ganzhou, ["章贡区", "南康区"], "中期")),
    BUILTIN_TEMPLATES,
  ).report!;
  const { comparison, facts } = reviewRollup(ganzhou, c, [previous]);
  const extraSheets = [
    { table: layoutComparison(comparison!), wrapCols: [1, 7] },
    { table: layoutSummary(renderSummary(facts)), wrapCols: [0] },
  ];
  const bytes = await writeRollupWorkbook(ganzhou, c, { extraSheets });
  const read = analyzeWorkbookBytes("赣州市.xlsx", bytes, BUILTIN_TEMPLATES);
  expect(read.input.findings).toEqual([]);
  expect(read.input.report?.valid).toBe(true);
  expect(read.match?.grid.sheetName).toBe("汇总表");
});

test("a file that holds no statistics table is no earlier report, and says why", () => {
  const html = readPreviousReport("网页.xls", new TextEncoder().encode("<html><body>表</body></html>"), BUILTIN_TEMPLATES);
  expect(html.report).toBeUndefined();
  expect(html.findings.map((f) => f.code)).toEqual(["file-not-xlsx"]);
});
