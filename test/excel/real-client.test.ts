/**
 * The adapter on Microsoft's own Office.js client (real-client.ts): every batch as Excel on the web receives
 * it. Sizes and action counts are printed for the bench's table; the assertions are the limits.
 */
import { clearMarks, insertTemplateSheet, markFindings, markFormula, validateSheet, writeRollup } from "../../src/excel";
import { REQUEST_BUDGET } from "../../src/excel/request-budget";
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate, type Consolidation, type ReceivedInput } from "../../src/core/consolidate";
import { EXCEL_CELL_MAX } from "../../src/core/cell-text";
import { ROLLUP_SHEETS } from "../../src/core/rollup-layout";
import type { Finding } from "../../src/core/findings";
import { filledGrid, ganzhou, validValues } from "../support/fixtures";
import { upTo } from "./fake-excel";
import { RealClient, sheetsAnswer, usedRangeAnswer, type Answer, type CapturedRequest, type RequestBody } from "./real-client";
import { beyondOf } from "../../src/taskpane/previous-reports";
import { readPreviousReport } from "../../src/files/previous";
import { writeRollupWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES } from "../../src/templates";

// the pane's own 对比 and 汇总说明 (beyondOf); its lazy chunks are plain modules here
jest.mock("../../src/taskpane/lazy", () => ({ loadPrevious: () => Promise.resolve(jest.requireActual("../../src/files/previous")) }));

const ALL = upTo("1.20");

function county(i: number, remark?: string): ReceivedInput {
  const unit = `第${i + 1}县市场监督管理局`;
  const grid = filledGrid(ganzhou, {
    header: { unit, date: "11月20日", stage: "全面" },
    values: validValues(ganzhou, (i % 7) + 1),
    ...(remark ? { remarks: { police_cases: remark } } : {}),
  });
  return analyzeSheets(`${unit}.xlsx`, [grid], [ganzhou], { wanted: ganzhou }).input;
}

function consolidation(units: number, remark?: string): Consolidation {
  const inputs = Array.from({ length: units }, (_, i) => county(i, remark));
  return consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日", stage: "全面" });
}

const show = (requests: readonly CapturedRequest[]) => requests.map((r) => `${(r.bytes / 1024).toFixed(0)} KiB/${r.actions}`).join(", ");

/** the sheet names the Delete commands of a request act on */
function deletedSheets(body: RequestBody): string[] {
  return body.Actions.filter((a) => a.ActionType === 3 && a.Name === "Delete").map((a) =>
    String(body.ObjectPaths[a.ObjectPathId]?.ArgumentInfo?.Arguments?.[0]),
  );
}

/** the arguments of each add() on a collection named `collection` in a request (Worksheets, Charts) */
function added(body: RequestBody, collection: string): unknown[][] {
  return Object.values(body.ObjectPaths)
    .filter((p) => p.ObjectPathType === 3 && p.Name === "Add" && body.ObjectPaths[p.ParentObjectPathId ?? -1]?.Name === collection)
    .map((p) => p.ArgumentInfo?.Arguments ?? []);
}

/** the values a request sets on properties named `name` (of anything but a font: a font has a Name too) */
function propertySets(body: RequestBody, name: string): unknown[] {
  return body.Actions.filter((a) => a.ActionType === 4 && a.Name === name && body.ObjectPaths[a.ObjectPathId]?.Name !== "Font").map(
    (a) => a.ArgumentInfo?.Arguments?.[0],
  );
}

/** the pane's roll-up beyond the sum: compared with a 中期 roll-up written and read back as a file */
async function withBeyond(c: Consolidation) {
  const interim = consolidate({
    template: ganzhou,
    inputs: [county(0), county(1)],
    unit: "赣州市市场监督管理局",
    date: "6月25日",
    stage: "中期",
  });
  const report = readPreviousReport("中期汇总.xlsx", await writeRollupWorkbook(ganzhou, interim), BUILTIN_TEMPLATES).report!;
  return beyondOf(ganzhou, c, [report]);
}

const EXTRA = ["对比", "汇总说明"];

