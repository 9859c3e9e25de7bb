/**
 * writeTemplateWorkbook / writeRollupWorkbook: written with ExcelJS, read back with our own reader
 * (values, merges, names → validation) and with ExcelJS (protection, unlocked inputs, validation, print
 * setup), and the sheet XML inspected so text from people never turns into a formula.
 */
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate } from "../../src/core/consolidate";
import { cellsOf, flatten, type Finding } from "../../src/core/findings";
import { fromA1, type CellValue, type Grid } from "../../src/core/grid";
import { layoutTemplate, layoutToGrid, nameForItem, type SheetFill } from "../../src/core/layout";
import { readSubmission } from "../../src/core/read";
import { ROLLUP_SHEETS } from "../../src/core/rollup-layout";
import { validate } from "../../src/core/validate";
import { METADATA_SHEET, readMetadata } from "../../src/core/metadata";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { readWorkbook, type WorkbookRead } from "../../src/files/xlsx-read";
import { NUMBER_FORMAT, writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { itemKind, type Template } from "../../src/templates/schema";
import { filledGrid, ganzhou, liaoning, validValues } from "../support/fixtures";

function read(bytes: Uint8Array): WorkbookRead {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.workbook;
}

async function excel(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

function part(bytes: Uint8Array, name: string): string {
  const files = unzipSync(bytes, { filter: (f) => f.name === name });
  if (!files[name]) throw new Error(`no ${name}`);
  return new TextDecoder().decode(files[name]);
}

function normalized(rows: CellValue[][], width: number, height: number): CellValue[][] {
  return Array.from({ length: height }, (_, r) => Array.from({ length: width }, (_, c) => rows[r]?.[c] ?? null));
}

/** values a county might report: every item, decimals in decimal items, rules kept */
function countyValues(t: Template, base = 1): Record<string, number> {
  const v = validValues(t, base);
  for (const s of t.sections) for (const i of s.items) if (itemKind(i) === "decimal") v[i.id] = base === 1 ? 0.1 : 12.3456;
  return v;
}

const items = (t: Template) => t.sections.flatMap((s) => s.items);

describe.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))("%s", (_id, template) => {
  test("blank: our reader gets back exactly the layout — values, merges, defined names", async () => {
    const bytes = await writeTemplateWorkbook(template);
    const wb = read(bytes);
    expect(wb.sheets.map((s) => [s.sheetName, s.hidden === true])).toEqual([
      ["统计表", false],
      [METADATA_SHEET, true],
    ]);
    const layout = layoutTemplate(template);
    const expected = layoutToGrid(layout);
    const got = wb.sheets[0];
    expect(normalized(got.rows, layout.colCount, layout.rowCount)).toEqual(expected.rows);
    expect(got.merges).toEqual(expect.arrayContaining(expected.merges));
    expect(got.merges).toHaveLength(expected.merges.length);
    expect(got.names).toEqual(layout.names);

    const report = validate(template, readSubmission(got, template));
    expect(report.valid).toBe(false);
    expect(report.stats.found).toBe(items(template).length);
    // every input cell is reported blank: one finding per department of several items, one per cell otherwise
    const isBlank = (f: Finding) => f.code === "blank-value" || f.code === "section-blank";
    const blankCells = report.findings.filter(isBlank).flatMap(cellsOf);
    expect(blankCells.sort()).toEqual(
      items(template)
        .map((i) => layout.names[nameForItem(i.id)])
        .sort(),
    );
    expect(report.findings.filter((f) => f.code === "section-blank")).toHaveLength(
      template.sections.filter((s) => s.items.length > 1).length,
    );
    expect(
      flatten(
        report.findings.filter((f) => !isBlank(f)),
        ["code"],
      ),
    ).toEqual([["missing-unit"], ["missing-date"]]);
  });

  test("filled: validation gives the values, remarks and header written", async () => {
    const values = countyValues(template);
    const firstItem = template.sections[1].items[0].id;
    const fill: SheetFill = {
      header: { unit: "章贡区市场监督管理局", date: "11月20日", stage: "全面", contact: "张三", phone: "0797-8888888" },
      values,
      remarks: { [firstItem]: "含跨区协查 2 件" },
    };
    const a = analyzeWorkbookBytes("章贡区.xlsx", await writeTemplateWorkbook(template, fill), BUILTIN_TEMPLATES);
    expect(a.input.findings).toEqual([]);
    expect(a.match?.template.id).toBe(template.id);
    const report = a.input.report!;
    expect(report.findings).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.values).toEqual(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
    expect(report.remarks).toEqual({ [firstItem]: "含跨区协查 2 件" });
    expect([report.unit, report.date, report.stage]).toEqual(["章贡区市场监督管理局", "11月20日", "全面"]);
    expect(a.metadata).toMatchObject({ kind: "template", templateId: template.id, templateVersion: template.version });
    expect(a.metadata?.template).toEqual(template);
  });

  test("a section marked 不适用 reads as not applicable", async () => {
    const values = countyValues(template);
    const customs = template.sections.find((s) => s.id === "customs")!;
    for (const i of customs.items) delete values[i.id];
    const bytes = await writeTemplateWorkbook(template, { header: { unit: "某县", date: "11月20日" }, values, notApplicable: ["customs"] });
    const report = analyzeWorkbookBytes("某县.xlsx", bytes, BUILTIN_TEMPLATES).input.report!;
    expect(report.valid).toBe(true);
    expect(report.notApplicable).toEqual(["customs"]);
  });

  test("ExcelJS sees a protected form: inputs unlocked and marked, labels locked, validation by kind", async () => {
    const wb = await excel(await writeTemplateWorkbook(template));
    const ws = wb.getWorksheet("统计表")!;
    const protection = (ws as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(protection).toMatchObject({ sheet: true, formatCells: true, formatColumns: true, formatRows: true });
    expect(protection.hashValue).toBeUndefined(); // no password
    expect(protection.selectUnlockedCells).not.toBe(false);

    const layout = layoutTemplate(template);
    for (const c of layout.cells) {
      const cell = ws.getCell(c.row + 1, c.col + 1);
      const input = c.role === "header-input" || c.role === "value-input" || c.role === "remark-input";
      expect([c.role, cell.protection?.locked === false]).toEqual([c.role, input]);
      if (input) {
        expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFF2CC");
        expect(cell.border?.left?.style).toBe("thin");
      }
      if (c.role === "value-input") {
        const kind = c.kind!;
        expect(cell.numFmt).toBe(NUMBER_FORMAT[kind]);
        expect(cell.dataValidation).toMatchObject({
          type: kind === "count" ? "whole" : "decimal",
          operator: "greaterThanOrEqual",
          formulae: [0],
          showErrorMessage: true,
        });
        expect(cell.dataValidation.error).toMatch(/[\u4e00-\u9fff]/);
      }
      if (c.role === "remark-input" || c.role === "header-input") expect(cell.numFmt).toBe("@");
      if (c.role === "item") expect(cell.alignment).toMatchObject({ wrapText: true, vertical: "middle" });
    }
    expect(NUMBER_FORMAT).toEqual({ count: "0", decimal: "0.0###" });
    const stageAt = layout.names.cs_stage;
    expect(ws.getCell(stageAt).dataValidation).toMatchObject({ type: "list", formulae: ['"中期,全面"'] });
    const title = ws.getCell("A1");
    expect(title.font).toMatchObject({ bold: true, size: 16 });
    expect(title.alignment?.horizontal).toBe("center");
  });

  test("ExcelJS sees defined names, merges, widths, A4 print setup and the hidden metadata", async () => {
    const bytes = await writeTemplateWorkbook(template);
    const wb = await excel(bytes);
    const ws = wb.getWorksheet("统计表")!;
    const layout = layoutTemplate(template);
    const names = Object.fromEntries(wb.definedNames.model.map((n: { name: string; ranges: string[] }) => [n.name, n.ranges]));
    for (const [name, at] of Object.entries(layout.names)) {
      expect(names[name]).toEqual([`'统计表'!${at.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2")}`]);
    }
    expect(ws.model.merges.sort()).toEqual(layout.merges.map((m) => `${toA1(m.r1, m.c1)}:${toA1(m.r2, m.c2)}`).sort());
    expect(layout.columnWidths.map((_, i) => ws.getColumn(i + 1).width)).toEqual(layout.columnWidths);
    const header = layout.cells.find((c) => c.role === "column-header")!.row + 1;
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${header}:${header}`,
    });
    for (const r of layout.tallRows) expect(ws.getRow(r + 1).height).toBeGreaterThanOrEqual(36);
    const meta = wb.getWorksheet(METADATA_SHEET)!;
    expect(meta.state).toBe("veryHidden");
    expect(wb.title).toBe(template.title);
    expect(wb.subject).toBe(template.id);
    expect(part(bytes, "xl/workbook.xml")).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;统计表&apos;!$${header}:$${header}</definedName>`,
    );
  });
});

