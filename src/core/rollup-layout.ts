import { toA1 } from "./grid";
import { shortUnitNames } from "./place-name";
import type { Consolidation, Rejection } from "./consolidate";
import { CATALOGUE, type Finding } from "./findings";
import { rejectionFindings } from "./verdict";
import { itemDisplayLabel, type Template } from "../templates/schema";

/** The add-in's own sheets: re-running a consolidation replaces exactly these. */
export const ROLLUP_SHEETS = { rollup: "汇总表", detail: "汇总明细", status: "报送情况" } as const;

/**
 * The words of the roll-up sheets that come from the message catalogue (ROLLUP_TEXT in
 * src/messages/zh-CN.ts): the callers pass them in, the core renders no finding itself.
 */
export interface RollupText {
  /** a finding as the user reads it */
  message(f: Finding): string;
  /** why a file was left out of the roll-up, e.g. 需修改 2 处 */
  rejection(r: Rejection): string;
  /** 错误 / 提醒 */
  severity(s: Finding["severity"]): string;
}

/** A formula the writers put in as a formula, with its value for readers that do not calculate. */
export interface FormulaCell {
  formula: string;
  value: number;
}

/** Plain strings are always written as text, never interpreted as formulas. */
export type TableCell = string | number | FormulaCell | null;

export interface TableLayout {
  sheetName: string;
  rows: TableCell[][];
  /** rows at the top formatted as column headers */
  headerRows: number;
  columnWidths: number[];
}

export function isFormulaCell(c: TableCell): c is FormulaCell {
  return typeof c === "object" && c !== null && "formula" in c;
}

/**
 * One row per item, one column per accepted unit, and a total column of formulas summing the unit
 * columns, so every figure of the roll-up can be traced to its sources.
 */
export function layoutDetail(template: Template, c: Consolidation): TableLayout {
  const units = c.accepted;
  const header: TableCell[] = ["部门", "项目", "单位", "合计", ...shortUnitNames(units.map((u) => u.unit))];
  const rows: TableCell[][] = [header];
  const firstUnitCol = 4;
  for (const s of template.sections) {
    for (const i of s.items) {
      const r = rows.length;
      const cells: TableCell[] = units.map((u) => (i.id in u.values ? Number(u.values[i.id]) : null));
      const total = c.totals[i.id];
      const sum: TableCell =
        units.length === 0 || total === undefined
          ? null
          : { formula: `SUM(${toA1(r, firstUnitCol)}:${toA1(r, firstUnitCol + units.length - 1)})`, value: Number(total) };
      rows.push([s.name, i.label, i.unit, sum, ...cells]);
    }
  }
  rows.push([]);
  rows.push(["来源文件", null, null, null, ...units.map((u) => u.source)]);
  return { sheetName: ROLLUP_SHEETS.detail, rows, headerRows: 1, columnWidths: [12, 40, 8, 12, ...units.map(() => 14)] };
}

/** Accepted, rejected and missing units with their reasons, one finding a row. */
export function layoutStatus(c: Consolidation, text: RollupText): TableLayout {
  const rows: TableCell[][] = [["状态", "填报单位", "文件", "问题", "位置", "说明"]];
  for (const a of c.accepted) {
    if (a.warnings.length === 0) rows.push(["已汇总", a.unit, a.source, null, null, null]);
    for (const f of a.warnings) rows.push(["已汇总", a.unit, a.source, text.severity(f.severity), f.cell ?? null, text.message(f)]);
  }
  for (const r of c.rejected) {
    const shown = rejectionFindings(r);
    const state = `未汇总（${text.rejection(r)}）`;
    if (shown.length === 0) rows.push([state, r.unit ?? null, r.source, null, null, null]);
    for (const f of shown) rows.push([state, r.unit ?? null, r.source, text.severity(f.severity), f.cell ?? null, text.message(f)]);
  }
  for (const unit of c.missing) rows.push(["未报送", unit, null, null, null, null]);
  for (const f of c.findings.filter((f) => f.code === "not-in-roster"))
    rows.push(["不在名单", (f as { unit: string }).unit, f.file ?? null, text.severity(f.severity), null, text.message(f)]);
  // the review's reminders about the totals (src/core/review.ts); those about a unit are on the unit
  for (const f of c.findings.filter((f) => CATALOGUE[f.code].family === "review"))
    rows.push(["核对提醒", null, f.file ?? null, text.severity(f.severity), null, text.message(f)]);
  return { sheetName: ROLLUP_SHEETS.status, rows, headerRows: 1, columnWidths: [16, 24, 28, 8, 8, 70] };
}

export function itemLabels(template: Template): Record<string, string> {
  return Object.fromEntries(template.sections.flatMap((s) => s.items.map((i) => [i.id, itemDisplayLabel(i)])));
}

/**
 * The 说明 line under a partial roll-up's table (本表汇总 N 个单位；未汇总：…；未报送：…), so a roll-up that lacks
 * units never goes upward looking complete; undefined when every expected unit is in.
 */
export function coverageNote(c: Consolidation, text: RollupText): string | undefined {
  if (!c.partial) return undefined;
  const heldOut = c.duplicates.filter((d) => d.kept === undefined).map((d) => `${d.unit}（重复报送，未选定）`);
  const rejected = c.rejected.filter((r) => r.reason !== "duplicate").map((r) => `${r.unit ?? r.source}（${text.rejection(r)}）`);
  const parts = [`本表汇总 ${c.coverage.accepted} 个单位`];
  if (rejected.length + heldOut.length > 0) parts.push(`未汇总：${[...rejected, ...heldOut].join("、")}`);
  if (c.missing.length > 0) parts.push(`未报送：${c.missing.join("、")}`);
  return `说明：${parts.join("；")}。`;
}