describe("roll-up with 对比, 汇总说明 and the charts", () => {
  test("200 counties: still three requests; the sheets and both charts built hidden in the second, swapped in the third", async () => {
    const { consolidation: c, beyond } = await withBeyond(consolidation(200, "已移送公安机关处理。"));
    const client = new RealClient(sheetsAnswer(["Sheet1", ...Object.values(ROLLUP_SHEETS), ...EXTRA]));
    const result = await client.run((ctx) =>
      writeRollup(ctx, ganzhou, c, { replace: true, isSetSupported: ALL, extraSheets: beyond.extraSheets }),
    );
    console.log(`roll-up with 对比, 汇总说明 and charts, 200 counties: ${show(client.requests)}`);
    expect(result).toMatchObject({ sheets: [...Object.values(ROLLUP_SHEETS), ...EXTRA], chart: true });
    expect(client.requests).toHaveLength(3);
    expect(client.largest).toBeLessThan(REQUEST_BUDGET);
    const [, build, swap] = client.requests;
    expect(added(build.body, "Worksheets")).toEqual([...Object.values(ROLLUP_SHEETS), ...EXTRA].map((n) => [`_cs_new_${n}`]));
    expect(added(build.body, "Charts").map((a) => [a[0], a[2]])).toEqual([
      ["BarClustered", "Rows"],
      ["BarClustered", "Rows"],
    ]);
    expect(propertySets(build.body, "Text")).toEqual([
      "各单位查处网络违法案件（件）",
      "查处网络违法案件（件）",
      "填报单位",
      "各单位罚没款（万元）",
      "罚没款（万元）",
      "填报单位",
    ]);
    expect(propertySets(build.body, "Name")).toEqual([
      "各单位查处网络违法案件（件）",
      "查处网络违法案件（件）",
      "各单位罚没款（万元）",
      "罚没款（万元）",
    ]);
    expect(build.commands.filter((x) => x === "Method SetXAxisValues")).toHaveLength(2);
    // the previous five out of the way, the new five in place, the previous five deleted: one request
    expect(propertySets(swap.body, "Name")).toEqual([
      ...[...Object.values(ROLLUP_SHEETS), ...EXTRA].map((n) => `_cs_old_${n}`),
      ...Object.values(ROLLUP_SHEETS),
      ...EXTRA,
    ]);
    expect(deletedSheets(swap.body)).toEqual([...Object.values(ROLLUP_SHEETS), ...EXTRA].map((n) => `_cs_old_${n}`));
  });

  test("3,000 units, every remark at the cell limit: every request under 4 MB, the charts with the last sheet batch, the swap last", async () => {
    // 对比 and 汇总说明 are a row per item whatever the number of units: drafted here from a small roll-up, as
    // the review's peer check over 3,000 units takes far too long (see the report: O(units²) per item)
    const { beyond } = await withBeyond(consolidation(20));
    const c = consolidation(3000, "备".repeat(EXCEL_CELL_MAX));
    const client = new RealClient(sheetsAnswer(["Sheet1", ...Object.values(ROLLUP_SHEETS)]));
    await client.run((ctx) => writeRollup(ctx, ganzhou, c, { replace: true, isSetSupported: ALL, extraSheets: beyond.extraSheets }));
    console.log(`roll-up with 对比, 汇总说明 and charts, 3,000 units, remarks at ${EXCEL_CELL_MAX} characters: ${show(client.requests)}`);
    for (const r of client.requests) expect(r.bytes).toBeLessThan(REQUEST_BUDGET);
    const charts = client.requests.map((r) => added(r.body, "Charts").length);
    expect(charts.slice(0, -2).every((n) => n === 0)).toBe(true);
    expect(charts.at(-2)).toBe(2);
    expect(
      client.requests
        .map((r) => deletedSheets(r.body))
        .slice(0, -1)
        .flat(),
    ).toEqual([]);
  });
});

