/** readDocxTables: Word tables as grids, merges, the paragraphs around them, and every kind of bad input. */
import { strToU8, zipSync } from "fflate";
import { readDocxTables, type DocxReadResult } from "../../src/files/docx-read";
import { ole2Bytes, patchDeclaredSize } from "../files/xlsx-builder";
import { docxPackage } from "./support";

function ok(r: DocxReadResult) {
  if (!r.ok) throw new Error(`expected tables, got ${JSON.stringify(r.failure)}`);
  return r;
}

const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (inner: string, pr = "") => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ""}${inner || "<w:p/>"}</w:tc>`;

test("cells, w:gridSpan, w:vMerge restart/continue, w:gridBefore, paragraphs joined by a line break", () => {
  const body =
    p("附件") +
    p("某某统计表") +
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
    `<w:tr>${tc(p("项目"), `<w:gridSpan w:val="2"/>`)}${tc(p("数量"))}${tc(p("备注"))}</w:tr>` +
    `<w:tr>${tc(p("公安部门") + p("（含网安）"), `<w:vMerge w:val="restart"/>`)}${tc(p("清理信息（条）"))}${tc(p("12"))}${tc("")}</w:tr>` +
    `<w:tr>${tc("", `<w:vMerge/>`)}${tc(p("查办案件（件）"))}${tc("")}${tc("")}</w:tr>` +
    `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc(p("缩进的行（个）"))}${tc("")}${tc("")}</w:tr>` +
    `</w:tbl>` +
    p("注：不重复计算。") +
    p("");
  const r = ok(readDocxTables(docxPackage(body)));
  expect(r.grids).toHaveLength(1);
  const g = r.grids[0];
  expect(g.sheetName).toBe("表格1");
  expect(g.rows).toEqual([
    ["附件"],
    ["某某统计表"],
    ["项目", null, "数量", "备注"],
    ["公安部门\n（含网安）", "清理信息（条）", "12", null],
    [null, "查办案件（件）", null, null],
    [null, "缩进的行（个）", null, null],
    ["注：不重复计算。"],
  ]);
  expect(g.merges).toEqual([
    { r1: 2, c1: 0, r2: 2, c2: 1 },
    { r1: 3, c1: 0, r2: 4, c2: 0 },
  ]);
  expect(r.tables).toEqual([{ firstRow: 2, lastRow: 5 }]);
});

test("runs split by Word, tabs, breaks, tracked changes, field codes, text boxes and nested tables", () => {
  const cell =
    `<w:p><w:r><w:t>查处</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>网络</w:t></w:r><w:proofErr w:type="spellEnd"/>` +
    `<w:del w:id="1"><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>违法</w:t></w:r></w:ins>` +
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD x </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>案件</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
    `<w:r><w:br/><w:t>____</w:t><w:tab/><w:t>件</w:t></w:r>` +
    `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>${p("文本框")}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>${p("文本框")}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
  const nested = `<w:tbl><w:tr>${tc(p("内层甲"))}${tc(p("内层乙"))}</w:tr></w:tbl>`;
  const body = `<w:tbl><w:tr>${tc(cell)}${tc(p("外层") + nested)}</w:tr></w:tbl>`;
  const g = ok(readDocxTables(docxPackage(body))).grids[0];
  expect(g.rows).toEqual([["查处网络违法案件\n____\t件", "外层\n内层甲\n内层乙"]]);
});

test("one grid per top-level table, each with the paragraphs between it and its neighbours", () => {
  const table = (t: string) => `<w:tbl><w:tr>${tc(p(t))}</w:tr></w:tbl>`;
  const body = p("甲前") + table("甲") + p("甲后") + p("乙前") + table("乙") + p("乙后");
  const r = ok(readDocxTables(docxPackage(body)));
  expect(r.grids.map((g) => g.rows)).toEqual([
    [["甲前"], ["甲"], ["甲后"], ["乙前"]],
    [["甲后"], ["乙前"], ["乙"], ["乙后"]],
  ]);
  expect(r.grids.map((g) => g.sheetName)).toEqual(["表格1", "表格2"]);
});

test("only the last paragraphs above a table are kept (a long notice before the attachment)", () => {
  const notice = Array.from({ length: 40 }, (_, k) => p(`第${k + 1}段`)).join("");
  const g = ok(readDocxTables(docxPackage(notice + `<w:tbl><w:tr>${tc(p("项目"))}</w:tr></w:tbl>`))).grids[0];
  expect(g.rows[0]).toEqual(["第29段"]);
  expect(g.rows).toHaveLength(13);
});

