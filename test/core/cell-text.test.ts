import { consolidate, type ReceivedInput } from "../../src/core/consolidate";
import { analyzeSheets } from "../../src/core/analyze";
import {
  cutText,
  EXCEL_CELL_MAX,
  FULL_TEXT_BUDGET,
  fitCell,
  fitLayout,
  fitRollupRemarks,
  fitTable,
  fitUnitRemarks,
  REMARK_CUT_MARK,
  rollupSheets,
  splitText,
  TEXT_CUT_MARK,
} from "../../src/core/cell-text";
import { layoutTemplate } from "../../src/core/layout";
import { renderMessage, ROLLUP_TEXT } from "../../src/messages/zh-CN";
import { filledGrid, ganzhou, validValues } from "../support/fixtures";

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("cutting text for a cell", () => {
  test("never between the two halves of a surrogate pair", () => {
    expect(cutText("ab😀c", 3)).toBe("ab"); // 😀 is two code units at 2–3
    expect(cutText("ab😀c", 4)).toBe("ab😀");
    expect(cutText("ab😀c", 10)).toBe("ab😀c");
    expect(cutText("😀", 1)).toBe("");
    for (let n = 0; n < 12; n++) expect(LONE.test(cutText("😀a😀😀b😀", n))).toBe(false);
  });

  test("fitCell: unchanged when it fits; else the beginning and the marker, within the limit", () => {
    expect(fitCell("短")).toBe("短");
    const exact = "字".repeat(EXCEL_CELL_MAX);
    expect(fitCell(exact)).toBe(exact);
    const long = "𠀀".repeat(40_000); // CJK Extension B: every character a surrogate pair
    const fitted = fitCell(long);
    expect(fitted.length).toBeLessThanOrEqual(EXCEL_CELL_MAX);
    expect(fitted.endsWith(TEXT_CUT_MARK)).toBe(true);
    expect(LONE.test(fitted)).toBe(false);
    expect(fitCell("很长的备注", 8, REMARK_CUT_MARK)).toBe("很长的备注".slice(0, 8));
  });

  test("splitText: pieces within the limit, no pair split, together the whole text", () => {
    const text = "a😀".repeat(50_000);
    const pieces = splitText(text, EXCEL_CELL_MAX);
    expect(pieces.length).toBe(5);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(EXCEL_CELL_MAX);
      expect(LONE.test(p)).toBe(false);
    }
    expect(pieces.join("")).toBe(text);
    expect(splitText("")).toEqual([""]);
  });
});

describe("several units' remarks in one cell", () => {
  test("as the consolidation joins them when they fit", () => {
    expect(
      fitUnitRemarks([
        { unit: "甲", remark: " 说明 " },
        { unit: "乙", remark: "另" },
      ]),
    ).toEqual({ text: "甲：说明；乙：另", cut: [] });
  });

  test("the longest shortened first, every unit keeps its beginning; the result within the limit", () => {
    const parts = [
      { unit: "章贡区", remark: "短说明" },
      { unit: "信丰县", remark: "长".repeat(100_000) },
      { unit: "南康区", remark: "中".repeat(20_000) },
      { unit: "赣县区", remark: "也长".repeat(30_000) },
    ];
    const r = fitUnitRemarks(parts, 1000);
    expect(r.text.length).toBeLessThanOrEqual(1000);
    expect(r.cut).toEqual([1, 2, 3]);
    expect(r.text).toMatch(
      /^章贡区：短说明；信丰县：长+……（备注过长，已截断，全文见各单位原表）；南康区：中+……（备注过长，已截断，全文见各单位原表）；赣县区：(也长)+也?……（备注过长，已截断，全文见各单位原表）$/,
    );
    // shortened equally
    const kept = r.text
      .split("；")
      .slice(1)
      .map((p) => p.replace(/^.+?：/, "").replace(REMARK_CUT_MARK, "").length);
    expect(Math.max(...kept) - Math.min(...kept)).toBeLessThanOrEqual(1);
    // even the names do not fit: the whole text cut, those not shown whole are listed
    const many = Array.from({ length: 100 }, (_, i) => ({ unit: `单位${i}`.repeat(5), remark: "说明" }));
    const m = fitUnitRemarks(many, 500);
    expect(m.text.length).toBeLessThanOrEqual(500);
    expect(m.text.endsWith(REMARK_CUT_MARK)).toBe(true);
    expect(m.cut[0]).toBeGreaterThan(0);
    expect(m.cut.at(-1)).toBe(99);
  });
});

function county(unit: string, remarks: Record<string, string>): ReceivedInput {
  return analyzeSheets(
    `${unit}.xlsx`,
    [filledGrid(ganzhou, { header: { unit, date: "11月20日", stage: "全面" }, values: validValues(ganzhou, 1), remarks })],
    [ganzhou],
    { wanted: ganzhou },
  ).input;
}