describe("roll-up", () => {
  test("200 counties with ordinary remarks: three requests, as before", async () => {
    const client = new RealClient(sheetsAnswer(["Sheet1"]));
    const result = await client.run((ctx) =>
      writeRollup(ctx, ganzhou, consolidation(200, "已移送公安机关处理。"), { replace: false, isSetSupported: ALL }),
    );
    console.log(`roll-up, 200 counties: ${show(client.requests)}`);
    expect(result.sheets).toEqual(Object.values(ROLLUP_SHEETS));
    expect(client.requests).toHaveLength(3);
    expect(client.largest).toBeLessThan(REQUEST_BUDGET);
  });

  test("3,000 units, every remark at the cell limit: every request under 4 MB as serialised, the swap last", async () => {
    const c = consolidation(3000, "备".repeat(EXCEL_CELL_MAX));
    const client = new RealClient(sheetsAnswer(["Sheet1", ...Object.values(ROLLUP_SHEETS)]));
    await client.run((ctx) => writeRollup(ctx, ganzhou, c, { replace: true, isSetSupported: ALL }));
    console.log(`roll-up, 3,000 units, remarks at ${EXCEL_CELL_MAX} characters: ${show(client.requests)}`);
    expect(client.requests.length).toBeGreaterThan(3);
    for (const r of client.requests) expect(r.bytes).toBeLessThan(REQUEST_BUDGET);
    // the previous roll-up is deleted only in the last request, after every new sheet is complete
    const deletes = client.requests.map((r) => deletedSheets(r.body));
    expect(deletes.slice(0, -1).flat()).toEqual([]);
    expect(deletes.at(-1)).toEqual(Object.values(ROLLUP_SHEETS).map((n) => `_cs_old_${n}`));
    // protection comes last for each sheet: no later batch writes into a protected sheet
    const protectAt = client.requests.findIndex((r) => r.commands.includes("Method Protect"));
    expect(protectAt).toBeGreaterThan(0);
  });

  test("a failure in a middle batch removes only the new, hidden sheets", async () => {
    const c = consolidation(3000, "备".repeat(EXCEL_CELL_MAX));
    const sheets = ["Sheet1", ...Object.values(ROLLUP_SHEETS)];
    const client = new RealClient(sheetsAnswer(sheets));
    client.failRequest(2, { code: "GeneralException", message: "There was an internal error while processing the request." });
    // from the failed request on, the workbook also holds the hidden temporaries the first batches made
    const withTemporaries = sheetsAnswer([...sheets, ...Object.values(ROLLUP_SHEETS).map((n) => `_cs_new_${n}`)]);
    const before = client.answer;
    client.answer = (p, s, a) => (client.requests.length > 2 ? withTemporaries : before)(p, s, a);
    await expect(client.run((ctx) => writeRollup(ctx, ganzhou, c, { replace: true, isSetSupported: ALL }))).rejects.toMatchObject({
      officeCode: "GeneralException",
    });
    const deleted = client.requests.slice(3).flatMap((r) => deletedSheets(r.body));
    expect(deleted.sort()).toEqual(
      Object.values(ROLLUP_SHEETS)
        .map((n) => `_cs_new_${n}`)
        .sort(),
    );
  });
});

test("insert: one request for the sheet, under the budget", async () => {
  const client = new RealClient(sheetsAnswer(["Sheet1"]));
  await client.run((ctx) => insertTemplateSheet(ctx, ganzhou, {}, { isSetSupported: ALL }));
  console.log(`insert: ${show(client.requests)}`);
  expect(client.requests).toHaveLength(2);
  expect(client.largest).toBeLessThan(REQUEST_BUDGET);
});

test("validate: the sheet read in one request, the marks in a second, on a protected sheet", async () => {
  const grid = filledGrid(ganzhou, {
    header: { unit: "章贡区市场监督管理局", date: "11月20日", stage: "全面" },
    values: { ...validValues(ganzhou), police_cases: null } as never,
  });
  const client = new RealClient(
    sheetsAnswer(["统计表"], (p) => {
      const last = p.at(-1);
      if (last === "GetUsedRange") return usedRangeAnswer(grid);
      if (last === "GetItem") return { Name: "统计表", Visibility: "Visible" };
      if (last === "Names") return { _Items: [] };
      if (last === "Protection") return { Protected: true, Options: {} };
      if (last === "ConditionalFormats") return { _Items: [] };
      return null;
    }),
  );
  const result = await client.run((ctx) => validateSheet(ctx, [ganzhou], { isSetSupported: ALL, sheetName: "统计表" }));
  console.log(`validate with ${result.findings.length} finding(s): ${show(client.requests)}`);
  expect(result.analysis.input.report?.unit).toBe("章贡区市场监督管理局");
  expect(result.findings.map((f) => f.code)).toContain("blank-value");
  expect(result.marks).toMatchObject({ status: "marked", errors: 1 });
  expect(client.requests).toHaveLength(2);
  expect(client.requests[1].commands[0]).toBe("Method Unprotect");
  expect(client.requests[1].commands.at(-1)).toBe("Method Protect");
});

