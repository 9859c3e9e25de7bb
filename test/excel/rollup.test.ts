import {
  writeRollup,
  planRecovery,
  namesAfter,
  tempName,
  oldName,
  tempOf,
  oldOf,
  chartItem,
  rollupChartPlans,
  chartHeight,
  listSheets,
  AddinError,
  tablePlan,
} from "../../src/excel";
import { EXCEL_CELL_MAX, rollupSheets } from "../../src/core/cell-text";
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate, type Consolidation, type ReceivedInput } from "../../src/core/consolidate";
import { layoutTemplate } from "../../src/core/layout";
import { ROLLUP_SHEETS } from "../../src/core/rollup-layout";
import { METADATA_SHEET } from "../../src/core/metadata";
import { GANZHOU_COUNTIES, filledGrid, filledInput, ganzhou, liaoning, validValues } from "../support/fixtures";
import { beyondOf } from "../../src/taskpane/previous-reports";

// the pane's own 对比 and 汇总说明 (beyondOf); its lazy chunks are plain modules here
jest.mock("../../src/taskpane/lazy", () => ({ loadPrevious: () => Promise.resolve(jest.requireActual("../../src/files/previous")) }));
import { readPreviousReport } from "../../src/files/previous";
import { writeRollupWorkbook } from "../../src/files/xlsx-write";
import { readWorkbook } from "../../src/files/xlsx-read";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ALL_APIS, BookModel, FakeContext, upTo, WEB_REQUEST_LIMIT, type SheetModel } from "./fake-excel";
import { ROLLUP_TEXT } from "../../src/messages/zh-CN";

const COUNTIES = GANZHOU_COUNTIES;

function county(unit: string, source: string, base: number, remark?: string): ReceivedInput {
  const grid = filledGrid(ganzhou, {
    header: { unit, date: "11月20日", stage: "全面" },
    values: validValues(ganzhou, base),
    ...(remark ? { remarks: { police_cases: remark } } : {}),
  });
  return analyzeSheets(source, [grid], [ganzhou], { wanted: ganzhou }).input;
}

function consolidation(n: number): Consolidation {
  const inputs = COUNTIES.slice(0, n).map((u, i) =>
    county(
      `${u}市场监督管理局`,
      i === 0 ? "=HYPERLINK(1).xlsx" : `${u}.xlsx`,
      i + 1,
      i === 0 ? '=HYPERLINK("http://a.gov.cn")' : undefined,
    ),
  );
  return consolidate({
    template: ganzhou,
    inputs,
    unit: "赣州市市场监督管理局",
    date: "11月26日",
    stage: "全面",
    roster: [...COUNTIES.slice(0, n), "缺报县"],
  });
}

function userWorkbook(): BookModel {
  const book = new BookModel();
  book.addSheet("市本级").fill([["我的表", 1, 2]]);
  book.addSheet("说明").fill([["别动"]]);
  return book;
}

const snapshot = (s: SheetModel) => JSON.stringify({ name: s.name, cells: [...s.cells], merges: s.merges, cfs: s.cfs, vis: s.visibility });

