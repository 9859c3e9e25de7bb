import {
  validateSheet,
  readSheetGrid,
  markFindings,
  clearMarks,
  insertTemplateSheet,
  MARK_STYLE,
  isMarkFormula,
  markFormula,
  markBlocks,
} from "../../src/excel";
import { flatten } from "../../src/core/findings";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou, validValues } from "../support/fixtures";
import { ALL_APIS, BookModel, FakeContext, upTo, type SheetModel } from "./fake-excel";

/** a workbook holding a filled-in 统计表 (inserted by the add-in itself), plus the user's Sheet1 */
async function filledWorkbook(
  values: Record<string, number | string> = validValues(ganzhou),
): Promise<{ book: BookModel; sheet: SheetModel }> {
  const book = new BookModel();
  book.addSheet("Sheet1").fill([["我的数据", 1]]);
  await insertTemplateSheet(
    new FakeContext(book).asContext(),
    ganzhou,
    { header: { unit: "章贡区市场监督管理局", date: "11月20日", stage: "全面" }, values },
    { isSetSupported: ALL_APIS },
  );
  return { book, sheet: book.sheet("统计表") };
}

/** the cell of an item's quantity in the inserted sheet */
function cellOf(sheet: SheetModel, itemId: string): string {
  return sheet.names.get(`cs_${itemId}`)!;
}

/** types into a cell as a user would (the sheet is protected, input cells are unlocked) */
function type(sheet: SheetModel, address: string, value: string | number | { error: string } | null) {
  const c = sheet.peek(address)!;
  if (value === null) c.value = "";
  else if (typeof value === "object") ((c.value = value.error), (c.error = true));
  else ((c.value = value), (c.error = false));
}

/** every marked cell with its fill (a mark covers a block of cells) */
const marksOf = (sheet: SheetModel) =>
  sheet.cfs
    .filter((cf) => isMarkFormula(cf.formula))
    .flatMap((cf) => {
      const cells: [string, string | undefined][] = [];
      for (let r = cf.range.r1; r <= cf.range.r2; r++)
        for (let c = cf.range.c1; c <= cf.range.c2; c++) cells.push([`${String.fromCharCode(65 + c)}${r + 1}`, cf.fill]);
      return cells;
    })
    .sort();

test("a correct sheet: valid, read and judged in one sync (nothing to mark)", async () => {
  const { book } = await filledWorkbook();
  const ctx = new FakeContext(book);
  const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(result.sheetName).toBe("统计表");
  expect(result.analysis.input.report).toMatchObject({ valid: true, unit: "章贡区市场监督管理局", templateId: "ganzhou-2022" });
  expect(result.findings).toEqual([]);
  expect(result.marks).toEqual({ status: "marked", errors: 0, warnings: 0, removed: 0 });
  expect(ctx.syncCount).toBe(1);
});

test("validation with marks takes two syncs: errors red, warnings orange, on a protected sheet", async () => {
  const { book, sheet } = await filledWorkbook();
  const blank = cellOf(sheet, "police_cases");
  const text = cellOf(sheet, "police_info");
  const err = cellOf(sheet, "postal_violations");
  const asText = cellOf(sheet, "customs_batches");
  type(sheet, blank, null);
  type(sheet, text, "若干");
  type(sheet, err, { error: "#REF!" });
  type(sheet, asText, " 12 ");
  const ctx = new FakeContext(book);
  const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(ctx.syncCount).toBe(2);
  expect(flatten(result.findings, ["cell", "code"]).sort()).toEqual(
    [
      [blank, "blank-value"],
      [text, "not-a-number"],
      [err, "formula-error"],
      [asText, "number-as-text"],
    ].sort(),
  );
  expect(result.marks).toEqual({ status: "marked", errors: 3, warnings: 1, removed: 0 });
  expect(marksOf(sheet)).toEqual(
    [
      [blank, MARK_STYLE.error.fill],
      [text, MARK_STYLE.error.fill],
      [err, MARK_STYLE.error.fill],
      [asText, MARK_STYLE.warning.fill],
    ].sort(),
  );
  // the sheet was unprotected for the marks and protected again with the same options
  expect(sheet.protection.protected).toBe(true);
  expect(ctx.batches[1][0]).toMatch(/unprotect/);
  expect(ctx.batches[1].at(-1)).toMatch(/\.protect$/);
});

test("a department left blank is one finding in the list and every one of its cells is marked", async () => {
  const { book, sheet } = await filledWorkbook();
  const police = ganzhou.sections.find((s) => s.id === "police")!.items.map((i) => cellOf(sheet, i.id));
  for (const c of police) type(sheet, c, null);
  const ctx = new FakeContext(book);
  const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(ctx.syncCount).toBe(2);
  expect(flatten(result.findings, ["cell", "code", "cells"])).toEqual([[police[0], "section-blank", police]]);
  expect(marksOf(sheet)).toEqual(police.map((c) => [c, MARK_STYLE.error.fill]).sort());
  // the section's cells are one column of consecutive rows: one rule, not one per cell
  expect(sheet.cfs.filter((cf) => isMarkFormula(cf.formula))).toHaveLength(
    markBlocks(new Map(police.map((c) => [c, "error" as const]))).length,
  );
  expect(sheet.cfs.filter((cf) => isMarkFormula(cf.formula)).length).toBeLessThan(police.length);
});

