/**
 * Attachments re-saved by an independent office suite (LibreOffice, as WPS or Word would): the .docx
 * and .xlsx it writes are learned like the originals; its Word 97 .doc is refused with the right advice.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { learnFromAttachment } from "../../src/learn/learn";
import { learnProblemText } from "../../src/messages/learn-zh-CN";
import { findBuiltinTemplate, type Template } from "../../src/templates";
import { convertWithLibreOffice, writeGridWithLibreOffice } from "../support/independent";
import { requirePrograms } from "../support/programs";
import { LIAONING_AS_PRINTED, differences, ganzhouAsPrinted, pageGrid, pageToDocx, type PageSpec } from "./support";

jest.setTimeout(180000);

const withLibreOffice = requirePrograms("soffice");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "learn-lo-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function learned(name: string, bytes: Uint8Array): Template {
  const r = learnFromAttachment(name, bytes);
  if (!r.ok) throw new Error(r.problems.map(learnProblemText).join("\n"));
  return r.template;
}

const cases: [string, PageSpec, Template][] = [
  ["赣州 2022", ganzhouAsPrinted(), findBuiltinTemplate("ganzhou-2022")!],
  ["辽宁 2019", LIAONING_AS_PRINTED, findBuiltinTemplate("liaoning-2019")!],
];

withLibreOffice.test.each(cases)("%s: .docx re-saved by LibreOffice Writer", (name, spec, builtin) => {
  const src = join(dir, `${name}-src`);
  const out = join(dir, `${name}-out`);
  for (const d of [src, out]) rmSync(d, { recursive: true, force: true });
  mkdirSync(src);
  mkdirSync(out);
  writeFileSync(join(src, "附件.docx"), pageToDocx(pageGrid(spec)));
  const resaved = convertWithLibreOffice(join(src, "附件.docx"), "docx:MS Word 2007 XML", out);
  const t = learned("附件.docx", new Uint8Array(readFileSync(resaved)));
  expect(differences(t, builtin)).toEqual([]);
  expect(t.title).toBe(builtin.title);
  expect(t.footnote).toBe(builtin.footnote);
});

withLibreOffice.test.each(cases)("%s: .xlsx written by LibreOffice Calc", (name, spec, builtin) => {
  const xlsx = writeGridWithLibreOffice(pageGrid(spec).grid, dir, `${name}-calc`);
  const t = learned("附件.xlsx", new Uint8Array(readFileSync(xlsx)));
  expect(differences(t, builtin)).toEqual([]);
});

withLibreOffice.test("a Word 97 .doc saved by LibreOffice is refused with the advice to save as .docx", () => {
  const src = join(dir, "doc-src");
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, "附件.docx"), pageToDocx(pageGrid(ganzhouAsPrinted())));
  const doc = convertWithLibreOffice(join(src, "附件.docx"), "doc:MS Word 97", dir);
  const r = learnFromAttachment("附件.doc", new Uint8Array(readFileSync(doc)));
  expect(r).toMatchObject({ ok: false, problems: [{ code: "file-legacy", format: "doc" }] });
  expect(!r.ok && r.problems.map(learnProblemText)).toEqual([
    "文件“附件.doc”是旧版 Word 文档（.doc），无法直接读取；请在 Word 或 WPS 中打开后“另存为”.docx 再导入。",
  ]);
});
