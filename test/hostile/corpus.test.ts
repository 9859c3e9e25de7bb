/**
 * The hostile corpus, in process: every case gets its classification and its Chinese messages naming
 * the file (and the cell where there is one); the whole corpus in one consolidation accepts exactly the
 * valid files; the roll-up written from it keeps every received text as text.
 */
import { createHash } from "node:crypto";
import { analyzeWorkbookBytes, type WorkbookAnalysis } from "../../src/files/workbook";
import { writeRollupWorkbook } from "../../src/files/xlsx-write";
import { consolidate, type Consolidation } from "../../src/core/consolidate";
import type { Finding } from "../../src/core/findings";
import { renderMessage, ROLLUP_TEXT } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou } from "../support/fixtures";
import { buildCorpus, classify, DATE, type Case, type Expectation } from "./support/corpus";
import { writtenCells, SAFE_FORMULA, EXCEL_CELL_MAX } from "./support/output-check";
import { REMARK_CUT_MARK, rollupSheets } from "../../src/core/cell-text";

const CJK = /[\u4e00-\u9fff]/;
// eslint-disable-next-line no-control-regex
const stripControls = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, "");
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

let corpus: Case[];
const timings: { id: string; ms: number; outcome: string }[] = [];
const analyses = new Map<string, WorkbookAnalysis>();

beforeAll(async () => {
  corpus = await buildCorpus();
}, 60_000);

afterAll(() => {
  if (timings.length)
    console.log(
      "hostile corpus (in process, --template ganzhou-2022):\n" +
        timings.map((t) => `${t.id.padEnd(16)} ${String(t.ms).padStart(6)} ms  ${t.outcome}`).join("\n"),
    );
});

function allFindings(a: WorkbookAnalysis): Finding[] {
  return [...a.input.findings, ...(a.input.report?.findings ?? [])];
}