function toA1(r: number, c: number): string {
  return `${String.fromCharCode(65 + c)}${r + 1}`;
}

test("text from people stays text: no formula element, '@' format, read back verbatim", async () => {
  const texts = ['=HYPERLINK("http://x","y")', "+1", "@x", "-2", "=1+1"];
  const ids = items(ganzhou).map((i) => i.id);
  const remarks = Object.fromEntries(texts.map((t, n) => [ids[n], t]));
  const bytes = await writeTemplateWorkbook(ganzhou, {
    header: { unit: '=A1&"县"', date: "11月20日", contact: "-张三" },
    values: validValues(ganzhou),
    remarks,
  });
  const sheet = part(bytes, "xl/worksheets/sheet1.xml");
  expect(sheet).not.toMatch(/<f[\s>]/);
  expect(part(bytes, "xl/sharedStrings.xml")).toContain("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)");

  const a = analyzeWorkbookBytes("x.xlsx", bytes, BUILTIN_TEMPLATES);
  expect(a.input.report!.remarks).toEqual(remarks);
  expect(a.input.report!.unit).toBe('=A1&"县"');

  const ws = (await excel(bytes)).getWorksheet("统计表")!;
  const layout = layoutTemplate(ganzhou);
  for (const [id, text] of Object.entries(remarks)) {
    const at = fromA1(layout.names[nameForItem(id)])!;
    const cell = ws.getCell(at.row + 1, at.col + 2);
    expect([cell.value, cell.type, cell.numFmt]).toEqual([text, ExcelJS.ValueType.String, "@"]);
  }
});

