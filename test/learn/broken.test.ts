/** learnFromAttachment on files that are no statistics-table attachment: a clear Chinese problem naming the file. */
import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import { learnFromAttachment, type LearnResult } from "../../src/learn/learn";
import { learnProblemText, learnWarningText } from "../../src/messages/learn-zh-CN";
import { JIANGXI_2023, docxPackage, gridToXlsx, pageGrid, pageToDocx } from "./support";
import { ole2Bytes } from "../files/xlsx-builder";

function problems(r: LearnResult): { code: string; message: string }[] {
  if (r.ok) throw new Error("expected problems");
  return r.problems.map((p) => ({ code: p.code, message: learnProblemText(p) }));
}

const p = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

test.each([
  ["统计表.docx", new Uint8Array(0), "file-empty", "文件“统计表.docx”是空的（0 字节），无法读取；请重新获取下发的附件。"],
  [
    "统计表.docx",
    strToU8("项目,数量,备注\n甲,1,\n"),
    "file-unsupported",
    "文件“统计表.docx”是纯文本文件，不是 Word 或 Excel 文件；请选择统计表附件（.docx 或 .xlsx）。",
  ],
  [
    "统计表.docx",
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0]),
    "file-unsupported",
    "文件“统计表.docx”不是 Word（.docx）或 Excel（.xlsx）文件，无法读取；请确认选择的是统计表附件。",
  ],
  [
    "方案.pdf",
    strToU8("%PDF-1.4\n\u0000\u0001\u0002"),
    "file-unsupported",
    "文件“方案.pdf”是 PDF，无法从中读取表格；请向下发单位索取 Word（.docx）或 Excel（.xlsx）版的附件。",
  ],
  [
    "附件.doc",
    strToU8("<html><body><table><tr><td>项目</td></tr></table></body></html>"),
    "file-unsupported",
    "文件“附件.doc”是网页（HTML）格式，不是 Word 或 Excel 文件；请在 Word 或 WPS 中打开后“另存为”.docx（或在 Excel/WPS 表格中“另存为”.xlsx）再导入。",
  ],
  [
    "附件.doc",
    ole2Bytes("WordDocument"),
    "file-legacy",
    "文件“附件.doc”是旧版 Word 文档（.doc），无法直接读取；请在 Word 或 WPS 中打开后“另存为”.docx 再导入。",
  ],
  [
    "附件.xls",
    ole2Bytes("Workbook"),
    "file-legacy",
    "文件“附件.xls”是旧版 Excel 工作簿（.xls），无法直接读取；请在 Excel 或 WPS 表格中打开后“另存为”.xlsx 再导入。",
  ],
  ["附件.docx", ole2Bytes("EncryptedPackage"), "file-encrypted", "文件“附件.docx”设置了打开密码，无法读取；请取消密码后重新导入。"],
  [
    "附件.odt",
    zipSync({ mimetype: strToU8("application/vnd.oasis.opendocument.text"), "content.xml": strToU8("<x/>") }),
    "file-unsupported",
    "文件“附件.odt”是 OpenDocument 格式（.odt/.ods），无法读取；请在 Word 或 WPS 中打开后“另存为”.docx（或在 Excel/WPS 表格中“另存为”.xlsx）再导入。",
  ],
  [
    "附件.zip",
    zipSync({ "附件.docx": new Uint8Array([1, 2, 3]) }),
    "file-unsupported",
    "文件“附件.zip”是压缩包，不是 Word（.docx）或 Excel（.xlsx）文件；请解压后选择其中的统计表附件。",
  ],
  [
    "通知.docx",
    docxPackage(p("关于开展专项行动的通知") + p("附件：统计表（略）")),
    "no-table",
    "文件“通知.docx”中没有表格；统计表应是 Word 文档中的表格，请确认选择的是含统计表的附件。",
  ],
])("%s (%#)", (name, bytes, code, message) => {
  expect(problems(learnFromAttachment(name, bytes))).toEqual([{ code, message }]);
});

