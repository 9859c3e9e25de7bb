/**
 * readWorkbook on hand-built packages: the odd corners of SpreadsheetML that real writers produce now
 * and then, hostile inputs (zip bombs, lying headers, truncation), and files that are not .xlsx at all.
 */
import { strToU8 } from "fflate";
import fc from "fast-check";
import type { Grid } from "../../src/core/grid";
import {
  DEFAULT_LIMITS,
  detectFormat,
  isoToSerial,
  parseNameRef,
  readWorkbook,
  type WorkbookRead,
  type WorkbookReadFailure,
} from "../../src/files/xlsx-read";
import { buildXlsx, ole2Bytes, patchDeclaredSize, worksheet, zipFiles } from "./xlsx-builder";

function ok(bytes: Uint8Array, limits?: Parameters<typeof readWorkbook>[1]): WorkbookRead {
  const r = readWorkbook(bytes, limits);
  if (!r.ok) throw new Error(`expected a workbook, got ${JSON.stringify(r.failure)}`);
  return r.workbook;
}

function fail(bytes: Uint8Array, limits?: Parameters<typeof readWorkbook>[1]): WorkbookReadFailure {
  const r = readWorkbook(bytes, limits);
  if (r.ok) throw new Error("expected a failure, got a workbook");
  return r.failure;
}

const one = (xml: string, extra: Partial<Parameters<typeof buildXlsx>[0]> = {}): Grid =>
  ok(buildXlsx({ sheets: [{ name: "S", xml }], ...extra })).sheets[0];

