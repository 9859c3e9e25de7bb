/**
 * Reading picked files: in the Web Worker (read-worker.ts run against a fake worker scope), on the main
 * thread when no worker can start, and file by file with progress. Real .xlsx bytes from the file writer.
 */
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import type { WorkerReply, WorkerRequest } from "../../src/taskpane/file-reading";
import { ganzhou, validValues } from "../support/fixtures";
import { BUILTIN_TEMPLATES } from "../../src/templates";

jest.mock("../../src/taskpane/lazy", () => ({
  loadReader: () => Promise.resolve(jest.requireActual("../../src/files/workbook")),
  loadLegacyHelpers: () => Promise.resolve(jest.requireMock("../../src/files/legacy-load")),
  spawnReadWorker: jest.fn(),
}));
// import() of a package does not run under ts-jest (no --experimental-vm-modules): SheetJS is handed in
// as the command line requires it; the real chunk loading runs in the browser build
jest.mock("../../src/files/legacy-load", () => ({
  mayNeedLegacyReader: jest.requireActual("../../src/files/legacy-read").mayNeedLegacyReader,
  loadLegacyReader: () => Promise.resolve(jest.requireActual("../../src/files/legacy-node").nodeLegacyReader),
}));
const lazy = require("../../src/taskpane/lazy") as { spawnReadWorker: jest.Mock };
import { analyzeFiles } from "../../src/taskpane/file-reading";

