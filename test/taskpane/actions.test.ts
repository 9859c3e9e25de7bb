/**
 * The real PaneActions, end to end without a browser: excel-actions over the fake Excel (Excel.run and
 * Office.context.requirements stubbed as Office.js provides them), file-actions over real .xlsx bytes
 * written and read by src/files (downloads captured).
 */
import { cellsOf } from "../../src/core/findings";
import { cellsToMark, markBlocks } from "../../src/excel/marks";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { readWorkbook } from "../../src/files/xlsx-read";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { parseTemplateText } from "../../src/messages/template-zh-CN";
import { ganzhou, validValues } from "../support/fixtures";
import { ALL_APIS, BookModel, FakeContext } from "../excel/fake-excel";
import { METADATA_SHEET, readMetadata } from "../../src/core/metadata";
import { JIANGXI_2023, pageGrid, pageToDocx } from "../learn/support";

jest.mock("../../src/taskpane/lazy", () => ({
  loadReader: () => Promise.resolve(jest.requireActual("../../src/files/workbook")),
  loadLegacyHelpers: () => Promise.resolve(jest.requireActual("../../src/files/legacy-load")),
  loadWriter: () => Promise.resolve(jest.requireActual("../../src/files/xlsx-write")),
  loadLearning: () => Promise.resolve(jest.requireActual("../../src/taskpane/learning")),
  spawnReadWorker: () => {
    throw new Error("no worker in jest");
  },
}));
jest.mock("../../src/taskpane/download", () => ({
  ...jest.requireActual("../../src/taskpane/download"),
  downloadBytes: jest.fn(),
}));
import { createExcelActions } from "../../src/taskpane/excel-actions";
import { createFileActions } from "../../src/taskpane/file-actions";
import { downloadBytes } from "../../src/taskpane/download";

const countyBytes = (unit: string, base = 1) =>
  writeTemplateWorkbook(ganzhou, { header: { unit, date: "11月20日", stage: "全面" }, values: validValues(ganzhou, base) });
const file = (bytes: Uint8Array, name: string) => new File([bytes as BlobPart], name);

