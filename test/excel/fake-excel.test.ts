/** The fake context's model of what real Excel does that Office.js's client cannot show. */
import { BookModel, CELL_MAX_CHARS, FakeContext, WEB_REQUEST_LIMIT } from "./fake-excel";

function book() {
  const b = new BookModel();
  b.addSheet("Sheet1").fill([
    ["a", "b"],
    ["c", "d"],
  ]);
  return b;
}

test("a request over 5 MB is refused whole, with the web's error code", async () => {
  const b = book();
  const ctx = new FakeContext(b);
  const ws = ctx.workbook.worksheets.getItem("Sheet1");
  ws.getRange("A1").values = [["x"]];
  ws.getRange("A2").values = [["备".repeat(CELL_MAX_CHARS)]];
  ws.getRange("A3:A60").values = Array.from({ length: 58 }, () => ["备".repeat(CELL_MAX_CHARS)]);
  await expect(ctx.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
  expect(ctx.requestBytes[0]).toBeGreaterThan(WEB_REQUEST_LIMIT);
  expect(b.sheet("Sheet1").value("A1")).toBe("a");
});

test("a cell holds at most 32,767 characters", async () => {
  const ctx = new FakeContext(book());
  ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["x".repeat(CELL_MAX_CHARS + 1)]];
  await expect(ctx.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
});

test("a VeryHidden sheet cannot be deleted", async () => {
  const b = book();
  b.addSheet("_meta").visibility = "VeryHidden";
  const ctx = new FakeContext(b);
  ctx.workbook.worksheets.getItem("_meta").delete();
  await expect(ctx.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
  expect(b.sheetNames).toContain("_meta");
});

test("merging keeps the top-left value only", async () => {
  const b = book();
  const ctx = new FakeContext(b);
  ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").merge(false);
  await ctx.sync();
  expect(["A1", "B1", "A2", "B2"].map((a) => b.sheet("Sheet1").value(a))).toEqual(["a", "", "", ""]);
});

test("a protected sheet refuses column widths and row heights unless allowed, and clearing locked cells", async () => {
  const b = book();
  const sheet = b.sheet("Sheet1");
  sheet.protection = { protected: true, options: { allowFormatColumns: true } };
  const ctx = new FakeContext(b);
  const ws = ctx.workbook.worksheets.getItem("Sheet1");
  ws.getRange("A:A").format.columnWidth = 80;
  await ctx.sync();
  expect(sheet.columnWidths.get(0)).toBe(80);
  ws.getRange("1:1").format.rowHeight = 30;
  await expect(ctx.sync()).rejects.toMatchObject({ code: "AccessDenied" });
  ws.getRange("A1:B2").clear("Contents");
  await expect(ctx.sync()).rejects.toMatchObject({ code: "AccessDenied" });
  expect(sheet.value("A1")).toBe("a");
});

describe("charts", () => {
  test("a chart exists from the sync that adds it: assignments are queued, a name is readable only once loaded", async () => {
    const b = book();
    const ctx = new FakeContext(b);
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    const chart = ws.charts.add("BarClustered", ws.getRange("A1:B1"), "Rows");
    chart.name = "各单位查处网络违法案件";
    chart.title.text = "各单位查处网络违法案件";
    chart.axes.categoryAxis.reversePlotOrder = true;
    chart.series.getItemAt(0).setXAxisValues(ws.getRange("A2:B2"));
    expect(b.sheet("Sheet1").charts).toEqual([]);
    expect(() => chart.name).toThrow(/PropertyNotLoaded/);
    chart.load("name");
    await ctx.sync();
    expect(chart.name).toBe("各单位查处网络违法案件");
    expect(b.sheet("Sheet1").charts).toEqual([
      expect.objectContaining({
        type: "BarClustered",
        source: "A1:B1",
        seriesBy: "Rows",
        title: "各单位查处网络违法案件",
        reversePlotOrder: true,
        categories: "A2:B2",
      }),
    ]);
  });

  test("getItem finds a chart by name, delete removes it; an unknown name fails the sync with ItemNotFound", async () => {
    const b = book();
    b.sheet("Sheet1").charts.push({ type: "ColumnClustered", source: "A1:B1", seriesBy: "Rows", name: "Chart 1" });
    const ctx = new FakeContext(b);
    const charts = ctx.workbook.worksheets.getItem("Sheet1").charts;
    charts.getItem("Chart 1").delete();
    await ctx.sync();
    expect(b.sheet("Sheet1").charts).toEqual([]);
    charts.getItem("Chart 1").title.text = "x";
    await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
  });

  test("a protected sheet refuses a new chart and changes to one, not loading it", async () => {
    const b = book();
    const sheet = b.sheet("Sheet1");
    sheet.charts.push({ type: "ColumnClustered", source: "A1:B1", seriesBy: "Rows", name: "Chart 1" });
    sheet.protection = { protected: true, options: {} };
    const ctx = new FakeContext(b);
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    const existing = ws.charts.getItem("Chart 1").load("name");
    await ctx.sync();
    expect(existing.name).toBe("Chart 1");
    ws.charts.add("BarClustered", ws.getRange("A1:B1"), "Rows");
    await expect(ctx.sync()).rejects.toMatchObject({ code: "AccessDenied" });
    ws.charts.getItem("Chart 1").height = 300;
    await expect(ctx.sync()).rejects.toMatchObject({ code: "AccessDenied" });
    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts[0].height).toBeUndefined();
  });
});
