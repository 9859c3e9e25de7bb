import {
  groupRanges,
  layoutPlan,
  tablePlan,
  widthToPoints,
  wrappedHeight,
  COUNT_FORMAT,
  DECIMAL_FORMAT,
  UNGUARDED_COUNT_FORMAT,
} from "../../src/excel/sheet-plan";
import { displayWidth } from "../../src/core/presentation";
import { layoutTemplate } from "../../src/core/layout";
import { ganzhou } from "../support/fixtures";

test("groupRanges: vertical runs per column, joined side by side when they span the same rows", () => {
  const cells = [0, 1, 2, 4].flatMap((row) => [
    { row, col: 2, key: "a" },
    { row, col: 3, key: "a" },
  ]);
  expect(groupRanges(cells).map((g) => g.range)).toEqual([
    { r1: 0, c1: 2, r2: 2, c2: 3 },
    { r1: 4, c1: 2, r2: 4, c2: 3 },
  ]);
});

test("the template's plan: text everywhere but the quantities; inputs unlocked; names and validation per input", () => {
  const layout = layoutTemplate(ganzhou, { values: { police_cases: 3, cases_fines: 1.5 } });
  const plan = layoutPlan(layout);
  const formats = new Set(plan.numberFormats.flat());
  expect([...formats].sort()).toEqual(["0", "0.0###", "@"].sort());
  const at = (name: string) => {
    const [, col, row] = /^([A-Z])(\d+)$/.exec(layout.names[name])!;
    return plan.numberFormats[Number(row) - 1][col.charCodeAt(0) - 65];
  };
  expect(at("cs_police_cases")).toBe(COUNT_FORMAT);
  expect(at("cs_cases_fines")).toBe(DECIMAL_FORMAT);
  expect(at("cs_unit")).toBe("@");
  expect(plan.values[0][0]).toBe(ganzhou.title);
  expect(plan.names).toEqual(layout.names);
  expect(plan.unlocked.length).toBeLessThan(20); // grouped, not one range per cell
  expect(plan.validations.map((v) => v.kind).sort()).toEqual(expect.arrayContaining(["count", "decimal", "stage"]));
  expect(plan.firstInput).toBe("B2");
  expect(plan.protect).toBe(true);
  const unguarded = layoutPlan(layout, { guardedCounts: false });
  expect(new Set(unguarded.numberFormats.flat())).toEqual(new Set([UNGUARDED_COUNT_FORMAT, DECIMAL_FORMAT, "@"]));
});

test("a table plan: formulas as formulas in General cells, strings as text, header frozen", () => {
  const plan = tablePlan({
    sheetName: "x",
    headerRows: 1,
    columnWidths: [10, 10],
    rows: [["单位", "合计"], ["=甲", { formula: "SUM(A1:A1)", value: 1 }], [], ["注", 3]],
  });
  expect(plan.values).toEqual([
    ["单位", "合计"],
    ["=甲", "=SUM(A1:A1)"],
    ["", ""],
    ["注", 3],
  ]);
  expect(plan.numberFormats).toEqual([
    ["@", "@"],
    ["@", "General"],
    ["@", "@"],
    ["@", "General"],
  ]);
  expect(plan.borders).toEqual(["A1:B2"]);
  expect(plan.freeze).toEqual({ rows: 1, columns: 0 });
});

test("sizes: widths in points, CJK counted double for wrapped heights", () => {
  expect(widthToPoints(10)).toBe(56.25);
  expect(displayWidth("ab统计")).toBe(6);
  expect(wrappedHeight("统".repeat(40), 41)).toBeGreaterThan(wrappedHeight("统".repeat(10), 41));
});
