/** inferTemplate on the ways a table is really typed: merges missing, headings instead of a column, no footnote … */
import type { CellValue, Grid } from "../../src/core/grid";
import { inferTemplate } from "../../src/learn/infer";
import { learnProblemText, learnWarningText } from "../../src/messages/learn-zh-CN";
import { findBuiltinTemplate } from "../../src/templates";
import { JIANGXI_2023, LIAONING_AS_PRINTED, differences, ganzhouAsPrinted, pageGrid } from "./support";

const ganzhou = findBuiltinTemplate("ganzhou-2022")!;
const liaoning = findBuiltinTemplate("liaoning-2019")!;

function infer(grid: Grid, options = {}) {
  const r = inferTemplate(grid, options);
  if (!r.template) throw new Error(JSON.stringify(r.problems));
  return { template: r.template, warnings: r.warnings, codes: r.warnings.map((w) => w.code) };
}

/** the grid with the department column (and the 其中 column) left unmerged */
function unmerged(grid: Grid, cols: number[]): Grid {
  return { ...grid, merges: grid.merges.filter((m) => !(cols.includes(m.c1) && m.c1 === m.c2 && m.r2 > m.r1)) };
}

test("department and 其中 typed once, cells below left blank instead of merged", () => {
  const { grid } = pageGrid(ganzhouAsPrinted());
  expect(differences(infer(unmerged(grid, [0, 1])).template, ganzhou)).toEqual([]);
  expect(differences(infer(unmerged(pageGrid(LIAONING_AS_PRINTED).grid, [0])).template, liaoning)).toEqual([]);
});

test("department repeated on every row of its block", () => {
  const page = pageGrid(ganzhouAsPrinted());
  const grid = unmerged(page.grid, [0]);
  let dept: CellValue = null;
  for (let r = page.first + 1; r <= page.last; r++) {
    if (grid.rows[r][0] !== null) dept = grid.rows[r][0];
    else grid.rows[r][0] = dept;
  }
  expect(differences(infer(grid).template, ganzhou)).toEqual([]);
});

test("without the 不重复计算 footnote: no partition rule, said in a warning; the at-most rule stays", () => {
  const { template, codes, warnings } = infer(pageGrid({ ...ganzhouAsPrinted(), after: [] }).grid);
  expect(template.rules.map((r) => r.kind)).toEqual(["at-most"]);
  expect(template.footnote).toBeUndefined();
  expect(codes).toEqual(["partition-not-generated"]);
  expect(learnWarningText(warnings[0])).toContain("未找到“不重复计算”的脚注，未生成分类合计规则");
});

test("a 按…分类 group partitions the total even without the footnote", () => {
  const { template, codes } = infer(pageGrid({ ...LIAONING_AS_PRINTED, after: [] }).grid);
  expect(template.rules.map((r) => r.kind)).toEqual(["partition", "at-most"]);
  expect(codes).toEqual([]);
});

test("an item without a unit is left out with a warning; an unknown unit is kept with one", () => {
  const spec = ganzhouAsPrinted();
  spec.sections[0].rows.push("处置违法违规直播间", "关停违法违规直播间（间）");
  const { template, warnings } = infer(pageGrid(spec).grid);
  expect(template.sections[0].items.map((i) => `${i.label}/${i.unit}`)).toEqual([
    "清理网上违法违规信息/万条",
    "处置网站平台违法违规账号/个",
    "关停违法违规直播间/间",
  ]);
  expect(warnings.map((w) => [w.code, w.cell])).toEqual([
    ["item-without-unit", "B8"],
    ["unusual-unit", "B9"],
    ["partition-from-footnote", undefined],
  ]);
  expect(learnWarningText(warnings[0])).toBe(
    "B8“处置违法违规直播间”没有标明计量单位（如“（件）”），未作为统计项目；如它是统计项目，请在原表中补上单位后重新导入。",
  );
});

