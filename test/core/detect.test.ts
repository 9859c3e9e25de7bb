import { detectTable } from "../../src/core/detect";
import { consolidate } from "../../src/core/consolidate";
import { analyzeSheets } from "../../src/core/analyze";
import { layoutDetail, layoutStatus } from "../../src/core/rollup-layout";
import { flatten } from "../../src/core/findings";
import { renderMessage, ROLLUP_TEXT } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { filledGrid, ganzhou, liaoning, validValues } from "../support/fixtures";
import type { Grid } from "../../src/core/grid";

const header = { unit: "大余县", date: "11月20日" };

test("the table is found on whichever sheet holds it, and its template is told", () => {
  const notes: Grid = { sheetName: "填表说明", merges: [], rows: [["请于11月20日前报送"]] };
  const table = { ...filledGrid(liaoning, { header, values: validValues(liaoning) }), sheetName: "附件" };
  const d = detectTable([notes, table], BUILTIN_TEMPLATES);
  expect(d.ok && [d.match.grid.sheetName, d.match.template.id, d.match.score]).toEqual(["附件", "liaoning-2019", 1]);
});

test("an unrelated table is not a statistics table", () => {
  const other: Grid = {
    sheetName: "工资表",
    merges: [],
    rows: [
      ["姓名", "工资"],
      ["张三", 5000],
    ],
  };
  const d = detectTable([other], BUILTIN_TEMPLATES);
  expect(d.ok).toBe(false);
  if (!d.ok) expect(renderMessage(d.findings[0])).toMatch(/^没有找到统计表：只识别出 0 \/ \d+ 个项目/);
});

test("the wrong campaign's table is reported as such when a template is wanted", () => {
  const d = detectTable([filledGrid(liaoning, { header, values: validValues(liaoning) })], BUILTIN_TEMPLATES, ganzhou);
  expect(d.ok).toBe(false);
  if (!d.ok) expect(flatten(d.findings, ["code", "detectedTemplate"])).toEqual([["template-mismatch", liaoning.title]]);
});

test("several sheets that look like the table: the first is read, with a warning", () => {
  const a = { ...filledGrid(ganzhou, { header, values: validValues(ganzhou) }), sheetName: "中期" };
  const b = { ...filledGrid(ganzhou, { header, values: validValues(ganzhou, 2) }), sheetName: "全面" };
  const d = detectTable([a, b], BUILTIN_TEMPLATES);
  expect(d.ok && [d.match.grid.sheetName, flatten(d.findings, ["code", "sheets"])]).toEqual([
    "中期",
    [["several-tables", ["中期", "全面"]]],
  ]);
});

test("a hidden decoy loses to the visible table at equal score", () => {
  const hidden = { ...filledGrid(ganzhou, { header, values: validValues(ganzhou) }), sheetName: "旧表", hidden: true };
  const visible = { ...filledGrid(ganzhou, { header, values: validValues(ganzhou) }), sheetName: "统计表" };
  const d = detectTable([hidden, visible], BUILTIN_TEMPLATES);
  expect(d.ok && d.match.grid.sheetName).toBe("统计表");
});

test("our own roll-up workbook reads as one submission: the detail sheet is not taken for the table", () => {
  const inputs = ["信丰县", "龙南市"].map(
    (u) => analyzeSheets(u, [filledGrid(ganzhou, { header: { unit: u, date: "11月1日" }, values: validValues(ganzhou) })], [ganzhou]).input,
  );
  const c = consolidate({ template: ganzhou, inputs, unit: "赣州市", date: "11月26日" });
  const rollup = { ...filledGrid(ganzhou, c.rollup), sheetName: "汇总表" };
  const toGrid = (t: ReturnType<typeof layoutDetail>): Grid => ({
    sheetName: t.sheetName,
    merges: [],
    rows: t.rows.map((r) => r.map((x) => (typeof x === "object" && x !== null ? x.value : x))),
  });
  const d = detectTable([toGrid(layoutDetail(ganzhou, c)), rollup, toGrid(layoutStatus(c, ROLLUP_TEXT))], BUILTIN_TEMPLATES);
  expect(d.ok && [d.match.grid.sheetName, d.findings]).toEqual(["汇总表", []]);
  const again = analyzeSheets("赣州市.xlsx", [rollup], [ganzhou]).input;
  expect(again.report?.valid).toBe(true);
  expect(again.report?.values.police_info).toBe(String(2 * validValues(ganzhou).police_info));
});
