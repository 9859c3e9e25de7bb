/**
 * Section "office": Office.js round trips per operation, counted as context.sync() calls on the test
 * setup of test/excel (FakeContext of test/excel/fake-excel.ts: a queue-and-sync fake of the Excel object
 * model that counts syncs; the team chose it over office-addin-mock's static tree for writes, see its
 * header). Each operation runs on a fresh context over a workbook prepared beforehand, so only its own
 * syncs count; each at two API levels: everything (ExcelApi 1.20) and Office 2019 volume (ExcelApi 1.7).
 *
 *   insert    insertTemplateSheet, each built-in template
 *   validate  validateSheet (read the sheet in one sync, analyse, mark the findings) of a filled sheet
 *             with findings to mark
 *   write     writeRollup of the consolidation of 1, 20 and 200 received files; and a re-run that
 *             replaces the previous roll-up
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ReceivedInput } from "../../src/core/consolidate";
import { consolidate } from "../../src/core/consolidate";
import { layoutTemplate, layoutToGrid } from "../../src/core/layout";
import { mockSheetContext } from "../../test/excel/office-mock";
import { BUILTIN_TEMPLATES, findBuiltinTemplate } from "../../src/templates";
import { BENCH_TEMPLATE_ID } from "./pipeline";
import { NotAvailable } from "./util";

const ROOT = path.join(__dirname, "..", "..");

export interface OfficeOperation {
  id: string;
  label: string;
  syncs: number;
  budget: number;
}

export interface OfficeRequests {
  label: string;
  /** requests sent, one per context.sync() */
  syncs: number;
  /** the largest request body as Microsoft's client serialised it, bytes */
  largest: number;
  /** actions in that request */
  actions: number;
}

export interface OfficeResult {
  setup: string;
  operations: OfficeOperation[];
  /** every operation on the real Office.js web client (test/excel/real-client.ts) */
  requests?: OfficeRequests[];
}

type ExcelAdapter = typeof import("../../src/excel");
type Fake = typeof import("../../test/excel/fake-excel");

function load(): { excel: ExcelAdapter; fake: Fake } {
  const fakePath = path.join(ROOT, "test", "excel", "fake-excel.ts");
  if (!fs.existsSync(fakePath)) throw new NotAvailable("test/excel/fake-excel.ts (the Office.js test setup) is not there yet");
  if (!fs.existsSync(path.join(ROOT, "src", "excel", "index.ts"))) throw new NotAvailable("src/excel is not there yet");
  const excel = require(path.join(ROOT, "src", "excel")) as ExcelAdapter;
  const fake = require(fakePath) as Fake;
  for (const fn of ["insertTemplateSheet", "validateSheet", "writeRollup"] as const) {
    if (typeof excel[fn] !== "function") throw new NotAvailable(`src/excel does not export ${fn} yet`);
  }
  return { excel, fake };
}