test("no title and no year: placeholders, both said in warnings", () => {
  const spec = { ...ganzhouAsPrinted(), before: ["填报单位：", "填报日期："] };
  const { template, codes } = infer(pageGrid(spec).grid, { fallbackYear: 2024 });
  expect(template.year).toBe(2024);
  expect(template.title).toBe("2024年专项行动情况统计表");
  expect(codes).toEqual(expect.arrayContaining(["year-missing", "title-missing"]));
  expect(infer(pageGrid(spec).grid, { year: 2025 }).codes).not.toContain("year-missing");
});

test("the nearest title above the table wins over the notice's 附件：… line; header fields come from the page, not the notice", () => {
  const spec = {
    ...ganzhouAsPrinted(),
    before: ["联系电话：0797-8199726", "附件：赣州 2022 网络市场监管专项行动情况统计表", ...ganzhouAsPrinted().before],
  };
  const { template, codes } = infer(pageGrid(spec).grid);
  expect(template.title).toBe("赣州 2022 网络市场监管专项行动情况统计表");
  expect(codes).toEqual(["partition-from-footnote"]);
});

test("header fields as printed, missing ones warned: 填报单位 only; none the original lacks is added but 填报日期", () => {
  const spec = { ...ganzhouAsPrinted(), before: ["赣州 2022 网络市场监管专项行动情况统计表", "填报单位：\t联系人：\t联系电话："] };
  const { template, warnings } = infer(pageGrid(spec).grid);
  expect(template.header).toEqual(["unit", "date", "contact", "phone"]);
  expect(warnings.filter((w) => w.code === "header-field-missing").map(learnWarningText)).toEqual([
    "原表没有“填报日期”，模板仍要求填写填报日期。",
  ]);
});

test("departments as heading rows above their items (one label column)", () => {
  const rows: CellValue[][] = [
    ["某市2024网络市场监管专项行动情况统计表"],
    ["填报单位：", null, "填报日期："],
    ["项目", "数量", "备注"],
    ["一、公安部门", null, null],
    ["1. 清理网上违法有害信息（条）", null, null],
    ["2. 打击网络犯罪案件（起）", null, null],
    ["二、市场监管部门", null, null],
    ["查处网络违法案件（件）", null, null],
    ["查处虚假宣传案件（件）", null, null],
    ["查处其他违法违规案件（件）", null, null],
    ["移送公安机关案件（件）", null, null],
    ["注：各类案件不重复计算。"],
  ];
  const { template, codes } = infer({ sheetName: "Sheet1", rows, merges: [] });
  expect(template.sections.map((s) => [s.name, s.items.map((i) => `${i.label}（${i.unit}）`)])).toEqual([
    ["公安部门", ["清理网上违法有害信息（条）", "打击网络犯罪案件（起）"]],
    ["市场监管部门", ["查处网络违法案件（件）", "查处虚假宣传案件（件）", "查处其他违法违规案件（件）", "移送公安机关案件（件）"]],
  ]);
  expect(template.rules).toEqual([
    expect.objectContaining({ kind: "partition", total: "s2_i1", parts: ["s2_i2", "s2_i3"] }),
    expect.objectContaining({ kind: "at-most", item: "s2_i4", limit: "s2_i1" }),
  ]);
  expect(template.year).toBe(2024);
  expect(codes).toEqual(["partition-from-footnote"]);
});

test("a 部门 column header, a 序号 column, numbers already filled in, an inline 其中：", () => {
  const rows: CellValue[][] = [
    ["2023年度情况统计表"],
    ["序号", "部门", "项目", "数量", "备注"],
    [1, "市场监管部门", "查处网络违法案件（件）", 5, null],
    [2, null, "查处虚假宣传案件（件）", 3, null],
    [3, null, "其中：查处直播带货案件（件）", 2, null],
    [4, null, "罚没款（万元）", 1.5, "含没收"],
    [5, "邮政管理部门", "查处违法违规行为（次）", 0, null],
  ];
  const { template, codes } = infer({ sheetName: "Sheet1", rows, merges: [{ r1: 2, c1: 1, r2: 5, c2: 1 }] });
  expect(template.sections.map((s) => s.name)).toEqual(["市场监管部门", "邮政管理部门"]);
  expect(template.sections[0].items[2]).toEqual({ id: "s1_i3", label: "查处直播带货案件", unit: "件", group: "其中" });
  expect(codes).toEqual(["inline-group", "header-field-missing", "header-field-missing", "partition-not-generated"]);
});

