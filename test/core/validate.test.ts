import { readSubmission } from "../../src/core/read";
import { validate } from "../../src/core/validate";
import { flatten, CATALOGUE, type FindingCode } from "../../src/core/findings";
import { renderMessage } from "../../src/messages/zh-CN";
import { filledGrid, ganzhou, liaoning, setItem, validValues } from "../support/fixtures";
import type { Grid } from "../../src/core/grid";
import type { Template } from "../../src/templates/schema";

const header = { unit: "章贡区市场监督管理局", date: "11月20日", stage: "全面" };

function check(template: Template, grid: Grid) {
  return validate(template, readSubmission(grid, template));
}

const seen = new Set<FindingCode>();
afterAll(() => {
  const cellAndRuleCodes = (Object.keys(CATALOGUE) as FindingCode[]).filter((c) =>
    ["cell", "rule", "section", "header"].includes(CATALOGUE[c].family),
  );
  expect(cellAndRuleCodes.filter((c) => !seen.has(c))).toEqual([]);
});
function codes(report: ReturnType<typeof check>) {
  report.findings.forEach((f) => seen.add(f.code));
  return flatten(report.findings, ["cell", "code"]);
}

test("a complete, consistent table is valid with no findings", () => {
  const report = check(ganzhou, filledGrid(ganzhou, { header, values: validValues(ganzhou) }));
  expect(report.valid).toBe(true);
  expect(report.findings).toEqual([]);
  expect(report.stage).toBe("全面");
});

test("blank-value: an empty quantity asks for 0", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const cell = setItem(grid, "police_info", null);
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([[cell, "blank-value"]]);
  expect(renderMessage(report.findings[0])).toBe(`公安局 · 清理网上违法有害信息（条）（${cell}）未填写；无数据请填 0。`);
  expect(report.sections.find((s) => s.sectionId === "police")).toMatchObject({ errors: 1, warnings: 0 });
});

test("section-blank: a department whose every item is blank is one finding naming it, marking all its cells", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const police = ganzhou.sections.find((s) => s.id === "police")!;
  const cells = police.items.map((i) => setItem(grid, i.id, null));
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([[cells[0], "section-blank"]]);
  expect(report.findings[0]).toMatchObject({ sectionId: "police", count: police.items.length, cells });
  expect(renderMessage(report.findings[0])).toBe(
    `公安局的 4 个项目均未填写（${cells[0]} 至 ${cells[3]}）；请填写数量，无数据请填 0；本地没有该部门的，请在该部门第一项的备注中填写“不适用”。`,
  );
  expect(report.sections.find((s) => s.sectionId === "police")).toMatchObject({ errors: 1 });
  expect(report.valid).toBe(false);
});

test("a department with one blank among filled items, or a one-item department left blank, is reported per cell", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const police = ganzhou.sections.find((s) => s.id === "police")!;
  const blanks = police.items.slice(1).map((i) => setItem(grid, i.id, null));
  const postal = ganzhou.sections.find((s) => s.items.length === 1)!;
  const postalCell = setItem(grid, postal.items[0].id, null);
  expect(codes(check(ganzhou, grid))).toEqual([...blanks.map((c) => [c, "blank-value"]), [postalCell, "blank-value"]]);
});

test("a department of blanks and a wrong entry is not summarized: each cell keeps its own message", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const police = ganzhou.sections.find((s) => s.id === "police")!;
  for (const i of police.items) setItem(grid, i.id, null);
  setItem(grid, police.items[2].id, "若干");
  expect(codes(check(ganzhou, grid)).map((x) => x[1])).toEqual(["blank-value", "blank-value", "not-a-number", "blank-value"]);
});

test.each([["若干"], ["约10"], ["10-12"], ["无"], [true]])("not-a-number: %p is refused", (value) => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const cell = setItem(grid, "postal_violations", value);
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([[cell, "not-a-number"]]);
  expect(renderMessage(report.findings[0])).toContain("不是数字");
});

test.each([
  [" 12 ", "12"],
  ["１２", "12"],
  ["1,234", "1234"],
  ["12件", "12"],
  ["12（件）", "12"],
])("number-as-text: %p is read as %s with a warning", (typed, readAs) => {
  const values = validValues(ganzhou);
  const grid = filledGrid(ganzhou, { header, values });
  const cell = setItem(grid, "police_cases", typed);
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([[cell, "number-as-text"]]);
  expect(report.valid).toBe(true);
  expect(report.values.police_cases).toBe(readAs);
});

test("a unit that is not the item's own is not stripped: 12条 in a 件 item is not a number", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const cell = setItem(grid, "forestry_cases", "12条");
  expect(codes(check(ganzhou, grid))).toEqual([[cell, "not-a-number"]]);
});

test("negative-value, fraction-in-count and too-many-decimals", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const a = setItem(grid, "police_accounts", -3);
  const b = setItem(grid, "market_blacklist", 2.5);
  const c = setItem(grid, "cyber_info", 1.23456);
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([
    [c, "too-many-decimals"],
    [a, "negative-value"],
    [b, "fraction-in-count"],
  ]);
});

test("decimal items accept up to 4 places; a formula's binary noise is read as the shown number", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  setItem(grid, "cyber_info", 1.2345);
  setItem(grid, "cases_fines", 0.1 + 0.2);
  const report = check(ganzhou, grid);
  expect(report.findings).toEqual([]);
  expect([report.values.cyber_info, report.values.cases_fines]).toEqual(["1.2345", "0.3"]);
});