describe.each([1, 20])("with %i file(s)", (n) => {
  test("writes 汇总表, 汇总明细 and 报送情况 in three syncs", async () => {
    const book = userWorkbook();
    const before = book.sheets.map(snapshot);
    const c = consolidation(n);
    expect(c.accepted).toHaveLength(n);
    const ctx = new FakeContext(book);
    const result = await writeRollup(ctx.asContext(), ganzhou, c, { replace: false, isSetSupported: ALL_APIS });
    expect(ctx.syncCount).toBe(3);
    expect(result).toEqual({ sheets: ["汇总表", "汇总明细", "报送情况"], replaced: false, chart: true });
    expect(book.sheetNames).toEqual(["汇总表", "汇总明细", "报送情况", "市本级", "说明", METADATA_SHEET]);
    expect(book.sheets.slice(0, 3).map((s) => s.visibility)).toEqual(["Visible", "Visible", "Visible"]);
    expect(book.active?.name).toBe("汇总表");
    // the user's sheets untouched
    expect([book.sheet("市本级"), book.sheet("说明")].map(snapshot)).toEqual(before);

    // 汇总表: the template's layout with the totals, formatted and named like an inserted table
    const rollup = book.sheet("汇总表");
    const layout = layoutTemplate(ganzhou, c.rollup);
    for (const cell of layout.cells) expect(rollup.cell(cell.row, cell.col).value).toBe(cell.value ?? "");
    expect(rollup.value(layout.names.cs_unit)).toBe("赣州市市场监督管理局");
    expect(rollup.value(layout.names.cs_cases_total)).toBe(Number(c.totals.cases_total));
    expect(rollup.names.get("cs_cases_total")).toBe(layout.names.cs_cases_total);
    expect(rollup.protection.protected).toBe(true);

    // 汇总明细: SUM formulas as formulas, text as text
    const detail = book.sheet("汇总明细");
    const last = String.fromCharCode(68 + n);
    const span = (r: number) => (n === 1 ? `E${r}` : `E${r}:${last}${r}`);
    expect(detail.peek("D2")!.formula).toBe(`=SUM(E2:${last}2)`);
    expect(detail.peek("D2")!.value).toBe(""); // not calculated by the fake: the formula is what was written
    expect(detail.value("E1")).toBe("章贡区"); // place names as headers; full names in 报送情况
    expect(detail.freeze).toEqual({ at: "A1:D1" });
    const sourceRow = [...detail.cells].find(([, cell]) => cell.value === "来源文件")![0].split(",")[0];
    const firstSource = detail.cell(Number(sourceRow), 4);
    expect(firstSource).toMatchObject({ value: "=HYPERLINK(1).xlsx", numberFormat: "@" });
    expect(firstSource.formula).toBeUndefined();

    // bar charts of the units' case totals and fines, from the unit columns, place names as categories
    const rowOf = (id: string) => 1 + ganzhou.sections.flatMap((s) => s.items).findIndex((i) => i.id === id) + 1;
    const bars = {
      type: "BarClustered",
      seriesBy: "Rows",
      categories: span(1),
      legendVisible: false,
      showValue: true,
      categoryAxisTitle: "填报单位",
      reversePlotOrder: true,
      categoryAxisPosition: "Maximum",
    };
    expect(detail.charts).toEqual([
      expect.objectContaining({
        ...bars,
        source: span(rowOf("cases_total")),
        name: "各单位查处网络违法案件（件）",
        title: "各单位查处网络违法案件（件）",
        valueAxisTitle: "查处网络违法案件（件）",
        seriesName: "查处网络违法案件（件）",
      }),
      expect.objectContaining({
        ...bars,
        source: span(rowOf("cases_fines")),
        name: "各单位罚没款（万元）",
        title: "各单位罚没款（万元）",
        valueAxisTitle: "罚没款（万元）",
        seriesName: "罚没款（万元）",
      }),
    ]);
    // under the table (and its 来源文件 row), one below the other, within the frozen columns A–D
    const detailRows = rollupSheets(ganzhou, c, ROLLUP_TEXT).detail.rows.length;
    const [first, second] = detail.charts;
    expect(first.position).toEqual([`A${detailRows + 2}`, undefined]);
    const secondRow = Number(second.position![0].slice(1));
    expect((secondRow - detailRows - 2) * 13.5).toBeGreaterThanOrEqual(first.height!);
    expect(first.height).toBe(chartHeight(n));
    expect(first.width).toBeLessThanOrEqual([...detail.columnWidths].filter(([col]) => col < 4).reduce((a, [, w]) => a + w, 0));

    // 报送情况: accepted and missing units
    const status = book.sheet("报送情况");
    const statusValues = [...status.cells.values()].map((x) => x.value);
    expect(statusValues).toContain("未报送");
    expect(statusValues).toContain("缺报县");
    expect(statusValues.filter((v) => v === "已汇总")).toHaveLength(n);
    expect(status.rowHeights.get(1)).toBe(-1); // fitted to the wrapped messages

    // the metadata sheet says: a roll-up
    const meta = book.sheet(METADATA_SHEET);
    expect(meta.visibility).toBe("VeryHidden");
    expect([...meta.cells.values()].map((x) => x.value)).toEqual(
      expect.arrayContaining(["kind", "rollup", "unit", "赣州市市场监督管理局"]),
    );
  });
});

