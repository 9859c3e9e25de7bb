/**
 * An earlier report as figures (src/core/compare PreviousReport): a roll-up workbook (its 汇总表 read as a
 * table of its own template, its 汇总明细 one column per unit) or one unit's submission, of this
 * template or another year's. Pure (bytes in, no fs): the command line and the web page both use it.
 */
import type { PreviousFigure, PreviousReport } from "../core/compare";
import { decFromNumber, formatDec, parseDec } from "../core/decimal";
import type { Finding } from "../core/findings";
import { isCellError, type CellValue, type Grid } from "../core/grid";
import { labelKey } from "../core/normalize";
import { ROLLUP_SHEETS } from "../core/rollup-layout";
import type { Template } from "../templates/schema";
import { analyzeWorkbookBytes } from "./workbook";
import { readWorkbook } from "./xlsx-read";

export interface PreviousRead {
  /** absent when no table could be read from the file; `findings` say why */
  report?: PreviousReport;
  findings: Finding[];
}

/** the head of 汇总明细 as layoutDetail writes it; unit columns follow 合计 */
const DETAIL_HEAD = ["部门", "项目", "单位", "合计"];

/**
 * Reads an earlier report. `templates`: those its table may be of (the built-ins, the current one); a
 * roll-up or template we wrote also brings its own template along.
 */
export function readPreviousReport(source: string, bytes: Uint8Array, templates: readonly Template[]): PreviousRead {
  const analysis = analyzeWorkbookBytes(source, bytes, templates);
  const r = analysis.input.report;
  const template = analysis.match?.template;
  if (!r || !template) return { findings: analysis.input.findings };
  const totals: PreviousFigure[] = template.sections.flatMap((s) =>
    s.items
      .filter((i) => r.values[i.id] !== undefined)
      .map((i) => ({ section: s.name, label: i.label, unit: i.unit, value: r.values[i.id], itemId: i.id })),
  );
  const read = readWorkbook(bytes);
  const detail = read.ok ? read.workbook.sheets.find((g) => g.sheetName === ROLLUP_SHEETS.detail) : undefined;
  const units = detail ? detailUnits(detail, template) : undefined;
  const isRollup = analysis.metadata?.kind === "rollup" || (units !== undefined && units.length > 0);
  const report: PreviousReport = {
    source,
    kind: isRollup ? "rollup" : "submission",
    ...(r.unit ? { unit: r.unit } : {}),
    ...(r.stage ? { stage: r.stage } : {}),
    year: template.year,
    templateId: template.id,
    templateTitle: template.title,
    totals,
    units: isRollup ? (units ?? []) : r.unit ? [{ unit: r.unit, figures: totals }] : [],
  };
  return { report, findings: [...analysis.input.findings, ...r.findings.filter((f) => f.severity === "error")] };
}

function text(v: CellValue | undefined): string {
  return v === null || v === undefined || isCellError(v) ? "" : String(v).trim();
}

function decimalText(v: CellValue | undefined): string | undefined {
  if (typeof v === "number") {
    const d = decFromNumber(v);
    return d ? formatDec(d) : undefined;
  }
  const d = parseDec(text(v));
  return d ? formatDec(d) : undefined;
}

/**
 * The unit columns of 汇总明细: one figure per item row and unit column with a number. The item ids of
 * the roll-up's template are attached where section, label and unit match one of its items.
 */
export function detailUnits(grid: Grid, template?: Template): { unit: string; figures: PreviousFigure[] }[] {
  const head = grid.rows.findIndex((row) => DETAIL_HEAD.every((h, c) => text(row?.[c]) === h));
  if (head < 0) return [];
  const headRow = grid.rows[head];
  const ids = new Map<string, string>();
  for (const s of template?.sections ?? [])
    for (const i of s.items) ids.set(`${labelKey(s.name)}\u0000${labelKey(i.label)}\u0000${labelKey(i.unit)}`, i.id);
  const units: { unit: string; figures: PreviousFigure[] }[] = [];
  for (let c = DETAIL_HEAD.length; c < headRow.length; c++) {
    const unit = text(headRow[c]);
    if (unit) units.push({ unit, figures: [] });
  }
  const unitCols = units.map((_, k) => DETAIL_HEAD.length + k);
  for (let r = head + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const [section, label, unit] = [text(row[0]), text(row[1]), text(row[2])];
    // the rows of items end at the first blank row (the 来源文件 row follows it)
    if (!label) break;
    const itemId = ids.get(`${labelKey(section)}\u0000${labelKey(label)}\u0000${labelKey(unit)}`);
    unitCols.forEach((col, k) => {
      const value = decimalText(row[col]);
      if (value !== undefined) units[k].figures.push({ section, label, unit, value, ...(itemId ? { itemId } : {}) });
    });
  }
  return units.filter((u) => u.figures.length > 0);
}
