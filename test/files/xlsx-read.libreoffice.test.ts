/**
 * readWorkbook on a workbook converted by LibreOffice (soffice --headless --convert-to xlsx) from a flat
 * ODS we write: shared strings with rich-text runs, t="str" formula results, error results, merges, a
 * hidden sheet, a named range. The same source converted to .xls must be recognised as legacy-xls.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { unzipSync } from "fflate";
import { readWorkbook } from "../../src/files/xlsx-read";
import { programPath, requirePrograms } from "../support/programs";

jest.setTimeout(120000);

const withLibreOffice = requirePrograms("soffice");

const FODS = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <style:style style:name="hid" style:family="table"><style:table-properties table:display="false"/></style:style>
 </office:automatic-styles>
 <office:body>
  <office:spreadsheet>
   <table:table table:name="封面">
    <table:table-row><table:table-cell office:value-type="string"><text:p>说明</text:p></table:table-cell></table:table-row>
   </table:table>
   <table:table table:name="隐藏" table:style-name="hid">
    <table:table-row><table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>
   </table:table>
   <table:table table:name="统计表">
    <table:table-row>
     <table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1" office:value-type="string"><text:p>网络市场监管专项行动情况统计表</text:p></table:table-cell>
     <table:covered-table-cell/><table:covered-table-cell/>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>填报单位</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>A &amp; B &lt;县&gt;</text:p></table:table-cell>
     <table:table-cell table:formula="of:=CONCATENATE([.B2];&quot;!&quot;)" office:value-type="string" office:string-value="A &amp; B &lt;县&gt;!"><text:p>A &amp; B &lt;县&gt;!</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>清理网上违法有害信息（条）</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>
     <table:table-cell table:formula="of:=[.B3]*2.5" office:value-type="float" office:value="30"><text:p>30</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>罚没款（万元）</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="0.1"><text:p>0.1</text:p></table:table-cell>
     <table:table-cell table:formula="of:=1/0" office:value-type="float"><text:p>#DIV/0!</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
     <table:table-cell office:value-type="date" office:date-value="2022-11-30"><text:p>2022-11-30</text:p></table:table-cell>
    </table:table-row>
   </table:table>
   <table:named-expressions>
    <table:named-range table:name="cs_unit" table:base-cell-address="$统计表.$B$2" table:cell-range-address="$统计表.$B$2"/>
   </table:named-expressions>
  </office:spreadsheet>
 </office:body>
</office:document>
`;

let dir: string;

function convert(format: string): Uint8Array {
  execFileSync(
    programPath("soffice"),
    [
      `-env:UserInstallation=file://${join(dir, "profile")}`,
      "--headless",
      "--norestore",
      "--convert-to",
      format,
      "--outdir",
      dir,
      join(dir, "table.fods"),
    ],
    { timeout: 90000, stdio: "pipe" },
  );
  const out = join(dir, `table.${format}`);
  if (!existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return new Uint8Array(readFileSync(out));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cs-lo-"));
  writeFileSync(join(dir, "table.fods"), FODS);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

withLibreOffice.test("a workbook converted by LibreOffice", () => {
  const bytes = convert("xlsx");
  const parts = unzipSync(bytes, { filter: (f) => f.name === "xl/worksheets/sheet3.xml" || f.name === "xl/sharedStrings.xml" });
  const sheet = new TextDecoder().decode(parts["xl/worksheets/sheet3.xml"]);
  expect(sheet).toContain('t="str"'); // the CONCATENATE result is cached as a formula string
  expect(sheet).toContain('t="e"');
  expect(new TextDecoder().decode(parts["xl/sharedStrings.xml"])).toContain("<r>"); // rich-text runs

  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  const wb = r.workbook;
  expect(wb.hasMacros).toBe(false);
  expect(wb.sheets.map((s) => [s.sheetName, s.hidden === true])).toEqual([
    ["封面", false],
    ["隐藏", true],
    ["统计表", false],
  ]);
  expect(wb.sheets[1].rows).toEqual([[7]]);
  const t = wb.sheets[2];
  expect(t.rows).toEqual([
    ["网络市场监管专项行动情况统计表"],
    ["填报单位", "A & B <县>", "A & B <县>!"],
    ["清理网上违法有害信息（条）", 12, 30],
    ["罚没款（万元）", 0.1, { error: "#DIV/0!" }],
    [1, 44895], // LibreOffice writes TRUE as the number 1; the date as its serial
  ]);
  expect(t.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 2 }]);
  expect(t.names).toEqual({ cs_unit: "B2" });
});

withLibreOffice.test("the same table saved by LibreOffice as .xls is legacy-xls", () => {
  const r = readWorkbook(convert("xls"));
  expect(r).toEqual({ ok: false, failure: { kind: "legacy-xls" } });
});