export async function benchOffice(inputs: readonly ReceivedInput[]): Promise<OfficeResult> {
  const { excel, fake } = load();
  const template = findBuiltinTemplate(BENCH_TEMPLATE_ID)!;
  const levels = [
    { id: "all", label: "ExcelApi 1.20", isSetSupported: fake.upTo("1.20") },
    { id: "1.7", label: "ExcelApi 1.7", isSetSupported: fake.upTo("1.7") },
  ];
  const ops: OfficeOperation[] = [];
  const newBook = () => {
    const book = new fake.BookModel();
    book.addSheet("Sheet1");
    return book;
  };
  const count = async (book: InstanceType<Fake["BookModel"]>, fn: (ctx: Excel.RequestContext) => Promise<unknown>): Promise<number> => {
    const ctx = new fake.FakeContext(book);
    await fn(ctx.asContext());
    return ctx.syncCount;
  };

  for (const level of levels) {
    const opt = { isSetSupported: level.isSetSupported };
    for (const t of BUILTIN_TEMPLATES) {
      const syncs = await count(newBook(), (ctx) => excel.insertTemplateSheet(ctx, t, {}, opt));
      ops.push({ id: `insert-${t.id}-${level.id}`, label: `insert ${t.id} (${level.label})`, syncs, budget: 2 });
    }

    // a filled sheet with something to mark: one blank value and a partition that does not add up
    const book = newBook();
    const accepted = inputs.find((i) => i.report?.valid)?.report;
    // numbers, as a county types them (a string value is written as text by design)
    const values: Record<string, number | null> = Object.fromEntries(
      Object.entries(accepted?.values ?? {}).map(([k, v]) => [k, Number(v)]),
    );
    const items = template.sections.flatMap((s) => s.items);
    values[items[0].id] = null;
    const partition = template.rules.find((r) => r.kind === "partition");
    if (partition && partition.kind === "partition") values[partition.total] = Number(values[partition.total] ?? 0) + 1;
    await count(book, (ctx) =>
      excel.insertTemplateSheet(ctx, template, { header: { unit: "章贡区市场监督管理局", date: "11月26日", stage: "全面" }, values }, opt),
    );
    let findings = 0;
    const syncs = await count(book, async (ctx) => {
      const v = await excel.validateSheet(ctx, BUILTIN_TEMPLATES, { ...opt, sheetName: "统计表" });
      findings = v.findings.length;
    });
    ops.push({ id: `validate-${level.id}`, label: `validate a sheet with ${findings} findings (${level.label})`, syncs, budget: 2 });

    const unit = "赣州市市场监督管理局";
    for (const n of [1, 20, 200]) {
      const some = inputs.slice(0, n);
      const c = consolidate({ template, inputs: some, unit, date: "11月30日", stage: "全面" });
      const target = newBook();
      const s1 = await count(target, (ctx) => excel.writeRollup(ctx, template, c, { ...opt, replace: true }));
      ops.push({
        id: `write-${some.length}-${level.id}`,
        label: `write roll-up of ${some.length} files, ${c.accepted.length} accepted (${level.label})`,
        syncs: s1,
        budget: 3,
      });
      if (n === 20) {
        const s2 = await count(target, (ctx) => excel.writeRollup(ctx, template, c, { ...opt, replace: true }));
        ops.push({
          id: `rewrite-${some.length}-${level.id}`,
          label: `re-run: replace that roll-up (${level.label})`,
          syncs: s2,
          budget: 3,
        });
      }
    }
  }
  // cross-check with office-addin-mock (as test/excel/read.mock.test.ts): the read half of validation
  const grid = layoutToGrid(layoutTemplate(template, { header: { unit: "章贡区市场监督管理局", date: "11月26日", stage: "全面" } }));
  const mock = mockSheetContext(grid.rows);
  // the static tree answers what ExcelApi 1.1 asks (values, valueTypes); no merged areas, no names
  await excel.readSheetGrid(mock.ctx, undefined, { isSetSupported: (name, version) => name === "ExcelApi" && version === "1.1" });
  ops.push({
    id: "read-mock",
    label: "read the sheet, validate's first sync (office-addin-mock, ExcelApi 1.1)",
    syncs: mock.syncs(),
    budget: 1,
  });
  return {
    setup: "test/excel/fake-excel.ts FakeContext.syncCount; office-addin-mock for the read",
    operations: ops,
    requests: await benchRequests(excel),
  };
}

/**
 * Each operation on Microsoft's own client (excel-web-16.00 in jsdom): the requests as Excel on the web
 * receives them. The 3,000-unit roll-up with every remark at the cell limit is the worst case the
 * request budget (src/excel/request-budget.ts, 4 MB) must hold.
 */
