/**
 * Zip bombs: a worksheet part of ~1 MB that truly inflates to 1 GiB. Refused by its declared size before a
 * byte is inflated; when the size fields lie, inflation stops at the first chunk past the declared size.
 * Work is bounded structurally (which parts were inflated, how many bytes inflation produced and in what
 * steps, what stays held afterwards), never by wall-clock time or by the momentary heap, which depends on
 * when V8 collects.
 */
import { createInflateRaw, crc32 } from "node:zlib";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { readWorkbook, DEFAULT_LIMITS } from "../../src/files/xlsx-read";
import { ZipArchive } from "../../src/files/zip";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou } from "../support/fixtures";
import { unzipSync, type FlateStreamHandler, type InflateStreamOptions } from "fflate";
import { zerosDeflate, zerosCrc, zipRaw, storedEntries, GiB, MiB } from "./support/bomb";
import { gridsToXlsx } from "./support/sheet-xml";
import { tableGrid, zipBomb } from "./support/corpus";

const SHEET = "xl/worksheets/sheet1.xml";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** heap plus array buffers (where inflated bytes live) */
function memory(): number {
  const u = process.memoryUsage();
  return u.heapUsed + u.arrayBuffers;
}

// the module object itself (an `import * as` namespace would be a frozen copy): src/files/zip.ts reads
// Inflate and inflateSync from it at each call, so they can be watched there
const fflate = require("fflate") as typeof import("fflate");
const realInflate = fflate.Inflate;
const realInflateSync = fflate.inflateSync;

interface Watched<T> {
  result: T;
  /** entries ZipArchive.inflate was asked for */
  inflated: string[];
  /** bytes fflate produced, over all entries (what a bomb costs: every byte is written somewhere) */
  inflatedBytes: number;
  /** the largest piece fflate produced in one step (what the chunked path holds besides its buffer) */
  largestStep: number;
  /** bytes still held once the call returned and garbage was collected */
  retainedMiB: number;
  /** heap + array buffers right after the call, before collection: machine-dependent, reported only */
  grewMiB: number;
}

/**
 * What stays held after collection, as the lowest of a few collections a little apart: V8 frees the backing
 * store of a dead ArrayBuffer on a background thread after gc(), which a loaded machine runs late (82 MiB of
 * freed buffers once still counted). Memory that is truly held stays high in every round.
 */
