/**
 * .xls / .ods / .xlsb read with SheetJS into the same Grid as .xlsx: LibreOffice writes the legacy files
 * from one flat ODS (formulas with cached values, merges, text numbers, a hidden sheet) and also an .xlsx of
 * the same; every cell we read from each legacy file equals what our .xlsx reader reads from LibreOffice's
 * .xlsx. BIFF5 and .xlsb come from the SheetJS writer. Hostile inputs are refused with a failure, never
 * an exception, under the same caps as .xlsx.
 */
import * as XLSX from "@e965/xlsx";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Grid } from "../../src/core/grid";
import { legacyReader } from "../../src/files/legacy-read";
import { nodeLegacyReader } from "../../src/files/legacy-node";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { DEFAULT_LIMITS, readWorkbook, type WorkbookReadResult } from "../../src/files/xlsx-read";
import { compoundFile } from "../hostile/support/cfb";
import { convertWithLibreOffice } from "../support/independent";
import { zipFiles } from "./xlsx-builder";

jest.setTimeout(120000);

const read = legacyReader(XLSX);
const FODS = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>
 <office:body><office:spreadsheet>
  <table:table table:name="统计表">
   <table:table-row>
    <table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>网络市场监管专项行动情况统计表</text:p></table:table-cell><table:covered-table-cell/><table:covered-table-cell/>
   </table:table-row>
   <table:table-row>
    <table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>市场监管局</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>查处网络违法案件（件）</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>12</text:p></table:table-cell>
   </table:table-row>
   <table:table-row>
    <table:covered-table-cell/>
    <table:table-cell office:value-type="string"><text:p>罚没款（万元）</text:p></table:table-cell>
    <table:table-cell table:formula="of:=0.1+0.2" office:value-type="float" office:value="0.3"><text:p>0.3</text:p></table:table-cell>
   </table:table-row>
   <table:table-row>
    <table:table-cell office:value-type="float" office:value="-2.5"><text:p>-2.5</text:p></table:table-cell>
    <table:table-cell table:formula="of:=1/0" office:value-type="float"><text:p>#DIV/0!</text:p></table:table-cell>
    <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
    <table:table-cell/>
    <table:table-cell office:value-type="float" office:value="1234567.125"><text:p>1234567.125</text:p></table:table-cell>
   </table:table-row>
  </table:table>
  <table:table table:name="隐藏" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>内部</text:p></table:table-cell></table:table-row></table:table>
 </office:spreadsheet></office:body>
