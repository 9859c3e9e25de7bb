/**
 * Zip bombs: a worksheet part of ~1 MB that truly inflates to 1 GiB. Refused by its declared size before a
 * byte is inflated; when the size fields lie, inflation stops at the first chunk past the declared size.
 * Work is bounded structurally (which parts were inflated; how much memory grew), never by wall-clock time.
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
import { unzipSync } from "fflate";
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

/** runs f with ZipArchive.inflate watched: which entries were inflated */
function watchInflate<T>(f: () => T): { result: T; inflated: string[]; grewMiB: number } {
  const spy = jest.spyOn(ZipArchive.prototype, "inflate");
  gc(); // start clean, so what is still held (or not yet collected) afterwards counts against the bound
  const before = memory();
  try {
    const result = f();
    const grewMiB = (memory() - before) / MiB;
    return { result, inflated: spy.mock.calls.map(([e]) => e.name), grewMiB };
  } finally {
    spy.mockRestore();
  }
}

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
  report.push(`  1 GiB stream: ${data.length} bytes deflated (ratio ${Math.round(GiB / data.length)}:1), inflated by zlib in ${Math.round(performance.now() - t0)} ms`);
  expect(total).toBe(GiB);
  expect(nonZero).toBe(0);
  // the CRC written into the archive is computed chunk-wise: the same as over the whole data
  expect(zerosCrc(3)).toBe(crc32(Buffer.alloc(3 * MiB)) >>> 0);
}, 30_000);

test("declared honestly: refused as too-large before inflating the part, memory flat", () => {
  const t0 = performance.now();
  const { result, inflated, grewMiB } = watchInflate(() => readWorkbook(honest));
  report.push(`  honest 1 GiB sheet: refused in ${(performance.now() - t0).toFixed(1)} ms, memory +${grewMiB.toFixed(1)} MiB, inflated: ${inflated.join(", ")}`);
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", part: SHEET, limit: DEFAULT_LIMITS.maxPartBytes } });
  expect(inflated).not.toContain(SHEET);
  expect(grewMiB).toBeLessThan(100);
});

test("size fields lying (4 KB declared): refused while inflating, after one small step, memory bounded", () => {
  const lying = zipBomb(1024, "lying");
  const t0 = performance.now();
  const { result, inflated, grewMiB } = watchInflate(() => readWorkbook(lying));
  report.push(`  lying 1 GiB sheet (declares 4 KB): refused in ${(performance.now() - t0).toFixed(1)} ms, memory +${grewMiB.toFixed(1)} MiB`);
  expect(result.ok).toBe(false);
  expect(!result.ok && result.failure.kind).toBe("corrupt");
  expect(inflated).toContain(SHEET);
  expect(grewMiB).toBeLessThan(100);
});

test("size fields lying just under the part limit (60 MiB declared): stops at the declared size", () => {
  const lying = zipBomb(1024, 60 * MiB);
  const { result, grewMiB } = watchInflate(() => readWorkbook(lying));
  report.push(`  lying 1 GiB sheet (declares 60 MiB): memory +${grewMiB.toFixed(1)} MiB`);
  expect(!result.ok && result.failure.kind).toBe("corrupt");
  expect(grewMiB).toBeLessThan(100);
});

test("zip64 size field declaring 8 GiB: too-large before inflating", () => {
  const b = zipBomb(1024, 8 * GiB);
  const { result, inflated } = watchInflate(() => readWorkbook(b));
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", part: SHEET, limit: DEFAULT_LIMITS.maxPartBytes } });
  expect(inflated).not.toContain(SHEET);
});

test("the bomb in the shared strings: too-large before inflating", () => {
  const b = zipBomb(1024, "honest", "xl/sharedStrings.xml");
  const { result, inflated } = watchInflate(() => readWorkbook(b));
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", part: "xl/sharedStrings.xml", limit: DEFAULT_LIMITS.maxPartBytes } });
  expect(inflated).not.toContain("xl/sharedStrings.xml");
});

test("four sheets of 60 MiB each (each under the part limit, 240 MiB together): refused by the total, nothing big inflated", () => {
  const base = unzipSync(gridsToXlsx([{ grid: tableGrid(ganzhou, "炸弹县") }, ...[2, 3, 4, 5].map((n) => ({ grid: { sheetName: `S${n}`, rows: [], merges: [] } }))]));
  const sheets = Object.keys(base).filter((n) => /^xl\/worksheets\/sheet[2-5]\.xml$/.test(n));
  expect(sheets).toHaveLength(4);
  const entries = storedEntries(Object.fromEntries(Object.entries(base).filter(([n]) => !sheets.includes(n))));
  const data = zerosDeflate(60);
  const crc = zerosCrc(60);
  for (const name of sheets) entries.push({ name, data, method: 8, crc, size: 60 * MiB });
  const { result, inflated, grewMiB } = watchInflate(() => readWorkbook(zipRaw(entries)));
  expect(result).toEqual({ ok: false, failure: { kind: "too-large", limit: DEFAULT_LIMITS.maxTotalBytes } });
  for (const s of sheets) expect(inflated).not.toContain(s);
  expect(grewMiB).toBeLessThan(100);
});

test("a bomb in a part that is never read (an image) does not matter: the table is read, the image never inflated", () => {
  const base = unzipSync(gridsToXlsx([{ grid: tableGrid(ganzhou, "图片县") }]));
  const entries = storedEntries(base);
  entries.push({ name: "xl/media/image1.png", data: zerosDeflate(1024), method: 8, crc: 0, size: GiB });
  const bytes = zipRaw(entries);
  const { result, inflated } = watchInflate(() => analyzeWorkbookBytes("图片县.xlsx", bytes, BUILTIN_TEMPLATES, ganzhou));
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