async function heldAfterCollection(before: number): Promise<number> {
  let lowest = Infinity;
  for (let round = 0; round < 10; round++) {
    gc();
    lowest = Math.min(lowest, (memory() - before) / MiB);
    if (lowest < 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return lowest;
}

/**
 * Runs f with ZipArchive.inflate and fflate watched. The bounds are asserted on what inflation did
 * (bytes produced, the largest step) and on what stays held afterwards; the momentary heap growth
 * depends on when V8 gets round to collecting (a busy machine collects later), so it is only reported.
 */
async function watchInflate<T>(f: () => T): Promise<Watched<T>> {
  const spy = jest.spyOn(ZipArchive.prototype, "inflate");
  let inflatedBytes = 0;
  let largestStep = 0;
  const count = (n: number) => {
    inflatedBytes += n;
    largestStep = Math.max(largestStep, n);
  };
  const stream = jest.spyOn(fflate, "Inflate").mockImplementation(function (opts?: unknown, cb?: unknown) {
    const handler = (typeof opts === "function" ? opts : cb) as FlateStreamHandler | undefined;
    const options = typeof opts === "function" ? undefined : (opts as InflateStreamOptions | undefined);
    return new realInflate(options ?? {}, (chunk, final) => {
      count(chunk.length);
      handler?.(chunk, final);
    });
  } as never);
  const oneShot = jest.spyOn(fflate, "inflateSync").mockImplementation((data, opts) => {
    const out = realInflateSync(data, opts);
    count(out.length);
    return out;
  });
  gc(); // start clean
  const before = memory();
  try {
    const result = f();
    const grewMiB = (memory() - before) / MiB;
    const inflated = spy.mock.calls.map(([e]) => e.name);
    // the mocks remember results and instances (the inflater with its buffers): forget them before measuring
    for (const m of [spy, stream, oneShot]) m.mockClear();
    const retainedMiB = await heldAfterCollection(before);
    return { result, inflated, inflatedBytes, largestStep, retainedMiB, grewMiB };
  } finally {
    spy.mockRestore();
    stream.mockRestore();
    oneShot.mockRestore();
  }
}

/** deflate expands at most ~1032×; the chunked path pushes 4 KiB at a time */
const MAX_STEP = 1032 * 4 * 1024;

const report: string[] = [];
afterAll(() => console.log("zip bombs:\n" + report.join("\n")));

let honest: Uint8Array;
beforeAll(() => {
  honest = zipBomb(1024, "honest");
});

test("the bomb is real: ~1 MB on disk, and its worksheet truly inflates to 1 GiB of zeros with a correct CRC", async () => {
  expect(honest.length).toBeLessThan(1.2 * MiB);
  const entry = ZipArchive.open(honest).get(SHEET)!;
  expect(entry.declaredSize).toBe(GiB);
  // stream-inflate and count (never holding more than a chunk)
  const data = zerosDeflate(1024);
  let total = 0;
  let nonZero = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const inf = createInflateRaw({ chunkSize: MiB });
    inf.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (chunk[0] !== 0 || chunk[chunk.length - 1] !== 0) nonZero++;
    });
    inf.on("end", resolve);
    inf.on("error", reject);
    Readable.from([Buffer.from(data)]).pipe(inf);
  });
  report.push(
    `  1 GiB stream: ${data.length} bytes deflated (ratio ${Math.round(GiB / data.length)}:1), inflated by zlib in ${Math.round(performance.now() - t0)} ms`,
  );
  expect(total).toBe(GiB);
  expect(nonZero).toBe(0);
  // the CRC written into the archive is computed chunk-wise: the same as over the whole data
  expect(zerosCrc(3)).toBe(crc32(Buffer.alloc(3 * MiB)) >>> 0);
}, 30_000);

test("declared honestly: refused as too-large before inflating the part, memory flat", async () => {
  const t0 = performance.now();
  const { result, inflated, inflatedBytes, retainedMiB, grewMiB } = await watchInflate(() => readWorkbook(honest));
  report.push(
    `  honest 1 GiB sheet: refused in ${(performance.now() - t0).toFixed(1)} ms, ${inflatedBytes} bytes inflated, memory +${grewMiB.toFixed(1)} MiB (held afterwards ${retainedMiB.toFixed(1)} MiB), inflated: ${inflated.join(", ")}`,
  );
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", part: SHEET, limit: DEFAULT_LIMITS.maxPartBytes } });
  expect(inflated).not.toContain(SHEET);
  expect(inflatedBytes).toBeLessThan(64 * 1024); // the small parts read before the sheet
  expect(retainedMiB).toBeLessThan(16);
});

test("size fields lying (4 KB declared): refused while inflating, after one small step, memory bounded", async () => {
  const lying = zipBomb(1024, "lying");
  const t0 = performance.now();
  const { result, inflated, inflatedBytes, largestStep, retainedMiB, grewMiB } = await watchInflate(() => readWorkbook(lying));
  report.push(
    `  lying 1 GiB sheet (declares 4 KB): refused in ${(performance.now() - t0).toFixed(1)} ms, ${(inflatedBytes / MiB).toFixed(1)} MiB inflated (largest step ${(largestStep / MiB).toFixed(1)} MiB), memory +${grewMiB.toFixed(1)} MiB (held afterwards ${retainedMiB.toFixed(1)} MiB)`,
  );
  expect(result.ok).toBe(false);
  expect(!result.ok && result.failure.kind).toBe("corrupt");
  expect(inflated).toContain(SHEET);
  // stopped after the first step past the 4 KB declared: not the 1 GiB
  expect(largestStep).toBeLessThanOrEqual(MAX_STEP);
  expect(inflatedBytes).toBeLessThanOrEqual(64 * 1024 + 4096 + largestStep);
  expect(retainedMiB).toBeLessThan(16);
});

