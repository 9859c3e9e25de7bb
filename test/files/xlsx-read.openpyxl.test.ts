/**
 * readWorkbook on workbooks written by openpyxl (/usr/bin/python3 with python3-openpyxl): inline
 * strings with character references, t="d" ISO dates, formulas without cached values, names
 * declared openpyxl's way.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { unzipSync } from "fflate";
import { readWorkbook, type WorkbookRead } from "../../src/files/xlsx-read";
import { programPath, requirePrograms } from "../support/programs";

const withOpenpyxl = requirePrograms("openpyxl");

let dir: string;
let wb: WorkbookRead;
let sheetXml: string;

const SCRIPT = String.raw`
import sys, datetime
import openpyxl
from openpyxl.workbook.defined_name import DefinedName
wb = openpyxl.Workbook(iso_dates=True)
readme = wb.active
readme.title = "填表说明"
readme["A1"] = "请按部门填写"
ws = wb.create_sheet("统计表")
ws.merge_cells("A1:C1")
ws["A1"] = "网络市场监管专项行动情况统计表"
ws["A2"] = "填报单位"
ws["B2"] = "某某县 & <局>"
ws["A3"] = "清理网上违法有害信息（条）"
ws["B3"] = 12
ws["A4"] = "罚没款（万元）"
ws["B4"] = 0.3
ws["A5"] = "合计"
ws["B5"] = "=B3+B4"
ws["A6"] = "是否适用"
ws["B6"] = False
ws["A7"] = "填报日期"
ws["B7"] = datetime.date(2022, 11, 30)
ws["C7"] = datetime.datetime(2022, 11, 30, 18, 0)
ws["A8"] = "多行\r\n备注"
ws["A10"] = 1e-7
hidden = wb.create_sheet("_cs_meta")
hidden.sheet_state = "hidden"
hidden["A1"] = "ganzhou-2022"
wb.defined_names.append(DefinedName("cs_unit", attr_text="统计表!$B$2"))
wb.defined_names.append(DefinedName("cs_total", localSheetId=1, attr_text="'统计表'!$B$5"))
wb.defined_names.append(DefinedName("cs_block", attr_text="统计表!$A$3:$B$6"))
wb.save(sys.argv[1])
`;

withOpenpyxl.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cs-openpyxl-"));
  const file = join(dir, "openpyxl.xlsx");
  execFileSync(programPath("python3"), ["-c", SCRIPT, file], { timeout: 30000 });
  const bytes = new Uint8Array(readFileSync(file));
  sheetXml = new TextDecoder().decode(
    unzipSync(bytes, { filter: (f) => f.name === "xl/worksheets/sheet2.xml" })["xl/worksheets/sheet2.xml"],
  );
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  wb = r.workbook;
});

withOpenpyxl.afterAll(() => rmSync(dir, { recursive: true, force: true }));

withOpenpyxl.test("sheets, order and visibility", () => {
  expect(wb.sheets.map((s) => [s.sheetName, s.hidden === true])).toEqual([
    ["填表说明", false],
    ["统计表", false],
    ["_cs_meta", true],
  ]);
  expect(wb.sheets[2].rows).toEqual([["ganzhou-2022"]]);
});

withOpenpyxl.test("inline strings, numbers, booleans, ISO dates and an uncached formula", () => {
  // what openpyxl wrote, so the test keeps covering these encodings
  expect(sheetXml).toContain('t="inlineStr"');
  expect(sheetXml).toContain("&#32593;"); // 网 as a character reference
  expect(sheetXml).toContain('t="d"><v>2022-11-30T18:00:00</v>');
  expect(sheetXml).toMatch(/<f>B3\+B4<\/f><v\s*\/?>(<\/v>)?/);
  const t = wb.sheets[1];
  expect(t.rows).toEqual([
    ["网络市场监管专项行动情况统计表"],
    ["填报单位", "某某县 & <局>"],
    ["清理网上违法有害信息（条）", 12],
    ["罚没款（万元）", 0.3],
    ["合计"], // openpyxl cannot compute B3+B4: no cached value, so the cell reads as empty
    ["是否适用", false],
    ["填报日期", 44895, 44895.75],
    ["多行\r\n备注"],
    [],
    [1e-7],
  ]);
  expect(t.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 2 }]);
});

withOpenpyxl.test("defined names: workbook- and sheet-scoped single cells; the range is skipped", () => {
  expect(wb.sheets[1].names).toEqual({ cs_unit: "B2", cs_total: "B5" });
  expect(wb.sheets[0].names).toBeUndefined();
});