test("a remark from a county starting with = stays text in the roll-up", async () => {
  const book = userWorkbook();
  const c = consolidate({ template: ganzhou, inputs: [county("甲", "a.xlsx", 1, "=1+1")], unit: "市", date: "11月26日" });
  // the roll-up remark is "甲：=1+1"; make it start with "=" to be sure nothing is interpreted
  c.rollup.remarks = { police_cases: '=HYPERLINK("http://a")' };
  await writeRollup(new FakeContext(book).asContext(), ganzhou, c, { replace: false, isSetSupported: ALL_APIS });
  const address = layoutTemplate(ganzhou).names.cs_police_cases.replace("C", "D");
  expect(book.sheet("汇总表").peek(address)).toMatchObject({ value: '=HYPERLINK("http://a")', numberFormat: "@" });
  expect(book.sheet("汇总表").peek(address)!.formula).toBeUndefined();
});

describe("a previous roll-up", () => {
  async function withPrevious(): Promise<BookModel> {
    const book = userWorkbook();
    await writeRollup(new FakeContext(book).asContext(), ganzhou, consolidation(2), { replace: false, isSetSupported: ALL_APIS });
    return book;
  }

  test("is not replaced without asking: rollup-exists after one sync, nothing changed", async () => {
    const book = await withPrevious();
    const before = book.sheets.map(snapshot);
    const ctx = new FakeContext(book);
    const error = await writeRollup(ctx.asContext(), ganzhou, consolidation(3), { replace: false, isSetSupported: ALL_APIS }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AddinError);
    expect(error.code).toBe("rollup-exists");
    expect(error.message).toMatch(/“汇总表”、“汇总明细”、“报送情况”/);
    expect(ctx.syncCount).toBe(1);
    expect(book.sheets.map(snapshot)).toEqual(before);
  });

  test("is replaced with replace: true, in three syncs; the user's sheets untouched", async () => {
    const book = await withPrevious();
    const user = [book.sheet("市本级"), book.sheet("说明")].map(snapshot);
    const ctx = new FakeContext(book);
    const result = await writeRollup(ctx.asContext(), ganzhou, consolidation(3), { replace: true, isSetSupported: ALL_APIS });
    expect(ctx.syncCount).toBe(3);
    expect(result.replaced).toBe(true);
    expect(book.sheetNames).toEqual(["汇总表", "汇总明细", "报送情况", "市本级", "说明", METADATA_SHEET]);
    expect(book.sheet("汇总明细").value("G1")).toBe("赣县区");
    expect([book.sheet("市本级"), book.sheet("说明")].map(snapshot)).toEqual(user);
  });

  test("a failure while building leaves no new sheet and the old roll-up intact", async () => {
    const book = await withPrevious();
    const before = book.sheets.map(snapshot);
    const ctx = new FakeContext(book);
    ctx.failWhen((d) => d.includes("_cs_new_汇总明细") && d.includes("values="), "GeneralException", "出错了");
    const error = await writeRollup(ctx.asContext(), ganzhou, consolidation(3), { replace: true, isSetSupported: ALL_APIS }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: "AddinError", code: "general", detail: "出错了" });
    expect(book.sheets.map(snapshot)).toEqual(before);
  });

  test("a protected workbook structure: AddinError in Chinese, nothing added, the old roll-up intact", async () => {
    const book = await withPrevious();
    const before = book.sheets.map(snapshot);
    const ctx = new FakeContext(book);
    ctx.failWhen(`Worksheets.add(${tempName("rollup")})`, "AccessDenied");
    const error = await writeRollup(ctx.asContext(), ganzhou, consolidation(3), { replace: true, isSetSupported: ALL_APIS }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: "AddinError", code: "structure-protected", message: expect.stringMatching(/保护工作簿/) });
    expect(book.sheets.map(snapshot)).toEqual(before);
  });

  test("a failure while swapping rolls back to the old roll-up", async () => {
    const book = await withPrevious();
    const before = book.sheets.map(snapshot);
    const ctx = new FakeContext(book);
    ctx.failWhen(`${tempName("detail")}.name=汇总明细`, "GeneralException");
    await expect(
      writeRollup(ctx.asContext(), ganzhou, consolidation(3), { replace: true, isSetSupported: ALL_APIS }),
    ).rejects.toBeInstanceOf(AddinError);
    expect(book.sheetNames).toEqual(["汇总表", "汇总明细", "报送情况", "市本级", "说明", METADATA_SHEET]);
    expect(book.sheets.map(snapshot)).toEqual(before);
  });

  test("a failure after the new sheets are in place finishes the swap", async () => {
    const book = await withPrevious();
    const ctx = new FakeContext(book);
    ctx.failWhen(`getItem(${oldName("status")})`, "GeneralException", "x", { sync: 3 });
    await expect(
      writeRollup(ctx.asContext(), ganzhou, consolidation(3), { replace: true, isSetSupported: ALL_APIS }),
    ).rejects.toBeInstanceOf(AddinError);
    expect(book.sheetNames.filter((n) => n.startsWith("_cs_"))).toEqual([]);
    expect(book.sheetNames.slice(0, 3)).toEqual(["汇总表", "汇总明细", "报送情况"]);
    expect(book.sheet("汇总明细").value("G1")).toBe("赣县区");
  });

  test("leftovers of an interrupted run are repaired before writing", async () => {
    const book = await withPrevious();
    // an earlier run died during the swap: 汇总表 renamed away, its new sheet still temporary
    book.sheet("汇总表").name = oldName("rollup");
    book.addSheet(tempName("rollup")).visibility = "Hidden";
    const ctx = new FakeContext(book);
    await writeRollup(ctx.asContext(), ganzhou, consolidation(1), { replace: true, isSetSupported: ALL_APIS });
    expect(ctx.syncCount).toBe(3);
    expect(book.sheetNames).toEqual(["汇总表", "汇总明细", "报送情况", "市本级", "说明", METADATA_SHEET]);
  });
});