test("size fields lying just under the part limit (60 MiB declared): stops at the declared size", async () => {
  const lying = zipBomb(1024, 60 * MiB);
  const { result, inflatedBytes, largestStep, retainedMiB, grewMiB } = await watchInflate(() => readWorkbook(lying));
  report.push(
    `  lying 1 GiB sheet (declares 60 MiB): ${(inflatedBytes / MiB).toFixed(1)} MiB inflated (largest step ${(largestStep / MiB).toFixed(1)} MiB), memory +${grewMiB.toFixed(1)} MiB (held afterwards ${retainedMiB.toFixed(1)} MiB)`,
  );
  expect(!result.ok && result.failure.kind).toBe("corrupt");
  // the 60 MiB buffer is filled, then one more step shows the lie; nothing beyond is inflated or held
  expect(largestStep).toBeLessThanOrEqual(MAX_STEP);
  expect(inflatedBytes).toBeLessThanOrEqual(64 * 1024 + 60 * MiB + largestStep);
  expect(retainedMiB).toBeLessThan(16);
});

test("zip64 size field declaring 8 GiB: too-large before inflating", async () => {
  const b = zipBomb(1024, 8 * GiB);
  const { result, inflated } = await watchInflate(() => readWorkbook(b));
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", part: SHEET, limit: DEFAULT_LIMITS.maxPartBytes } });
  expect(inflated).not.toContain(SHEET);
});

test("the bomb in the shared strings: too-large before inflating", async () => {
  const b = zipBomb(1024, "honest", "xl/sharedStrings.xml");
  const { result, inflated } = await watchInflate(() => readWorkbook(b));
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", part: "xl/sharedStrings.xml", limit: DEFAULT_LIMITS.maxPartBytes } });
  expect(inflated).not.toContain("xl/sharedStrings.xml");
});

test("four sheets of 60 MiB each (each under the part limit, 240 MiB together): refused by the total, nothing big inflated", async () => {
  const base = unzipSync(
    gridsToXlsx([
      { grid: tableGrid(ganzhou, "炸弹县") },
      ...[2, 3, 4, 5].map((n) => ({ grid: { sheetName: `S${n}`, rows: [], merges: [] } })),
    ]),
  );
  const sheets = Object.keys(base).filter((n) => /^xl\/worksheets\/sheet[2-5]\.xml$/.test(n));
  expect(sheets).toHaveLength(4);
  const entries = storedEntries(Object.fromEntries(Object.entries(base).filter(([n]) => !sheets.includes(n))));
  const data = zerosDeflate(60);
  const crc = zerosCrc(60);
  for (const name of sheets) entries.push({ name, data, method: 8, crc, size: 60 * MiB });
  const { result, inflated, inflatedBytes, retainedMiB } = await watchInflate(() => readWorkbook(zipRaw(entries)));
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", limit: DEFAULT_LIMITS.maxTotalBytes } });
  for (const s of sheets) expect(inflated).not.toContain(s);
  expect(inflatedBytes).toBeLessThan(MiB);
  expect(retainedMiB).toBeLessThan(16);
});

test("a bomb in a part that is never read (an image) does not matter: the table is read, the image never inflated", async () => {
  const base = unzipSync(gridsToXlsx([{ grid: tableGrid(ganzhou, "图片县") }]));
  const entries = storedEntries(base);
  entries.push({ name: "xl/media/image1.png", data: zerosDeflate(1024), method: 8, crc: 0, size: GiB });
  const bytes = zipRaw(entries);
  const { result, inflated } = await watchInflate(() => analyzeWorkbookBytes("图片县.xlsx", bytes, BUILTIN_TEMPLATES, ganzhou));
  expect(inflated).not.toContain("xl/media/image1.png");
  expect(result.input.report?.valid).toBe(true);
});

test("through analyzeWorkbookBytes: the Chinese message names the size limit and the part, on the file", () => {
  const a = analyzeWorkbookBytes("09 压缩炸弹.xlsx", honest, BUILTIN_TEMPLATES, ganzhou);
  expect(a.input.report).toBeUndefined();
  expect(a.input.findings).toHaveLength(1);
  const f = a.input.findings[0];
  expect(f).toMatchObject({ code: "file-too-large", severity: "error", file: "09 压缩炸弹.xlsx" });
  expect(renderMessage(f)).toBe(`文件解压后超过 64 MB（${SHEET}），为安全起见拒绝读取；正常的统计表不会这么大，请核实来源。`);
});
