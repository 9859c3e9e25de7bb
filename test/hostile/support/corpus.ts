/**
 * The hostile corpus: every kind of file a city clerk may receive instead of (or disguised as) a county's
 * statistics table, generated in memory (nothing binary is committed), each with the outcome it must get.
 *
 * The batch is consolidated against 赣州 2022; every file that should be accepted carries its own
 * 填报单位, except the two 全南县 copies (重复报送).
 */
import ExcelJS from "exceljs";
import { unzipSync, strToU8 } from "fflate";
import { layoutTemplate, layoutToGrid, type SheetFill } from "../../../src/core/layout";
import type { CellValue, Grid } from "../../../src/core/grid";
import type { FindingCode } from "../../../src/core/findings";
import type { Template } from "../../../src/templates/schema";
import { ganzhou, liaoning, validValues, setItem } from "../../support/fixtures";
import { attachmentGrid } from "../../support/attachment-grid";
import { buildXlsx, worksheet, zipFiles } from "../../files/xlsx-builder";
import { gridsToXlsx, type SheetInput } from "./sheet-xml";
import { encryptedXlsx, legacyXls } from "./cfb";
import { zerosDeflate, zerosCrc, zipRaw, storedEntries } from "./bomb";
import { Prng } from "./prng";
import { writeTemplateWorkbook } from "../../../src/files/xlsx-write";

export type Classification = "unreadable" | "not-a-table" | "invalid" | "valid";

export interface Expectation {
  classification: Classification;
  /** finding codes that must be on the file (file-level or cell-level) */
  codes: FindingCode[];
  /** [code, cell] pairs that must be found */
  cells?: [FindingCode, string][];
  /** the sheet the table must be read from */
  sheet?: string;
  /** the 填报单位 read, for accepted files */
  unit?: string;
  /** words the message of the file's first finding must contain (what the file is, in the clerk's terms) */
  says?: string;
}

export interface Case {
  id: string;
  /** file name as received (Chinese, as counties name them) */
  file: string;
  bytes: Uint8Array;
  /** what it is, for the report table */
  what: string;
  /** outcome with --template ganzhou-2022 (the batch) */
  expect: Expectation;
  /** outcome without a wanted template, when different */
  expectAnyTemplate?: Expectation;
  /** received text that must never become a formula in any output */
  hostileText?: string[];
}

export const DATE = "11月20日";

/** a valid, filled 赣州 2022 table for `unit` */
export function filledFill(template: Template, unit: string, extra: Partial<SheetFill> = {}): SheetFill {
  return { header: { unit, date: DATE, stage: "全面", contact: "张三", phone: "0797-8888888" }, values: validValues(template), ...extra };
}

export function tableGrid(template: Template, unit: string, extra: Partial<SheetFill> = {}, sheetName = "统计表"): Grid {
  return layoutToGrid(layoutTemplate(template, filledFill(template, unit, extra)), sheetName);
}

