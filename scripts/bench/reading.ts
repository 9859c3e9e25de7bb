/**
 * Section "reading": ms per file, same files, interleaved rounds, medians:
 *   floor     fflate unzipSync of only the parts the reader inflates (no XML work)
 *   read      readWorkbook (our reader alone, for the breakdown)
 *   pipeline  read + detect template + validate (analyzeWorkbookBytes), then one consolidate of the batch
 *   exceljs   new ExcelJS.Workbook().xlsx.load(buffer)
 *   sheetjs   XLSX.read(bytes, { type: "array" }) (@e965/xlsx, SheetJS CE): the other common reader
 * Each round runs every method over all files, in slices of CHUNK files taken in turn; the figure is
 * the median over rounds.
 */
import * as XLSX from "@e965/xlsx";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { readWorkbook } from "../../src/files/xlsx-read";
import type { ReceivedInput } from "../../src/core/consolidate";
import { analyzeOne, consolidateInputs, type PipelineSummary } from "./pipeline";
import { median } from "./util";

/** the parts readWorkbook inflates for a workbook like ours: root rels, workbook + rels, shared strings, worksheets */
const NEEDED = /^(_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml)$/;

export function floor(bytes: Uint8Array): number {
  const files = unzipSync(bytes, { filter: (f) => NEEDED.test(f.name) });
  let n = 0;
  for (const k in files) n += files[k].length;
  return n;
}

export interface ReadingResult {
  sampleFiles: number;
  rounds: number;
  msPerFile: { floor: number; read: number; pipeline: number; exceljs: number; sheetjs: number };
  /** per-round samples, ms per file */
  samples: Record<string, number[]>;
  ratios: { pipelineOverFloor: number; exceljsOverPipeline: number; sheetjsOverPipeline: number; readOverFloor: number };
  /** the same ratios round by round (each round's methods ran side by side): [min, max] */
  ratioRange: { pipelineOverFloor: [number, number]; exceljsOverPipeline: [number, number]; sheetjsOverPipeline: [number, number] };
  pipeline: PipelineSummary;
}

/** `chunk` does files [lo, hi); `finish` (timed too) ends a round: the pipeline's one consolidation */
type Method = { name: keyof ReadingResult["msPerFile"]; chunk: (lo: number, hi: number) => Promise<void> | void; finish?: () => void };

/** files per timed slice: the methods take turns every few tens of ms, so a burst of load hits them alike */
const CHUNK = 20;

export async function benchReading(files: Uint8Array[], names: string[], rounds: number, log: (s: string) => void): Promise<ReadingResult> {
  const buffers = files.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const inputs: ReceivedInput[] = new Array(files.length);
  let summary: PipelineSummary | undefined;
  const methods: Method[] = [
    {
      name: "floor",
      chunk: (lo, hi) => {
        for (let i = lo; i < hi; i++) floor(files[i]);
      },
    },
    {
      name: "read",
      chunk: (lo, hi) => {
        for (let i = lo; i < hi; i++) if (!readWorkbook(files[i]).ok) throw new Error("bench: a corpus file did not read");
      },
    },
    {
      name: "pipeline",
      chunk: (lo, hi) => {
        for (let i = lo; i < hi; i++) inputs[i] = analyzeOne(names[i], files[i]);
      },
      finish: () => {
        summary = consolidateInputs(inputs);
      },
    },
    {
      name: "exceljs",
      chunk: async (lo, hi) => {
        // a Node Buffer, typed as ExcelJS declares it
        for (let i = lo; i < hi; i++) await new ExcelJS.Workbook().xlsx.load(buffers[i] as unknown as ArrayBuffer);
      },
    },
    {
      name: "sheetjs",
      chunk: (lo, hi) => {
        for (let i = lo; i < hi; i++) XLSX.read(files[i], { type: "array" });
      },
    },
  ];
  const n = files.length;
  // No forced GC between slices: a full GC (global.gc) flushes V8's compiled code and heap, and the
  // slice after it ran 2–4× slower, whatever the method. The garbage of each method is collected when V8
  // decides, as in real use; the fine interleaving spreads that cost fairly.
  const timed = async (fn: () => Promise<void> | void): Promise<number> => {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  // warm-up: one pass each (JIT, caches)
  for (const m of methods) {
    await m.chunk(0, n);
    m.finish?.();
  }
  const samples: Record<string, number[]> = Object.fromEntries(methods.map((m) => [m.name, []]));
  for (let r = 0; r < rounds; r++) {
    const total: Record<string, number> = Object.fromEntries(methods.map((m) => [m.name, 0]));
    for (let lo = 0, c = 0; lo < n; lo += CHUNK, c++) {
      const hi = Math.min(n, lo + CHUNK);
      // rotate the order so no method always runs right after the same one
      for (let k = 0; k < methods.length; k++) {
        const m = methods[(k + r + c) % methods.length];
        total[m.name] += await timed(() => m.chunk(lo, hi));
      }
    }
    for (const m of methods) if (m.finish) total[m.name] += await timed(m.finish);
    for (const m of methods) samples[m.name].push(total[m.name] / n);
    log(`  reading round ${r + 1}/${rounds}`);
  }
  const ms = {
    floor: median(samples.floor),
    read: median(samples.read),
    pipeline: median(samples.pipeline),
    exceljs: median(samples.exceljs),
    sheetjs: median(samples.sheetjs),
  };
  return {
    sampleFiles: files.length,
    rounds,
    msPerFile: ms,
    samples,
    ratios: {
      pipelineOverFloor: ms.pipeline / ms.floor,
      exceljsOverPipeline: ms.exceljs / ms.pipeline,
      sheetjsOverPipeline: ms.sheetjs / ms.pipeline,
      readOverFloor: ms.read / ms.floor,
    },
    ratioRange: {
      pipelineOverFloor: range(samples.pipeline.map((p, r) => p / samples.floor[r])),
      exceljsOverPipeline: range(samples.exceljs.map((e, r) => e / samples.pipeline[r])),
      sheetjsOverPipeline: range(samples.sheetjs.map((e, r) => e / samples.pipeline[r])),
    },
    pipeline: summary!,
  };
}

function range(xs: number[]): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}
