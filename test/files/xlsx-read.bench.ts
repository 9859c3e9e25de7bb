/**
 * Speed of the .xlsx reading path (not a Jest test: run with `npx tsx test/files/xlsx-read.bench.ts`).
 *
 * Compares, per file, for a county-sized workbook (~40-row 统计表 sheet + a readme sheet):
 *  - floor:   fflate unzipSync of just the parts the reader needs (no XML work at all)
 *  - reader:  readWorkbook (hand-written SpreadsheetML scanner)
 *  - saxes:   the same work with saxes as the XML tokenizer (the alternative that was measured; a
 *             simplified pipeline — no limits, names, rels resolution — so a lower bound for saxes)
 *  - exceljs: ExcelJS workbook.xlsx.load
 * and the same on a larger sheet (2,000 rows × 6 columns) to show the scaling.
 */
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { SaxesParser } from "saxes";
import type { CellValue } from "../../src/core/grid";
import { readWorkbook } from "../../src/files/xlsx-read";
import { unescapeOoxml } from "../../src/files/xml-scan";

async function countyWorkbook(rows: number, cols: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const readme = wb.addWorksheet("填表说明");
  readme.getCell("A1").value = "请按部门填写本表，无数据请填 0。";
  const ws = wb.addWorksheet("统计表");
  ws.mergeCells(1, 1, 1, cols);
  ws.getCell(1, 1).value = "2022年网络市场监管专项行动情况统计表";
  ws.getCell(2, 1).value = "填报单位：";
  ws.getCell(2, 2).value = "某某县市场监督管理局";
  ws.getCell(2, 3).value = "填报日期：";
  ws.getCell(2, 4).value = new Date(Date.UTC(2022, 10, 30));
  for (let r = 3; r < rows + 3; r++) {
    ws.getCell(r, 1).value = r % 7 === 0 ? `公安局` : `查处网络违法案件（第${r}项）`;
    ws.getCell(r, 2).value = r % 5 === 0 ? "件" : "万元";
    for (let c = 3; c <= cols; c++) {
      if (c === cols) ws.getCell(r, c).value = r % 3 === 0 ? "备注：不重复计算" : null;
      else if (r % 11 === 0) ws.getCell(r, c).value = { formula: `C${r - 1}+1`, result: r } as ExcelJS.CellFormulaValue;
      else ws.getCell(r, c).value = ((r * 37 + c) % 1000) / (c % 2 ? 1 : 100);
    }
  }
  ws.getCell(2, 2).name = "cs_unit";
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const NEEDED = /^(_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/sheet\d+\.xml)$/;

function floor(bytes: Uint8Array): number {
  const files = unzipSync(bytes, { filter: (f) => NEEDED.test(f.name) && f.originalSize < 64 * 1024 * 1024 });
  let n = 0;
  for (const k in files) n += files[k].length;
  return n;
}

/** The alternative: same work, saxes as tokenizer (inflate via unzipSync; rels resolution simplified). */
function saxesRead(bytes: Uint8Array): CellValue[][][] {
  const files = unzipSync(bytes, { filter: (f) => NEEDED.test(f.name) });
  const dec = new TextDecoder();
  const parse = (
    text: string,
    onOpen: (name: string, attrs: Record<string, string>) => void,
    onClose: (name: string) => void,
    onText: (t: string) => void,
  ) => {
    const p = new SaxesParser({ position: false });
    p.on("opentag", (t) => onOpen(local(t.name), t.attributes as Record<string, string>));
    p.on("closetag", (t) => onClose(local(t.name)));
    p.on("text", onText);
    p.on("cdata", onText);
    p.write(text).close();
  };
  const local = (n: string) => {
    const i = n.indexOf(":");
    return i < 0 ? n : n.slice(i + 1);
  };
  const sst: string[] = [];
  if (files["xl/sharedStrings.xml"]) {
    let cur = "";
    let inT = false;
    let inPh = 0;
    parse(
      dec.decode(files["xl/sharedStrings.xml"]),
      (n) => {
        if (n === "si") cur = "";
        else if (n === "t") inT = true;
        else if (n === "rPh") inPh++;
      },
      (n) => {
        if (n === "si") sst.push(cur);
        else if (n === "t") inT = false;
        else if (n === "rPh") inPh--;
      },
      (t) => {
        if (inT && !inPh) cur += unescapeOoxml(t);
      },
    );
  }
  const sheets: CellValue[][][] = [];
  for (const name of Object.keys(files)
    .filter((k) => k.startsWith("xl/worksheets/"))
    .sort()) {
    const rows: CellValue[][] = [];
    let r = -1;
    let c = -1;
    let t: string | undefined;
    let v: string | undefined;
    let inV = false;
    parse(
      dec.decode(files[name]),
      (n, a) => {
        if (n === "row") ((r = a.r ? Number(a.r) - 1 : r + 1), (c = -1));
        else if (n === "c") {
          const ref = a.r;
          if (ref) {
            const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
            let cc = 0;
            for (const ch of m[1]) cc = cc * 26 + ch.charCodeAt(0) - 64;
            c = cc - 1;
            r = Number(m[2]) - 1;
          } else c++;
          t = a.t;
          v = undefined;
        } else if (n === "v") ((inV = true), (v = ""));
      },
      (n) => {
        if (n === "v") inV = false;
        else if (n === "c" && v !== undefined) {
          const value: CellValue =
            t === "s" ? sst[Number(v)] : t === "str" ? v : t === "b" ? v === "1" : t === "e" ? { error: v } : Number(v);
          while (rows.length <= r) rows.push([]);
          const line = rows[r];
          while (line.length < c) line.push(null);
          line[c] = value;
        }
      },
      (text) => {
        if (inV) v += text;
      },
    );
    sheets.push(rows);
  }
  return sheets;
}

/** Median over interleaved rounds, so a busy machine disturbs all candidates alike. */
async function compare(cases: [string, number, () => unknown][], rounds = 9): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (const [label, n, fn] of cases) {
    samples[label] = [];
    for (let i = 0; i < Math.min(50, n); i++) await fn(); // warm up
  }
  for (let round = 0; round < rounds; round++) {
    for (const [label, n, fn] of cases) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await fn();
      samples[label].push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
    }
  }
  const out: Record<string, number> = {};
  for (const [label] of cases) {
    const s = samples[label].sort((a, b) => a - b);
    out[label] = s[s.length >> 1];
    console.log(`  ${label.padEnd(8)} ${out[label].toFixed(3)} ms/file (median of ${rounds})`);
  }
  return out;
}

async function main(): Promise<void> {
  for (const [rows, cols, n, nExcel] of [
    [40, 4, 400, 40],
    [2000, 6, 10, 2],
  ] as const) {
    const bytes = await countyWorkbook(rows, cols);
    const check = readWorkbook(bytes);
    if (!check.ok) throw new Error(JSON.stringify(check.failure));
    console.log(`${rows} rows × ${cols} cols, ${bytes.length} bytes:`);
    const t = await compare([
      ["floor", n, () => floor(bytes)],
      ["reader", n, () => readWorkbook(bytes)],
      ["saxes", n, () => saxesRead(bytes)],
      ["exceljs", nExcel, () => new ExcelJS.Workbook().xlsx.load(bytes as unknown as ExcelJS.Buffer)],
    ]);
    console.log(
      `  reader/floor ${(t.reader / t.floor).toFixed(2)}×, saxes/floor ${(t.saxes / t.floor).toFixed(2)}×, exceljs/reader ${(t.exceljs / t.reader).toFixed(1)}×`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