</office:document>
`;

let dir: string;
let reference: Grid[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cs-legacy-read-"));
  writeFileSync(join(dir, "table.fods"), FODS);
  const r = readWorkbook(new Uint8Array(readFileSync(convertWithLibreOffice(join(dir, "table.fods"), "xlsx", dir))));
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  reference = r.workbook.sheets;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sheetsOf(r: WorkbookReadResult): Grid[] {
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.workbook.sheets;
}

/** rows without trailing empty cells or rows, so writers that pad differently compare equal */
function trimmed(g: Grid) {
  const rows = g.rows.map((row) => {
    const out = [...row];
    while (out.length && (out[out.length - 1] === null || out[out.length - 1] === undefined)) out.pop();
    return out.map((v) => (v === undefined ? null : v));
  });
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  const merges = [...g.merges].sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  return { sheetName: g.sheetName, hidden: g.hidden === true, rows, merges };
}

test.each(["xls", "ods"])("a LibreOffice-written .%s reads cell for cell as LibreOffice's .xlsx of the same", (format) => {
  const bytes = new Uint8Array(readFileSync(convertWithLibreOffice(join(dir, "table.fods"), format, dir)));
  const plain = readWorkbook(bytes);
  expect(plain.ok).toBe(false); // the .xlsx reader refuses it; SheetJS reads it
  const sheets = sheetsOf(read(bytes, DEFAULT_LIMITS));
  // SheetJS does not read which .ods tables are hidden (a hidden sheet is still read, only not marked)
  const hiddenKnown = (g: ReturnType<typeof trimmed>) => (format === "ods" ? { ...g, hidden: false } : g);
  expect(sheets.map(trimmed).map(hiddenKnown)).toEqual(reference.map(trimmed).map(hiddenKnown));
  const main = trimmed(sheets[0]);
  expect(main.rows[1][2]).toBe("12"); // a text number stays text (number-as-text is the validator's job)
  expect(main.rows[2][2]).toBe(0.3); // a formula's cached value
  expect(main.rows[3][1]).toEqual({ error: "#DIV/0!" });
  expect(main.merges).toContainEqual({ r1: 1, c1: 0, r2: 2, c2: 0 });
});

test.each(["biff5", "biff8", "xlsb", "ods"] as const)("the SheetJS writer's %s reads back the grid it was given", (bookType) => {
  // the writer's BIFF5 has no code page for Chinese (it writes "__"): BIFF5 text here is ASCII
  const [unit, count, county, total] = bookType === "biff5" ? ["unit", "count", "county", "total"] : ["单位", "数量", "县局", "合计"];
  const ws = XLSX.utils.aoa_to_sheet([
    [unit, count],
    [county, 7],
    [total, 7.5],
    [true, null],
  ]);
  ws["!merges"] = [{ s: { r: 3, c: 0 }, e: { r: 3, c: 1 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "表一");
  const bytes = new Uint8Array(XLSX.write(wb, { type: "array", bookType }) as ArrayBuffer);
  const [g] = sheetsOf(read(bytes, DEFAULT_LIMITS));
  expect(trimmed(g).rows).toEqual([[unit, count], [county, 7], [total, 7.5], [true]]);
  if (bookType !== "biff5") expect(g.merges).toEqual([{ r1: 3, c1: 0, r2: 3, c2: 1 }]);
});

test("hostile legacy files are refused with a failure, never an exception, and the console stays quiet", () => {
  const spies = (["log", "warn", "error", "info"] as const).map((k) => jest.spyOn(console, k));
  try {
    const xls = new Uint8Array(readFileSync(convertWithLibreOffice(join(dir, "table.fods"), "xls", dir)));
    for (const cut of [600, xls.length >> 1, xls.length - 100]) {
      const r = nodeLegacyReader(xls.subarray(0, cut), DEFAULT_LIMITS);
      if (!r.ok) expect(["corrupt", "no-sheets"]).toContain(r.failure.kind);
    }
    // a compound file with a Workbook stream of garbage
    const garbage = compoundFile([{ name: "Workbook", data: new Uint8Array(5000).fill(0xff) }]);
    expect(() => read(garbage, DEFAULT_LIMITS)).not.toThrow();

    // a bomb-like .ods: 4 MB of content compressing to a few KB, against a 1 MB part cap
    const bomb = zipFiles({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": " ".repeat(4 << 20) });
    const br = read(bomb, { ...DEFAULT_LIMITS, maxPartBytes: 1 << 20 });
    expect(br.ok ? "read" : br.failure.kind).toBe("too-large");

    // more cells than the cap
    const many = XLSX.utils.aoa_to_sheet(Array.from({ length: 300 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c)));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, many, "大");
    const mr = read(new Uint8Array(XLSX.write(wb, { type: "array", bookType: "biff8" }) as ArrayBuffer), {
      ...DEFAULT_LIMITS,
      maxCells: 1000,
    });
    expect(mr.ok ? "read" : mr.failure.kind).toBe("too-large");

    // an OpenDocument text (.odt) is not a spreadsheet: it keeps its "not a workbook" answer
    const odt = zipFiles({ mimetype: "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>" });
    const or = read(odt, DEFAULT_LIMITS);
    expect(or.ok ? "read" : or.failure.kind).toBe("not-zip");
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  } finally {
    for (const s of spies) s.mockRestore();
  }
});

test("without a legacy reader the analysis still says 'save as .xlsx'; with one the file is read", () => {
  const xls = new Uint8Array(readFileSync(convertWithLibreOffice(join(dir, "table.fods"), "xls", dir)));
  expect(analyzeWorkbookBytes("县.xls", xls, []).input.findings.map((f) => f.code)).toEqual(["file-legacy-xls"]);
  const codes = analyzeWorkbookBytes("县.xls", xls, [], undefined, { legacyReader: nodeLegacyReader }).input.findings.map((f) => f.code);
  expect(codes).not.toContain("file-legacy-xls");
  expect(codes).not.toContain("file-corrupt");

  // what SheetJS cannot parse (a WPS-only .et) keeps the advice to re-save, not "damaged, resend"
  const unparsable = compoundFile([{ name: "Workbook", data: new Uint8Array(5000).fill(0xff) }]);
  expect(read(unparsable, DEFAULT_LIMITS).ok).toBe(false);
  const et = analyzeWorkbookBytes("县.et", unparsable, [], undefined, { legacyReader: nodeLegacyReader }).input.findings;
  expect(et.map((f) => [f.code, (f as { wps?: boolean }).wps])).toEqual([["file-legacy-xls", true]]);
});