/** ExcelJS writes the grid as a real writer would (shared strings, merges, styles), no defined names */
export async function exceljsWorkbook(grids: { grid: Grid; state?: "visible" | "hidden" | "veryHidden" }[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const { grid, state } of grids) {
    const ws = wb.addWorksheet(grid.sheetName, state ? { state } : {});
    grid.rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null || v === undefined) return;
        ws.getCell(r + 1, c + 1).value = typeof v === "object" ? ({ error: v.error } as ExcelJS.CellErrorValue) : v;
      }),
    );
    for (const m of grid.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const HOSTILE_REMARKS = [
  '=HYPERLINK("http://evil.example/","点击查看")',
  "+1+1",
  "-2+3",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "=cmd|' /C calc'!A0",
  "\t=1+1",
  "＝1+1",
];
const HOSTILE_UNIT = '=HYPERLINK("http://evil.example/","上犹县")';
const ESC_UNIT = "会昌县\u001b[2J\u001b]52;c;ZXZpbA==\u0007";
const LONG = 100_000;

/** the zip bomb: a worksheet part that truly inflates to `mib` MiB (≥ 1 GiB), declared honestly or not */
export function zipBomb(mib: number, declared: "honest" | "lying" | number, part = "xl/worksheets/sheet1.xml"): Uint8Array {
  const base = unzipSync(gridsToXlsx([{ grid: tableGrid(ganzhou, "炸弹县") }]));
  const entries = storedEntries(Object.fromEntries(Object.entries(base).filter(([name]) => name !== part)));
  const data = zerosDeflate(mib);
  const size = declared === "honest" ? mib * 1024 * 1024 : declared === "lying" ? 4096 : declared;
  entries.push({ name: part, data, method: 8, crc: declared === "honest" ? zerosCrc(mib) : 0, size });
  return zipRaw(entries);
}

function noiseWorkbook(rows: number, seed: number): Uint8Array {
  const rng = new Prng(seed);
  const words = [
    "苹果",
    "香蕉",
    "合计",
    "数量",
    "备注",
    "其他",
    "编号",
    "张三",
    "李四",
    "王五",
    "采购",
    "库存",
    "单价",
    "金额",
    "供应商",
    "日期",
  ];
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) {
    parts.push(
      `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>${rng.pick(words)}${rng.pick(words)}</t></is></c>` +
        `<c r="C${r}"><v>${rng.int(100000) / 100}</v></c><c r="D${r}" t="inlineStr"><is><t>${rng.pick(words)}</t></is></c></row>`,
    );
  }
  return buildXlsx({ sheets: [{ name: "流水", xml: worksheet(parts.join("")) }], level: 1 });
}

function unrelatedGrid(): Grid {
  const rows: CellValue[][] = [["2022年度职工花名册"], ["序号", "姓名", "科室", "入职日期", "备注"]];
  const names = ["张三", "李四", "王五", "赵六", "钱七", "孙八"];
  names.forEach((n, i) => rows.push([i + 1, n, i % 2 ? "综合科" : "网监科", 44562 + i * 31, i === 2 ? "借调" : null]));
  rows.push(["合计", null, null, null, `${names.length} 人`]);
  return { sheetName: "花名册", rows, merges: [{ r1: 0, c1: 0, r2: 0, c2: 4 }] };
}

/** A table with every kind of wrong entry; returns the grid and the [code, cell] pairs expected. */
function everyWrongValue(unit: string): { grid: Grid; cells: [FindingCode, string][] } {
  const values = validValues(ganzhou);
  const grid = tableGrid(ganzhou, unit);
  const cells: [FindingCode, string][] = [];
  cells.push(["blank-value", setItem(grid, "police_info", null)]);
  cells.push(["not-a-number", setItem(grid, "police_accounts", "若干")]);
  cells.push(["not-a-number", setItem(grid, "cyber_accounts", "约10")]);
  cells.push(["not-a-number", setItem(grid, "market_rectify", "10-12")]);
  cells.push(["negative-value", setItem(grid, "postal_violations", -3)]);
  cells.push(["fraction-in-count", setItem(grid, "forestry_leads", 2.5)]);
  cells.push(["too-many-decimals", setItem(grid, "cases_fines", 1.23456)]);
  cells.push(["formula-error", setItem(grid, "customs_batches", { error: "#REF!" })]);
  cells.push(["number-as-text", setItem(grid, "customs_pieces", " １２ ")]);
  // partition: the categories add up to one more than the total
  cells.push(["partition-mismatch", setItem(grid, "cases_total", values.cases_total - 1)]);
  // at-most: more cases referred to the police than handled
  cells.push(["at-most-exceeded", setItem(grid, "cases_referred", values.cases_total + 5)]);
  return { grid, cells };
}