describe("requirement sets", () => {
  test("ExcelApi 1.6: the charts without unit names under them, bottom-up, no freeze panes", async () => {
    const book = userWorkbook();
    await writeRollup(new FakeContext(book).asContext(), ganzhou, consolidation(2), { replace: false, isSetSupported: upTo("1.6") });
    const detail = book.sheet("汇总明细");
    expect(detail.charts).toHaveLength(2);
    for (const chart of detail.charts) {
      expect(chart).toMatchObject({ type: "BarClustered", title: expect.stringMatching(/^各单位/) });
      expect(chart.categories).toBeUndefined();
      expect(chart.reversePlotOrder).toBeUndefined();
    }
    expect(detail.freeze).toBeUndefined();
    expect(book.sheet("汇总表").validations).toEqual([]);
  });

  test("ExcelApi 1.7 (Office 2019): place names top-down; the value axis's position (1.8) left to Excel", async () => {
    const book = userWorkbook();
    await writeRollup(new FakeContext(book).asContext(), ganzhou, consolidation(2), { replace: false, isSetSupported: upTo("1.7") });
    const charts = book.sheet("汇总明细").charts;
    expect(charts.map((ch) => [ch.categories, ch.reversePlotOrder, ch.categoryAxisPosition])).toEqual([
      ["E1:F1", true, undefined],
      ["E1:F1", true, undefined],
    ]);
  });

  test("without charts (no ExcelApi at all reported): no chart, still three syncs", async () => {
    const book = userWorkbook();
    const ctx = new FakeContext(book);
    const result = await writeRollup(ctx.asContext(), ganzhou, consolidation(2), { replace: false, isSetSupported: () => false });
    expect(result.chart).toBe(false);
    expect(ctx.syncCount).toBe(3);
    expect(book.sheet("汇总明细").charts).toEqual([]);
  });

  test("nothing accepted: the sheets are written, no chart", async () => {
    const book = userWorkbook();
    const c = consolidate({ template: ganzhou, inputs: [], unit: "市", date: "11月26日", roster: ["甲县"] });
    const result = await writeRollup(new FakeContext(book).asContext(), ganzhou, c, { replace: false, isSetSupported: ALL_APIS });
    expect(result.chart).toBe(false);
  });
});