test("the roll-up: 汇总表 is itself a valid submission, 汇总明细 has SUM formulas with cached values", async () => {
  const inputs = [
    { unit: "章贡区市场监督管理局", values: { ...validValues(ganzhou, 1), cases_fines: 0.1, cyber_info: 0.1 } },
    { unit: "南康区市场监督管理局", values: { ...validValues(ganzhou, 5), cases_fines: 0.2, cyber_info: 0.2 } },
  ].map(
    ({ unit, values }) =>
      analyzeSheets(
        `${unit}.xlsx`,
        [filledGrid(ganzhou, { header: { unit, date: "11月20日" }, values, remarks: { police_info: '=HYPERLINK("http://x","y")' } })],
        BUILTIN_TEMPLATES,
      ).input,
  );
  const c = consolidate({
    template: ganzhou,
    inputs,
    unit: "赣州市市场监督管理局",
    date: "11月26日",
    stage: "全面",
    roster: ["章贡区", "南康区", "于都县"],
  });
  expect(c.totals.cases_fines).toBe("0.3");
  const bytes = await writeRollupWorkbook(ganzhou, c);

  const wb = read(bytes);
  expect(wb.sheets.map((s) => [s.sheetName, s.hidden === true])).toEqual([
    [ROLLUP_SHEETS.rollup, false],
    [ROLLUP_SHEETS.detail, false],
    [ROLLUP_SHEETS.status, false],
    [METADATA_SHEET, true],
  ]);
  expect(readMetadata(wb.sheets)).toMatchObject({ kind: "rollup", templateId: ganzhou.id, unit: "赣州市市场监督管理局" });

  // one level up, the roll-up is a submission like any other; the detail sheet is not taken for a second table
  const a = analyzeWorkbookBytes("赣州市.xlsx", bytes, BUILTIN_TEMPLATES);
  expect(a.input.findings).toEqual([]);
  const report = a.input.report!;
  expect(report.valid).toBe(true);
  expect(report.values).toEqual(c.totals);
  expect([report.unit, report.date, report.stage]).toEqual(["赣州市市场监督管理局", "11月26日", "全面"]);
  expect(report.remarks.police_info).toBe(
    '章贡区市场监督管理局：=HYPERLINK("http://x","y")；南康区市场监督管理局：=HYPERLINK("http://x","y")',
  );

  // formulas with cached values in the detail sheet, text everywhere else
  const detailXml = part(bytes, "xl/worksheets/sheet2.xml");
  expect(detailXml).toMatch(/<c r="D2"[^>]*><f>SUM\(E2:F2\)<\/f><v>/);
  expect(part(bytes, "xl/worksheets/sheet1.xml")).not.toMatch(/<f[\s>]/);
  expect(part(bytes, "xl/worksheets/sheet3.xml")).not.toMatch(/<f[\s>]/);
  const detail = wb.sheets[1];
  const finesRow = detail.rows.findIndex((r) => r[1] === "罚没款");
  expect(detail.rows[finesRow].slice(2, 6)).toEqual(["万元", 0.3, 0.1, 0.2]);
  expect(detail.rows[0]).toEqual(["部门", "项目", "单位", "合计", "章贡区", "南康区"]);

  const ex = await excel(bytes);
  const d = ex.getWorksheet(ROLLUP_SHEETS.detail)!;
  expect(d.getCell(`D${finesRow + 1}`).value).toEqual({ formula: `SUM(E${finesRow + 1}:F${finesRow + 1})`, result: 0.3 });
  const status = wb.sheets[2].rows.map((r) => [r[0], r[1]]);
  expect(status).toEqual([
    ["状态", "填报单位"],
    ["已汇总", "章贡区市场监督管理局"],
    ["已汇总", "南康区市场监督管理局"],
    ["未报送", "于都县"],
  ]);
});