describe("marks on a protected sheet", () => {
  const grid = filledGrid(ganzhou, { header: { unit: "章贡区市场监督管理局", date: "11月20日", stage: "全面" }, values: {} });
  const findings = analyzeSheets("统计表", [grid], [ganzhou], { wanted: ganzhou }).input.report!.findings;
  const options = { allowFormatColumns: true, allowInsertRows: true };

  /** protection answers in turn (the first load, then the check after a failure); conditional formats as given */
  function workbook(protectedStates: boolean[], formats: unknown[] = []): Answer {
    let loads = 0;
    return sheetsAnswer(["统计表"], (path) => {
      if (path.at(-1) === "Protection")
        return { Protected: protectedStates[Math.min(loads++, protectedStates.length - 1)], Options: options };
      if (path.at(-1) === "ConditionalFormats") return { _Items: formats };
      return null;
    });
  }

  test("marking: unprotect first, protect last, with the user's options, in one request", async () => {
    const client = new RealClient(workbook([true]));
    const result = await client.run((ctx) => markFindings(ctx, "统计表", findings, { isSetSupported: ALL }));
    console.log(`mark ${findings.length} findings: ${show(client.requests)}`);
    expect(result).toMatchObject({ status: "marked" });
    const commands = client.requests[1].commands;
    expect(commands[0]).toBe("Method Unprotect");
    expect(commands.at(-1)).toBe("Method Protect");
    const protect = client.requests[1].body.Actions.at(-1)!;
    expect(protect.ArgumentInfo?.Arguments?.[0]).toEqual({ allowFormatColumns: true, allowInsertRows: true });
  });

  test.each(["GeneralException", "InvalidArgument", "RequestPayloadSizeLimitExceeded", "Conflict"])(
    "marking refused with %s: protected again in a request of its own",
    async (code) => {
      const client = new RealClient(workbook([true, false]));
      client.failRequest(1, { code, message: code });
      const result = await client.run((ctx) => markFindings(ctx, "统计表", findings, { isSetSupported: ALL }));
      expect(result).toMatchObject({ status: "failed", error: { officeCode: code } });
      expect(client.requests.map((r) => r.commands)).toEqual([[], expect.arrayContaining(["Method Unprotect"]), [], ["Method Protect"]]);
    },
  );

  test("200 marked cells: a run of them is one rule; scattered ones stay under the budget", async () => {
    const at = (cells: string[]) => cells.map((cell) => ({ ...findings[0], cell, cells: undefined }) as unknown as Finding);
    const run = new RealClient(workbook([true]));
    await run.run((ctx) => markFindings(ctx, "统计表", at(Array.from({ length: 200 }, (_, i) => `C${i + 5}`)), { isSetSupported: ALL }));
    const scattered = new RealClient(workbook([true]));
    await scattered.run((ctx) =>
      markFindings(ctx, "统计表", at(Array.from({ length: 200 }, (_, i) => `C${2 * i + 5}`)), { isSetSupported: ALL }),
    );
    console.log(`mark 200 cells: in one run ${show(run.requests)}; scattered ${show(scattered.requests)}`);
    // one formula set per conditional format added
    const added = (r: CapturedRequest) => r.commands.filter((c) => c === "SetProperty Formula").length;
    expect(added(run.requests[1])).toBe(1);
    expect(added(scattered.requests[1])).toBe(200);
    expect(scattered.largest).toBeLessThan(REQUEST_BUDGET);
  });

  test("clearing marks: our rules go, the user's data bar stays", async () => {
    const ours = { Type: "Custom", CustomOrNullObject: { Rule: { Formula: markFormula("error") } } };
    const dataBar = { Type: "DataBar", CustomOrNullObject: null };
    const client = new RealClient(workbook([false], [dataBar, ours, ours]));
    const removed = await client.run((ctx) => clearMarks(ctx, "统计表", { isSetSupported: ALL }));
    console.log(`clear 2 marks: ${show(client.requests)}`);
    expect(removed).toBe(2);
    expect(client.requests[1].commands).toEqual(["Method Delete", "Method Delete"]);
  });
});