describe("planRecovery", () => {
  const finals = Object.values(ROLLUP_SHEETS);
  test("nothing to do in a clean workbook", () => {
    expect(planRecovery(["Sheet1", ...finals], "leftover")).toEqual([]);
  });
  test("building failed: drop the temporaries only", () => {
    expect(planRecovery(["汇总表", tempName("rollup"), tempName("detail")], 2)).toEqual([
      { op: "delete", sheet: tempName("rollup") },
      { op: "delete", sheet: tempName("detail") },
    ]);
  });
  test("swap half done: back to the old sheets", () => {
    const names = [oldName("rollup"), oldName("detail"), "汇总表", tempName("detail"), tempName("status"), "报送情况"];
    const ops = planRecovery(names, 3);
    expect(ops).toEqual([
      { op: "delete", sheet: "汇总表" },
      { op: "delete", sheet: tempName("detail") },
      { op: "delete", sheet: tempName("status") },
      { op: "rename", from: oldName("rollup"), to: "汇总表" },
      { op: "rename", from: oldName("detail"), to: "汇总明细" },
    ]);
    expect(namesAfter(names, ops).sort()).toEqual(["报送情况", "汇总明细", "汇总表"].sort());
  });
  test("swap done but old sheets left: delete them", () => {
    expect(planRecovery([...finals, oldName("status")], "leftover")).toEqual([{ op: "delete", sheet: oldName("status") }]);
  });
});

test("the charts follow the roll-up: replaced with it, never a second copy, and sized to its units", async () => {
  const book = userWorkbook();
  await writeRollup(new FakeContext(book).asContext(), ganzhou, consolidation(20), { replace: false, isSetSupported: ALL_APIS });
  await writeRollup(new FakeContext(book).asContext(), ganzhou, consolidation(3), { replace: true, isSetSupported: ALL_APIS });
  const charts = book.sheets.flatMap((s) => s.charts.map((ch) => ({ sheet: s.name, ...ch })));
  expect(charts.map((ch) => [ch.sheet, ch.name, ch.source, ch.categories, ch.height])).toEqual([
    ["汇总明细", "各单位查处网络违法案件（件）", expect.stringMatching(/^E\d+:G\d+$/), "E1:G1", chartHeight(3)],
    ["汇总明细", "各单位罚没款（万元）", expect.stringMatching(/^E\d+:G\d+$/), "E1:G1", chartHeight(3)],
  ]);
});

test("chart plans: none without units; only the items the template has; heights within bounds", () => {
  const none = consolidate({ template: ganzhou, inputs: [], unit: "市", date: "11月26日" });
  expect(rollupChartPlans(ganzhou, none, rollupSheets(ganzhou, none, ROLLUP_TEXT).detail)).toEqual([]);
  const casesOnly = { ...ganzhou, sections: ganzhou.sections.map((s) => ({ ...s, items: s.items.filter((i) => i.id !== "cases_fines") })) };
  const c = consolidate({
    template: casesOnly,
    inputs: [
      analyzeSheets(
        "甲.xlsx",
        [
          filledGrid(casesOnly, {
            header: { unit: "甲县市场监督管理局", date: "11月20日", stage: "全面" },
            values: validValues(casesOnly, 1),
          }),
        ],
        [casesOnly],
        { wanted: casesOnly },
      ).input,
    ],
    unit: "市",
    date: "11月26日",
  });
  expect(c.accepted).toHaveLength(1);
  expect(rollupChartPlans(casesOnly, c, rollupSheets(casesOnly, c, ROLLUP_TEXT).detail).map((p) => p.itemId)).toEqual(["cases_total"]);
  expect([chartHeight(1), chartHeight(20), chartHeight(3000)]).toEqual([220, 450, 1600]);
});