describe("cells", () => {
  test("cells without r follow the previous cell; rows without r follow the previous row; rows may skip", () => {
    const g = one(
      worksheet(
        `<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>` +
          `<row><c t="inlineStr"><is><t>a</t></is></c></row>` +
          `<row r="5"><c r="B5"><v>7</v></c><c><v>8</v></c></row>` +
          `<row><c><v>9</v></c></row>`,
      ),
    );
    expect(g.rows).toEqual([[1, 2, null, null, 5, 6], ["a"], [], [], [null, 7, 8], [9]]);
  });

  test("every cell type: numbers, shared and inline strings, str results, booleans, errors, dates, formulas without cache", () => {
    const g = one(
      worksheet(
        `<row r="1">` +
          `<c r="A1"><v>42</v></c>` +
          `<c r="B1" t="n"><v>-1.5E-3</v></c>` +
          `<c r="C1" t="s"><v>0</v></c>` +
          `<c r="D1" t="s"><v>1</v></c>` +
          `<c r="E1" t="str"><f>A1&amp;"x"</f><v>42x</v></c>` +
          `<c r="F1" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 文本</t></r></is></c>` +
          `<c r="G1" t="b"><v>1</v></c>` +
          `<c r="H1" t="b"><v>0</v></c>` +
          `<c r="I1" t="e"><f>1/0</f><v>#DIV/0!</v></c>` +
          `<c r="J1" t="d"><v>2024-01-15T12:00:00Z</v></c>` +
          `<c r="K1"><f>1+2</f></c>` +
          `<c r="L1"><f>1+2</f><v></v></c>` +
          `<c r="M1" s="3"/>` +
          `<c r="N1" t="e"><v>#REF!</v></c>` +
          `<c r="O1"><v>0.1</v></c>` +
          `<c r="P1"><v>123456789012345678</v></c>` +
          `</row>`,
      ),
      {
        sstXml: [
          "<t>共享</t>",
          `<r><t>填报</t></r><r><rPr><b/></rPr><t>单位</t></r><rPh sb="0" eb="2"><t>テン</t></rPh><phoneticPr fontId="1"/>`,
        ],
      },
    );
    expect(g.rows[0]).toEqual([
      42,
      -0.0015,
      "共享",
      "填报单位",
      "42x",
      "富 文本",
      true,
      false,
      { error: "#DIV/0!" },
      45306.5,
      null,
      null,
      null,
      { error: "#REF!" },
      0.1,
      Number("123456789012345678"),
    ]);
  });

  test("the fast path for common cells and the general path read the same values", () => {
    // "<c r=" takes the regex fast path; "<c  r=" (two spaces) forces the general tokenizer
    const cell = fc.record({
      col: fc.integer({ min: 0, max: 25 }),
      style: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
      type: fc.constantFrom(undefined, "n", "s", "str", "b", "e", "d"),
      formula: fc.constantFrom(undefined, "<f>A1+1</f>", `<f t="shared" si="0"/>`, `<f t="shared" ref="A1:A3" si="1">B1&amp;"x"</f>`),
      v: fc.option(
        fc.constantFrom("0", "1", "12", "-1.5E-3", "0.1", " 7 ", "", "2", "#REF!", "2022-11-30", "文本 text", "3.3333333333333335"),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rowsSpec) => {
        const render = (general: boolean) =>
          rowsSpec
            .map((cells, r) => {
              const used = new Set<number>();
              const body = cells
                .filter((c) => !used.has(c.col) && used.add(c.col))
                .sort((a, b) => a.col - b.col)
                .map((c) => {
                  const ref = `${String.fromCharCode(65 + c.col)}${r + 1}`;
                  const attrs = `${general ? "  " : " "}r="${ref}"${c.style === undefined ? "" : ` s="${c.style}"`}${c.type ? ` t="${c.type}"` : ""}`;
                  const inner = (c.formula ?? "") + (c.v === undefined ? "" : `<v>${c.v}</v>`);
                  return inner ? `<c${attrs}>${inner}</c>` : `<c${attrs}/>`;
                })
                .join("");
              return `<row r="${r + 1}">${body}</row>`;
            })
            .join("");
        const read = (general: boolean) =>
          readWorkbook(
            buildXlsx({ sheets: [{ name: "S", xml: worksheet(render(general)) }], sstXml: ["<t>零</t>", "<t>一</t>", "<t>二</t>"] }),
          );
        const fast = read(false);
        expect(read(true)).toEqual(fast);
      }),
      { numRuns: 200 },
    );
  });

  test("XML entities, character references, CDATA, CR LF and _xHHHH_ escapes are decoded", () => {
    const g = one(
      worksheet(
        `<row r="1">` +
          `<c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#32593;&#x7F51;</t></is></c>` +
          `<c r="B1" t="inlineStr"><is><t><![CDATA[<raw> & stuff]]></t></is></c>` +
          `<c r="C1" t="inlineStr"><is><t>line1\r\nline2&#13;</t></is></c>` +
          `<c r="D1" t="s"><v>0</v></c>` +
          `<c r="E1" t="str"><v>x_x000D_y</v></c>` +
          `</row>`,
      ),
      { sstXml: ["<t>a_x000D__x000A_b _x005F_x000D_ _xD83D__xDE00_</t>"] },
    );
    expect(g.rows[0]).toEqual(["a & b <c> \"d\" 'e' 网网", "<raw> & stuff", "line1\nline2\r", "a\r\nb _x000D_ 😀", "x\ry"]);
  });

  test("namespace prefixes on elements (x:c, x:v) are understood", () => {
    const xml =
      `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      `<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>3</x:v></x:c></x:row>` +
      `</x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`;
    const g = one(xml, { sstXml: ['<x:t xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">前缀</x:t>'] });
    expect(g.rows).toEqual([["前缀", 3]]);
    expect(g.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
  });

  test('t="d" ISO dates become Excel serials in both date systems', () => {
    expect(isoToSerial("1900-01-01")).toBe(1);
    expect(isoToSerial("1900-02-28")).toBe(59);
    expect(isoToSerial("1900-03-01")).toBe(61);
    expect(isoToSerial("2022-11-30")).toBe(44895);
    expect(isoToSerial("2022-11-30T18:00:00")).toBe(44895.75);
    expect(isoToSerial("12:00:00")).toBe(0.5);
    expect(isoToSerial("1904-01-02", true)).toBe(1);
    expect(isoToSerial("not a date")).toBeUndefined();
    const g = one(worksheet(`<row r="1"><c r="A1" t="d"><v>2022-11-30</v></c></row>`), { workbookPr: `<workbookPr date1904="1"/>` });
    expect(g.rows[0][0]).toBe(44895 - 1462);
  });

  test("styled empty cells and empty rows do not extend the grid", () => {
    const g = one(worksheet(`<row r="1"><c r="A1"><v>1</v></c><c r="Z1" s="2"/></row><row r="40" s="1" customFormat="1"/>`));
    expect(g.rows).toEqual([[1]]);
  });

  test("merges, other worksheet elements and extLst are handled or skipped", () => {
    const g = one(
      worksheet(
        `<row r="2"><c r="B2"><v>1</v></c></row>`,
        `<mergeCells count="3"><mergeCell ref="A1:D1"/><mergeCell ref="B3:B5"/><mergeCell ref="bogus"/></mergeCells>` +
          `<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>A1&gt;0</formula></cfRule></conditionalFormatting>` +
          `<extLst><ext uri="{x}"><x14:dataValidations xmlns:x14="urn:x14"><x14:dataValidation><x14:formula1><xm:f xmlns:xm="urn:xm">Sheet1!A1</xm:f></x14:formula1></x14:dataValidation></x14:dataValidations></ext></extLst>`,
        `<sheetPr><tabColor rgb="FF0000"/></sheetPr><dimension ref="A1:D5"/><cols><col min="1" max="1" width="30"/></cols>`,
      ),
    );
    expect(g.rows).toEqual([[], [null, 1]]);
    expect(g.merges).toEqual([
      { r1: 0, c1: 0, r2: 0, c2: 3 },
      { r1: 2, c1: 1, r2: 4, c2: 1 },
    ]);
  });

  test("a worksheet part in UTF-16 with a BOM is read", () => {
    const text = `\ufeff<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="urn:x"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>十六位</t></is></c></row></sheetData></worksheet>`;
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) ((bytes[2 * i] = text.charCodeAt(i) & 0xff), (bytes[2 * i + 1] = text.charCodeAt(i) >> 8));
    const wb = ok(buildXlsx({ sheets: [{ name: "S", xml: "" }], files: { "xl/worksheets/sheet1.xml": bytes } }));
    expect(wb.sheets[0].rows).toEqual([["十六位"]]);
  });
});

describe("workbook structure", () => {
  test("sheets keep workbook order; hidden and veryHidden are flagged; chartsheets are skipped", () => {
    const wb = ok(
      buildXlsx({
        sheets: [
          { name: "说明", xml: worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`) },
          { name: "图表", xml: `<chartsheet xmlns="urn:x"/>`, type: "chartsheet" },
          { name: "隐藏", xml: worksheet(""), state: "hidden" },
          { name: "很隐藏", xml: worksheet(""), state: "veryHidden" },
          { name: "统计表", xml: worksheet(`<row r="1"><c r="A1"><v>2</v></c></row>`), state: "visible" },
        ],
      }),
    );
    expect(wb.sheets.map((s) => [s.sheetName, s.hidden ?? false])).toEqual([
      ["说明", false],
      ["隐藏", true],
      ["很隐藏", true],
      ["统计表", false],
    ]);
    expect(wb.sheets[3].rows).toEqual([[2]]);
    expect(wb.hasMacros).toBe(false);
  });

  test("relationship targets may be absolute, relative with ../, or in another folder", () => {
    const wb = ok(
      buildXlsx({
        sheets: [
          { name: "abs", xml: worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`), target: "/xl/worksheets/abs.xml" },
          {
            name: "up",
            xml: worksheet(`<row r="1"><c r="A1"><v>2</v></c></row>`),
            target: "../xl/worksheets/./up.xml",
            path: "xl/worksheets/up.xml",
          },
          { name: "odd", xml: worksheet(`<row r="1"><c r="A1"><v>3</v></c></row>`), target: "sheets/Odd.xml", path: "xl/sheets/odd.xml" },
        ],
      }),
    );
    expect(wb.sheets.map((s) => s.rows[0][0])).toEqual([1, 2, 3]);
  });

  test("the workbook part is found through _rels/.rels even when not at xl/workbook.xml", () => {
    const base = buildXlsx({ sheets: [{ name: "S", xml: worksheet(`<row r="1"><c r="A1"><v>9</v></c></row>`) }] });
    const { unzipSync } = jest.requireActual("fflate") as typeof import("fflate");
    const files = unzipSync(base);
    const moved: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(files)) {
      if (k === "xl/workbook.xml") moved["book/main.xml"] = v;
      else if (k === "xl/_rels/workbook.xml.rels")
        moved["book/_rels/main.xml.rels"] = strToU8(new TextDecoder().decode(v).replace(/worksheets\//g, "/xl/worksheets/"));
      else if (k === "_rels/.rels") moved[k] = strToU8(new TextDecoder().decode(v).replace("xl/workbook.xml", "/book/main.xml"));
      else moved[k] = v;
    }
    expect(ok(zipFiles(moved)).sheets[0].rows).toEqual([[9]]);
  });

  test("hasMacros when xl/vbaProject.bin is present, without inflating it", () => {
    const bytes = buildXlsx({ sheets: [{ name: "S", xml: worksheet("") }], files: { "xl/vbaProject.bin": new Uint8Array(1000) } });
    // even a vbaProject.bin that declares 2 GiB is not touched
    const wb = ok(patchDeclaredSize(bytes, "xl/vbaProject.bin", 0x80000000));
    expect(wb.hasMacros).toBe(true);
  });

  test("a workbook with only chartsheets has no sheets", () => {
    expect(fail(buildXlsx({ sheets: [{ name: "c", xml: "<chartsheet/>", type: "chartsheet" }] }))).toEqual({ kind: "no-sheets" });
    expect(fail(buildXlsx({ sheets: [] }))).toEqual({ kind: "no-sheets" });
  });

  test("missing parts are corrupt; foreign zips are not-zip", () => {
    const sheets = [{ name: "S", xml: worksheet("") }];
    expect(fail(buildXlsx({ sheets, omit: ["xl/worksheets/sheet1.xml"] })).kind).toBe("corrupt");
    expect(fail(buildXlsx({ sheets, omit: ["xl/_rels/workbook.xml.rels"] })).kind).toBe("corrupt");
    expect(fail(buildXlsx({ sheets, sstXml: ["<t>x</t>"], omit: ["xl/sharedStrings.xml"] }))).toEqual({
      kind: "corrupt",
      detail: expect.stringContaining("shared strings"),
    });
    const badIndex = [{ name: "S", xml: worksheet(`<row r="1"><c r="A1" t="s"><v>5</v></c></row>`) }];
    expect(fail(buildXlsx({ sheets: badIndex, sstXml: ["<t>x</t>"] }))).toEqual({
      kind: "corrupt",
      detail: expect.stringContaining("shared string 5"),
    });
    expect(fail(buildXlsx({ sheets, omit: ["xl/workbook.xml"] }))).toEqual({
      kind: "corrupt",
      detail: expect.stringContaining("workbook"),
    });
    expect(fail(zipFiles({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>" }))).toEqual({
      kind: "not-zip",
      detail: expect.stringContaining("OpenDocument"),
      format: "ods",
    });
    expect(fail(zipFiles({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>" }))).toEqual({
      kind: "not-zip",
      detail: expect.stringContaining("Word"),
      format: "docx",
    });
    expect(fail(zipFiles({ "readme.txt": "hello" }))).toEqual({ kind: "not-zip", detail: expect.any(String) });
    expect(fail(zipFiles({ "xl/workbook.bin": new Uint8Array(10), "[Content_Types].xml": "<Types/>" }))).toEqual({
      kind: "not-zip",
      detail: expect.stringContaining("xlsb"),
      format: "xlsb",
    });
  });

  test("malformed XML and DTDs are corrupt, never thrown", () => {
    const bad = [
      worksheet(`<row r="1"><c r="A1"><v>1</v></row>`),
      worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`).replace("</worksheet>", ""),
      `<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>`,
      worksheet(`<row r="1"><c r="A1" t="s><v>1</v></c></row>`),
      worksheet(`<row r="1"><c r="1A!"><v>1</v></c></row>`),
      worksheet(`<row r="1"><c r="XFE1"><v>1</v></c></row>`),
      `<notAWorksheet/>`,
    ];
    for (const xml of bad) expect(fail(buildXlsx({ sheets: [{ name: "S", xml }] })).kind).toBe("corrupt");
  });
});

describe("defined names", () => {
  const sheets = [
    { name: "说明", xml: worksheet("") },
    { name: "It's 统计", xml: worksheet("") },
    { name: "Sheet3", xml: worksheet("") },
  ];
  test("single-cell names go to the sheet they point at; sheet-scoped names to their own sheet", () => {
    const wb = ok(
      buildXlsx({
        sheets,
        definedNames:
          `<definedName name="cs_unit">'It''s 统计'!$C$2</definedName>` +
          `<definedName name="cs_date" localSheetId="1">'It''s 统计'!$C$3</definedName>` +
          `<definedName name="cs_plain">Sheet3!B7</definedName>` +
          `<definedName name="cs_same">Sheet3!$B$7:$B$7</definedName>` +
          `<definedName name="cs_range">Sheet3!$B$7:$C$9</definedName>` +
          `<definedName name="cs_list">Sheet3!$A$1,Sheet3!$A$2</definedName>` +
          `<definedName name="cs_broken">#REF!$A$1</definedName>` +
          `<definedName name="cs_broken2">Sheet3!#REF!</definedName>` +
          `<definedName name="cs_const">0.5</definedName>` +
          `<definedName name="cs_ext">[1]Sheet1!$A$1</definedName>` +
          `<definedName name="cs_nosheet">Nope!$A$1</definedName>` +
          `<definedName name="_xlnm.Print_Area" localSheetId="2">Sheet3!$A$1:$D$9</definedName>` +
          `<definedName name="_xlnm._FilterDatabase" localSheetId="2" hidden="1">Sheet3!$A$1</definedName>` +
          `<definedName name="cs_wrong_scope" localSheetId="0">Sheet3!$A$1</definedName>` +
          `<definedName name="cs_case">sheet3!$D$4</definedName>` +
          `<definedName name="cs_shadow">Sheet3!$A$1</definedName>` +
          `<definedName name="cs_shadow" localSheetId="2">Sheet3!$A$2</definedName>`,
      }),
    );
    expect(wb.sheets[0].names).toBeUndefined();
    expect(wb.sheets[1].names).toEqual({ cs_unit: "C2", cs_date: "C3" });
    expect(wb.sheets[2].names).toEqual({ cs_plain: "B7", cs_same: "B7", cs_case: "D4", cs_shadow: "A2" });
  });

  test("parseNameRef", () => {
    expect(parseNameRef("'a''b'!$A$1")).toEqual({ sheet: "a'b", cell: "A1" });
    expect(parseNameRef("=Sheet1!$XFD$1048576")).toEqual({ sheet: "Sheet1", cell: "XFD1048576" });
    expect(parseNameRef("Sheet1!A1:B2")).toBeUndefined();
    expect(parseNameRef("Sheet1:Sheet2!A1")).toBeUndefined();
    expect(parseNameRef("A1")).toBeUndefined();
  });
});

describe("limits", () => {
  const rowsXml = (n: number) => {
    let s = "";
    for (let r = 1; r <= n; r++)
      s += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>重复的文本重复的文本</t></is></c></row>`;
    return worksheet(s);
  };

  test("DEFAULT_LIMITS", () => {
    expect(DEFAULT_LIMITS).toEqual({ maxPartBytes: 64 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024, maxCells: 2_000_000 });
  });

  test("a part declaring 2 GiB is refused as too-large before inflating", () => {
    const bytes = patchDeclaredSize(buildXlsx({ sheets: [{ name: "S", xml: rowsXml(10) }] }), "xl/worksheets/sheet1.xml", 0x80000000);
    const t0 = Date.now();
    expect(fail(bytes)).toEqual({ kind: "too-large", part: "xl/worksheets/sheet1.xml", limit: DEFAULT_LIMITS.maxPartBytes });
    expect(Date.now() - t0).toBeLessThan(1000);
    // a bomb in sharedStrings is refused the same way
    const sst = patchDeclaredSize(
      buildXlsx({ sheets: [{ name: "S", xml: rowsXml(1) }], sstXml: ["<t>x</t>"] }),
      "xl/sharedStrings.xml",
      0xfffffff0,
    );
    expect(fail(sst)).toEqual({ kind: "too-large", part: "xl/sharedStrings.xml", limit: DEFAULT_LIMITS.maxPartBytes });
  });

  test("a real, highly compressible multi-MB part is refused by a smaller cap, and read under a larger one", () => {
    const xml = rowsXml(40000); // ~4 MB uncompressed, ~100 KB compressed
    expect(xml.length).toBeGreaterThan(3_000_000);
    const bytes = buildXlsx({ sheets: [{ name: "S", xml }], level: 9 });
    expect(bytes.length).toBeLessThan(400_000);
    expect(fail(bytes, { maxPartBytes: 1_000_000 })).toEqual({ kind: "too-large", part: "xl/worksheets/sheet1.xml", limit: 1_000_000 });
    const wb = ok(bytes, { maxPartBytes: 8_000_000 });
    expect(wb.sheets[0].rows).toHaveLength(40000);
    expect(wb.sheets[0].rows[39999]).toEqual([40000, "重复的文本重复的文本"]);
  });

  test("the total of all inflated parts is capped", () => {
    const xml = rowsXml(3000);
    const size = strToU8(xml).length;
    const bytes = buildXlsx({ sheets: [1, 2, 3].map((i) => ({ name: `S${i}`, xml })) });
    // each part is under the per-part cap, all three together are not: refused before inflating any sheet
    expect(fail(bytes, { maxPartBytes: size + 1, maxTotalBytes: size * 2.5 })).toEqual({ kind: "too-large", limit: size * 2.5 });
    expect(ok(bytes, { maxTotalBytes: size * 3 + 10_000 }).sheets).toHaveLength(3);
  });

  test("the number of cells is capped", () => {
    const bytes = buildXlsx({ sheets: [{ name: "S", xml: rowsXml(100) }] });
    expect(fail(bytes, { maxCells: 150 })).toEqual({ kind: "too-large", part: "xl/worksheets/sheet1.xml", limit: 150 });
    expect(ok(bytes, { maxCells: 200 }).sheets[0].rows).toHaveLength(100);
  });

  test("a header that understates the size cannot make the reader inflate more than declared", () => {
    // small part (one-shot path) and large part (chunked path)
    for (const n of [50, 40000]) {
      const xml = rowsXml(n);
      const bytes = patchDeclaredSize(buildXlsx({ sheets: [{ name: "S", xml }], level: 9 }), "xl/worksheets/sheet1.xml", 1000);
      expect(fail(bytes)).toEqual({ kind: "corrupt", detail: expect.stringContaining("more than its declared") });
    }
  });

  test("a header that overstates the size still reads (the data ends first)", () => {
    const xml = rowsXml(5);
    const bytes = patchDeclaredSize(buildXlsx({ sheets: [{ name: "S", xml }] }), "xl/worksheets/sheet1.xml", xml.length + 500);
    expect(ok(bytes).sheets[0].rows).toHaveLength(5);
  });
});

describe("not a readable .xlsx", () => {
  const good = buildXlsx({ sheets: [{ name: "S", xml: worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`) }] });

  test("empty", () => {
    expect(detectFormat(new Uint8Array(0))).toBe("empty");
    expect(fail(new Uint8Array(0))).toEqual({ kind: "empty" });
  });

  test("truncated zips are corrupt", () => {
    for (const cut of [good.length - 1, good.length - 30, Math.floor(good.length / 2), 100, 10]) {
      expect(fail(good.slice(0, cut)).kind).toBe("corrupt");
    }
  });

  test("any byte view or ArrayBuffer is accepted (Buffer, ArrayBuffer, another realm's Uint8Array)", () => {
    expect(ok(Buffer.from(good)).sheets[0].rows).toEqual([[1]]);
    expect(ok(good.slice().buffer as unknown as Uint8Array).sheets[0].rows).toEqual([[1]]);
    const padded = new Uint8Array(good.length + 10);
    padded.set(good, 5);
    expect(ok(new DataView(padded.buffer, 5, good.length) as unknown as Uint8Array).sheets[0].rows).toEqual([[1]]);
    const { runInNewContext } = jest.requireActual("vm") as typeof import("vm");
    const foreign = runInNewContext("new Uint8Array(n)", { n: good.length }) as Uint8Array;
    foreign.set(good);
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(ok(foreign).sheets[0].rows).toEqual([[1]]);
  });

  test("stored (uncompressed) entries read too", () => {
    const stored = buildXlsx({ sheets: [{ name: "S", xml: worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`) }], level: 0 });
    expect(ok(stored).sheets[0].rows).toEqual([[1]]);
  });

  test("OLE2: legacy .xls vs password-protected .xlsx", () => {
    expect(detectFormat(ole2Bytes())).toBe("ole2");
    expect(fail(ole2Bytes("Workbook"))).toEqual({ kind: "legacy-xls" });
    expect(fail(ole2Bytes("EncryptedPackage"))).toEqual({ kind: "encrypted" });
  });

  test("HTML saved as .xls, SpreadsheetML 2003, MHTML", () => {
    const html = strToU8(
      `\ufeff  <html xmlns:o="urn:schemas-microsoft-com:office:office"><body><table><tr><td>填报单位</td></tr></table></body></html>`,
    );
    expect(detectFormat(html)).toBe("html");
    expect(fail(html)).toEqual({ kind: "html-or-text", detail: "HTML" });
    expect(fail(strToU8(`<table border="1"><tr><td>1</td></tr></table>`))).toEqual({ kind: "html-or-text", detail: "HTML" });
    const xml2003 = strToU8(
      `<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>`,
    );
    expect(fail(xml2003)).toEqual({ kind: "html-or-text", detail: "SpreadsheetML 2003 XML" });
    const mht = strToU8(`MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n`);
    expect(fail(mht)).toEqual({ kind: "html-or-text", detail: "MHTML web archive" });
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from("<html></html>").flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(detectFormat(utf16)).toBe("html");
  });

  test("CSV renamed .xlsx, in UTF-8 or GBK", () => {
    const csv = strToU8("项目,数量,备注\r\n清理网上违法有害信息（条）,12,\r\n");
    expect(detectFormat(csv)).toBe("text");
    expect(fail(csv)).toEqual({ kind: "html-or-text", detail: expect.stringContaining("text") });
    const gbk = new Uint8Array([0xcf, 0xee, 0xc4, 0xbf, 0x2c, 0xca, 0xfd, 0xc1, 0xbf, 0x0d, 0x0a, 0x31, 0x32]); // 项目,数量\r\n12
    expect(detectFormat(gbk)).toBe("text");
  });

  test("other binary files are not-zip", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(detectFormat(png)).toBe("unknown");
    expect(fail(png)).toEqual({ kind: "not-zip" });
    expect(fail(strToU8("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))).toEqual({ kind: "not-zip" });
    expect(fail("not bytes" as unknown as Uint8Array).kind).toBe("not-zip");
  });

  test("never throws on damaged bytes (fuzz)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        (flips, cut) => {
          const d = good.slice(0, cut === undefined ? good.length : 4 + (cut % good.length));
          for (const f of flips) d[f.at % d.length] = f.byte;
          const r = readWorkbook(d);
          expect(typeof r.ok).toBe("boolean");
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (d) => {
        expect(typeof readWorkbook(d).ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });
});