test("a truncated .docx is damaged", () => {
  const full = pageToDocx(pageGrid(JIANGXI_2023));
  const [problem] = problems(learnFromAttachment("附件2.docx", full.subarray(0, Math.floor(full.length / 2))));
  expect(problem.code).toBe("file-corrupt");
  // the zip reader's English detail stays out of the message
  expect(problem.message).toBe("文件“附件2.docx”已损坏或不完整，无法读取；请重新获取下发的附件。");
});

test("a .docx whose table has no 项目 · 数量 header", () => {
  const body =
    p("人员名单") +
    `<w:tbl><w:tr><w:tc>${p("姓名")}</w:tc><w:tc>${p("电话")}</w:tc></w:tr><w:tr><w:tc>${p("张三")}</w:tc><w:tc>${p("123")}</w:tc></w:tr></w:tbl>`;
  expect(problems(learnFromAttachment("名单.docx", docxPackage(body)))).toEqual([
    { code: "no-header-row", message: "文件“名单.docx”：没有找到“项目 · 数量 · 备注”表头行，这不像专项行动情况统计表。" },
  ]);
});

test("a .docx table with 项目 but no 数量 column says where", () => {
  const body = `<w:tbl><w:tr><w:tc>${p("项目")}</w:tc><w:tc>${p("备注")}</w:tc></w:tr></w:tbl>`;
  expect(problems(learnFromAttachment("附件.docx", docxPackage(body)))).toEqual([
    {
      code: "no-header-row",
      message: "文件“附件.docx”：找到了“项目”（表格第1行），但同一行没有“数量”列：统计表的表头应为“项目 · 数量 · 备注”。",
    },
  ]);
});

test("an .xlsx without a statistics table, and one whose sheets are all empty", async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("名单").addRow(["姓名", "电话"]);
  wb.addWorksheet("说明").addRow(["本表由办公室填写"]);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  expect(problems(learnFromAttachment("名单.xlsx", bytes))).toEqual([
    { code: "no-header-row", message: "文件“名单.xlsx”（工作表“名单”）：没有找到“项目 · 数量 · 备注”表头行，这不像专项行动情况统计表。" },
  ]);
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet("Sheet1");
  expect(problems(learnFromAttachment("空白.xlsx", new Uint8Array(await empty.xlsx.writeBuffer())))).toEqual([
    { code: "no-table", message: "文件“空白.xlsx”的工作表都是空的，没有统计表。" },
  ]);
});

test("the statistics table is found among other tables and sheets; two look-alikes are said in a warning", async () => {
  const contacts = `<w:tbl><w:tr><w:tc>${p("联系人")}</w:tc><w:tc>${p("电话")}</w:tc></w:tr></w:tbl>`;
  const page = pageGrid(JIANGXI_2023);
  const withContacts = pageToDocx(page, { extraBody: contacts });
  const one = learnFromAttachment("附件.docx", withContacts);
  expect(one.ok && one.table).toBe("表格1");
  expect(one.ok && one.warnings.map((w) => w.code)).toEqual(["partition-from-footnote"]);

  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("说明").addRow(["填表说明"]);
  const xlsx = await gridToXlsx(page.grid);
  const both = new ExcelJS.Workbook();
  await both.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  const copy = both.addWorksheet("副本");
  page.grid.rows.slice(0, 12).forEach((row) => copy.addRow(row));
  const r = learnFromAttachment("附件.xlsx", new Uint8Array(await both.xlsx.writeBuffer()));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.table).toBe("Sheet1");
  expect(r.template.sections).toHaveLength(4);
  expect(r.template.source).toBe("附件.xlsx（工作表“Sheet1”）");
  const several = r.warnings.find((w) => w.code === "several-tables");
  expect(several && learnWarningText(several)).toBe(
    "文件中有 2 个表格像统计表（“Sheet1”、“副本”），已使用“Sheet1”（19 个项目）；如不对，请只保留要导入的表格后重新导入。",
  );
});
