import { layoutTemplate, layoutToGrid } from "../../src/core/layout";
import { readSubmission } from "../../src/core/read";
import { validate } from "../../src/core/validate";
import { flatten } from "../../src/core/findings";
import { attachmentGrid } from "../support/attachment-grid";
import { ganzhou, liaoning, validValues } from "../support/fixtures";
import type { Grid } from "../../src/core/grid";

test("our own layout read back gives every item at its input cell", () => {
  const values = validValues(ganzhou);
  const grid = layoutToGrid(layoutTemplate(ganzhou, { header: { unit: "章贡区市场监督管理局", date: "11月20日" }, values }));
  delete grid.names;
  const sub = readSubmission(grid, ganzhou);
  expect(sub.found).toBe(sub.expected);
  const report = validate(ganzhou, sub);
  expect(flatten(report.findings, ["cell", "code"])).toEqual([]);
  expect(report.values).toEqual(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
  expect(report.unit).toBe("章贡区市场监督管理局");
  expect(report.date).toBe("11月20日");
});

test.each([
  ["ganzhou-2022", ganzhou],
  ["liaoning-2019", liaoning],
])("%s in the original attachment layout: totals in the label cell, rows inserted, 序号 column, numbers as text", (_, template) => {
  const values = validValues(template, 2);
  const typed: Record<string, string | number> = { ...values };
  const ids = Object.keys(values);
  typed[ids[0]] = ` ${values[ids[0]]} `;
  typed[ids[1]] = String(values[ids[1]]).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  typed[ids[2]] = `${values[ids[2]]}${template.sections.flatMap((s) => s.items)[2].unit}`;
  const grid = attachmentGrid(
    template,
    { unit: "南康区市场监督管理局", date: "11月21日", values: typed },
    { serialColumn: true, insertBefore: [0, 3, 7] },
  );
  const sub = readSubmission(grid, template);
  expect(sub.found).toBe(sub.expected);
  const report = validate(template, sub);
  expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
  expect(flatten(report.findings, ["itemId", "code"])).toEqual([
    [ids[0], "number-as-text"],
    [ids[1], "number-as-text"],
    [ids[2], "number-as-text"],
  ]);
  expect(report.values).toEqual(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
  expect(report.unit).toBe("南康区市场监督管理局");
  const totalCell = sub.entries["cases_total"];
  expect(totalCell.inLabelCell).toBe(true);
});

test("a blank original attachment (only underscores in the label cell) reads as blank entries", () => {
  const grid = attachmentGrid(ganzhou, { values: {} });
  const report = validate(ganzhou, readSubmission(grid, ganzhou));
  expect(report.stats.found).toBe(report.stats.expected);
  const codes = new Set(report.findings.map((f) => f.code));
  // one finding per department left blank; a one-item department (邮政局) keeps its own cell's message
  expect([...codes].sort()).toEqual(["blank-value", "missing-date", "missing-unit", "section-blank"]);
  const blankSections = report.findings.filter((f) => f.code === "section-blank").map((f) => f.sectionId);
  expect(blankSections).toEqual(ganzhou.sections.filter((s) => s.items.length > 1).map((s) => s.id));
});

test("labels typed with full-width punctuation, extra spaces and curly or straight quotes still match", () => {
  const grid: Grid = {
    sheetName: "统计",
    merges: [],
    rows: [
      ["填报单位：", "瑞金市市场监督管理局", "填报日期：", "11月3日"],
      ["项目", null, "数量", "备注"],
      ["市场监管局", '查处网售"一老一小"用品质量案件(件)', 3, null],
      [null, " 开展网售“一老一小”用品抽查 （批次） ", 4, null],
    ],
  };
  const sub = readSubmission(grid, ganzhou);
  expect(sub.entries["cases_elderly_child"]?.cell).toBe("C3");
  expect(sub.entries["market_elderly_child_checks"]?.cell).toBe("C4");
});

test("the same label with two units is told apart by the unit, and by order when the unit is missing", () => {
  const withUnits: Grid = {
    sheetName: "S",
    merges: [],
    rows: [
      ["项目", null, "数量"],
      ["赣州海关", "寄递渠道查获侵权货物（件）", 30],
      [null, "寄递渠道查获侵权货物（批次）", 2],
    ],
  };
  const a = readSubmission(withUnits, ganzhou);
  expect([a.entries.customs_batches.cell, a.entries.customs_pieces.cell]).toEqual(["C3", "C2"]);
  const noUnits: Grid = {
    ...withUnits,
    rows: [withUnits.rows[0], ["赣州海关", "寄递渠道查获侵权货物", 2], [null, "寄递渠道查获侵权货物", 30]],
  };
  const b = readSubmission(noUnits, ganzhou);
  expect([b.entries.customs_batches.raw, b.entries.customs_pieces.raw]).toEqual([2, 30]);
});

test("defined names win over labels, so an edited label still reads exactly", () => {
  const grid = layoutToGrid(layoutTemplate(ganzhou, { values: { police_info: 7 } }));
  const at = grid.names!.cs_police_info;
  const row = Number(at.slice(1)) - 1;
  grid.rows[row][1] = "清理有害信息（改过的名称）";
  expect(readSubmission(grid, ganzhou).entries.police_info.raw).toBe(7);
});

test("header fields in one cell, in their own cells, or as an Excel date", () => {
  const oneCell: Grid = { sheetName: "S", merges: [], rows: [["填报单位：于都县市场监管局      填报日期： 11 月 20 日"]] };
  const h = readSubmission(oneCell, ganzhou).header;
  expect([h.unit?.raw, h.date?.raw]).toEqual(["于都县市场监管局", "11 月 20 日"]);
  const own: Grid = { sheetName: "S", merges: [], rows: [["填报单位", null, "信丰县", "填报日期：", 44885]] };
  const report = validate(ganzhou, readSubmission(own, ganzhou));
  expect([report.unit, report.date]).toEqual(["信丰县", "11月20日"]);
});
