/**
 * Packages are named by their [Content_Types].xml, not by our own corpus's part names: Word files written
 * by python-docx and LibreOffice, WPS-like variants (no docProps, word/document2.xml, no root rels), a
 * presentation and an .xlsb under unusual names, a legacy .doc; and real workbooks still read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { failureFinding } from "../../src/files/workbook";
import { readWorkbook, type WorkbookReadResult } from "../../src/files/xlsx-read";
import { renderMessage } from "../../src/messages/zh-CN";
import { compoundFile } from "../hostile/support/cfb";
import { convertWithLibreOffice, python } from "../support/independent";
import { unzipSync } from "fflate";
import { buildXlsx, worksheet, zipFiles } from "./xlsx-builder";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cs-pkg-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CT_HEAD = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">';
const REL_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';
const OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const DOC_XML =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>附件</w:t></w:r></w:p></w:body></w:document>';

function formatOf(r: WorkbookReadResult): string | undefined {
  if (r.ok) throw new Error("read as a workbook");
  return r.failure.kind === "not-zip" ? r.failure.format : `(${r.failure.kind})`;
}

function messageFor(r: WorkbookReadResult, fileName: string): string {
  if (r.ok) throw new Error("read as a workbook");
  return renderMessage(failureFinding(r.failure, [], undefined, fileName));
}

test("a .docx written by python-docx is named a Word document, not a damaged file", () => {
  const file = join(dir, "py.docx");
  python(
    `import sys, docx\nd = docx.Document()\nd.add_paragraph("网剑行动情况统计表")\nt = d.add_table(rows=2, cols=3)\nt.cell(0,0).text = "项目"\nd.save(sys.argv[1])\n`,
    [file],
  );
  const r = readWorkbook(new Uint8Array(readFileSync(file)));
  expect(formatOf(r)).toBe("docx");
  const msg = messageFor(r, "py.docx");
  expect(msg).toContain("Word 文档");
  expect(msg).not.toContain("损坏");
});

test("a .docx written by LibreOffice, and the .doc it saves, are named for what they are", () => {
  const html = join(dir, "lo.html");
  writeFileSync(html, "<html><body><p>统计表</p><table><tr><td>项目</td><td>数量</td></tr></table></body></html>");
  const docx = convertWithLibreOffice(html, "docx:MS Word 2007 XML", dir, { infilter: "HTML (StarWriter)" });
  expect(formatOf(readWorkbook(new Uint8Array(readFileSync(docx))))).toBe("docx");

  const doc = convertWithLibreOffice(docx, "doc", dir);
  const r = readWorkbook(new Uint8Array(readFileSync(doc)));
  expect(formatOf(r)).toBe("doc");
  expect(messageFor(r, "lo.doc")).toContain("另存为”.docx");
});

test("WPS-like Word packages: no docProps, another main part name, no root relationships", () => {
  const renamed = zipFiles({
    "[Content_Types].xml": `${CT_HEAD}<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document2.xml" ContentType="${WORD_MAIN}"/></Types>`,
    "_rels/.rels": `${REL_HEAD}<Relationship Id="rId1" Type="${OFFICE_DOC}" Target="word/document2.xml"/></Relationships>`,
    "word/document2.xml": DOC_XML,
  });
  expect(formatOf(readWorkbook(renamed))).toBe("docx");

  // no _rels/.rels: the Override that is a main part tells
  const noRels = zipFiles({
    "[Content_Types].xml": `${CT_HEAD}<Override PartName="/Word/Doc.xml" ContentType="${WORD_MAIN}"/></Types>`,
    "Word/Doc.xml": DOC_XML,
  });
  expect(formatOf(readWorkbook(noRels))).toBe("docx");

  // the main part's type given by a Default for its extension, macro-enabled Word
  const byDefault = zipFiles({
    "[Content_Types].xml": `${CT_HEAD}<Default Extension="wml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`,
    "_rels/.rels": `${REL_HEAD}<Relationship Id="r" Type="${OFFICE_DOC}" Target="/content/body.wml"/></Relationships>`,
    "content/body.wml": DOC_XML,
  });
  expect(formatOf(readWorkbook(byDefault))).toBe("docx");
});

test("a presentation and an .xlsb under unusual part names", () => {
  const pptx = zipFiles({
    "[Content_Types].xml": `${CT_HEAD}<Override PartName="/slides/main.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>`,
    "_rels/.rels": `${REL_HEAD}<Relationship Id="r" Type="${OFFICE_DOC}" Target="slides/main.xml"/></Relationships>`,
    "slides/main.xml": "<p:presentation xmlns:p='x'/>",
  });
  expect(formatOf(readWorkbook(pptx))).toBe("pptx");
  expect(messageFor(readWorkbook(pptx), "x.pptx")).toContain("PowerPoint");

  const xlsb = zipFiles({
    "[Content_Types].xml": `${CT_HEAD}<Override PartName="/xl/book.dat" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>`,
    "_rels/.rels": `${REL_HEAD}<Relationship Id="r" Type="${OFFICE_DOC}" Target="xl/book.dat"/></Relationships>`,
    "xl/book.dat": new Uint8Array([0x83, 0x01, 0x00]),
  });
  expect(formatOf(readWorkbook(xlsb))).toBe("xlsb");
});

test("an OLE2 file with a WordDocument stream is a .doc; with a Workbook stream still a legacy .xls", () => {
  const doc = compoundFile([{ name: "WordDocument", data: new Uint8Array(600) }]);
  expect(formatOf(readWorkbook(doc))).toBe("doc");
  const xls = compoundFile([{ name: "Workbook", data: new Uint8Array(600) }]);
  expect(formatOf(readWorkbook(xls))).toBe("(legacy-xls)");
});

test("workbooks still read, also one whose main part only its content type names", () => {
  const sheet = worksheet('<row r="1"><c r="A1"><v>7</v></c></row>');
  const plain = readWorkbook(buildXlsx({ sheets: [{ name: "表", xml: sheet }] }));
  if (!plain.ok) throw new Error(JSON.stringify(plain.failure));
  expect(plain.workbook.sheets[0].rows[0][0]).toBe(7);

  const wb = new TextDecoder().decode(unzipSync(buildXlsx({ sheets: [{ name: "表", xml: sheet }] }))["xl/workbook.xml"]);
  const renamed = zipFiles({
    "[Content_Types].xml": `${CT_HEAD}<Override PartName="/xl/Book.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>`,
    "xl/Book.xml": wb,
    "xl/_rels/Book.xml.rels": `${REL_HEAD}<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": sheet,
  });
  const r = readWorkbook(renamed);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  expect(r.workbook.sheets[0].rows[0][0]).toBe(7);
});