describe("the roll-up sheets", () => {
  test("short remarks: the consolidation's text unchanged, no warning, nothing added", () => {
    const c = consolidate({ template: ganzhou, inputs: [county("甲", { police_cases: "说明" })], unit: "市", date: "11月26日" });
    const sheets = rollupSheets(ganzhou, c, ROLLUP_TEXT);
    expect(fitRollupRemarks(ganzhou, c)).toEqual({ remarks: c.remarks, cut: [] });
    expect(sheets.warnings).toEqual([]);
    expect(sheets.layout).toEqual(layoutTemplate(ganzhou, c.rollup));
  });

  test("a long remark: shortened in 汇总表, a warning on its unit, its full text in 报送情况", () => {
    const long = "案情".repeat(40_000);
    const c = consolidate({
      template: ganzhou,
      inputs: [county("甲", { police_cases: "说明" }), county("乙", { police_cases: long })],
      unit: "市",
      date: "11月26日",
    });
    const sheets = rollupSheets(ganzhou, c, ROLLUP_TEXT);
    const cell = sheets.layout.cells.find((x) => x.role === "remark-input" && x.itemId === "police_cases")!;
    expect(String(cell.value).length).toBeLessThanOrEqual(EXCEL_CELL_MAX);
    expect(String(cell.value)).toMatch(/^乙：(案情)+案?……（备注过长，已截断，全文见各单位原表）；甲：说明$/);
    expect(sheets.cut).toEqual([
      {
        itemId: "police_cases",
        sectionId: expect.any(String),
        unit: "乙",
        source: "乙.xlsx",
        text: long,
        rollupCell: layoutTemplate(ganzhou).names.cs_police_cases.replace("C", "D"),
      },
    ]);
    expect(sheets.warnings).toHaveLength(1);
    expect(renderMessage(sheets.warnings[0])).toMatch(
      /^“乙”公安局 · .+的备注共 80000 字，超过 Excel 单元格上限（32767 字），汇总表 D\d+ 中只保留了开头部分/,
    );
    const rows = sheets.status.rows;
    expect(rows.some((r) => r[0] === "已汇总" && r[1] === "乙" && r[3] === "提醒" && String(r[5]).includes("80000"))).toBe(true);
    const pieces = rows.filter((r) => String(r[0]).startsWith("备注全文（"));
    expect(pieces.map((r) => r[0])).toEqual(["备注全文（1/3）", "备注全文（2/3）", "备注全文（3/3）"]);
    expect(pieces.map((r) => r[5]).join("")).toBe(long);
    for (const r of sheets.status.rows) for (const v of r) if (typeof v === "string") expect(v.length).toBeLessThanOrEqual(EXCEL_CELL_MAX);
    // the consolidation itself is not changed
    expect(c.accepted.find((a) => a.unit === "乙")!.warnings).toEqual([]);
  });

  test("any other long string (a unit's name, a value quoted in a message) is cut with the general marker", () => {
    const table = fitTable({
      sheetName: "x",
      rows: [["名".repeat(40_000), 1, { formula: "SUM(A1)", value: 1 }, null]],
      headerRows: 0,
      columnWidths: [],
    });
    expect(String(table.rows[0][0]).endsWith(TEXT_CUT_MARK)).toBe(true);
    expect(table.rows[0].slice(1)).toEqual([1, { formula: "SUM(A1)", value: 1 }, null]);
    const layout = fitLayout(layoutTemplate(ganzhou, { header: { unit: "单".repeat(40_000) } }));
    expect(layout.cells.every((x) => typeof x.value !== "string" || x.value.length <= EXCEL_CELL_MAX)).toBe(true);
  });
});

test("many long remarks: the full text listed up to a budget, the rest named with their file (one write stays small)", () => {
  const long = "长".repeat(300_000);
  const inputs = ["甲", "乙", "丙", "丁", "戊"].map((u) => county(u, { police_cases: long }));
  const c = consolidate({ template: ganzhou, inputs, unit: "市", date: "11月26日" });
  const sheets = rollupSheets(ganzhou, c, ROLLUP_TEXT);
  expect(sheets.cut).toHaveLength(5);
  const full = sheets.status.rows.filter((r) => String(r[0]).startsWith("备注全文（") && r[0] !== "备注全文（未列出）");
  const skipped = sheets.status.rows.filter((r) => r[0] === "备注全文（未列出）");
  expect(full.reduce((n, r) => n + String(r[5]).length, 0)).toBeLessThanOrEqual(FULL_TEXT_BUDGET);
  expect(full.length).toBeGreaterThan(0);
  // 3 × 300 000 within the 1 000 000 budget, the other 2 named: every unit either listed in full or named
  expect(new Set(full.map((r) => r[1])).size).toBe(3);
  expect(skipped).toHaveLength(2);
  expect(new Set([...full, ...skipped].map((r) => r[1]))).toEqual(new Set(["甲", "乙", "丙", "丁", "戊"]));
  for (const r of skipped) expect(String(r[5])).toMatch(/^备注共 300000 字，.*全文见原表“.+\.xlsx”。$/);
  expect(sheets.warnings).toHaveLength(5);
});
