/**
 * Filled-in Word tables as submissions (issue 11, item 3): .docx files written by python-docx and by
 * LibreOffice holding a county's figures in the built-in table are read like a workbook — every figure,
 * the header, the totals written inside the label cell — and every message names the Word cell
 * (表1 第7行第4列). A blank or unrelated Word document keeps "this is a Word document".
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consolidate, type ReceivedInput } from "../../src/core/consolidate";
import { flatten } from "../../src/core/findings";
import type { CellValue } from "../../src/core/grid";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { analyzeWordTables } from "../../src/files/word-tables";
import { learnFromAttachment } from "../../src/learn";
import { learnProblemText } from "../../src/messages/learn-zh-CN";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { JIANGXI_2023, docxPackage, pageGrid, pageToDocxWithPython } from "../learn/support";
import { attachmentGrid } from "../support/attachment-grid";
import { ganzhou, liaoning, validValues } from "../support/fixtures";
import { convertWithLibreOffice, python, writeGridWithOpenpyxl } from "../support/independent";
import { filledDocxWithPython, xlsxToDocxWithLibreOffice } from "../support/word-docs";

jest.setTimeout(120000);

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-word-tables-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const analyze = (name: string, bytes: Uint8Array, templates = BUILTIN_TEMPLATES) =>
  analyzeWorkbookBytes(name, bytes, templates, undefined, { wordTables: analyzeWordTables });

/** a county's figures: decimals in the 万元/万条/吨 items, one typed with a space, the rest whole counts */
function figures(base: number): Record<string, CellValue> {
  return { ...validValues(ganzhou, base), cyber_info: " 1.5 ", cases_fines: 0.35, customs_gold_food: 2.25 };
}

/** what the report should hold: every item, as canonical decimal text */
function expectedValues(values: Record<string, CellValue>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([id, v]) => [id, String(v).trim()]));
}

test("a table filled in with python-docx (填报单位 above the table, totals in the label cell, merges) is read like a workbook", () => {
  const values = figures(3);
  const docx = filledDocxWithPython(attachmentGrid(ganzhou, { unit: "章贡区市场监督管理局", date: "11月20日", values }));
  const a = analyze("章贡区.docx", docx);
  expect(a.input.findings).toEqual([]);
  expect(a.match?.template.id).toBe("ganzhou-2022");
  const report = a.input.report!;
  expect(report.findings).toEqual([]);
  expect(report.values).toEqual(expectedValues(values));
  expect(report.unit).toBe("章贡区市场监督管理局");
  expect(report.date).toBe("11月20日");
});

test("findings name the Word cell: 表1 第N行第M列, and 表1 上方 for the paragraphs above the table", () => {
  const values: Record<string, CellValue> = { ...figures(2), police_info: null, market_rectify: "若干" };
  values.cases_total = Number(values.cases_total) + 5;
  const docx = filledDocxWithPython(attachmentGrid(ganzhou, { unit: "南康区市场监督管理局", date: "十一月底", values }));
  const report = analyze("南康区.docx", docx).input.report!;
  // header row = table row 1; 公安局's 4th item is row 7; 市场监管局 starts at row 14, its totals in the department cell (column 1)
  expect(flatten(report.findings, ["cell", "code"])).toEqual([
    ["表1 上方", "invalid-date"],
    ["表1 第7行第4列", "blank-value"],
    ["表1 第15行第4列", "not-a-number"],
    ["表1 第14行第1列", "partition-mismatch"],
  ]);
  const messages = report.findings.map(renderMessage);
  expect(messages[1]).toBe("公安局 · 清理网上违法有害信息（条）（表1 第7行第4列）未填写；无数据请填 0。");
  expect(messages[0]).toContain("（表1 上方）");
  for (const m of messages) expect(m).not.toMatch(/[A-Z]\d+/);
});

test("the same figures converted by LibreOffice (Calc → Writer, 填报单位 inside the table, 序号 column) read the same", () => {
  const values = figures(4);
  const grid = attachmentGrid(
    ganzhou,
    { unit: "赣县区市场监督管理局", date: "11月21日", values: { ...values, police_info: "12条" } },
    { serialColumn: true },
  );
  const xlsx = join(dir, "赣县区.xlsx");
  writeGridWithOpenpyxl(grid, xlsx);
  const docx = new Uint8Array(readFileSync(xlsxToDocxWithLibreOffice(xlsx, dir)));
  const a = analyze("赣县区.docx", docx);
  expect(a.input.findings).toEqual([]);
  const report = a.input.report!;
  expect(report.values).toEqual({ ...expectedValues(values), police_info: "12" });
  expect(report.unit).toBe("赣县区市场监督管理局");
  // "12条" is text even in Word: read as 12 with the usual warning, at the cell of the table (rows 1–4 are the header lines)
  expect(flatten(report.findings, ["cell", "code"])).toEqual([["表1 第11行第5列", "number-as-text"]]);
});

test("Word tables consolidate to the totals of the same figures sent as .xlsx", () => {
  const counties = ["章贡区", "南康区", "赣县区", "信丰县"];
  const xlsxInputs: ReceivedInput[] = [];
  const wordInputs: ReceivedInput[] = [];
  counties.forEach((name, i) => {
    const grid = attachmentGrid(
      ganzhou,
      { unit: `${name}市场监督管理局`, date: "11月20日", values: figures(i + 1) },
      { serialColumn: i % 2 === 1 },
    );
    const xlsx = join(dir, `${name}.xlsx`);
    writeGridWithOpenpyxl(grid, xlsx);
    xlsxInputs.push(analyze(`${name}.xlsx`, new Uint8Array(readFileSync(xlsx))).input);
    const docx = i === 0 ? new Uint8Array(readFileSync(xlsxToDocxWithLibreOffice(xlsx, dir))) : filledDocxWithPython(grid);
    wordInputs.push(analyze(`${name}.docx`, docx).input);
  });
  const roll = (inputs: ReceivedInput[]) => consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日" });
  const fromXlsx = roll(xlsxInputs);
  const fromWord = roll(wordInputs);
  expect(fromWord.rejected).toEqual([]);
  expect(fromWord.accepted.map((a) => a.unit)).toEqual(fromXlsx.accepted.map((a) => a.unit));
  expect(fromWord.totals).toEqual(fromXlsx.totals);
  expect(fromWord.totals.cases_fines).toBe("1.4");
  expect(fromWord.totals.customs_gold_food).toBe("9");
});