function formulaErrors(unit: string): { input: SheetInput; cells: [FindingCode, string][] } {
  const grid = tableGrid(ganzhou, unit);
  const at = (id: string) => grid.names![`cs_${id}`];
  const formulas = {
    [at("police_cases")]: { f: "1/0", v: { error: "#DIV/0!" } },
    [at("police_platforms")]: { f: "VLOOKUP(A1,Z1:Z2,2,FALSE)", v: { error: "#N/A" } },
    [at("cyber_info")]: { f: "A1+1", v: { error: "#VALUE!" } },
    [at("customs_pieces")]: { f: "SUM(1,2)", v: 3 },
    [at("market_blacklist")]: { f: "Sheet9!A1", v: { error: "#REF!" } },
  };
  const cells: [FindingCode, string][] = [
    ["formula-error", at("police_cases")],
    ["formula-error", at("police_platforms")],
    ["formula-error", at("cyber_info")],
    ["formula-error", at("market_blacklist")],
  ];
  // text that merely looks like an error value is an error too
  cells.push(["formula-error", setItem(grid, "postal_violations", "#VALUE!")]);
  return { input: { grid, formulas }, cells };
}

function oddSheetName(): string {
  const base = "统计表'[😀]";
  return base + "一".repeat(31 - base.length);
}

export interface CorpusOptions {
  /** rows of the noise workbook; 100 001 by default (the command-line tests use fewer: the point there is the batch) */
  noiseRows?: number;
}