async function benchRequests(excel: ExcelAdapter): Promise<OfficeRequests[]> {
  const { RealClient, sheetsAnswer, usedRangeAnswer } = require(
    path.join(ROOT, "test", "excel", "real-client.ts"),
  ) as typeof import("../../test/excel/real-client");
  const { filledGrid, ganzhou, validValues } = require(
    path.join(ROOT, "test", "support", "fixtures.ts"),
  ) as typeof import("../../test/support/fixtures");
  const { analyzeSheets } = require(path.join(ROOT, "src", "core", "analyze")) as typeof import("../../src/core/analyze");
  const all = (name: string, version: string) => name === "ExcelApi" && Number(version.split(".")[1]) <= 20;
  const out: OfficeRequests[] = [];
  const measure = async (label: string, client: InstanceType<typeof RealClient>, fn: (ctx: Excel.RequestContext) => Promise<unknown>) => {
    await client.run(fn);
    const largest = client.requests.reduce((a, r) => (r.bytes > a.bytes ? r : a), client.requests[0]);
    out.push({ label, syncs: client.requests.length, largest: largest?.bytes ?? 0, actions: largest?.actions ?? 0 });
  };

  await measure("insert ganzhou-2022", new RealClient(sheetsAnswer(["Sheet1"])), (ctx) =>
    excel.insertTemplateSheet(ctx, ganzhou, {}, { isSetSupported: all }),
  );

  // validate a protected 统计表 left blank: the read answered from the grid, then the marks
  const grid = filledGrid(ganzhou, { header: { unit: "章贡区市场监督管理局", date: "11月20日", stage: "全面" }, values: {} });
  const sheet = sheetsAnswer(["统计表"], (p) => {
    const last = p.at(-1);
    if (last === "GetUsedRange") return usedRangeAnswer(grid);
    if (last === "GetItem" || last === "GetActiveWorksheet") return { Name: "统计表", Visibility: "Visible" };
    if (last === "Names") return { _Items: [] };
    if (last === "Protection") return { Protected: true, Options: { allowFormatColumns: true } };
    if (last === "ConditionalFormats") return { _Items: [] };
    return null;
  });
  let findings = 0;
  await measure("validate and mark a blank sheet (protected)", new RealClient(sheet), async (ctx) => {
    findings = (await excel.validateSheet(ctx, [ganzhou], { isSetSupported: all, sheetName: "统计表" })).findings.length;
  });
  out[out.length - 1].label += ` — ${findings} findings`;

  const ours = { Type: "Custom", CustomOrNullObject: { Rule: { Formula: excel.markFormula("error") } } };
  const marked = sheetsAnswer(["统计表"], (p) =>
    p.at(-1) === "ConditionalFormats"
      ? { _Items: Array(20).fill(ours) }
      : p.at(-1) === "Protection"
        ? { Protected: false, Options: {} }
        : null,
  );
  await measure("clear 20 marks", new RealClient(marked), (ctx) => excel.clearMarks(ctx, "统计表", { isSetSupported: all }));

  const county = (i: number, remark?: string) => {
    const unit = `第${i + 1}县市场监督管理局`;
    const g = filledGrid(ganzhou, {
      header: { unit, date: "11月20日", stage: "全面" },
      values: validValues(ganzhou, (i % 7) + 1),
      ...(remark ? { remarks: { police_cases: remark } } : {}),
    });
    return analyzeSheets(`${unit}.xlsx`, [g], [ganzhou], { wanted: ganzhou }).input;
  };
  for (const [units, remark, label] of [
    [200, "已移送公安机关处理。", "roll-up, 200 counties, ordinary remarks"],
    [200, "备".repeat(2000), "roll-up, 200 counties, 2,000-character remarks"],
    [3000, "备".repeat(32767), "roll-up, 3,000 units, every remark at 32,767 characters"],
  ] as const) {
    const c = consolidate({
      template: ganzhou,
      inputs: Array.from({ length: units }, (_, i) => county(i, remark)),
      unit: "赣州市市场监督管理局",
      date: "11月26日",
      stage: "全面",
    });
    await measure(label, new RealClient(sheetsAnswer(["Sheet1"])), (ctx) =>
      excel.writeRollup(ctx, ganzhou, c, { replace: false, isSetSupported: all }),
    );
  }
  return out;
}
