/**
 * analyzeWorkbookBytes: every way a received file can fail to be a workbook becomes a file finding (never
 * an exception), macros are a warning, and a readable workbook is analysed like any grid.
 */
import { unzipSync } from "fflate";
import { flatten } from "../../src/core/findings";
import { analyzeWorkbookBytes, failureFinding } from "../../src/files/workbook";
import { DEFAULT_LIMITS } from "../../src/files/xlsx-read";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou, liaoning, validValues } from "../support/fixtures";
import { buildXlsx, ole2Bytes, patchDeclaredSize, worksheet, zipFiles } from "./xlsx-builder";

const enc = (s: string) => new TextEncoder().encode(s);

function codes(bytes: Uint8Array, wanted = undefined as typeof ganzhou | undefined) {
  const a = analyzeWorkbookBytes("收到.xlsx", bytes, BUILTIN_TEMPLATES, wanted);
  return { a, list: flatten(a.input.findings, ["code", "severity", "file"]) };
}

test.each([
  ["an empty file", new Uint8Array(0), [["file-empty", "error", "收到.xlsx"]]],
  [
    "a web page saved as .xls",
    enc("<html><body><table><tr><td>1</td></tr></table></body></html>"),
    [["file-not-xlsx", "error", "收到.xlsx"]],
  ],
  ["a CSV file", enc("项目,数量\n清理网上违法有害信息（条）,12\n"), [["file-not-xlsx", "error", "收到.xlsx"]]],
  ["a legacy .xls", ole2Bytes("Workbook"), [["file-legacy-xls", "error", "收到.xlsx"]]],
  ["a password-protected workbook", ole2Bytes("EncryptedPackage"), [["file-encrypted", "error", "收到.xlsx"]]],
  ["a truncated zip", buildXlsx({ sheets: [{ name: "S", xml: worksheet("") }] }).slice(0, 200), [["file-corrupt", "error", "收到.xlsx"]]],
  [
    "a Word document",
    zipFiles({ "word/document.xml": "<w:document/>", "[Content_Types].xml": "<Types/>" }),
    [["file-not-xlsx", "error", "收到.xlsx"]],
  ],
  ["random bytes", new Uint8Array([0, 1, 2, 3, 0, 255, 254, 0, 7]), [["file-not-xlsx", "error", "收到.xlsx"]]],
  [
    "a workbook with a sheet that is not a table",
    buildXlsx({ sheets: [{ name: "S", xml: worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>通讯录</t></is></c></row>') }] }),
    [["not-a-statistics-table", "error", "收到.xlsx"]],
  ],
])("%s becomes a file finding", (_name, bytes, expected) => {
  const { a, list } = codes(bytes);
  expect(list).toEqual(expected);
  expect(a.input.report).toBeUndefined();
  for (const f of a.input.findings) expect(renderMessage(f)).toMatch(/[\u4e00-\u9fff]/);
});

test("the detected kind of a non-workbook is kept: HTML and text get their own advice", () => {
  expect(codes(enc("<html></html>")).a.input.findings[0]).toMatchObject({ code: "file-not-xlsx", detected: "html" });
  expect(codes(enc("a,b\n1,2\n")).a.input.findings[0]).toMatchObject({ code: "file-not-xlsx", detected: "text" });
  expect(codes(new Uint8Array([0, 1, 2, 0, 9])).a.input.findings[0]).toMatchObject({ code: "file-not-xlsx", detected: "unknown" });
});

test("a part declaring a huge size is refused as too large, in MiB", () => {
  const bytes = patchDeclaredSize(buildXlsx({ sheets: [{ name: "S", xml: worksheet("") }] }), "xl/worksheets/sheet1.xml", 0x80000000);
  const f = codes(bytes).a.input.findings[0];
  expect(f).toMatchObject({
    code: "file-too-large",
    limitMiB: DEFAULT_LIMITS.maxPartBytes / 1024 / 1024,
    part: "xl/worksheets/sheet1.xml",
  });
});

test("failureFinding: a workbook of chart sheets only is not a statistics table", () => {
  expect(failureFinding({ kind: "no-sheets" }, BUILTIN_TEMPLATES, ganzhou)).toMatchObject({
    code: "not-a-statistics-table",
    found: 0,
    expected: 27,
    templateTitle: ganzhou.title,
  });
  expect(failureFinding({ kind: "too-large", limit: DEFAULT_LIMITS.maxCells }, BUILTIN_TEMPLATES)).toMatchObject({
    code: "file-too-large",
    limitMiB: 64,
  });
});

test("macros are a warning; the table is still read", async () => {
  const ours = await writeTemplateWorkbook(ganzhou, { header: { unit: "某县", date: "11月20日" }, values: validValues(ganzhou) });
  const files: Record<string, Uint8Array> = unzipSync(ours);
  files["xl/vbaProject.bin"] = new Uint8Array([1, 2, 3]);
  const { a, list } = codes(zipFiles(files));
  expect(list).toEqual([["file-has-macros", "warning", "收到.xlsx"]]);
  expect(a.input.report?.valid).toBe(true);
});

test("the wanted template: a table of another campaign is a mismatch", async () => {
  const bytes = await writeTemplateWorkbook(liaoning, { header: { unit: "沈河区", date: "11月20日" }, values: validValues(liaoning) });
  expect(codes(bytes, ganzhou).list).toEqual([["template-mismatch", "error", "收到.xlsx"]]);
  expect(codes(bytes, liaoning).a.input.report?.valid).toBe(true);
});

test("never throws, whatever it is given", () => {
  for (const junk of [undefined, null, "text", 42, {}, new ArrayBuffer(3)]) {
    const a = analyzeWorkbookBytes("x", junk as unknown as Uint8Array, BUILTIN_TEMPLATES);
    expect(a.input.findings.length).toBeGreaterThan(0);
    expect(a.input.findings.every((f) => f.severity === "error")).toBe(true);
  }
});
