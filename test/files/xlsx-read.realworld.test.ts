/**
 * The reader bugs the comparison with openpyxl over public test-suite workbooks found, each on a small file
 * that reproduces it (issue 11, 5(a)–(f)).
 */
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { readWorkbook } from "../../src/files/xlsx-read";
import { renderMessage } from "../../src/messages/zh-CN";
import { buildXlsx, NS_MAIN, worksheet } from "./xlsx-builder";

function rowsOf(bytes: Uint8Array, sheet = 0) {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.workbook.sheets[sheet].rows;
}

test("(a) an empty <v/> in a shared-string, boolean or error cell is an empty cell", () => {
  const xml = worksheet(
    '<row r="1"><c r="A1" t="s"><v></v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v/></c><c r="D1" t="e"><v></v></c><c r="E1" t="s"><v>0</v></c></row>',
  );
  const rows = rowsOf(buildXlsx({ sheets: [{ name: "表", xml }], sstXml: ["<t>第一</t>", "<t>第二</t>"] }));
  expect(rows[0]).toEqual([null, "第二", null, null, "第一"]);
});

test("(b) a strict-OOXML duration in a date cell is a number of days", () => {
  const xml = worksheet(
    '<row r="1"><c r="A1" t="d"><v>PT24H0M0.000S</v></c><c r="B1" t="d"><v>PT12H30M0S</v></c><c r="C1" t="d"><v>P1DT6H</v></c></row>',
  );
  const rows = rowsOf(buildXlsx({ sheets: [{ name: "表", xml }] }));
  expect(rows[0][0]).toBe(1);
  expect(rows[0][1]).toBeCloseTo(0.5 + 30 / 1440, 12);
  expect(rows[0][2]).toBeCloseTo(1.25, 12);
});

test("(c) strict dates around Excel's 1900 leap-year bug: 1899-12-30 is serial 0, 1900-01-01 serial 1", () => {
  const cells = ["1899-12-30", "1899-12-30T12:00:00", "1900-01-01", "1900-02-28", "1900-03-01", "2022-11-30"]
    .map((d, i) => `<c r="${String.fromCharCode(65 + i)}1" t="d"><v>${d}</v></c>`)
    .join("");
  const rows = rowsOf(buildXlsx({ sheets: [{ name: "表", xml: worksheet(`<row r="1">${cells}</row>`) }] }));
  expect(rows[0]).toEqual([0, 0.5, 1, 59, 61, 44895]);
});

const DATA = worksheet('<row r="1"><c r="A1"><v>5</v></c></row>');

test("(d) a sheet with an empty r:id (an old macro sheet) is skipped with a warning, the others read", () => {
  const bytes = buildXlsx({
    sheets: [{ name: "表", xml: DATA }],
    files: {
      "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS_MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Macro1" sheetId="9" r:id=""/><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
  });
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  expect(r.workbook.sheets.map((s) => s.sheetName)).toEqual(["表"]);
  expect(r.workbook.skippedSheets).toEqual([{ sheet: "Macro1", reason: "no-relationship" }]);

  const analysis = analyzeWorkbookBytes("县.xlsx", bytes, []);
  const skipped = analysis.input.findings.find((f) => f.code === "file-sheet-skipped");
  expect(skipped && renderMessage(skipped)).toContain("“Macro1”");
});

test("(e) a missing worksheet part skips that sheet; a workbook with no readable sheet at all is still refused", () => {
  const two = buildXlsx({
    sheets: [
      { name: "表", xml: DATA },
      { name: "丢失", xml: DATA },
    ],
    omit: ["xl/worksheets/sheet2.xml"],
  });
  const r = readWorkbook(two);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  expect(r.workbook.sheets.map((s) => s.sheetName)).toEqual(["表"]);
  expect(r.workbook.skippedSheets).toEqual([{ sheet: "丢失", reason: "part-missing" }]);

  const none = readWorkbook(buildXlsx({ sheets: [{ name: "丢失", xml: DATA }], omit: ["xl/worksheets/sheet1.xml"] }));
  expect(none.ok).toBe(false);
  if (!none.ok) expect(none.failure.kind).toBe("corrupt");
});

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (bigEndian ? 0 : 1)] = c >> 8;
    out[2 * i + (bigEndian ? 1 : 0)] = c & 0xff;
  }
  return out;
}

test.each([true, false])("(f) XML parts in UTF-16 without a byte-order mark (big-endian: %s)", (bigEndian) => {
  const sheet = worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>县市场监管局</t></is></c><c r="B1"><v>3</v></c></row>').replace(
    'encoding="UTF-8"',
    'encoding="UTF-16"',
  );
  const bytes = buildXlsx({ sheets: [{ name: "表", xml: "" }], files: { "xl/worksheets/sheet1.xml": utf16(sheet, bigEndian) } });
  expect(rowsOf(bytes)[0]).toEqual(["县市场监管局", 3]);
});