test("re-marking leaves the user's data bars, colour scales and cell-value rules alone", async () => {
  const { book, sheet } = await filledWorkbook();
  type(sheet, cellOf(sheet, "police_cases"), null);
  const everywhere = { r1: 0, c1: 0, r2: 40, c2: 3 };
  const own = [
    { range: everywhere, type: "DataBar" },
    { range: everywhere, type: "ColorScale" },
    { range: everywhere, type: "CellValue", fill: "#00FF00" },
  ];
  sheet.cfs.push(...own.map((x) => ({ ...x })));
  await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(marksOf(sheet)).toHaveLength(1);
  await clearMarks(new FakeContext(book).asContext(), "统计表", { isSetSupported: ALL_APIS });
  expect(sheet.cfs).toEqual(own);
});

test("re-running removes the previous marks first and never touches the user's formats", async () => {
  const { book, sheet } = await filledWorkbook();
  const a = cellOf(sheet, "police_cases");
  const b = cellOf(sheet, "police_info");
  type(sheet, a, null);
  // the user's own fill and own conditional format on a cell we are going to mark
  sheet.peek(a)!.fill = "#00B050";
  const own = {
    range: sheet.cfs.length ? sheet.cfs[0].range : { r1: 0, c1: 0, r2: 0, c2: 0 },
    type: "Custom",
    formula: "=A1>10",
    fill: "#0000FF",
  };
  own.range = { r1: Number(a.slice(1)) - 1, c1: 2, r2: Number(a.slice(1)) - 1, c2: 2 };
  sheet.cfs.push(own);
  await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(marksOf(sheet)).toEqual([[a, MARK_STYLE.error.fill]]);

  // fixed a, broke b
  type(sheet, a, 3);
  type(sheet, b, -1);
  const ctx = new FakeContext(book);
  const again = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(ctx.syncCount).toBe(2);
  expect(again.marks).toMatchObject({ status: "marked", errors: 1, removed: 1 });
  expect(marksOf(sheet)).toEqual([[b, MARK_STYLE.error.fill]]);
  expect(sheet.cfs).toContain(own);
  expect(sheet.peek(a)!.fill).toBe("#00B050");

  // clearing: ours gone, the user's stays
  const removed = await clearMarks(new FakeContext(book).asContext(), "统计表", { isSetSupported: ALL_APIS });
  expect(removed).toBe(1);
  expect(sheet.cfs).toEqual([own]);
});

test("marks follow their cells: a mark moved by an inserted row is still recognised and removed", async () => {
  const { book, sheet } = await filledWorkbook();
  const a = cellOf(sheet, "police_cases");
  type(sheet, a, null);
  await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  // the user inserted a row above: Excel moves the conditional format with the cell
  for (const cf of sheet.cfs) ((cf.range.r1 += 1), (cf.range.r2 += 1));
  type(sheet, a, 1);
  await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(marksOf(sheet)).toEqual([]);
});

test("a password-protected sheet: validation still answers; the marks fail with a Chinese message", async () => {
  const { book, sheet } = await filledWorkbook();
  type(sheet, cellOf(sheet, "police_cases"), null);
  sheet.protection = { protected: true, options: {}, password: "secret" };
  const ctx = new FakeContext(book);
  const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(result.analysis.input.report?.valid).toBe(false);
  expect(result.marks).toMatchObject({ status: "failed", error: { code: "protected", message: expect.stringMatching(/密码/) } });
  // read, the refused marks batch, then the protection checked (still on: nothing to restore)
  expect(ctx.syncCount).toBe(3);
  expect(sheet.cfs).toEqual([]);
  expect(sheet.protection.protected).toBe(true);
});

test("marking a protected sheet that Excel refuses (AccessDenied) gives the protection message", async () => {
  const { book, sheet } = await filledWorkbook();
  type(sheet, cellOf(sheet, "police_cases"), null);
  const ctx = new FakeContext(book);
  ctx.failWhen("conditionalFormats.add", "AccessDenied");
  const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(result.marks).toMatchObject({ status: "failed", error: { code: "protected", message: expect.stringMatching(/撤消工作表保护/) } });
});