test("a footnote of several numbered lines is kept whole; text under the table is not a department", () => {
  const spec = { ...JIANGXI_2023, after: ["注：1. 同一案件不重复计算。", "2. 罚没款保留两位小数。", "（盖章）", "填报人：", "审核人："] };
  const { template, codes } = infer(pageGrid(spec).grid);
  expect(template.footnote).toBe("注：1. 同一案件不重复计算。\n2. 罚没款保留两位小数。");
  expect(template.sections.map((s) => s.name)).toEqual(["网信部门", "电信主管部门", "公安部门", "市场监管部门"]);
  expect(codes).toEqual(["partition-from-footnote"]);
  // 填报人： under the table is the original's 联系人; it has no 报告阶段 or 联系电话, so neither is added
  expect(template.header).toEqual(["unit", "date", "contact"]);
});

test("not a statistics table: no 项目 · 数量 header, or no items under it", () => {
  const none = inferTemplate({ sheetName: "Sheet1", rows: [["会议纪要"], ["时间", "地点"]], merges: [] });
  expect(none.template).toBeUndefined();
  expect(none.problems).toEqual([{ code: "no-header-row" }]);
  expect(learnProblemText(none.problems[0])).toBe("没有找到“项目 · 数量 · 备注”表头行，这不像专项行动情况统计表。");
  const noValue = inferTemplate({ sheetName: "Sheet1", rows: [["统计表"], ["项目", "备注"], ["甲（件）", null]], merges: [] });
  expect(noValue.problems[0]).toMatchObject({ code: "no-header-row", cell: "A2" });
  expect(learnProblemText(noValue.problems[0])).toContain("没有“数量”列");
  const empty = inferTemplate({ sheetName: "Sheet1", rows: [["统计表"], ["项目", "数量", "备注"], ["说明文字", null, null]], merges: [] });
  expect(empty.problems.map((p) => p.code)).toEqual(["no-items"]);
});

test("amount units the schema does not know as decimals get kind decimal explicitly", () => {
  const rows: CellValue[][] = [
    ["2024年情况统计表"],
    ["项目", null, "数量", "备注"],
    ["邮政管理部门", "查获寄递违禁物品（万件）", null, null],
    [null, "查获寄递违禁物品（公斤）", null, null],
    [null, "检查快递网点（个）", null, null],
    [null, "涉案金额（万元）", null, null],
  ];
  const { template } = infer({
    sheetName: "Sheet1",
    rows,
    merges: [
      { r1: 1, c1: 0, r2: 1, c2: 1 },
      { r1: 2, c1: 0, r2: 5, c2: 0 },
    ],
  });
  expect(template.sections[0].items.map((i) => [i.unit, i.kind])).toEqual([
    ["万件", "decimal"],
    ["公斤", "decimal"],
    ["个", undefined],
    ["万元", undefined],
  ]);
});

test("a hostile sheet (200,000 rows, a merge over a million rows) is looked at only in its corner, quickly", () => {
  const rows: CellValue[][] = Array.from({ length: 200_000 }, (_, r) => [`第${r}行`, "x"]);
  const start = Date.now();
  const r = inferTemplate({ sheetName: "Sheet1", rows, merges: [{ r1: 0, c1: 0, r2: 999_999, c2: 16_000 }] });
  expect(r.problems.map((p) => p.code)).toEqual(["no-header-row"]);
  expect(Date.now() - start).toBeLessThan(3000);
});