test("formula-error: #REF! and #VALUE! cached results are errors", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  const a = setItem(grid, "cyber_accounts", { error: "#REF!" });
  const b = setItem(grid, "police_cases", "#VALUE!");
  const report = check(ganzhou, grid);
  expect(flatten(report.findings, ["cell", "code", "value"])).toEqual([
    [a, "formula-error", "#REF!"],
    [b, "formula-error", "#VALUE!"],
  ]);
  report.findings.forEach((f) => seen.add(f.code));
});

test("partition-mismatch: categories must add up to 查处网络违法案件, with expected, actual and difference", () => {
  const values = validValues(ganzhou);
  const grid = filledGrid(ganzhou, { header, values: { ...values, cases_total: values.cases_total + 2 } });
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([[grid.names!.cs_cases_total, "partition-mismatch"]]);
  const f = report.findings[0];
  expect(f).toMatchObject({
    expected: String(values.cases_total + 2),
    actual: String(values.cases_total),
    difference: "-2",
    section: "市场监管局",
  });
  expect(renderMessage(f)).toContain("分类合计少 2");
});

test("partition in liaoning-2019 covers the 14 primary categories", () => {
  const values = validValues(liaoning);
  const report = check(liaoning, filledGrid(liaoning, { header, values: { ...values, cat_other: values.cat_other + 1 } }));
  expect(flatten(report.findings, ["code", "difference"])).toEqual([["partition-mismatch", "1"]]);
  expect(report.findings[0]).toMatchObject({ parts: expect.arrayContaining(["其他违法违规案件（件）"]) });
});

test("at-most-exceeded: 移送公安机关案件 may not exceed 查处网络违法案件", () => {
  const values = validValues(ganzhou);
  const grid = filledGrid(ganzhou, { header, values: { ...values, cases_referred: values.cases_total + 1 } });
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([[grid.names!.cs_cases_referred, "at-most-exceeded"]]);
  expect(renderMessage(report.findings[0])).toContain("超过了“查处网络违法案件（件）”");
});

test("rules are not judged on values that already failed their own checks", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  setItem(grid, "cases_other", "若干");
  expect(codes(check(ganzhou, grid)).map((x) => x[1])).toEqual(["not-a-number"]);
});

test("missing-unit and missing-date; invalid-date and invalid-stage", () => {
  const grid = filledGrid(ganzhou, { values: validValues(ganzhou) });
  expect(codes(check(ganzhou, grid))).toEqual([
    [grid.names!.cs_unit, "missing-unit"],
    [grid.names!.cs_date, "missing-date"],
  ]);
  const odd = filledGrid(ganzhou, { header: { unit: "某县", date: "下周", stage: "第三季度" }, values: validValues(ganzhou) });
  const report = check(ganzhou, odd);
  expect(codes(report)).toEqual([
    [odd.names!.cs_date, "invalid-date"],
    [odd.names!.cs_stage, "invalid-stage"],
  ]);
  expect(report.valid).toBe(true);
});

test("a section marked 不适用 may be left empty, but not hold numbers", () => {
  const values = validValues(ganzhou);
  delete (values as Record<string, number>).forestry_leads;
  delete (values as Record<string, number>).forestry_cases;
  const ok = filledGrid(ganzhou, { header, values, notApplicable: ["forestry"] });
  const okReport = check(ganzhou, ok);
  expect(okReport.findings).toEqual([]);
  expect(okReport.notApplicable).toEqual(["forestry"]);
  expect(okReport.sections.find((s) => s.sectionId === "forestry")?.notApplicable).toBe(true);

  const bad = filledGrid(ganzhou, { header, values: { ...values, forestry_cases: 3 }, notApplicable: ["forestry"] });
  expect(codes(check(ganzhou, bad))).toEqual([[bad.names!.cs_forestry_cases, "not-applicable-has-values"]]);
});

test("a section whose every quantity says 不适用 or / is taken as not applicable", () => {
  const grid = filledGrid(ganzhou, {
    header,
    values: { ...validValues(ganzhou), forestry_leads: "/" as unknown as number, forestry_cases: "不适用" as unknown as number },
  });
  const report = check(ganzhou, grid);
  expect(report.findings).toEqual([]);
  expect(report.notApplicable).toEqual(["forestry"]);
});

test("item-missing and duplicate-item when a received table lost or repeated a row", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) }, { names: false });
  const row = grid.rows.findIndex((r) => r[1] === "查处违法违规行为（次）");
  grid.rows.splice(row, 1);
  const dup = grid.rows.findIndex((r) => r[1] === "责令整改网站（个次）");
  grid.rows.splice(dup + 1, 0, [null, "责令整改网站（个次）", 9, null]);
  const report = check(ganzhou, grid);
  expect(codes(report)).toEqual([
    [undefined, "item-missing"],
    [`C${dup + 2}`, "duplicate-item"],
  ]);
  expect(renderMessage(report.findings[1])).toContain(`另见 C${dup + 1}`);
});

test("findings are grouped per department section", () => {
  const grid = filledGrid(ganzhou, { header, values: validValues(ganzhou) });
  setItem(grid, "police_info", null);
  setItem(grid, "police_cases", " 3 ");
  setItem(grid, "customs_gold_food", -1);
  const report = check(ganzhou, grid);
  expect(report.sections.map((s) => [s.name, s.errors, s.warnings])).toEqual([
    ["网信办", 0, 0],
    ["公安局", 1, 1],
    ["赣州海关", 1, 0],
    ["林业局", 0, 0],
    ["邮政局", 0, 0],
    ["市场监管局", 0, 0],
  ]);
});
