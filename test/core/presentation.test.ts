/**
 * One source for how a table looks: the file writer (ExcelJS) and the add-in's sheet plan (Office.js) give
 * every cell of the template the same fill, font, alignment, number format and lock, read back from a real
 * .xlsx on one side and from the plan on the other.
 */
import ExcelJS from "exceljs";
import { layoutTemplate } from "../../src/core/layout";
import { COLORS, displayWidth, NUMBER_FORMAT, ROLE_STYLE, wrappedLines } from "../../src/core/presentation";
import { layoutPlan } from "../../src/excel/sheet-plan";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { TEMPLATE_SHEET } from "../../src/files/xlsx-write";
import { fromA1 } from "../../src/core/grid";
import { ganzhou, liaoning } from "../support/fixtures";

function planStyleAt(plan: ReturnType<typeof layoutPlan>, row: number, col: number) {
  const hits = plan.styles.filter(({ range }) => {
    const [a, b = a] = range.split(":");
    const p = fromA1(a)!;
    const q = fromA1(b)!;
    return p.row <= row && row <= q.row && p.col <= col && col <= q.col;
  });
  expect(hits).toHaveLength(1);
  return hits[0].style;
}

test.each([ganzhou, liaoning])("the file writer and the sheet plan style every cell of $id alike", async (template) => {
  const layout = layoutTemplate(template, { values: {} });
  const plan = layoutPlan(layout);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeTemplateWorkbook(template)) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(TEMPLATE_SHEET)!;
  for (const c of layout.cells) {
    const cell = ws.getCell(c.row + 1, c.col + 1);
    const style = planStyleAt(plan, c.row, c.col);
    expect([c.role, style]).toEqual([c.role, ROLE_STYLE[c.role]]);
    const fill = cell.fill?.type === "pattern" ? (cell.fill.fgColor?.argb ?? null) : null;
    expect([c.role, fill]).toEqual([c.role, style.fill ? "FF" + style.fill.slice(1) : null]);
    expect([c.role, cell.font.bold ?? false, cell.font.size]).toEqual([c.role, style.bold ?? false, style.size ?? 11]);
    const horizontal = cell.alignment?.horizontal ?? null;
    expect([c.role, horizontal]).toEqual([c.role, style.horizontal?.toLowerCase() ?? null]);
    expect([c.role, cell.numFmt]).toEqual([c.role, plan.numberFormats[c.row][c.col]]);
    expect([c.role, cell.protection?.locked === false]).toEqual([
      c.role,
      plan.unlocked.length > 0 && ["header-input", "value-input", "remark-input"].includes(c.role),
    ]);
  }
});

test("number formats follow the template's decimal rule; widths count CJK twice and wrap by paragraph", () => {
  expect(NUMBER_FORMAT).toEqual({ count: "0", decimal: "0.0###" });
  expect(COLORS.input).toBe("#FFF2CC");
  expect(displayWidth("ab统计𠀀")).toBe(8);
  expect(wrappedLines("统".repeat(10), 11)).toBe(2);
  expect(wrappedLines("第一段\n第二段", 40)).toBe(2);
});