describe("excel-actions", () => {
  let book: BookModel;
  let contexts: FakeContext[];
  beforeEach(() => {
    book = new BookModel();
    book.addSheet("Sheet1");
    contexts = [];
    (globalThis as Record<string, unknown>).Excel = {
      run: async <T>(fn: (ctx: Excel.RequestContext) => Promise<T>) => {
        const ctx = new FakeContext(book);
        contexts.push(ctx);
        return fn(ctx.asContext());
      },
    };
    (globalThis as Record<string, unknown>).Office = { context: { requirements: { isSetSupported: ALL_APIS } } };
  });
  afterAll(() => {
    delete (globalThis as Record<string, unknown>).Excel;
    delete (globalThis as Record<string, unknown>).Office;
  });

  test("insert, validate (marks), select a cell, clear the marks", async () => {
    const actions = createExcelActions();
    expect(await actions.insertTemplate({ template: ganzhou, unit: "章贡区市场监督管理局", stage: "中期" })).toMatchObject({
      sheetName: "统计表",
    });
    const checked = await actions.validateActiveSheet(BUILTIN_TEMPLATES);
    expect(checked).toMatchObject({ source: "统计表", sheet: "统计表", templateTitle: ganzhou.title });
    expect(checked.marks).toMatchObject({ status: "marked" });
    const errors = checked.input.report!.findings.filter((f) => f.severity === "error");
    expect(errors.length).toBeGreaterThan(0); // a blank table: every quantity missing, no date
    expect(contexts.at(-1)!.syncCount).toBe(2);
    await actions.selectCell("统计表", "C10");
    expect(book.selected).toEqual({ sheet: "统计表", address: "C10" });
    // a department left blank is one finding that marks each of its cells
    const marked = new Set(checked.input.report!.findings.flatMap(cellsOf));
    expect(marked.size).toBe(ganzhou.sections.flatMap((s) => s.items).length + 1); // and the empty 填报日期
    // marks are one conditional format per block of cells (markBlocks): clearing removes each block
    const blocks = markBlocks(cellsToMark(checked.input.report!.findings, "统计表")).length;
    expect(blocks).toBeLessThan(marked.size);
    expect(await actions.clearMarks("统计表")).toBe(blocks);
  });

  test("consolidate with the city's own sheet, then write (asking before replacing)", async () => {
    const actions = createExcelActions();
    await actions.insertTemplate({ template: ganzhou, unit: "市本级", stage: "全面" });
    // the city fills in its own numbers
    const own = book.sheet("统计表");
    for (const [id, v] of Object.entries(validValues(ganzhou))) own.peek(own.names.get(`cs_${id}`)!)!.value = v;
    own.peek(own.names.get("cs_date")!)!.value = "11月25日";
    expect(await actions.listSheets()).toEqual([
      { name: "Sheet1", active: false },
      { name: "统计表", active: true },
    ]);
    const progress: unknown[] = [];
    const outcome = await actions.consolidate({
      template: ganzhou,
      templates: BUILTIN_TEMPLATES,
      files: [file(await countyBytes("章贡区市场监督管理局"), "章贡区.xlsx")],
      ownSheet: "统计表",
      unit: "赣州市市场监督管理局",
      date: "11月26日",
      roster: [],
      onProgress: (p) => progress.push(p),
    });
    expect(outcome.consolidation.accepted.map((a) => [a.unit, a.source])).toEqual([
      ["市本级", "本工作簿“统计表”"],
      ["章贡区市场监督管理局", "章贡区.xlsx"],
    ]);
    expect(progress.at(-1)).toEqual({ done: 1, total: 1 });
    expect(await actions.writeRollup(ganzhou, outcome.consolidation, false)).toEqual({
      sheets: ["汇总表", "汇总明细", "报送情况"],
      warnings: [],
    });
    await expect(actions.writeRollup(ganzhou, outcome.consolidation, false)).rejects.toMatchObject({ code: "rollup-exists" });
    await actions.writeRollup(ganzhou, outcome.consolidation, true);
    expect(book.sheetNames.filter((n) => n.startsWith("汇总"))).toEqual(["汇总表", "汇总明细"]);
  });

  test("导入新模板: a learned template is saved with the workbook and read back by a colleague's pane", async () => {
    const actions = createExcelActions();
    const learned = await actions.learnTemplate(file(pageToDocx(pageGrid(JIANGXI_2023)), "附件2.docx"));
    if (!learned.ok) throw new Error(learned.problems.join("\n"));
    expect(learned).toMatchObject({ format: "docx", table: "表格1", fileName: "附件2.docx" });
    expect(await actions.insertTemplate({ template: learned.template, unit: "东湖区市场监督管理局" })).toEqual({
      sheetName: "统计表",
      stored: true,
    });
    expect(contexts.at(-1)!.syncCount).toBe(2);
    // a built-in is never stored
    expect(await actions.insertTemplate({ template: ganzhou, unit: "" })).toEqual({ sheetName: "统计表 (2)" });

    const colleague = createExcelActions();
    expect(await colleague.readWorkbookTemplates()).toEqual([learned.template]);
    expect(contexts.at(-1)!.syncCount).toBe(2);
    await colleague.selectCell("统计表", "B2");
    const checked = await colleague.validateActiveSheet([...BUILTIN_TEMPLATES, learned.template]);
    expect(checked.templateTitle).toBe(learned.template.title);
  });

  test("outside Excel every action is an AddinError in Chinese", async () => {
    delete (globalThis as Record<string, unknown>).Excel;
    await expect(createExcelActions().listSheets()).rejects.toMatchObject({
      name: "AddinError",
      code: "unsupported",
      message: expect.stringMatching(/Excel/),
    });
  });
});