/** a worker whose other side is the real read-worker.ts module, run in this thread */
class LoopbackWorker {
  onmessage: ((e: { data: WorkerReply }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  terminated = false;
  posted = 0;
  private scope: { onmessage: ((e: { data: WorkerRequest }) => void) | null; postMessage(m: WorkerReply): void };
  constructor(private crashOn?: string) {
    this.scope = { onmessage: null, postMessage: (m) => setTimeout(() => this.onmessage?.({ data: m }), 0) };
    const saved = (globalThis as { self?: unknown }).self;
    (globalThis as { self?: unknown }).self = this.scope;
    jest.isolateModules(() => require("../../src/taskpane/read-worker"));
    (globalThis as { self?: unknown }).self = saved;
  }
  postMessage(m: WorkerRequest, transfer?: unknown[]) {
    this.posted++;
    expect(transfer).toEqual([m.bytes.buffer]);
    if (m.name === this.crashOn) {
      setTimeout(() => this.onerror?.({ message: "boom", preventDefault() {} }), 0);
      return;
    }
    setTimeout(() => this.scope.onmessage?.({ data: structuredClone(m) }), 0);
  }
  terminate() {
    this.terminated = true;
  }
}

let good: Uint8Array;
let blank: Uint8Array;
beforeAll(async () => {
  good = await writeTemplateWorkbook(ganzhou, { header: { unit: "章贡区市场监督管理局", date: "11月20日" }, values: validValues(ganzhou) });
  blank = await writeTemplateWorkbook(ganzhou);
});

const file = (bytes: Uint8Array, name: string) => new File([bytes as BlobPart], name);

beforeEach(() => {
  lazy.spawnReadWorker.mockReset();
  (globalThis as { Worker?: unknown }).Worker = LoopbackWorker;
});
afterAll(() => {
  delete (globalThis as { Worker?: unknown }).Worker;
});

test("in the worker: each file analysed there, progress after each, the worker closed at the end", async () => {
  const worker = new LoopbackWorker();
  lazy.spawnReadWorker.mockReturnValue(worker);
  const progress: unknown[] = [];
  const results = await analyzeFiles([file(good, "章贡区.xlsx"), file(blank, "空表.xlsx"), file(new Uint8Array([1, 2, 3]), "坏.xlsx")], {
    templates: BUILTIN_TEMPLATES,
    wanted: BUILTIN_TEMPLATES.find((t) => t.id === "ganzhou-2022")!,
    onProgress: (p) => progress.push(p),
  });
  expect(worker.posted).toBe(3);
  expect(worker.terminated).toBe(true);
  expect(progress).toEqual([
    { done: 0, total: 3, current: "章贡区.xlsx" },
    { done: 1, total: 3, current: "空表.xlsx" },
    { done: 2, total: 3, current: "坏.xlsx" },
    { done: 3, total: 3 },
  ]);
  expect(results.map((r) => [r.source, r.templateId, r.input.report?.valid])).toEqual([
    ["章贡区.xlsx", "ganzhou-2022", true],
    ["空表.xlsx", "ganzhou-2022", false],
    ["坏.xlsx", undefined, undefined],
  ]);
  expect(results[2].input.findings.map((f) => f.code)).toEqual(["file-not-xlsx"]);
});

test("legacy .xls and .ods in the worker and on the main thread: read like their .xlsx", async () => {
  const XLSX = jest.requireActual("@e965/xlsx") as typeof import("@e965/xlsx");
  const wb = XLSX.read(good, { type: "array" });
  const xls = new Uint8Array(XLSX.write(wb, { type: "array", bookType: "biff8" }) as ArrayBuffer);
  const ods = new Uint8Array(XLSX.write(wb, { type: "array", bookType: "ods" }) as ArrayBuffer);
  const files = () => [file(good, "章贡区.xlsx"), file(xls, "章贡区.xls"), file(ods, "章贡区.ods")];
  const worker = new LoopbackWorker();
  lazy.spawnReadWorker.mockReturnValue(worker);
  const inWorker = await analyzeFiles(files(), { templates: BUILTIN_TEMPLATES });
  expect(worker.posted).toBe(3);
  lazy.spawnReadWorker.mockImplementation(() => {
    throw new Error("no worker");
  });
  const inline = await analyzeFiles(files(), { templates: BUILTIN_TEMPLATES });
  for (const results of [inWorker, inline]) {
    expect(results.map((r) => [r.templateId, r.input.report?.valid])).toEqual([
      ["ganzhou-2022", true],
      ["ganzhou-2022", true],
      ["ganzhou-2022", true],
    ]);
    expect(results[1].input.report?.values).toEqual(results[0].input.report?.values);
    expect(results[2].input.report?.values).toEqual(results[0].input.report?.values);
  }
});

test("a worker that fails is replaced by reading on the main thread, for that file and the rest", async () => {
  const worker = new LoopbackWorker("a.xlsx");
  lazy.spawnReadWorker.mockReturnValue(worker);
  const results = await analyzeFiles([file(good, "a.xlsx"), file(good, "b.xlsx")], { templates: BUILTIN_TEMPLATES });
  expect(worker.terminated).toBe(true);
  expect(worker.posted).toBe(1);
  expect(results.map((r) => r.input.report?.valid)).toEqual([true, true]);
});

test("without a worker (CSP, old webview): read on the main thread, yielding between files", async () => {
  lazy.spawnReadWorker.mockImplementation(() => {
    throw new Error("SecurityError");
  });
  const timers = jest.spyOn(globalThis, "setTimeout");
  const results = await analyzeFiles([file(good, "a.xlsx"), file(good, "b.xlsx")], { templates: BUILTIN_TEMPLATES });
  expect(results.map((r) => r.input.report?.unit)).toEqual(["章贡区市场监督管理局", "章贡区市场监督管理局"]);
  expect(timers.mock.calls.filter(([, ms]) => ms === 0).length).toBeGreaterThanOrEqual(2);
  timers.mockRestore();
});

test("a file that cannot be loaded from disk is a file finding, not an exception", async () => {
  lazy.spawnReadWorker.mockReturnValue(new LoopbackWorker());
  const broken = { name: "gone.xlsx", arrayBuffer: () => Promise.reject(new Error("NotFoundError")) } as unknown as File;
  const [r] = await analyzeFiles([broken], { templates: BUILTIN_TEMPLATES });
  expect(r.input.findings.map((f) => [f.code, f.file])).toEqual([["file-corrupt", "gone.xlsx"]]);
});
