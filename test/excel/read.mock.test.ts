/**
 * The read path against office-addin-mock's OfficeMockObject: a static object tree whose properties
 * are readable only after load() + sync(). It cannot express collections loaded by "items/…", objects
 * created inside a batch or failing batches (see fake-excel.ts); reading a sheet it can.
 */
import { readSheetGrid, validateSheet } from "../../src/excel";
import { layoutTemplate, layoutToGrid } from "../../src/core/layout";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou, validValues } from "../support/fixtures";
import { mockSheetContext } from "./office-mock";

const only =
  (...sets: string[]) =>
  (name: string, version: string) =>
    name === "ExcelApi" && sets.includes(version);

test("reads the active sheet's values in one sync; error values become { error }", async () => {
  const { ctx, syncs } = mockSheetContext([
    ["填报单位：", "某区"],
    ["项目", "#REF!", 3],
  ]);
  const grid = await readSheetGrid(ctx, undefined, { isSetSupported: only("1.1") });
  expect(syncs()).toBe(1);
  expect(grid).toEqual({
    sheetName: "统计表",
    rows: [
      ["填报单位：", "某区", null],
      ["项目", { error: "#REF!" }, 3],
    ],
    merges: [],
  });
});

test("merged areas with ExcelApi 1.13, parsed from the RangeAreas address", async () => {
  const { ctx, syncs } = mockSheetContext([["标题"]], "统计表!A1:D1, '统计表'!A5:A8");
  const grid = await readSheetGrid(ctx, undefined, { isSetSupported: only("1.1", "1.13") });
  expect(syncs()).toBe(1);
  expect(grid.merges).toEqual([
    { r1: 0, c1: 0, r2: 0, c2: 3 },
    { r1: 4, c1: 0, r2: 7, c2: 0 },
  ]);
});

test("validates a filled sheet read from the mock (no marks without ExcelApi 1.6): one sync", async () => {
  const grid = layoutToGrid(
    layoutTemplate(ganzhou, { header: { unit: "章贡区", date: "11月20日" }, values: { ...validValues(ganzhou), police_cases: "若干" } }),
  );
  const merged = grid.merges
    .map((m) => `统计表!${String.fromCharCode(65 + m.c1)}${m.r1 + 1}:${String.fromCharCode(65 + m.c2)}${m.r2 + 1}`)
    .join(",");
  const { ctx, syncs } = mockSheetContext(grid.rows, merged);
  const result = await validateSheet(ctx, BUILTIN_TEMPLATES, { isSetSupported: only("1.1", "1.13") });
  expect(syncs()).toBe(1);
  expect(result.analysis.input.report?.templateId).toBe("ganzhou-2022");
  expect(result.findings.map((f) => [f.code, f.value])).toEqual([["not-a-number", "若干"]]);
  expect(result.marks).toEqual({ status: "unsupported" });
});