function checkAgainst(c: Case, a: WorkbookAnalysis, e: Expectation): void {
  const findings = allFindings(a);
  const codes = new Set(findings.map((f) => f.code));
  expect({ file: c.file, classification: classify(a.input) }).toEqual({ file: c.file, classification: e.classification });
  for (const code of e.codes) expect({ file: c.file, code, present: codes.has(code) }).toEqual({ file: c.file, code, present: true });
  for (const [code, cell] of e.cells ?? []) {
    const f = findings.find((x) => x.code === code && x.cell === cell);
    expect({ file: c.file, code, cell, found: !!f }).toEqual({ file: c.file, code, cell, found: true });
    expect(renderMessage(f!)).toContain(cell);
  }
  if (e.sheet !== undefined) expect(a.match?.grid.sheetName).toBe(e.sheet);
  if (e.unit !== undefined) expect(a.input.report?.unit).toBe(e.unit);
  if (e.says !== undefined) expect(renderMessage(findings[0])).toContain(e.says);
  if (e.classification === "valid") {
    // nothing but the warnings the case is about
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect([...new Set(findings.map((f) => f.code))].sort()).toEqual([...e.codes].sort());
  }
  // every finding names the file and reads as Chinese; a finding with a cell names it
  for (const f of findings) {
    expect(f.file).toBe(c.file);
    const msg = renderMessage(f);
    expect(msg).toMatch(CJK);
    expect(msg).not.toMatch(/undefined|NaN|\[object /);
    if (f.cell) expect(msg).toContain(f.cell);
  }
  if (e.classification !== "valid") expect(findings.some((f) => f.severity === "error")).toBe(true);
}

describe("each case, as the city's clerk would run it (赣州 2022 wanted)", () => {
  const ids = [
    "empty",
    "not-zip",
    "truncated",
    "legacy-xls",
    "wps-et",
    "html-xls",
    "csv",
    "csv-gbk",
    "encrypted",
    "zip-bomb",
    "docx",
    "xlsb",
    "ods",
    "xml-entities",
    "far-cells",
    "tall-sheets",
    "noise-100k",
    "unrelated",
    "wrong-campaign",
    "wrong-values",
    "formula-errors",
    "valid-exceljs",
    "valid-writer",
    "macros",
    "long-text",
    "formula-remarks",
    "formula-unit",
    "control-chars",
    "odd-sheet-names",
    "hidden-sheet",
    "several-tables",
    "duplicate-a",
    "duplicate-b",
    "attachment",
    "merge-bomb",
    "template-huge",
    "template-deep",
    "template-many",
  ];
  test("the corpus has every case listed here", () => {
    expect(corpus.map((c) => c.id).sort()).toEqual([...ids].sort());
  });
  test.each(ids)("%s", (id) => {
    const c = corpus.find((x) => x.id === id)!;
    const before = sha(c.bytes);
    const t0 = performance.now();
    const a = analyzeWorkbookBytes(c.file, c.bytes, BUILTIN_TEMPLATES, ganzhou);
    const ms = Math.round(performance.now() - t0);
    analyses.set(id, a);
    timings.push({ id, ms, outcome: `${classify(a.input)} [${[...new Set(allFindings(a).map((f) => f.code))].join(", ")}]` });
    checkAgainst(c, a, c.expect);
    expect(sha(c.bytes)).toBe(before); // the received bytes are never modified
  });
});

describe("each case, without naming the template (validate as a county would)", () => {
  test("same outcomes, except the other campaign's table, which is then valid", async () => {
    for (const c of corpus) {
      const a = analyzeWorkbookBytes(c.file, c.bytes, BUILTIN_TEMPLATES);
      checkAgainst(c, a, c.expectAnyTemplate ?? c.expect);
    }
  });
});

describe("the whole corpus in one consolidation", () => {
  let result: Consolidation;
  beforeAll(() => {
    const inputs = corpus.map((c) => analyzeWorkbookBytes(c.file, c.bytes, BUILTIN_TEMPLATES, ganzhou).input);
    result = consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: DATE, stage: "全面" });
  });

  test("the valid files are accepted, every other file is rejected with its reason", () => {
    const expectedAccepted = corpus.filter((c) => c.expect.classification === "valid" && !c.id.startsWith("duplicate")).map((c) => c.file);
    expect(result.accepted.map((a) => a.source).sort()).toEqual(expectedAccepted.sort());
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.source, r.reason]));
    for (const c of corpus) {
      if (expectedAccepted.includes(c.file)) continue;
      const want = c.id.startsWith("duplicate") ? "duplicate" : c.expect.classification;
      expect({ file: c.file, reason: reasons[c.file] }).toEqual({ file: c.file, reason: want });
      const r = result.rejected.find((x) => x.source === c.file)!;
      expect(r.findings.some((f) => f.severity === "error" && f.file === c.file)).toBe(true);
    }
    expect(result.accepted.length + result.rejected.length).toBe(corpus.length);
  });

  test("重复报送: both copies of 全南县 are held out, each naming the other", () => {
    const dups = result.rejected.filter((r) => r.reason === "duplicate");
    expect(dups.map((d) => d.source).sort()).toEqual(["29 全南县.xlsx", "30 全南县（重发）.xlsx"]);
    for (const d of dups) {
      const f = d.findings.find((x) => x.code === "duplicate-unit")!;
      const other = dups.find((x) => x !== d)!.source;
      expect(renderMessage(f)).toContain(other);
      expect(f.file).toBe(d.source);
    }
  });

  test("the roll-up workbook keeps every received text as text, within Excel's cell limit", async () => {
    const bytes = await writeRollupWorkbook(ganzhou, result, { now: new Date(Date.UTC(2022, 10, 26)) });
    const cells = writtenCells(bytes);
    const hostile = corpus.flatMap((c) => c.hostileText ?? []);
    expect(hostile.length).toBeGreaterThan(5);
    for (const cell of cells) {
      if (cell.f !== undefined) {
        expect({ ref: `${cell.part}!${cell.ref}`, f: cell.f, safe: SAFE_FORMULA.test(cell.f) }).toEqual({
          ref: `${cell.part}!${cell.ref}`,
          f: cell.f,
          safe: true,
        });
      }
    }
    // every hostile text arrived somewhere in the roll-up, and only in plain string cells
    for (const h of hostile) {
      // remarks are trimmed; control characters may be dropped (XML 1.0 cannot carry them)
      const key = stripControls(h.trim()).slice(0, 60);
      const holders = cells.filter((c) => stripControls(c.text).includes(key));
      expect({ text: h.slice(0, 40), written: holders.length > 0 }).toEqual({ text: h.slice(0, 40), written: true });
      for (const c of holders) {
        expect({ ref: `${c.part}!${c.ref}`, t: c.t, f: c.f }).toEqual({
          ref: `${c.part}!${c.ref}`,
          t: expect.stringMatching(/^(s|inlineStr)$/),
          f: undefined,
        });
      }
    }
  });

  test("the roll-up never writes a cell longer than Excel's 32,767 characters (a 100k-character remark)", async () => {
    const bytes = await writeRollupWorkbook(ganzhou, result, { now: new Date(Date.UTC(2022, 10, 26)) });
    const cells = writtenCells(bytes);
    const long = cells.filter((c) => c.text.length > EXCEL_CELL_MAX);
    expect(long.map((c) => `${c.part}!${c.ref}: ${c.text.length}`)).toEqual([]);
    // nothing lost: 汇总表 shows the beginning with the marker, 报送情况 warns and lists the full text in pieces
    const c = corpus.find((x) => x.id === "long-text")!;
    const contribution = result.accepted.find((a) => a.source === c.file)!;
    const sheets = rollupSheets(ganzhou, result, ROLLUP_TEXT);
    expect(sheets.cut.map((x) => [x.unit, x.itemId]).sort()).toEqual([
      ["信丰县", "cases_fines"],
      ["信丰县", "police_info"],
    ]);
    for (const [itemId, full] of Object.entries(contribution.remarks)) {
      const cut = sheets.cut.find((x) => x.itemId === itemId)!;
      const rollupCell = cells.find((x) => x.part === "xl/worksheets/sheet1.xml" && x.ref === cut.rollupCell)!;
      expect(rollupCell.text).toContain(`信丰县：${full.trim().slice(0, 1000)}`);
      expect(rollupCell.text).toContain(REMARK_CUT_MARK);
      const status = cells.filter((x) => x.part === "xl/worksheets/sheet3.xml");
      const at = (ref: string) => status.find((x) => x.ref === ref)?.text ?? "";
      const rows = [...new Set(status.map((x) => Number(/\d+/.exec(x.ref)![0])))].sort((p, q) => p - q);
      const label = ganzhou.sections.flatMap((s) => s.items).find((i) => i.id === itemId)!;
      const pieceRows = rows.filter(
        (r) => at(`A${r}`).startsWith("备注全文（") && at(`B${r}`) === "信丰县" && at(`D${r}`).startsWith(label.label),
      );
      const joined = pieceRows.map((r) => at(`F${r}`)).join("");
      expect({ itemId, pieces: pieceRows.length > 1, length: joined.length, same: joined === full.trim() }).toEqual({
        itemId,
        pieces: true,
        length: full.trim().length,
        same: true,
      });
      const warning = cells.find(
        (x) =>
          x.part === "xl/worksheets/sheet3.xml" &&
          x.text.includes("备注共") &&
          x.text.includes(cut.rollupCell!) &&
          x.text.includes(String(full.trim().length)),
      );
      expect(warning?.text).toMatch(/信丰县/);
    }
  });
});
