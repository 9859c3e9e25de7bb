import { insertTemplateSheet, AddinError, COLORS, TEXT_FORMAT, SHEET_PROTECTION } from "../../src/excel";
import { layoutTemplate } from "../../src/core/layout";
import { METADATA_SHEET, readMetadata } from "../../src/core/metadata";
import { ganzhou, liaoning } from "../support/fixtures";
import { ALL_APIS, BookModel, FakeContext, NO_OPTIONAL_APIS, upTo } from "./fake-excel";

function workbook(...names: string[]): FakeContext {
  const book = new BookModel();
  for (const n of names.length ? names : ["Sheet1"]) book.addSheet(n);
  return new FakeContext(book);
}

test("inserts the table as 统计表 in two syncs, values at the layout's cells", async () => {
  const ctx = workbook();
  const result = await insertTemplateSheet(
    ctx.asContext(),
    ganzhou,
    { header: { unit: "章贡区市场监督管理局", stage: "中期" } },
    { isSetSupported: ALL_APIS },
  );
  expect(ctx.syncCount).toBe(2);
  expect(result).toEqual({ sheetName: "统计表", firstInput: "B2" });
  const sheet = ctx.book.sheet("统计表");
  const layout = layoutTemplate(ganzhou, { header: { unit: "章贡区市场监督管理局", stage: "中期" } });
  for (const c of layout.cells) {
    expect(sheet.cell(c.row, c.col).value).toBe(c.value ?? "");
  }
  expect(sheet.merges).toHaveLength(layout.merges.length);
  expect(ctx.book.active?.name).toBe("统计表");
  expect(ctx.book.selected).toEqual({ sheet: "统计表", address: "B2" });
});

test("input cells are light yellow and unlocked, labels locked, text cells text, quantities numbers", async () => {
  const ctx = workbook();
  await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: ALL_APIS });
  const sheet = ctx.book.sheet("统计表");
  const layout = layoutTemplate(ganzhou);
  for (const c of layout.cells) {
    const cell = sheet.cell(c.row, c.col);
    const input = c.role === "value-input" || c.role === "remark-input" || c.role === "header-input";
    expect([c.role, cell.locked]).toEqual([c.role, !input]);
    if (input) expect(cell.fill).toBe(COLORS.input);
    if (c.role === "value-input") expect(cell.numberFormat).toBe(c.kind === "decimal" ? "0.0###" : "0");
    else expect([c.role, cell.numberFormat]).toEqual([c.role, TEXT_FORMAT]);
    if (c.role === "item" || c.role === "remark-input") expect(cell.wrap).toBe(true);
  }
  expect(sheet.columnWidths.get(1)).toBeGreaterThan(sheet.columnWidths.get(0)!);
  expect(sheet.borders.filter((b) => b.edge === "InsideHorizontal")).toHaveLength(1);
  expect(sheet.protection).toEqual({ protected: true, options: SHEET_PROTECTION });
});

test("a sheet-scoped defined name per input cell (ExcelApi 1.4)", async () => {
  const ctx = workbook();
  await insertTemplateSheet(ctx.asContext(), liaoning, {}, { isSetSupported: ALL_APIS });
  const layout = layoutTemplate(liaoning);
  expect(Object.fromEntries(ctx.book.sheet("统计表").names)).toEqual(layout.names);
});

test("never overwrites: a second insert goes to 统计表 (2), the first sheet untouched", async () => {
  const ctx = workbook("Sheet1");
  await insertTemplateSheet(ctx.asContext(), ganzhou, { header: { unit: "甲" } }, { isSetSupported: ALL_APIS });
  const first = JSON.stringify([...ctx.book.sheet("统计表").cells]);
  const ctx2 = new FakeContext(ctx.book);
  const again = await insertTemplateSheet(ctx2.asContext(), ganzhou, { header: { unit: "乙" } }, { isSetSupported: ALL_APIS });
  expect(again.sheetName).toBe("统计表 (2)");
  expect(ctx2.syncCount).toBe(2);
  expect(JSON.stringify([...ctx.book.sheet("统计表").cells])).toBe(first);
  expect(ctx.book.sheet("统计表 (2)").value("B2")).toBe("乙");
  // sheet names compare without case: "统计表 (3)" is next even when the taken one is spelled differently
  expect(ctx.book.sheetNames).toEqual(["Sheet1", "统计表", METADATA_SHEET, "统计表 (2)"]);
});

test("writes the hidden metadata sheet once, as the file writer does", async () => {
  const ctx = workbook();
  await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: ALL_APIS });
  const meta = ctx.book.sheet(METADATA_SHEET);
  expect(meta.visibility).toBe("VeryHidden");
  const rows: (string | null)[][] = [];
  for (const [k, cell] of meta.cells) {
    const [r, c] = k.split(",").map(Number);
    (rows[r] ??= [])[c] = cell.value === "" ? null : String(cell.value);
  }
  const parsed = readMetadata([{ sheetName: METADATA_SHEET, rows: rows.map((r) => [...r].map((v) => v ?? null)), merges: [] }]);
  expect(parsed).toMatchObject({ kind: "template", templateId: "ganzhou-2022", template: { id: "ganzhou-2022" } });
  await insertTemplateSheet(new FakeContext(ctx.book).asContext(), ganzhou, {}, { isSetSupported: ALL_APIS });
  expect(ctx.book.sheetNames.filter((n) => n === METADATA_SHEET)).toHaveLength(1);
});