describe("file-actions (the standalone page)", () => {
  beforeEach(() => (downloadBytes as jest.Mock).mockClear());

  test("下载空白模板: an .xlsx named after the table and unit, holding the unit", async () => {
    const { fileName } = await createFileActions().downloadTemplate({ template: ganzhou, unit: "章贡区市场监督管理局", stage: "中期" });
    expect(fileName).toBe("赣州 2022 网络市场监管专项行动情况统计表（章贡区市场监督管理局）.xlsx");
    const [bytes, name] = (downloadBytes as jest.Mock).mock.calls[0];
    expect(name).toBe(fileName);
    const read = readWorkbook(bytes);
    expect(read.ok && read.workbook.sheets.some((s) => s.rows.flat().includes("章贡区市场监督管理局"))).toBe(true);
  });

  test("a learned template is embedded in the downloaded blank template, and 导出模板 gives it as JSON", async () => {
    const actions = createFileActions();
    const learned = await actions.learnTemplate(file(pageToDocx(pageGrid(JIANGXI_2023)), "附件2.docx"));
    if (!learned.ok) throw new Error(learned.problems.join("\n"));
    await actions.downloadTemplate({ template: learned.template, unit: "" });
    const read = readWorkbook((downloadBytes as jest.Mock).mock.calls[0][0]);
    if (!read.ok) throw new Error("unreadable");
    expect(readMetadata(read.workbook.sheets)?.template).toEqual(learned.template);
    expect(read.workbook.sheets.some((s) => s.sheetName === METADATA_SHEET)).toBe(true);

    const { fileName } = await actions.exportTemplate(learned.template);
    expect(fileName).toBe(`${learned.template.title}（模板）.json`);
    const [bytes, name, mime] = (downloadBytes as jest.Mock).mock.calls[1];
    expect([name, mime]).toEqual([fileName, "application/json"]);
    expect(parseTemplateText(new TextDecoder().decode(bytes))).toEqual({ ok: true, template: learned.template });
  });

  test("导入新模板 of a broken file: problems naming the file", async () => {
    const r = await createFileActions().learnTemplate(file(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), "方案.pdf"));
    expect(r).toEqual({
      ok: false,
      fileName: "方案.pdf",
      problems: ["文件“方案.pdf”是 PDF，无法从中读取表格；请向下发单位索取 Word（.docx）或 Excel（.xlsx）版的附件。"],
    });
  });

  test("校验 and 汇总 picked files, then 下载汇总表", async () => {
    const actions = createFileActions();
    const files = [
      file(await countyBytes("章贡区市场监督管理局", 1), "章贡区.xlsx"),
      file(await countyBytes("南康区市场监督管理局", 2), "南康区.xlsx"),
      file(new Uint8Array([0x3c, 0x68]), "网页.xls"),
    ];
    const checked = await actions.validateFiles(files, BUILTIN_TEMPLATES);
    expect(checked.map((c) => [c.source, c.templateTitle, c.input.report?.valid ?? false])).toEqual([
      ["章贡区.xlsx", ganzhou.title, true],
      ["南康区.xlsx", ganzhou.title, true],
      ["网页.xls", undefined, false],
    ]);
    const { consolidation } = await actions.consolidate({
      template: ganzhou,
      templates: BUILTIN_TEMPLATES,
      files,
      unit: "赣州市市场监督管理局",
      date: "11月26日",
      roster: ["章贡区", "南康区", "大余县"],
    });
    expect(consolidation.accepted).toHaveLength(2);
    expect(consolidation.rejected.map((r) => r.source)).toEqual(["网页.xls"]);
    expect(consolidation.missing).toEqual(["大余县"]);
    const { fileName, warnings } = await actions.downloadRollup(ganzhou, consolidation);
    expect(fileName).toBe("赣州市市场监督管理局汇总表.xlsx");
    expect(warnings).toEqual([]);
    const read = readWorkbook((downloadBytes as jest.Mock).mock.calls[0][0]);
    expect(read.ok && read.workbook.sheets.map((s) => s.sheetName)).toEqual(expect.arrayContaining(["汇总表", "汇总明细", "报送情况"]));

    // a remark longer than a cell holds: the download says which unit's remark was shortened
    const long = "情况说明".repeat(10_000);
    const [first, ...rest] = consolidation.accepted;
    const withLong = {
      ...consolidation,
      accepted: [{ ...first, remarks: { ...first.remarks, cases_total: long } }, ...rest],
      rollup: { ...consolidation.rollup, remarks: { ...consolidation.rollup.remarks, cases_total: `${first.unit}：${long}` } },
    };
    const cut = await actions.downloadRollup(ganzhou, withLong);
    expect(cut.warnings.map((w) => [w.code, w.code === "remark-truncated" ? w.unit : null, w.itemId])).toEqual([
      ["remark-truncated", "章贡区市场监督管理局", "cases_total"],
    ]);
  });
});