describe("requirement sets", () => {
  test("without ExcelApi 1.6 nothing is marked and validation is one sync", async () => {
    const { book, sheet } = await filledWorkbook();
    type(sheet, cellOf(sheet, "police_cases"), null);
    const ctx = new FakeContext(book);
    const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: upTo("1.5") });
    expect(result.marks).toEqual({ status: "unsupported" });
    expect(result.findings.map((f) => f.code)).toEqual(["blank-value"]);
    expect(ctx.syncCount).toBe(1);
    expect(ctx.batches.flat().some((d) => d.includes("conditionalFormats"))).toBe(false);
  });

  test("merged areas are read with ExcelApi 1.13 and skipped without it", async () => {
    const { book } = await filledWorkbook();
    const withMerges = await readSheetGrid(new FakeContext(book).asContext(), "统计表", { isSetSupported: ALL_APIS });
    expect(withMerges.merges).toContainEqual({ r1: 0, c1: 0, r2: 0, c2: 3 });
    const ctx = new FakeContext(book);
    const without = await readSheetGrid(ctx.asContext(), "统计表", { isSetSupported: upTo("1.12") });
    expect(without.merges).toEqual([]);
    expect(ctx.batches.flat().some((d) => d.includes("getMergedAreas"))).toBe(false);
    expect(without.rows).toEqual(withMerges.rows);
  });

  test("without ExcelApi 1.4 the table is read by its labels alone", async () => {
    const { book, sheet } = await filledWorkbook();
    type(sheet, cellOf(sheet, "police_cases"), null);
    const result = await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: upTo("1.3") });
    expect(result.analysis.match?.grid.names).toBeUndefined();
    expect(flatten(result.findings, ["cell", "code"])).toEqual([[cellOf(sheet, "police_cases"), "blank-value"]]);
  });
});

describe("readSheetGrid", () => {
  test("the active sheet, with cached values, error values, offsets, names and hidden state", async () => {
    const book = new BookModel();
    const s = book.addSheet("报表 (1)");
    s.fill(
      [
        ["填报单位：", "某区"],
        [null, { error: "#DIV/0!" }, true],
        [7, 12.5, ""],
      ],
      { row: 2, col: 1 },
    );
    s.cell(4, 1).formula = "=3+4"; // a formula counts by its cached value
    s.names.set("cs_unit", "C3");
    s.merges.push({ r1: 2, c1: 1, r2: 3, c2: 1 });
    book.names.set("cs_date", "'报表 (1)'!$D$3");
    book.names.set("elsewhere", "Other!$A$1");
    const ctx = new FakeContext(book);
    const grid = await readSheetGrid(ctx.asContext(), undefined, { isSetSupported: ALL_APIS });
    expect(ctx.syncCount).toBe(1);
    expect(grid).toEqual({
      sheetName: "报表 (1)",
      rows: [[], [], [null, "填报单位：", "某区", null], [null, null, { error: "#DIV/0!" }, true], [null, 7, 12.5, null]],
      merges: [{ r1: 2, c1: 1, r2: 3, c2: 1 }],
      names: { cs_unit: "C3", cs_date: "D3" },
    });
  });

  test("an unknown sheet is an AddinError", async () => {
    const ctx = new FakeContext(new BookModel());
    ctx.book.addSheet("Sheet1");
    await expect(readSheetGrid(ctx.asContext(), "没有这个表")).rejects.toMatchObject({
      name: "AddinError",
      code: "not-found",
      message: expect.stringMatching(/找不到/),
    });
  });
});

test("a host that refuses the marks' state load still validates (read again, no marks)", async () => {
  const { book, sheet } = await filledWorkbook();
  type(sheet, cellOf(sheet, "police_cases"), null);
  const ctx = new FakeContext(book);
  ctx.failWhen("conditionalFormats.load", "GeneralException");
  const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(result.findings.map((f) => f.code)).toEqual(["blank-value"]);
  expect(result.marks).toMatchObject({ status: "failed" });
  expect(sheet.cfs).toEqual([]);
});

test("markFindings on its own: two syncs; only cells of that sheet", async () => {
  const { book, sheet } = await filledWorkbook();
  const ctx = new FakeContext(book);
  const result = await markFindings(
    ctx.asContext(),
    "统计表",
    [
      { code: "blank-value", severity: "error", cell: "C10", sheet: "统计表" },
      { code: "number-as-text", severity: "warning", cell: "C10", readAs: "1" },
      { code: "number-as-text", severity: "warning", cell: "C11", readAs: "1" },
      { code: "blank-value", severity: "error", cell: "C12", sheet: "别的表" },
      { code: "missing-unit", severity: "error" },
    ],
    { isSetSupported: ALL_APIS },
  );
  expect(ctx.syncCount).toBe(2);
  expect(result).toEqual({ status: "marked", errors: 1, warnings: 1, removed: 0 });
  expect(marksOf(sheet)).toEqual([
    ["C10", MARK_STYLE.error.fill],
    ["C11", MARK_STYLE.warning.fill],
  ]);
  expect(sheet.cfs.map((c) => c.formula)).toEqual([markFormula("warning"), markFormula("error")]);
});

test("marks by block: one conditional format per run of cells of one severity", () => {
  const marks = new Map<string, "error" | "warning">([
    ["C5", "error"],
    ["C6", "error"],
    ["C7", "error"],
    ["D5", "error"],
    ["D6", "error"],
    ["D7", "error"],
    ["C8", "warning"],
    ["C10", "error"],
    ["F2", "warning"],
  ]);
  expect(markBlocks(marks)).toEqual([
    { range: "C5:D7", severity: "error" },
    { range: "C8", severity: "warning" },
    { range: "C10", severity: "error" },
    { range: "F2", severity: "warning" },
  ]);
});