test("the main part is found through _rels/.rels, whatever its name", () => {
  const doc = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr>${tc(p("项目"))}</w:tr></w:tbl></w:body></w:document>`;
  const bytes = zipSync({
    "_rels/.rels": strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
    ),
    "word/document2.xml": strToU8(doc),
  });
  expect(ok(readDocxTables(bytes)).grids[0].rows).toEqual([["项目"]]);
});

test("a document without tables gives no grids", () => {
  expect(ok(readDocxTables(docxPackage(p("只有文字"))))).toMatchObject({ grids: [], tables: [] });
});

describe("bad input is a failure, never an exception", () => {
  test.each([
    ["empty", new Uint8Array(0), { kind: "empty" }],
    ["random bytes", new Uint8Array([1, 2, 3, 0, 255, 7, 9, 0, 1]), { kind: "not-zip" }],
    ["a PDF", strToU8("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n\u0000\u0001"), { kind: "not-zip", detail: "pdf" }],
    ["text", strToU8("项目,数量,备注\n"), { kind: "html-or-text", detail: "text" }],
    [
      "HTML saved as .doc",
      strToU8("<html><body><table><tr><td>项目</td></tr></table></body></html>"),
      { kind: "html-or-text", detail: "HTML" },
    ],
    ["Word 97–2003 .doc", ole2Bytes("WordDocument"), { kind: "legacy-doc" }],
    ["a password-protected .docx", ole2Bytes("EncryptedPackage"), { kind: "encrypted" }],
    ["an .xlsx", zipSync({ "xl/workbook.xml": strToU8("<workbook/>") }), { kind: "not-docx", detail: "xlsx" }],
    [
      "an OpenDocument text",
      zipSync({ mimetype: strToU8("application/vnd.oasis.opendocument.text"), "content.xml": strToU8("<x/>") }),
      { kind: "not-docx", detail: "odf" },
    ],
    ["a zip of something else", zipSync({ "readme.txt": strToU8("hi") }), { kind: "not-docx", detail: "zip" }],
  ])("%s", (_, bytes, failure) => {
    expect(readDocxTables(bytes)).toEqual({ ok: false, failure });
  });

  test("a truncated file", () => {
    const full = docxPackage(p("x"));
    const r = readDocxTables(full.subarray(0, full.length - 30));
    expect(r).toMatchObject({ ok: false, failure: { kind: "corrupt" } });
  });

  test("damaged XML", () => {
    const r = readDocxTables(zipSync({ "word/document.xml": strToU8("<w:document><w:body><w:tbl><w:tr></w:tbl>") }));
    expect(r).toMatchObject({ ok: false, failure: { kind: "corrupt" } });
  });

  test("a DTD (entity expansion) is refused", () => {
    const r = readDocxTables(
      zipSync({ "word/document.xml": strToU8(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document/>`) }),
    );
    expect(r).toMatchObject({ ok: false, failure: { kind: "corrupt" } });
  });

  test("the size caps: part size before inflating, cell count, table width", () => {
    const big = docxPackage(p("x".repeat(10_000)));
    expect(readDocxTables(big, { maxPartBytes: 5_000 })).toMatchObject({ ok: false, failure: { kind: "too-large", limit: 5_000 } });
    const many = docxPackage(`<w:tbl>${`<w:tr>${tc("").repeat(50)}</w:tr>`.repeat(10)}</w:tbl>`);
    expect(readDocxTables(many, { maxCells: 100 })).toMatchObject({ ok: false, failure: { kind: "too-large", limit: 100 } });
    const wide = docxPackage(`<w:tbl><w:tr>${tc("", `<w:gridSpan w:val="999"/>`).repeat(3)}</w:tr></w:tbl>`);
    expect(readDocxTables(wide)).toMatchObject({ ok: false, failure: { kind: "corrupt" } });
  });

  test("a document part lying about its size (a zip bomb) is refused while inflating", () => {
    const honest = docxPackage(p("x".repeat(2_000_000)));
    const lying = patchDeclaredSize(honest, "word/document.xml", 4096);
    expect(readDocxTables(lying)).toMatchObject({ ok: false, failure: { kind: "corrupt" } });
  });
});