test("the charted item: cases_total, else the first partition total", () => {
  expect(chartItem(ganzhou)).toBe("cases_total");
  expect(chartItem(liaoning)).toBe("cases_total");
  expect(
    chartItem({
      ...ganzhou,
      sections: [
        {
          id: "s",
          name: "s",
          items: [
            { id: "t", label: "合计", unit: "件" },
            { id: "p", label: "甲", unit: "件" },
          ],
        },
      ],
      rules: [{ kind: "partition", id: "r", total: "t", parts: ["p"] }],
    }),
  ).toBe("t");
  expect(
    chartItem({ ...ganzhou, sections: [{ id: "s", name: "s", items: [{ id: "t", label: "合计", unit: "件" }] }], rules: [] }),
  ).toBeUndefined();
});

test("a roll-up too large for one request is written in several, each under the web's limit, with the same content", async () => {
  const remark = "备".repeat(EXCEL_CELL_MAX);
  const inputs = Array.from({ length: 60 }, (_, i) => county(`第${i + 1}县市场监督管理局`, `第${i + 1}县.xlsx`, (i % 5) + 1, remark));
  const c = consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日", stage: "全面" });
  const book = userWorkbook();
  const ctx = new FakeContext(book);
  await writeRollup(ctx.asContext(), ganzhou, c, { replace: false, isSetSupported: ALL_APIS });
  expect(ctx.syncCount).toBeGreaterThan(3);
  for (const b of ctx.requestBytes) expect(b).toBeLessThan(WEB_REQUEST_LIMIT);
  // every cell of 报送情况 as planned, whatever batch wrote it
  const planned = tablePlan(rollupSheets(ganzhou, c, ROLLUP_TEXT).status);
  const status = book.sheet("报送情况");
  planned.values.forEach((row, r) => row.forEach((v, col) => expect(status.cell(r, col).value).toBe(v)));
  expect(status.protection.protected).toBe(planned.protect);
});

