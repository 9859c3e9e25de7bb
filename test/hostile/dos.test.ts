/**
 * Small files that used to cost gigabytes or minutes (found with this corpus), now bounded by structure:
 * grid slots are budgeted in the reader (src/files/xlsx-read.ts), merged areas in the sheet index
 * (src/core/read.ts), and the zip reader inflates in small steps (src/files/zip.ts, see bomb.test.ts).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { readWorkbook } from "../../src/files/xlsx-read";
import { SheetIndex } from "../../src/core/read";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import type { Grid } from "../../src/core/grid";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { buildXlsx, worksheet } from "../files/xlsx-builder";
import { ganzhou } from "../support/fixtures";
import { gridsToXlsx } from "./support/sheet-xml";
import { tableGrid } from "./support/corpus";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;
function grewMiB<T>(f: () => T): { result: T; mib: number } {
  gc();
  const u0 = process.memoryUsage();
  const result = f();
  const u1 = process.memoryUsage();
  return { result, mib: (u1.heapUsed + u1.arrayBuffers - u0.heapUsed - u0.arrayBuffers) / MiB };
}

describe("sparse cells far away (rows are dense arrays padded with nulls)", () => {
  test("20 000 values in column XFD (90 KB of XML, 327 M slots) are refused as too-large, memory bounded", () => {
    let rows = "";
    for (let r = 1; r <= 20000; r++) rows += `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`;
    const bytes = buildXlsx({ sheets: [{ name: "S", xml: worksheet(rows) }] });
    expect(bytes.length).toBeLessThan(200_000);
    const { result, mib } = grewMiB(() => readWorkbook(bytes));
    expect(!result.ok && result.failure.kind).toBe("too-large");
    // the slot budget is 10 M slots (80 MB of nulls, plus array growth slack); it used to be 3.6 GB
    expect(mib).toBeLessThan(200);
  });

  test("50 sheets with one value in row 1 048 576 each are refused as too-large", () => {
    const sheets = Array.from({ length: 50 }, (_, i) => ({
      name: `S${i}`,
      xml: worksheet('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
    }));
    const { result, mib } = grewMiB(() => readWorkbook(buildXlsx({ sheets })));
    expect(!result.ok && result.failure.kind).toBe("too-large");
    expect(mib).toBeLessThan(150);
  });

  test("300 sheets on one worksheet part of 30 000 cells: every copy is charged", () => {
    let rows = "";
    for (let r = 1; r <= 10000; r++)
      rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>1</v></c><c r="C${r}"><v>2</v></c></row>`;
    const xml = worksheet(rows);
    const sheets = Array.from({ length: 300 }, (_, i) => ({
      name: `S${i}`,
      xml,
      target: "worksheets/shared.xml",
      path: "xl/worksheets/shared.xml",
    }));
    const result = readWorkbook(buildXlsx({ sheets }));
    expect(!result.ok && result.failure.kind).toBe("too-large");
  });

  test("a real table with one stray value at XFD1048576 is still read (legitimate files keep working)", () => {
    const grid = tableGrid(ganzhou, "章贡区");
    const bytes = gridsToXlsx([{ grid, extraRows: '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>误触</t></is></c></row>' }]);
    const a = analyzeWorkbookBytes("章贡区.xlsx", bytes, BUILTIN_TEMPLATES, ganzhou);
    expect(a.input.report?.valid).toBe(true);
    expect(a.input.report?.unit).toBe("章贡区");
  });
});

describe("merged areas", () => {
  test("5 000 merges of A1:XFD1048576 cost no more than the grid they sit on", () => {
    const grid: Grid = {
      sheetName: "S",
      rows: [
        ["填报单位：", "章贡区"],
        ["项目", null, "数量", "备注"],
      ],
      merges: [],
    };
    for (let i = 0; i < 5000; i++) grid.merges.push({ r1: i % 3, c1: 0, r2: 1048575, c2: 16383 });
    const index = new SheetIndex(grid);
    const covered = (index as unknown as { covered: Map<number, number> }).covered;
    expect(covered.size).toBeLessThanOrEqual(2 * 4);
  });

  test("many overlapping merges inside a large grid stop at the coverage budget (1 M cells)", () => {
    const rows = Array.from({ length: 2000 }, (_, r) => Array.from({ length: 100 }, (_, c) => (c === 0 ? `行${r}` : null)));
    const merges = Array.from({ length: 3000 }, (_, i) => ({ r1: i % 50, c1: 0, r2: 1999, c2: 99 }));
    const index = new SheetIndex({ sheetName: "S", rows, merges });
    const covered = (index as unknown as { covered: Map<number, number> }).covered;
    expect(covered.size).toBeLessThanOrEqual(1_000_000);
  });

  test("a table with 5 000 huge merges below it is read as usual", () => {
    const grid = tableGrid(ganzhou, "石城县");
    const n = grid.rows.length;
    for (let i = 0; i < 5000; i++) grid.merges.push({ r1: n + 10 + i, c1: 0, r2: 1048575, c2: 16383 });
    const a = analyzeWorkbookBytes("石城县.xlsx", gridsToXlsx([{ grid }]), BUILTIN_TEMPLATES, ganzhou);
    expect(a.input.report?.valid).toBe(true);
  });

  test("merges keep working where they matter: a department cell merged down still labels its rows", () => {
    const grid = tableGrid(ganzhou, "章贡区");
    delete grid.names;
    const a = analyzeWorkbookBytes("章贡区.xlsx", gridsToXlsx([{ grid }], { names: false }), BUILTIN_TEMPLATES, ganzhou);
    expect(a.input.report?.valid).toBe(true);
    expect(a.input.report?.stats.found).toBe(a.input.report?.stats.expected);
  });
});
