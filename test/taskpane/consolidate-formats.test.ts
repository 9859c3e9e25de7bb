/**
 * Issue 11's acceptance in the add-in's 汇总 (excel-actions over the fake Excel context): counties that
 * sent the same figures as .xls, .ods, filled-in Word tables (.docx, by LibreOffice and python-docx) and
 * .xlsx give exactly the roll-up of the all-.xlsx batch — read in the reading worker (read-worker.ts run
 * against a loopback worker scope; a Word document is read again on the main thread with the lazily
 * loaded Word table reader) and without a worker.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CellValue } from "../../src/core/grid";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ALL_APIS, BookModel, FakeContext } from "../excel/fake-excel";
import { attachmentGrid } from "../support/attachment-grid";
import { ganzhou, validValues } from "../support/fixtures";
import { convertWithLibreOffice, writeGridWithOpenpyxl } from "../support/independent";
import { filledDocxWithPython, xlsxToDocxWithLibreOffice } from "../support/word-docs";
import type { WorkerReply, WorkerRequest } from "../../src/taskpane/file-reading";

jest.mock("../../src/taskpane/lazy", () => ({
  loadReader: () => Promise.resolve(jest.requireActual("../../src/files/workbook")),
  loadLegacyHelpers: () => Promise.resolve(jest.requireMock("../../src/files/legacy-load")),
  loadWordTables: jest.fn(() => Promise.resolve(jest.requireActual("../../src/files/word-tables"))),
  loadWriter: () => Promise.resolve(jest.requireActual("../../src/files/xlsx-write")),
  spawnReadWorker: jest.fn(),
}));
// import() of a package does not run under ts-jest: SheetJS is handed in as the command line requires it
jest.mock("../../src/files/legacy-load", () => ({
  mayNeedLegacyReader: jest.requireActual("../../src/files/legacy-read").mayNeedLegacyReader,
  loadLegacyReader: () => Promise.resolve(jest.requireActual("../../src/files/legacy-node").nodeLegacyReader),
}));
const lazy = require("../../src/taskpane/lazy") as { spawnReadWorker: jest.Mock; loadWordTables: jest.Mock };
import { createExcelActions } from "../../src/taskpane/excel-actions";

jest.setTimeout(240000);

/** a worker whose other side is the real read-worker.ts module, run in this thread */
class LoopbackWorker {
  onmessage: ((e: { data: WorkerReply }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  posted = 0;
  private scope: { onmessage: ((e: { data: WorkerRequest }) => void) | null; postMessage(m: WorkerReply): void };
  constructor() {
    this.scope = { onmessage: null, postMessage: (m) => setTimeout(() => this.onmessage?.({ data: m }), 0) };
    const saved = (globalThis as { self?: unknown }).self;
    (globalThis as { self?: unknown }).self = this.scope;
    jest.isolateModules(() => require("../../src/taskpane/read-worker"));
    (globalThis as { self?: unknown }).self = saved;
  }
  postMessage(m: WorkerRequest) {
    this.posted++;
    setTimeout(() => this.scope.onmessage?.({ data: structuredClone(m) }), 0);
  }
  terminate() {}
}

const counties = ["章贡区", "南康区", "赣县区", "信丰县", "于都县", "瑞金市", "大余县", "上犹县", "崇义县"];
/** how each county sent its table: LibreOffice conversions of the openpyxl-written .xlsx, or python-docx */
const formats = ["xls", "xls", "xls", "ods", "ods", "docx", "docx", "python-docx", "xlsx"];

let dir: string;
let originals: File[];
let mixed: File[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cs-pane-formats-"));
  originals = [];
  mixed = [];
  counties.forEach((name, i) => {
    const values: Record<string, CellValue> = {
      ...validValues(ganzhou, i + 1),
      cases_fines: [0.1, 0.2, 0.4, 0.5, 0.3, 0.6, 0.7, 0.15, 0.05][i],
      cyber_info: i === 0 ? "0.3" : 0.2,
    };
    const grid = attachmentGrid(ganzhou, { unit: `${name}市场监督管理局`, date: "11月20日", values }, { serialColumn: i % 2 === 0 });
    const xlsx = join(dir, `${name}.xlsx`);
    writeGridWithOpenpyxl(grid, xlsx);
    originals.push(new File([readFileSync(xlsx)], `${name}.xlsx`));
    const out = join(dir, `conv-${i}`);
    mkdirSync(out);
    const format = formats[i];
    let path = xlsx;
    if (format === "xls") path = convertWithLibreOffice(xlsx, "xls:MS Excel 97", out);
    else if (format === "ods") path = convertWithLibreOffice(xlsx, "ods", out);
    else if (format === "docx") path = xlsxToDocxWithLibreOffice(xlsx, out);
    if (format === "python-docx") mixed.push(new File([filledDocxWithPython(grid) as BlobPart], `${name}.docx`));
    else mixed.push(new File([readFileSync(path)], `${name}.${format}`));
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete (globalThis as { Worker?: unknown }).Worker;
  delete (globalThis as Record<string, unknown>).Excel;
  delete (globalThis as Record<string, unknown>).Office;
});

/** 汇总 in a fresh workbook, the roll-up written; the 汇总表's cells as values */
async function rollUp(files: File[]) {
  const book = new BookModel();
  book.addSheet("Sheet1");
  (globalThis as Record<string, unknown>).Excel = {
    run: async <T>(fn: (ctx: Excel.RequestContext) => Promise<T>) => fn(new FakeContext(book).asContext()),
  };
  (globalThis as Record<string, unknown>).Office = { context: { requirements: { isSetSupported: ALL_APIS } } };
  const actions = createExcelActions();
  const outcome = await actions.consolidate({
    template: ganzhou,
    templates: BUILTIN_TEMPLATES,
    files,
    unit: "赣州市市场监督管理局",
    date: "11月26日",
    roster: [],
  });
  await actions.writeRollup(ganzhou, outcome.consolidation, false);
  const sheet = book.sheet("汇总表");
  const cells = Object.fromEntries([...sheet.cells].map(([k, c]) => [k, c.value]));
  return { consolidation: outcome.consolidation, cells };
}

describe.each([
  ["in the reading worker", true],
  ["without a worker", false],
])("the add-in's 汇总 of a mixed batch (.xls, .ods, .docx, .xlsx), %s", (_, withWorker) => {
  beforeEach(() => {
    lazy.spawnReadWorker.mockReset();
    lazy.loadWordTables.mockClear();
    if (withWorker) {
      (globalThis as { Worker?: unknown }).Worker = LoopbackWorker;
      lazy.spawnReadWorker.mockImplementation(() => new LoopbackWorker());
    } else {
      delete (globalThis as { Worker?: unknown }).Worker;
    }
  });

  test("exactly the totals and the 汇总表 of the all-.xlsx batch", async () => {
    const all = await rollUp(originals);
    expect(all.consolidation.rejected).toEqual([]);
    expect(all.consolidation.accepted).toHaveLength(counties.length);
    expect(lazy.loadWordTables).not.toHaveBeenCalled(); // no Word document: the Word table reader is never fetched
    const some = await rollUp(mixed);
    expect(some.consolidation.rejected.map((r) => [r.source, r.findings.map((f) => f.code)])).toEqual([]);
    expect(some.consolidation.accepted.map((a) => a.source).sort()).toEqual(mixed.map((f) => f.name).sort());
    expect(some.consolidation.totals).toEqual(all.consolidation.totals);
    expect(some.consolidation.totals.cases_fines).toBe("3");
    expect(some.cells).toEqual(all.cells);
    expect(lazy.loadWordTables).toHaveBeenCalled();
    expect(lazy.spawnReadWorker).toHaveBeenCalledTimes(withWorker ? 2 : 0);
  });
});