test('remarks like "=HYPERLINK(...)" get the text format before the value, so they stay text', async () => {
  const ctx = workbook();
  const remark = '=HYPERLINK("http://example.gov.cn","详情")';
  const layout = layoutTemplate(ganzhou, { remarks: { police_cases: remark }, values: { police_cases: "12件" } });
  await insertTemplateSheet(
    ctx.asContext(),
    ganzhou,
    { remarks: { police_cases: remark }, values: { police_cases: "12件" } },
    { isSetSupported: ALL_APIS },
  );
  const sheet = ctx.book.sheet("统计表");
  const remarkCell = layout.cells.find((c) => c.role === "remark-input" && c.itemId === "police_cases")!;
  const valueCell = layout.cells.find((c) => c.role === "value-input" && c.itemId === "police_cases")!;
  expect(sheet.cell(remarkCell.row, remarkCell.col)).toMatchObject({ value: remark, numberFormat: "@" });
  expect(sheet.cell(remarkCell.row, remarkCell.col).formula).toBeUndefined();
  // a quantity given as text is written as text too, never reinterpreted
  expect(sheet.cell(valueCell.row, valueCell.col)).toMatchObject({ value: "12件", numberFormat: "@" });
  // and the order in the batch: number formats, then values
  const batch = ctx.batches[1];
  expect(batch.findIndex((d) => d.endsWith(".numberFormat="))).toBeLessThan(batch.findIndex((d) => d.endsWith(".values=")));
});

describe("requirement sets", () => {
  test("with ExcelApi 1.8: data validation on quantities and the stage", async () => {
    const ctx = workbook();
    await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: ALL_APIS });
    const v = ctx.book.sheet("统计表").validations;
    expect(v.some((x) => (x.rule as { wholeNumber?: unknown }).wholeNumber)).toBe(true);
    expect(v.some((x) => (x.rule as { decimal?: unknown }).decimal)).toBe(true);
    expect(v.find((x) => (x.rule as { list?: unknown }).list)).toMatchObject({ range: "B3", rule: { list: { source: "中期,全面" } } });
  });

  test("Office 2019 (ExcelApi 1.7): names and protection, no data validation", async () => {
    const ctx = workbook();
    await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: upTo("1.7") });
    const sheet = ctx.book.sheet("统计表");
    expect(sheet.validations).toEqual([]);
    expect(sheet.names.size).toBeGreaterThan(0);
    expect(sheet.protection.protected).toBe(true);
    // no validation to keep fractions out of counts: "General", so that 12.5 is not shown as 13
    expect(sheet.peek(sheet.names.get("cs_police_cases")!)!.numberFormat).toBe("General");
    expect(sheet.peek(sheet.names.get("cs_cases_fines")!)!.numberFormat).toBe("0.0###");
    expect(ctx.batches.flat().some((d) => d.includes("dataValidation"))).toBe(false);
  });

  test("ExcelApi 1.1 only: values, merges and formats; no names, locking, protection or validation", async () => {
    const ctx = workbook();
    await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: NO_OPTIONAL_APIS });
    const sheet = ctx.book.sheet("统计表");
    expect(ctx.syncCount).toBe(2);
    expect(sheet.value("A1")).toBe(ganzhou.title);
    expect(sheet.merges.length).toBeGreaterThan(0);
    expect(sheet.names.size).toBe(0);
    expect(sheet.protection.protected).toBe(false);
    expect(sheet.validations).toEqual([]);
    expect(ctx.batches.flat().filter((d) => /names\.add|protection|dataValidation|protect/.test(d))).toEqual([]);
  });
});

describe("failures", () => {
  test("a protected workbook structure: AddinError with a Chinese message, nothing left behind", async () => {
    const ctx = workbook("Sheet1");
    ctx.failWhen("Worksheets.add(统计表)", "AccessDenied");
    const error = await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: ALL_APIS }).catch((e) => e);
    expect(error).toBeInstanceOf(AddinError);
    // adding a sheet is refused only by the workbook's structure protection
    expect(error).toMatchObject({ code: "structure-protected", officeCode: "AccessDenied" });
    expect(error.message).toMatch(/保护工作簿/);
    expect(ctx.book.sheetNames).toEqual(["Sheet1"]);
  });

  test("a failure halfway through the batch removes the half-written sheet", async () => {
    const ctx = workbook("Sheet1");
    ctx.failWhen("names.add(cs_police_cases)", "ItemAlreadyExists");
    const error = await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: ALL_APIS }).catch((e) => e);
    expect(error).toMatchObject({ code: "name-conflict" });
    expect(error.message).toMatch(/同名/);
    expect(ctx.book.sheetNames.filter((n) => n !== METADATA_SHEET)).toEqual(["Sheet1"]);
  });

  test("a co-author's sheet that took the name meanwhile is never deleted", async () => {
    const ctx = workbook("Sheet1");
    // between our two syncs a co-author adds 统计表: our add is refused
    ctx.failWhen(
      (desc) => desc.includes("Worksheets.add(统计表)") && (ctx.book.addSheet("统计表").fill([["同事的表"]]), true),
      "ItemAlreadyExists",
    );
    const error = await insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: ALL_APIS }).catch((e) => e);
    expect(error).toMatchObject({ code: "name-conflict", message: expect.stringMatching(/协作者/) });
    expect(ctx.book.sheetNames).toEqual(["Sheet1", "统计表"]);
    expect(ctx.book.sheet("统计表").value("A1")).toBe("同事的表");
  });

  test("cell-edit mode is reported as such", async () => {
    const ctx = workbook();
    ctx.failWhen("load worksheets", "InvalidOperationInCellEditMode");
    await expect(insertTemplateSheet(ctx.asContext(), ganzhou, {}, { isSetSupported: ALL_APIS })).rejects.toMatchObject({
      code: "cell-edit-mode",
      message: expect.stringMatching(/编辑单元格/),
    });
  });
});