test("a learned template travels inside its workbook and is recognised from there", async () => {
  const rename = (id: string) => `y24_${id}`;
  const learned: Template = {
    ...ganzhou,
    id: "learned-county-2024",
    title: "某市 2024 促发展保安全专项行动情况统计表",
    sections: ganzhou.sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, id: rename(i.id), label: `${i.label}（2024）` })) })),
    rules: ganzhou.rules.map((r) =>
      r.kind === "partition"
        ? { ...r, total: rename(r.total), parts: r.parts.map(rename) }
        : { ...r, item: rename(r.item), limit: rename(r.limit) },
    ),
  };
  const bytes = await writeTemplateWorkbook(learned, { header: { unit: "某县", date: "5月6日" }, values: validValues(learned) });
  const a = analyzeWorkbookBytes("某县.xlsx", bytes, BUILTIN_TEMPLATES);
  expect(a.match?.template.id).toBe("learned-county-2024");
  expect(a.input.report?.valid).toBe(true);
  const off = analyzeWorkbookBytes("某县.xlsx", bytes, BUILTIN_TEMPLATES, undefined, { useEmbeddedTemplate: false });
  expect(flatten(off.input.findings, ["code"])).toEqual([["not-a-statistics-table"]]);
});

test("on a tie, the template the workbook names wins (a new edition may keep the item ids)", async () => {
  const edition: Template = { ...ganzhou, id: "ganzhou-2023", title: "赣州 2023 促发展保安全专项行动情况统计表" };
  const bytes = await writeTemplateWorkbook(edition, { header: { unit: "某县", date: "5月6日" }, values: validValues(edition) });
  expect(analyzeWorkbookBytes("某县.xlsx", bytes, [...BUILTIN_TEMPLATES, edition]).match?.template.id).toBe("ganzhou-2023");
  expect(
    analyzeWorkbookBytes(
      "某县.xlsx",
      await writeTemplateWorkbook(ganzhou, { header: { unit: "某县", date: "5月6日" }, values: validValues(ganzhou) }),
      [edition, ...BUILTIN_TEMPLATES],
    ).match?.template.id,
  ).toBe("ganzhou-2022");
});

test("grids of a written workbook match the core's own grid for a filled table", async () => {
  const fill: SheetFill = { header: { unit: "会昌县", date: "11月20日" }, values: validValues(liaoning) };
  const got: Grid = read(await writeTemplateWorkbook(liaoning, fill, { sheetName: "县级统计表" })).sheets[0];
  const expected = filledGrid(liaoning, fill);
  expect(got.sheetName).toBe("县级统计表");
  expect(normalized(got.rows, 4, expected.rows.length)).toEqual(expected.rows);
  expect(got.names).toEqual(expected.names);
});

test("a partial roll-up, 说明 line and all, is still a valid submission for the level above", async () => {
  const county = (unit: string, n: number) =>
    analyzeSheets(
      `${unit}.xlsx`,
      [filledGrid(ganzhou, { header: { unit, date: "11月20日" }, values: validValues(ganzhou, n) })],
      BUILTIN_TEMPLATES,
    ).input;
  const c = consolidate({
    template: ganzhou,
    inputs: [county("章贡区", 1), county("南康区", 2)],
    roster: ["章贡区", "南康区", "瑞金市"],
    unit: "赣州市市场监督管理局",
    date: "11月26日",
  });
  expect(c.partial).toBe(true);
  const upward = analyzeWorkbookBytes("赣州市.xlsx", await writeRollupWorkbook(ganzhou, c), BUILTIN_TEMPLATES).input;
  expect(upward.findings.filter((f) => f.severity === "error")).toEqual([]);
  expect(upward.report?.valid).toBe(true);
  expect(upward.report?.values).toEqual(c.totals);
});