test("a learned template's county tables are read from Word too; with only the built-in templates they are another year's table", () => {
  const learned = learnFromAttachment("附件2.docx", pageToDocxWithPython(pageGrid(JIANGXI_2023)), { id: "jiangxi-2023" });
  if (!learned.ok) throw new Error(learned.problems.map(learnProblemText).join("\n"));
  const filled = {
    ...JIANGXI_2023,
    before: ["附件", JIANGXI_2023.before[1], "填报单位：上饶市广丰区市场监督管理局\t\t填报日期：11月20日"],
    sections: JIANGXI_2023.sections.map((s) =>
      s.dept.startsWith("市场监管部门") ? { ...s, dept: "市场监管部门\n查处网络违法案件 13 件；罚没款 2.5 万元" } : s,
    ),
  };
  const labels = filled.sections.flatMap((s) => s.rows.flatMap((r) => (typeof r === "string" ? [r] : r.rows)));
  const docx = pageToDocxWithPython(pageGrid(filled, Object.fromEntries(labels.map((l, k) => [l, k + 1]))));
  const a = analyze("广丰区.docx", docx, [...BUILTIN_TEMPLATES, learned.template]);
  expect(a.match?.template.id).toBe("jiangxi-2023");
  const report = a.input.report!;
  expect(Object.keys(report.values)).toHaveLength(learned.template.sections.reduce((n, s) => n + s.items.length, 0));
  expect(report.unit).toBe("上饶市广丰区市场监督管理局");
  const finesId = learned.template.sections.flatMap((s) => s.items).find((i) => i.label === "罚没款")!.id;
  expect(report.values[finesId]).toBe("2.5");

  const other = analyze("广丰区.docx", docx).input.findings;
  expect(flatten(other, ["code", "looksLikeTable"])).toEqual([["not-a-statistics-table", true]]);
  expect(renderMessage(other[0])).toContain("导入新模板");
});

test("a blank or unrelated Word document keeps 'this is a Word document'; a table of another built-in template is named", () => {
  const blank = join(dir, "blank.docx");
  const letter = join(dir, "letter.docx");
  python(
    `import sys, docx\ndocx.Document().save(sys.argv[1])\nd = docx.Document()\nd.add_paragraph("关于报送统计表的通知")\nt = d.add_table(rows=2, cols=2)\nt.cell(0,0).text = "姓名"\nt.cell(0,1).text = "电话"\nd.save(sys.argv[2])\n`,
    [blank, letter],
  );
  for (const file of [blank, letter]) {
    const bytes = new Uint8Array(readFileSync(file));
    const findings = analyze("县.docx", bytes).input.findings;
    expect(flatten(findings, ["code", "detected"])).toEqual([["file-not-xlsx", "docx"]]);
    expect(renderMessage(findings[0])).toContain("Word 文档");
  }
  const liaoningDocx = filledDocxWithPython(
    attachmentGrid(liaoning, { unit: "沈阳市和平区市场监督管理局", date: "11月20日", values: validValues(liaoning) }),
  );
  const wrong = analyzeWorkbookBytes("和平区.docx", liaoningDocx, BUILTIN_TEMPLATES, ganzhou, { wordTables: analyzeWordTables }).input
    .findings;
  expect(flatten(wrong, ["code"])).toEqual([["template-mismatch"]]);
  // without the Word table reader (a caller that does not hand it in) the answer is the Word message, as before
  const without = analyzeWorkbookBytes("和平区.docx", liaoningDocx, BUILTIN_TEMPLATES).input.findings;
  expect(flatten(without, ["code", "detected"])).toEqual([["file-not-xlsx", "docx"]]);
});

test("a binary .doc (Word 97-2003, saved by LibreOffice) is told to be saved as .docx", () => {
  const docx = join(dir, "旧版.docx");
  python(`import sys, docx\nd = docx.Document()\nd.add_paragraph("统计表")\nd.save(sys.argv[1])\n`, [docx]);
  const doc = convertWithLibreOffice(docx, "doc", join(dir));
  const bytes = new Uint8Array(readFileSync(doc));
  const findings = analyze("旧版.doc", bytes).input.findings;
  expect(flatten(findings, ["code", "detected"])).toEqual([["file-not-xlsx", "doc"]]);
  expect(renderMessage(findings[0])).toContain("另存为”.docx");
});

test("a Word file that inflates past the part limit is refused as too large, never read whole", () => {
  // 65 MiB of paragraph text (over the 64 MiB part limit) compresses to a few hundred KB
  const bomb = docxPackage(`<w:p><w:r><w:t>${" ".repeat(65 * 1024 * 1024)}</w:t></w:r></w:p>`);
  expect(bomb.length).toBeLessThan(1024 * 1024);
  const findings = analyze("县.docx", bomb).input.findings;
  expect(flatten(findings, ["code", "part"])).toEqual([["file-too-large", "word/document.xml"]]);
  expect(renderMessage(findings[0])).toContain("64 MB");
});
