/**
 * readWorkbook on real workbooks written by ExcelJS, checked against what was written and against
 * ExcelJS's own reading of the same bytes.
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import type { CellValue, Grid } from "../../src/core/grid";
import { readWorkbook, type WorkbookRead } from "../../src/files/xlsx-read";

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function ok(bytes: Uint8Array): WorkbookRead {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(`expected a workbook, got ${JSON.stringify(r.failure)}`);
  return r.workbook;
}

/** rows without trailing nulls, and no trailing empty rows */
function trimRows(rows: CellValue[][]): CellValue[][] {
  const out = rows.map((r) => {
    const c = r.slice();
    while (c.length && (c[c.length - 1] === null || c[c.length - 1] === undefined)) c.pop();
    return c.map((v) => (v === undefined ? null : v));
  });
  while (out.length && out[out.length - 1].length === 0) out.pop();
  return out;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** ExcelJS's reading of a sheet as cached values, the way Office.js `values` would give them. */
async function excelJsGrid(bytes: Uint8Array, sheetName: string): Promise<CellValue[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet(sheetName)!;
  const rows: CellValue[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const line: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.isMerged && cell.master !== cell) return;
      let v: unknown = cell.value;
      if (v && typeof v === "object" && "formula" in v) v = (v as ExcelJS.CellFormulaValue).result ?? null;
      if (v && typeof v === "object" && "sharedFormula" in v) v = (v as ExcelJS.CellSharedFormulaValue).result ?? null;
      if (v && typeof v === "object" && "richText" in v) v = (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join("");
      if (v instanceof Date) v = (v.getTime() - EXCEL_EPOCH) / 86400000;
      if (v && typeof v === "object" && "error" in v) v = { error: (v as { error: string }).error };
      while (line.length < c - 1) line.push(null);
      line[c - 1] = v as CellValue;
    });
    while (rows.length < r - 1) rows.push([]);
    rows[r - 1] = line;
  });
  return trimRows(rows);
}

async function countyWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const readme = wb.addWorksheet("填表说明");
  readme.getCell("A1").value = "请各部门按表填写，无数据请填 0。";
  readme.getCell("A2").value = "注：一案涉及多种违法行为的，按主要违法行为统计，不重复计算。";
  const hidden = wb.addWorksheet("_cs_meta", { state: "hidden" });
  hidden.getCell("A1").value = "template";
  hidden.getCell("B1").value = "ganzhou-2022";
  const very = wb.addWorksheet("_cs_very", { state: "veryHidden" });
  very.getCell("A1").value = 1;
  const ws = wb.addWorksheet("统计表");
  ws.mergeCells("A1:D1");
  ws.getCell("A1").value = "2022年网络市场监管促发展保安全专项行动情况统计表";
  ws.getCell("A2").value = { richText: [{ text: "填报单位" }, { text: "（盖章）", font: { bold: true, color: { argb: "FFFF0000" } } }] };
  ws.mergeCells("B2:C2");
  ws.getCell("B2").value = "章贡区市场监督管理局";
  ws.getCell("D2").value = new Date(Date.UTC(2022, 10, 30));
  ws.getCell("A3").value = "项目";
  ws.getCell("B3").value = "数量";
  ws.getCell("C3").value = "备注";
  const items: [string, CellValue | ExcelJS.CellValue][] = [
    ["清理网上违法有害信息（条）", 12],
    ["罚没款（万元）", 3.1416],
    ["查处网络违法案件（件）", { formula: "1+2", result: 3 } as ExcelJS.CellFormulaValue],
    ["移送公安机关案件（件）", { formula: "B6*0" } as ExcelJS.CellFormulaValue],
    ["督促平台删除违法商品信息（条）", { error: "#REF!" } as ExcelJS.CellErrorValue],
    ["关闭网站（个）", " 12 "],
    ["是否适用", true],
    ["责令整改网站（个）", { formula: "1/0", result: { error: "#DIV/0!" } } as unknown as ExcelJS.CellFormulaValue],
  ];
  items.forEach(([label, value], i) => {
    ws.getCell(4 + i, 1).value = label;
    ws.getCell(4 + i, 2).value = value as ExcelJS.CellValue;
  });
  ws.getCell("C4").value = "含 A&B <公司> \"引号\" 'x'";
  ws.getCell("B2").name = "cs_unit";
  ws.getCell("D2").name = "cs_date";
  wb.definedNames.add("'统计表'!$B$4", "cs_info");
  wb.definedNames.add("'统计表'!$B$4:$B$9", "cs_range");
  return bytesOf(wb);
}