export async function buildCorpus(options: CorpusOptions = {}): Promise<Case[]> {
  const noiseRows = options.noiseRows ?? 100_001;
  const cases: Case[] = [];
  const add = (c: Case) => cases.push(c);
  const valid = (unit: string, codes: FindingCode[] = [], extra: Partial<Expectation> = {}): Expectation => ({
    classification: "valid",
    codes,
    unit,
    ...extra,
  });

  // ---- unreadable -------------------------------------------------------------------------------
  add({
    id: "empty",
    file: "01 章贡区（空文件）.xlsx",
    bytes: new Uint8Array(0),
    what: "0 字节的空文件",
    expect: { classification: "unreadable", codes: ["file-empty"] },
  });
  const png = new Uint8Array(2048);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  png.set(new Prng(7).bytes(2000), 16);
  add({
    id: "not-zip",
    file: "02 截图.xlsx",
    bytes: png,
    what: "PNG 图片改名为 .xlsx",
    expect: { classification: "unreadable", codes: ["file-not-xlsx"] },
  });
  const whole = gridsToXlsx([{ grid: tableGrid(ganzhou, "截断县") }]);
  add({
    id: "truncated",
    file: "03 邮件截断.xlsx",
    bytes: whole.slice(0, Math.floor(whole.length * 0.6)),
    what: "邮件附件传输中断，zip 截断到 60%",
    expect: { classification: "unreadable", codes: ["file-corrupt"] },
  });
  add({
    id: "legacy-xls",
    file: "04 旧版格式.xls",
    bytes: legacyXls(),
    what: "旧版 .xls（OLE2 复合文档 + BIFF8 Workbook 流）",
    expect: { classification: "unreadable", codes: ["file-legacy-xls"], says: "旧版 .xls 格式" },
  });
  add({
    id: "wps-et",
    file: "04b WPS表格.et",
    bytes: legacyXls(),
    what: "WPS 表格自有格式 .et（与 .xls 同为复合文档）",
    expect: { classification: "unreadable", codes: ["file-legacy-xls"], says: "WPS 表格自有的 .et 格式" },
  });
  const html =
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>' +
    "<table><tr><td>填报单位：</td><td>南康区市场监督管理局</td></tr><tr><td>清理网上违法有害信息（条）</td><td>12</td></tr></table></body></html>";
  add({
    id: "html-xls",
    file: "05 网页导出.xls",
    bytes: strToU8(html),
    what: "网页（HTML 表格）另存为 .xls",
    expect: { classification: "unreadable", codes: ["file-not-xlsx"] },
  });
  const csv = "\ufeff项目,数量,备注\r\n清理网上违法有害信息（条）,12,\r\n查处网络违法案件（件）,3,\r\n";
  add({
    id: "csv",
    file: "06 导出数据.xlsx",
    bytes: strToU8(csv),
    what: "CSV（UTF-8）改名为 .xlsx",
    expect: { classification: "unreadable", codes: ["file-not-xlsx"] },
  });
  // 填报单位,12 in GBK: CC EE B1 A8 B5 A5 CE BB
  const gbk = new Uint8Array([
    0xcc, 0xee, 0xb1, 0xa8, 0xb5, 0xa5, 0xce, 0xbb, 0x2c, 0x31, 0x32, 0x0d, 0x0a, 0xcf, 0xee, 0xc4, 0xbf, 0x2c, 0x33, 0x0d, 0x0a,
  ]);
  add({
    id: "csv-gbk",
    file: "07 导出数据（GBK）.xlsx",
    bytes: gbk,
    what: "CSV（GBK 编码）改名为 .xlsx",
    expect: { classification: "unreadable", codes: ["file-not-xlsx"] },
  });
  add({
    id: "encrypted",
    file: "08 加密.xlsx",
    bytes: encryptedXlsx(new Prng(8).bytes(6000)),
    what: "设置了打开密码的工作簿（OLE2：EncryptionInfo + EncryptedPackage）",
    expect: { classification: "unreadable", codes: ["file-encrypted"] },
  });
  add({
    id: "zip-bomb",
    file: "09 压缩炸弹.xlsx",
    bytes: zipBomb(1024, "honest"),
    what: "zip 炸弹：工作表部件约 1 MB，真实解压 1 GiB",
    expect: { classification: "unreadable", codes: ["file-too-large"] },
  });
  add({
    id: "docx",
    file: "10 情况说明.xlsx",
    bytes: zipFiles({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" }),
    what: "Word 文档（.docx）改名为 .xlsx",
    expect: { classification: "unreadable", codes: ["file-not-xlsx"], says: "这是 Word 文档（.docx）" },
  });
  add({
    id: "xlsb",
    file: "10b 二进制工作簿.xlsb",
    bytes: zipFiles({ "[Content_Types].xml": "<Types/>", "xl/workbook.bin": "\u0000" }),
    what: "Excel 二进制工作簿（.xlsb）",
    expect: { classification: "unreadable", codes: ["file-not-xlsx"], says: "Excel 二进制工作簿（.xlsb）" },
  });
  add({
    id: "ods",
    file: "10c 开放文档.ods",
    bytes: zipFiles({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>" }),
    what: "OpenDocument 表格（.ods）",
    expect: { classification: "unreadable", codes: ["file-not-xlsx"], says: "OpenDocument 表格（.ods）" },
  });
  const dtd =
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;&b;</t></si></sst>';
  add({
    id: "xml-entities",
    file: "11 实体炸弹.xlsx",
    bytes: buildXlsx({
      sheets: [{ name: "统计表", xml: worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }],
      sstXml: [],
      files: { "xl/sharedStrings.xml": dtd },
    }),
    what: "共享字符串含 DOCTYPE：外部实体（XXE，file:///etc/passwd）与实体展开炸弹",
    expect: { classification: "unreadable", codes: ["file-corrupt"] },
  });
  {
    // stray values at column XFD on 20 000 rows: ~90 KB of XML asking for 327 M grid slots (gigabytes)
    const grid = tableGrid(ganzhou, "瑞金市");
    let rows = "";
    for (let r = grid.rows.length + 1; r <= grid.rows.length + 20000; r++) rows += `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`;
    add({
      id: "far-cells",
      file: "12 瑞金市.xlsx",
      bytes: gridsToXlsx([{ grid, extraRows: rows }]),
      what: "表后 2 万行在 XFD 列各有一个值（稀疏单元格内存炸弹）",
      expect: { classification: "unreadable", codes: ["file-too-large"] },
    });
  }
  {
    const sheets = [{ grid: tableGrid(ganzhou, "寻乌县") }] as SheetInput[];
    for (let i = 0; i < 50; i++)
      sheets.push({
        grid: { sheetName: `空白${i + 1}`, rows: [], merges: [] },
        extraRows: '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
      });
    add({
      id: "tall-sheets",
      file: "13 寻乌县.xlsx",
      bytes: gridsToXlsx(sheets),
      what: "50 个工作表各在第 1048576 行有一个值（行数组内存炸弹）",
      expect: { classification: "unreadable", codes: ["file-too-large"] },
    });
  }

  // ---- not a statistics table ---------------------------------------------------------------------
  add({
    id: "noise-100k",
    file: "14 流水账（10万行）.xlsx",
    bytes: noiseWorkbook(noiseRows, 14),
    what: `${noiseRows} 行无关数据`,
    expect: { classification: "not-a-table", codes: ["not-a-statistics-table"] },
  });
  add({
    id: "unrelated",
    file: "15 花名册.xlsx",
    bytes: await exceljsWorkbook([{ grid: unrelatedGrid() }]),
    what: "无关的表格（职工花名册）",
    expect: { classification: "not-a-table", codes: ["not-a-statistics-table"] },
  });
  add({
    id: "wrong-campaign",
    file: "16 辽宁表.xlsx",
    bytes: await exceljsWorkbook([{ grid: tableGrid(liaoning, "定南县（辽宁表）") }]),
    what: "别的专项行动的表（辽宁 2019），汇总赣州 2022",
    expect: { classification: "not-a-table", codes: ["template-mismatch"] },
    expectAnyTemplate: valid("定南县(辽宁表)"), // the unit as read: full-width brackets folded
  });

  // ---- invalid entries ----------------------------------------------------------------------------
  {
    const { grid, cells } = everyWrongValue("于都县");
    add({
      id: "wrong-values",
      file: "17 于都县.xlsx",
      bytes: gridsToXlsx([{ grid }], { names: false }),
      what: "各种错误的值：空白、若干、约10、10-12、负数、整数项填小数、小数位过多、#REF!、分类合计不符、移送多于查处",
      expect: { classification: "invalid", codes: [...new Set(cells.map(([c]) => c))], cells },
    });
  }
  {
    const { input, cells } = formulaErrors("兴国县");
    add({
      id: "formula-errors",
      file: "18 兴国县.xlsx",
      bytes: gridsToXlsx([input]),
      what: "公式结果为错误值（#DIV/0!、#N/A、#VALUE!、#REF!），及文本“#VALUE!”",
      expect: { classification: "invalid", codes: ["formula-error"], cells },
    });
  }

  // ---- valid --------------------------------------------------------------------------------------
  add({
    id: "valid-exceljs",
    file: "19 章贡区.xlsx",
    bytes: await exceljsWorkbook([{ grid: tableGrid(ganzhou, "章贡区") }]),
    what: "正常的统计表（ExcelJS 写出，无定义名称）",
    expect: valid("章贡区"),
  });
  {
    add({
      id: "valid-writer",
      file: "20 南康区.xlsx",
      bytes: await writeTemplateWorkbook(ganzhou, filledFill(ganzhou, "南康区"), { now: new Date(Date.UTC(2022, 10, 20)) }),
      what: "正常的统计表（本工具下发的模板填写）",
      expect: valid("南康区"),
    });
  }
  {
    const files = unzipSync(await exceljsWorkbook([{ grid: tableGrid(ganzhou, "赣县区") }]));
    files["xl/vbaProject.bin"] = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Prng(21).bytes(500)]);
    add({
      id: "macros",
      file: "=1+1（21 赣县区）.xlsm", // the file name is received text too: it goes into the roll-up's 来源文件
      bytes: zipFiles(files as Record<string, Uint8Array>),
      what: "含宏的 .xlsm（xl/vbaProject.bin），文件名以 = 开头",
      expect: valid("赣县区", ["file-has-macros"]),
      hostileText: ["=1+1（21 赣县区）.xlsm"],
    });
  }
  {
    const remark = "说明：" + "网络违法案件情况说明。".repeat(LONG / 10);
    const grid = tableGrid(ganzhou, "信丰县", { remarks: { cases_fines: remark, police_info: "很长".repeat(LONG / 2) } });
    grid.rows.push([], [null, "很长的无关项目名称".repeat(LONG / 9), 1, "附注"], [null, "查处网络违法案件 1 件；".repeat(LONG / 14)]);
    add({
      id: "long-text",
      file: "22 信丰县.xlsx",
      bytes: gridsToXlsx([{ grid }]),
      what: "10 万字的备注和项目名称",
      expect: valid("信丰县"),
      hostileText: [remark.slice(0, 200)],
    });
  }
  {
    const ids = ["police_info", "cases_total", "cases_fines", "market_rectify", "customs_pieces", "postal_violations", "cyber_info"];
    const remarks = Object.fromEntries(ids.map((id, i) => [id, HOSTILE_REMARKS[i]]));
    add({
      id: "formula-remarks",
      file: "23 大余县.xlsx",
      bytes: await exceljsWorkbook([{ grid: tableGrid(ganzhou, "大余县", { remarks }) }]),
      what: "备注以 = + - @ 开头（公式注入：HYPERLINK、DDE）",
      expect: valid("大余县"),
      hostileText: HOSTILE_REMARKS,
    });
  }
  add({
    id: "formula-unit",
    file: "24 上犹县.xlsx",
    bytes: gridsToXlsx([{ grid: tableGrid(ganzhou, HOSTILE_UNIT) }]),
    what: "填报单位写成公式文本 =HYPERLINK(…)",
    expect: valid(HOSTILE_UNIT),
    hostileText: [HOSTILE_UNIT],
  });
  add({
    id: "control-chars",
    file: "25 会昌县.xlsx",
    bytes: gridsToXlsx([{ grid: tableGrid(ganzhou, ESC_UNIT, { remarks: { police_info: "\u001b[31m红字\u001b[0m" } }) }]),
    what: "填报单位与备注含终端控制字符（ESC 序列，_x001B_）",
    expect: valid(ESC_UNIT),
    hostileText: [ESC_UNIT],
  });
  {
    const name = oddSheetName();
    const sheets: SheetInput[] = [
      { grid: { sheetName: "'引号'", rows: [["说明"]], merges: [] } },
      { grid: { sheetName: 'A&B<C>"D"', rows: [["无关"]], merges: [] } },
      { grid: { sheetName: "=SUM(A1)", rows: [["无关"]], merges: [] } },
      { grid: tableGrid(ganzhou, "崇义县", {}, name) },
    ];
    add({
      id: "odd-sheet-names",
      file: "26 崇义县.xlsx",
      bytes: gridsToXlsx(sheets),
      what: `古怪的工作表名（引号、方括号、emoji、31 个字符、以 = 开头）：${name}`,
      expect: valid("崇义县", [], { sheet: name }),
    });
  }
  {
    const decoy = tableGrid(ganzhou, "诱饵单位", { values: { police_info: -1 } }, "说明");
    decoy.rows = decoy.rows.slice(0, 12);
    add({
      id: "hidden-sheet",
      file: "27 安远县.xlsx",
      bytes: gridsToXlsx([{ grid: decoy }, { grid: tableGrid(ganzhou, "安远县", {}, "数据"), state: "hidden" }], { names: false }),
      what: "统计表在隐藏工作表上，可见的是残缺的诱饵表",
      expect: valid("安远县", [], { sheet: "数据" }),
    });
  }
  add({
    id: "several-tables",
    file: "28 定南县.xlsx",
    bytes: gridsToXlsx([{ grid: tableGrid(ganzhou, "定南县", {}, "统计表") }, { grid: tableGrid(ganzhou, "定南县", {}, "统计表 (2)") }], {
      names: false,
    }),
    what: "两个工作表都像统计表",
    expect: valid("定南县", ["several-tables"], { sheet: "统计表" }),
  });
  {
    const a = await exceljsWorkbook([{ grid: tableGrid(ganzhou, "全南县") }]);
    // spaces do not make another unit; a remark makes the copies differ, so both are held out
    const b = gridsToXlsx([{ grid: tableGrid(ganzhou, "全 南 县", { remarks: { police_info: "重发，更正了备注" } }) }]);
    add({ id: "duplicate-a", file: "29 全南县.xlsx", bytes: a, what: "同一单位报送两次（第一份）", expect: valid("全南县") });
    add({ id: "duplicate-b", file: "30 全南县（重发）.xlsx", bytes: b, what: "同一单位报送两次（重发）", expect: valid("全 南 县") });
  }
  {
    const grid = attachmentGrid(
      ganzhou,
      { unit: "宁都县", date: DATE, values: validValues(ganzhou) },
      { serialColumn: true, insertBefore: [3, 9] },
    );
    add({
      id: "attachment",
      file: "31 宁都县.xlsx",
      bytes: await exceljsWorkbook([{ grid }]),
      what: "照原附件样式录入（序号列、插入空行、案件总数写在标签格里）",
      expect: valid("宁都县"),
    });
  }
  {
    // 5 000 merges of A{n}:XFD1048576 below the table: Excel shows one huge merged area, the table is intact
    const grid = tableGrid(ganzhou, "石城县");
    let merges = "";
    for (let i = 0; i < 5000; i++) merges += `<mergeCell ref="A${grid.rows.length + 10 + i}:XFD1048576"/>`;
    const xml = gridsToXlsx([{ grid }]);
    const files = unzipSync(xml);
    const sheet = new TextDecoder().decode(files["xl/worksheets/sheet1.xml"]);
    files["xl/worksheets/sheet1.xml"] = strToU8(
      sheet.replace(/<mergeCells count="(\d+)">/, (_m, n) => `<mergeCells count="${Number(n) + 5000}">${merges}`),
    );
    add({
      id: "merge-bomb",
      file: "32 石城县.xlsx",
      bytes: zipFiles(files as Record<string, Uint8Array>),
      what: "表下方 5000 个 A{n}:XFD1048576 合并区域（合并单元格 CPU 炸弹）",
      expect: valid("石城县"),
    });
  }
  {
    // the hidden sheet our writers add (_campaign_stats) carries the template the workbook was written
    // from, so a learned template travels with its workbooks; here it carries a hostile one
    const meta = (json: string): SheetInput => {
      const chunks: string[] = [];
      for (let i = 0; i < json.length; i += 30_000) chunks.push(json.slice(i, i + 30_000));
      const rows: CellValue[][] = [
        ["generator", "campaign-stats"],
        ["kind", "template"],
        ["templateId", "evil-2024"],
        ["templateVersion", "1"],
        ["templateJson", ...chunks],
      ];
      return { grid: { sheetName: "_campaign_stats", rows, merges: [] }, state: "veryHidden" };
    };
    const sections = (n: number) =>
      Array.from({ length: n }, (_, s) => ({ id: `s${s}`, name: `部门${s}`, items: [{ id: `x${s}`, label: `项目${s}`, unit: "件" }] }));
    const evil = (n: number) => JSON.stringify({ ...ganzhou, id: "evil-2024", sections: sections(n), rules: [] });
    const table = (unit: string) => ({ grid: tableGrid(ganzhou, unit) });
    add({
      id: "template-huge",
      file: "33 瑞金市.xlsx",
      bytes: gridsToXlsx([table("瑞金市"), meta(evil(20_000))]),
      what: "隐藏的 _campaign_stats 工作表内嵌 2 万个部门的模板（约 180 万字符的 JSON）",
      expect: { classification: "unreadable", codes: ["file-template-too-large"] },
    });
    add({
      id: "template-deep",
      file: "34 龙南市.xlsx",
      bytes: gridsToXlsx([table("龙南市"), meta("[".repeat(300_000) + "]".repeat(300_000))]),
      what: "内嵌模板是嵌套 30 万层的 JSON 数组",
      expect: { classification: "unreadable", codes: ["file-template-too-large"] },
    });
    add({
      id: "template-many",
      file: "35 蓉江新区.xlsx",
      bytes: gridsToXlsx([table("蓉江新区"), meta(evil(150))]),
      what: "内嵌模板有 150 个部门（超过 100 个的上限；JSON 本身不大）",
      expect: { classification: "unreadable", codes: ["file-template-too-large"] },
    });
  }
  return cases;
}

/** classification of one analysed input, as consolidation would decide it */
export function classify(input: { report?: { valid: boolean }; findings: { code: string; severity: string }[] }): Classification {
  const fileErrors = input.findings.filter((f) => f.severity === "error");
  if (fileErrors.some((f) => f.code === "not-a-statistics-table" || f.code === "template-mismatch")) return "not-a-table";
  if (fileErrors.some((f) => f.code.startsWith("file-"))) return "unreadable";
  if (!input.report) return "unreadable";
  return input.report.valid ? "valid" : "invalid";
}
