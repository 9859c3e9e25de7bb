/**
 * Differential property test: our .xlsx reader against openpyxl (an independent reader) on workbooks with
 * random contents — numbers, text (CJK, spaces, numbers as text), booleans, dates, errors, blanks, several
 * sheets, merges — written by openpyxl, by the SheetJS writer and by LibreOffice (its Excel 2007-365 and its
 * "Office Open XML" exports of the openpyxl file; this LibreOffice writes the latter with transitional
 * namespaces, so strict OOXML itself is covered by the small files of xlsx-read.realworld.test.ts). A handful of seeds per run keeps it fast;
 * a failure prints its seed.
 */
import * as XLSX from "@e965/xlsx";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CellValue } from "../../src/core/grid";
import { readWorkbook } from "../../src/files/xlsx-read";
import { Prng } from "../hostile/support/prng";
import { convertWithLibreOffice, python } from "../support/independent";

jest.setTimeout(120000);

type Cell = number | string | boolean | { date: string } | null;
interface Book {
  sheets: { name: string; rows: Cell[][]; merges: [number, number, number, number][] }[];
}

const TEXTS = ["章贡区市场监督管理局", " 12 ", "0.1", "１２", "a&b<c>", "多行\n文本", "=不是公式", "   ", "TRUE", "#N/A"];

function randomBook(seed: number): Book {
  const p = new Prng(seed);
  const sheets: Book["sheets"] = [];
  for (let s = 0, n = p.range(1, 3); s < n; s++) {
    const rows: Cell[][] = [];
    for (let r = 0, nr = p.range(1, 25); r < nr; r++) {
      const row: Cell[] = [];
      for (let c = 0, nc = p.range(1, 8); c < nc; c++) {
        const k = p.int(10);
        row.push(
          k < 3
            ? null
            : k < 5
              ? p.pick([p.int(100000), -p.int(1000), p.int(1e6) / 1000, 0.1 + 0.2, 1e-7 * p.int(100), 2 ** 53 - p.int(10)])
              : k < 8
                ? p.pick(TEXTS)
                : k < 9
                  ? p.next() < 0.5
                  : { date: `20${p.range(10, 30)}-${String(p.range(1, 12)).padStart(2, "0")}-${String(p.range(1, 28)).padStart(2, "0")}` },
        );
      }
      rows.push(row);
    }
    const merges: Book["sheets"][number]["merges"] = [];
    if (rows.length > 3 && p.next() < 0.7) merges.push([1, 0, Math.min(rows.length - 1, 3), 0]);
    sheets.push({ name: `表${s + 1}`, rows, merges });
  }
  return { sheets };
}

/** openpyxl reads the file back: every cell's value, dates as Excel serials */
const READ_WITH_OPENPYXL = String.raw`
import sys, json, datetime
import openpyxl
from openpyxl.utils.datetime import to_excel
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        vals = []
        for c in row:
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = to_excel(v)
            elif c.data_type == "e":
                v = {"error": v}
            vals.append(v)
        rows.append(vals)
    merges = sorted([[m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1] for m in ws.merged_cells.ranges])
    out.append({"name": ws.title, "rows": rows, "merges": merges})
print(json.dumps(out, ensure_ascii=False))
`;

const WRITE_WITH_OPENPYXL = String.raw`
import sys, json, datetime
import openpyxl
book = json.load(sys.stdin)
wb = openpyxl.Workbook()
wb.remove(wb.active)
for s in book["sheets"]:
    ws = wb.create_sheet(s["name"])
    for r, row in enumerate(s["rows"]):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dict):
                v = datetime.datetime.strptime(v["date"], "%Y-%m-%d")
            cell = ws.cell(row=r + 1, column=c + 1, value=v)
            if isinstance(v, str):
                cell.data_type = "s"
    for m in s["merges"]:
        ws.merge_cells(start_row=m[0] + 1, start_column=m[1] + 1, end_row=m[2] + 1, end_column=m[3] + 1)
wb.save(sys.argv[1])
`;

function writeWithSheetJs(book: Book, file: string): void {
  const wb = XLSX.utils.book_new();
  for (const s of book.sheets) {
    const aoa = s.rows.map((row) => row.map((v) => (v !== null && typeof v === "object" ? new Date(`${v.date}T00:00:00Z`) : v)));
    const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true, UTC: true });
    ws["!merges"] = s.merges.map(([r1, c1, r2, c2]) => ({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } }));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  writeFileSync(file, XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer);
}

/**
 * both sides as a list of non-empty cells: [sheet, row, col, value]; cells covered by a merge (not its
 * first) are left out: openpyxl drops what a file holds there, we keep it
 */
function cellsOf(sheets: { name: string; rows: (CellValue | undefined)[][]; merges: number[][] }[]): [string, number, number, CellValue][] {
  const out: [string, number, number, CellValue][] = [];
  for (const s of sheets) {
    const covered = (r: number, c: number) =>
      s.merges.some(([r1, c1, r2, c2]) => r >= r1 && r <= r2 && c >= c1 && c <= c2 && (r !== r1 || c !== c1));
    s.rows.forEach((row, r) =>
      (row ?? []).forEach((v, c) => {
        if (v === null || v === undefined || v === "" || covered(r, c)) return;
        out.push([s.name, r, c, typeof v === "number" ? Number(v.toPrecision(15)) : v]);
      }),
    );
  }
  return out;
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-diff-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEEDS = Array.from({ length: 4 }, (_, i) => (Date.now() + i * 7919) >>> 0);

// LibreOffice is slow to start: one seed each for its Excel 2007-365 and its "Office Open XML" export
const LIBREOFFICE_FILTERS = {
  "libreoffice-excel2007": "xlsx:Calc MS Excel 2007 XML",
  "libreoffice-ooxml": "xlsx:Calc Office Open XML",
} as const;

describe.each(["openpyxl", "sheetjs", "libreoffice-excel2007", "libreoffice-ooxml"] as const)("written by %s", (writer) => {
  test.each(writer.startsWith("libreoffice") ? SEEDS.slice(0, 1) : SEEDS)("seed %i: every cell as openpyxl reads it", (seed) => {
    const book = randomBook(seed);
    let file = join(dir, `${writer}-${seed}.xlsx`);
    if (writer === "sheetjs") writeWithSheetJs(book, file);
    else python(WRITE_WITH_OPENPYXL, [file], JSON.stringify(book));
    if (writer === "libreoffice-excel2007" || writer === "libreoffice-ooxml") {
      const out = mkdtempSync(join(dir, "lo-"));
      file = convertWithLibreOffice(file, LIBREOFFICE_FILTERS[writer], out);
    }
    const theirs = JSON.parse(python(READ_WITH_OPENPYXL, [file])) as { name: string; rows: CellValue[][]; merges: number[][] }[];
    const r = readWorkbook(new Uint8Array(readFileSync(file)));
    if (!r.ok) throw new Error(`seed ${seed}: ${JSON.stringify(r.failure)}`);
    const ours = r.workbook.sheets;
    expect(ours.map((g) => g.sheetName)).toEqual(theirs.map((s) => s.name));
    expect(cellsOf(ours.map((g) => ({ name: g.sheetName, rows: g.rows, merges: g.merges.map((m) => [m.r1, m.c1, m.r2, m.c2]) })))).toEqual(
      cellsOf(theirs),
    );
    expect(ours.map((g) => g.merges.map((m) => [m.r1, m.c1, m.r2, m.c2]).sort())).toEqual(theirs.map((s) => s.merges));
  });
});