describe("a county workbook written by ExcelJS", () => {
  let bytes: Uint8Array;
  let wb: WorkbookRead;
  let table: Grid;
  beforeAll(async () => {
    bytes = await countyWorkbook();
    wb = ok(bytes);
    table = wb.sheets.find((s) => s.sheetName === "统计表")!;
  });

  test("all sheets in workbook order, hidden ones flagged, table not first", () => {
    expect(wb.sheets.map((s) => [s.sheetName, s.hidden === true])).toEqual([
      ["填表说明", false],
      ["_cs_meta", true],
      ["_cs_very", true],
      ["统计表", false],
    ]);
    expect(wb.hasMacros).toBe(false);
    expect(wb.sheets[1].rows).toEqual([["template", "ganzhou-2022"]]);
  });

  test("values: shared strings, rich text, numbers, cached formula results, errors, dates, booleans", () => {
    expect(table.rows).toEqual([
      ["2022年网络市场监管促发展保安全专项行动情况统计表"],
      ["填报单位（盖章）", "章贡区市场监督管理局", null, 44895],
      ["项目", "数量", "备注"],
      ["清理网上违法有害信息（条）", 12, "含 A&B <公司> \"引号\" 'x'"],
      ["罚没款（万元）", 3.1416],
      ["查处网络违法案件（件）", 3],
      ["移送公安机关案件（件）"], // a formula without a cached value is empty
      ["督促平台删除违法商品信息（条）", { error: "#REF!" }],
      ["关闭网站（个）", " 12 "],
      ["是否适用", true],
      ["责令整改网站（个）", { error: "#DIV/0!" }],
    ]);
  });

  test("merged cells", () => {
    expect(table.merges).toEqual(
      expect.arrayContaining([
        { r1: 0, c1: 0, r2: 0, c2: 3 },
        { r1: 1, c1: 1, r2: 1, c2: 2 },
      ]),
    );
    expect(table.merges).toHaveLength(2);
  });

  test("single-cell defined names land on their sheet; ranges are skipped", () => {
    expect(table.names).toEqual({ cs_unit: "B2", cs_date: "D2", cs_info: "B4" });
    expect(wb.sheets[0].names).toBeUndefined();
  });

  test("agrees with ExcelJS's own reading of the same bytes", async () => {
    for (const s of wb.sheets) {
      expect(trimRows(s.rows)).toEqual(await excelJsGrid(bytes, s.sheetName));
    }
  });
});

describe("round trip of random values through ExcelJS", () => {
  const chars = fc.constantFrom(...Array.from("aZ09 .,-_&<>\"'\n\t公安局查处网络违法案件（件）１２万元😀"));
  const text = fc.string({ unit: chars, minLength: 1, maxLength: 12 });
  const value: fc.Arbitrary<CellValue> = fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)) },
    { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e9 }) },
    { weight: 1, arbitrary: fc.boolean() },
    {
      weight: 1,
      arbitrary: fc.constantFrom("#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!").map((error) => ({ error })),
    },
    { weight: 3, arbitrary: fc.constant(null) },
  );
  const grid = fc.array(fc.array(value, { maxLength: 6 }), { minLength: 1, maxLength: 12 });

  test("what ExcelJS writes is what readWorkbook reads", async () => {
    await fc.assert(
      fc.asyncProperty(grid, fc.boolean(), async (rows, sharedStrings) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet("数据");
        rows.forEach((line, r) =>
          line.forEach((v, c) => {
            if (v !== null) ws.getCell(r + 1, c + 1).value = v as ExcelJS.CellValue;
          }),
        );
        const bytes = new Uint8Array(await wb.xlsx.writeBuffer({ useSharedStrings: sharedStrings } as ExcelJS.XlsxWriteOptions));
        const read = ok(bytes);
        expect(trimRows(read.sheets[0].rows)).toEqual(trimRows(rows));
      }),
      { numRuns: 60 },
    );
  });
});