describe("对比 and 汇总说明 (issue 15's sheets beyond the sum)", () => {
  // last year's roll-up of another template, written and read back as a file: the comparison has matched and unmatched items
  async function beyond(c: Consolidation) {
    const inputs = ["章贡区", "南康区"].map((u, i) =>
      filledInput(
        liaoning,
        { header: { unit: `${u}市场监督管理局`, date: "11月20日", stage: "全面" }, values: validValues(liaoning, i + 3) },
        `${u}.xlsx`,
      ),
    );
    const lastYear = consolidate({ template: liaoning, inputs, unit: "赣州市市场监督管理局", date: "11月26日", stage: "全面" });
    const report = readPreviousReport("去年汇总.xlsx", await writeRollupWorkbook(liaoning, lastYear), BUILTIN_TEMPLATES).report!;
    return beyondOf(ganzhou, c, [report]);
  }

  /** a sheet's values as a grid of rows, trailing blanks dropped, as our reader gives a file's sheet */
  function rowsOf(s: SheetModel): unknown[][] {
    const used = s.usedRange();
    return Array.from({ length: used.r2 + 1 }, (_, r) => {
      const row = Array.from({ length: used.c2 + 1 }, (_, col) => s.peek(`${String.fromCharCode(65 + col)}${r + 1}`)?.value ?? "");
      while (row.length && row.at(-1) === "") row.pop();
      return row;
    });
  }

  test("written with the other sheets in three syncs, after 报送情况, with the file writer's cells", async () => {
    const after = await beyond(consolidation(3));
    const book = userWorkbook();
    const ctx = new FakeContext(book);
    const result = await writeRollup(ctx.asContext(), ganzhou, after.consolidation, {
      replace: false,
      isSetSupported: ALL_APIS,
      extraSheets: after.beyond.extraSheets,
    });
    expect(ctx.syncCount).toBe(3);
    expect(result.sheets).toEqual(["汇总表", "汇总明细", "报送情况", "对比", "汇总说明"]);
    expect(book.sheetNames).toEqual(["汇总表", "汇总明细", "报送情况", "对比", "汇总说明", "市本级", "说明", METADATA_SHEET]);
    expect(book.sheets.slice(0, 5).map((s) => s.visibility)).toEqual(Array(5).fill("Visible"));

    // the same cells as the roll-up file the web page and the CLI write, read back by our reader
    const file = await writeRollupWorkbook(ganzhou, after.consolidation, { extraSheets: after.beyond.extraSheets });
    const read = readWorkbook(file);
    if (!read.ok) throw new Error("unreadable");
    for (const name of ["对比", "汇总说明"]) {
      const fromFile = read.workbook.sheets.find((g) => g.sheetName === name)!.rows.map((r) => r.map((v) => v ?? ""));
      for (const r of fromFile) while (r.length && r.at(-1) === "") r.pop();
      expect(rowsOf(book.sheet(name))).toEqual(fromFile);
    }
    const comparison = book.sheet("对比");
    expect(comparison.value("A1")).toBe("部门");
    expect(rowsOf(comparison).some((r) => /未对应到本表的项目/.test(String(r[0])))).toBe(true);
    expect(book.sheet("汇总说明").value("A2")).toBe(after.beyond.paragraph);

    // the look: header row bold and frozen; only the wrapped columns wrap (a long title row runs on to the right)
    expect(comparison.cell(0, 0)).toMatchObject({ bold: true, wrap: true });
    expect(comparison.freeze).toEqual({ rows: 1 });
    expect(comparison.cell(1, 0).wrap).toBe(false);
    expect(comparison.cell(1, 1).wrap).toBe(true);
    expect(comparison.cell(1, 7).wrap).toBe(true);
    expect(book.sheet("汇总说明").cell(1, 0).wrap).toBe(true);
    expect(book.sheet("汇总说明").rowHeights.get(1)).toBe(-1); // fitted to the paragraph
    // text stays text: a number from the comparison is a number, a label is formatted "@"
    expect(comparison.cell(1, 1).numberFormat).toBe("@");
    expect(typeof comparison.value("D2")).toBe("number");
    // not offered as the city's own table (市本级) next time
    expect((await listSheets(new FakeContext(book).asContext())).map((x) => x.name)).toEqual(["市本级", "说明"]);
  });

  test("a later roll-up replaces them, and one without earlier reports leaves no stale 对比 behind", async () => {
    const book = userWorkbook();
    const user = [book.sheet("市本级"), book.sheet("说明")].map(snapshot);
    const first = await beyond(consolidation(3));
    await writeRollup(new FakeContext(book).asContext(), ganzhou, first.consolidation, {
      replace: false,
      isSetSupported: ALL_APIS,
      extraSheets: first.beyond.extraSheets,
    });

    // asked first, naming every sheet to be replaced
    const c = consolidation(2);
    const plain = beyondOf(ganzhou, c, []);
    const error = await writeRollup(new FakeContext(book).asContext(), ganzhou, plain.consolidation, {
      replace: false,
      isSetSupported: ALL_APIS,
      extraSheets: plain.beyond.extraSheets,
    }).catch((e) => e);
    expect(error).toMatchObject({
      code: "rollup-exists",
      message: expect.stringContaining("“汇总表”、“汇总明细”、“报送情况”、“对比”、“汇总说明”"),
    });

    const result = await writeRollup(new FakeContext(book).asContext(), ganzhou, plain.consolidation, {
      replace: true,
      isSetSupported: ALL_APIS,
      extraSheets: plain.beyond.extraSheets,
    });
    expect(result).toMatchObject({ replaced: true, sheets: ["汇总表", "汇总明细", "报送情况", "汇总说明"] });
    expect(book.sheetNames).toEqual(["汇总表", "汇总明细", "报送情况", "汇总说明", "市本级", "说明", METADATA_SHEET]);
    expect(book.sheet("汇总说明").value("A2")).toBe(plain.beyond.paragraph);
    expect([book.sheet("市本级"), book.sheet("说明")].map(snapshot)).toEqual(user);

    // and a plain roll-up (no extra sheets at all) replaces 汇总说明 too
    await writeRollup(new FakeContext(book).asContext(), ganzhou, c, { replace: true, isSetSupported: ALL_APIS });
    expect(book.sheetNames).toEqual(["汇总表", "汇总明细", "报送情况", "市本级", "说明", METADATA_SHEET]);
  });

  test("a failure while building 对比 leaves the previous roll-up and its sheets exactly as they were", async () => {
    const book = userWorkbook();
    const first = await beyond(consolidation(3));
    await writeRollup(new FakeContext(book).asContext(), ganzhou, first.consolidation, {
      replace: false,
      isSetSupported: ALL_APIS,
      extraSheets: first.beyond.extraSheets,
    });
    const before = book.sheets.map(snapshot);
    const again = await beyond(consolidation(4));
    const ctx = new FakeContext(book);
    ctx.failWhen((d) => d.includes(tempOf("对比")) && d.includes("values="), "GeneralException");
    await expect(
      writeRollup(ctx.asContext(), ganzhou, again.consolidation, {
        replace: true,
        isSetSupported: ALL_APIS,
        extraSheets: again.beyond.extraSheets,
      }),
    ).rejects.toBeInstanceOf(AddinError);
    expect(book.sheets.map(snapshot)).toEqual(before);
  });

  test("a failure while swapping them in rolls everything back", async () => {
    const book = userWorkbook();
    const first = await beyond(consolidation(3));
    await writeRollup(new FakeContext(book).asContext(), ganzhou, first.consolidation, {
      replace: false,
      isSetSupported: ALL_APIS,
      extraSheets: first.beyond.extraSheets,
    });
    const before = book.sheets.map(snapshot);
    const again = await beyond(consolidation(4));
    const ctx = new FakeContext(book);
    ctx.failWhen(`${tempOf("汇总说明")}.name=汇总说明`, "GeneralException");
    await expect(
      writeRollup(ctx.asContext(), ganzhou, again.consolidation, {
        replace: true,
        isSetSupported: ALL_APIS,
        extraSheets: again.beyond.extraSheets,
      }),
    ).rejects.toBeInstanceOf(AddinError);
    expect(book.sheets.map(snapshot)).toEqual(before);
  });

  test("the user's own 对比 in a workbook without a roll-up: untouched unless the roll-up needs the name, and then asked about by name", async () => {
    const book = userWorkbook();
    book.addSheet("对比").fill([["我的对比表"]]);
    const mine = snapshot(book.sheet("对比"));
    const c = consolidation(2);
    await writeRollup(new FakeContext(book).asContext(), ganzhou, c, { replace: false, isSetSupported: ALL_APIS });
    expect(snapshot(book.sheet("对比"))).toEqual(mine);

    const fresh = userWorkbook();
    fresh.addSheet("对比").fill([["我的对比表"]]);
    const after = await beyond(c);
    const error = await writeRollup(new FakeContext(fresh).asContext(), ganzhou, after.consolidation, {
      replace: false,
      isSetSupported: ALL_APIS,
      extraSheets: after.beyond.extraSheets,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "rollup-exists", message: expect.stringContaining("（“对比”）") });
    expect(fresh.sheet("对比").value("A1")).toBe("我的对比表");
  });

  test("only 对比 and 汇总说明 may be written beside the roll-up", async () => {
    const table = { sheetName: "市本级", rows: [["x"]], headerRows: 1, columnWidths: [10] };
    await expect(
      writeRollup(new FakeContext(userWorkbook()).asContext(), ganzhou, consolidation(1), {
        replace: true,
        isSetSupported: ALL_APIS,
        extraSheets: [{ table, wrapCols: [] }],
      }),
    ).rejects.toThrow();
  });

  test("recovery: a half-done swap restores the old 对比; a 汇总说明 the run did not write is not deleted", () => {
    const names = [oldName("rollup"), "汇总表", tempName("detail"), "报送情况", oldOf("对比"), "对比", "汇总说明"];
    const ops = planRecovery(names, 3, ["汇总表", "汇总明细", "报送情况", "对比"]);
    expect(ops).toEqual([
      { op: "delete", sheet: "汇总表" },
      { op: "delete", sheet: tempName("detail") },
      { op: "delete", sheet: "报送情况" },
      { op: "delete", sheet: "对比" },
      { op: "rename", from: oldName("rollup"), to: "汇总表" },
      { op: "rename", from: oldOf("对比"), to: "对比" },
    ]);
    expect(planRecovery([tempOf("汇总说明"), "汇总表"], "leftover")).toEqual([{ op: "delete", sheet: tempOf("汇总说明") }]);
  });
});
