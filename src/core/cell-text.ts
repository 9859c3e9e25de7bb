/**
 * Text that must fit one spreadsheet cell. Excel (and Office.js) hold at most 32,767 characters (UTF-16
 * code units) in a cell; a longer string makes Excel "repair" the file, and Office.js rejects the write.
 * Received text has no such limit (a county's remark can be 100,000 characters), so every writer puts its
 * strings through here: cut at the limit, never inside a surrogate pair, with a visible Chinese marker.
 *
 * Nothing is lost: the roll-up's remark cells keep every unit's remark (each shortened as little as
 * possible), each shortened remark gets a warning (remark-truncated) on its unit, and its full text is
 * listed in pieces that each fit a cell at the end of 报送情况. The received files are never changed.
 *
 * Pure: no Office, no DOM, no I/O.
 */
import type { Consolidation, Contribution } from "./consolidate";
import { finding, type Finding } from "./findings";
import { toA1 } from "./grid";
import { layoutTemplate, type SheetFill, type SheetLayout } from "./layout";
import {
  coverageNote,
  isFormulaCell,
  layoutDetail,
  layoutStatus,
  type RollupText,
  type TableCell,
  type TableLayout,
} from "./rollup-layout";
import { itemDisplayLabel, type Template } from "../templates/schema";

/** Excel's limit on the characters (UTF-16 code units) of one cell */
export const EXCEL_CELL_MAX = 32767;

/** ends a remark cut short in the roll-up */
export const REMARK_CUT_MARK = "……（备注过长，已截断，全文见各单位原表）";
/** ends any other text cut short */
export const TEXT_CUT_MARK = "……（内容过长，已截断）";

/** room left in a remark cell for what the layout adds in front (不适用；) */
const REMARK_MARGIN = 16;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The first `max` code units of `text` or fewer: never ends between the halves of a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  if (end > 0 && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))) end--;
  return text.slice(0, end);
}

/** `text` unchanged when it fits `max`, else its beginning followed by `mark`, `max` code units at most. */
export function fitCell(text: string, max = EXCEL_CELL_MAX, mark = TEXT_CUT_MARK): string {
  if (text.length <= max) return text;
  if (mark.length >= max) return cutText(text, max);
  return cutText(text, max - mark.length) + mark;
}

/** `text` in pieces of at most `max` code units, no surrogate pair split between two pieces */
export function splitText(text: string, max = EXCEL_CELL_MAX): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const piece = cutText(rest, max);
    pieces.push(piece);
    rest = rest.slice(piece.length);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

export interface UnitRemark {
  unit: string;
  remark: string;
}

/**
 * Remarks of several units in one cell, "章贡区：……；南康区：……", as the consolidation joins them, within
 * `max`: when too long, the longest remarks are shortened first and equally (each keeps at least as much
 * as any shortened one), so every unit's remark still shows its beginning. `cut` lists the indexes of the
 * shortened remarks. When even the units' names do not fit, the whole text is cut.
 */
export function fitUnitRemarks(
  parts: readonly UnitRemark[],
  max = EXCEL_CELL_MAX,
  mark = REMARK_CUT_MARK,
): { text: string; cut: number[] } {
  const entries = parts.map((p) => ({ prefix: `${p.unit}：`, body: p.remark.trim() }));
  const join = (bodies: readonly string[]) => entries.map((e, i) => e.prefix + bodies[i]).join("；");
  const whole = join(entries.map((e) => e.body));
  if (whole.length <= max) return { text: whole, cut: [] };
  const fixed = entries.reduce((n, e) => n + e.prefix.length, 0) + Math.max(0, entries.length - 1);
  // a remark keeps its whole text when it fits within `keep` plus the mark, else `keep` characters and the mark
  const cost = (keep: number) => fixed + entries.reduce((n, e) => n + Math.min(e.body.length, keep + mark.length), 0);
  if (cost(0) > max) {
    const text = fitCell(whole, max, mark);
    const kept = text.length - mark.length;
    const cut: number[] = [];
    let end = 0;
    entries.forEach((e, i) => {
      end += (i > 0 ? 1 : 0) + e.prefix.length + e.body.length;
      if (end > kept && e.body.length > 0) cut.push(i);
    });
    return { text, cut };
  }
  let lo = 0;
  let hi = Math.max(...entries.map((e) => e.body.length));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost(mid) <= max) lo = mid;
    else hi = mid - 1;
  }
  const cut: number[] = [];
  const bodies = entries.map((e, i) => {
    if (e.body.length <= lo + mark.length) return e.body;
    cut.push(i);
    return cutText(e.body, lo) + mark;
  });
  return { text: join(bodies), cut };
}

export interface CutRemark {
  itemId: string;
  sectionId: string;
  unit: string;
  /** the received file */
  source: string;
  /** the remark as received (trimmed), in full */
  text: string;
  /** the 汇总表 cell holding the shortened remarks */
  rollupCell?: string;
}

/**
 * The roll-up's remarks, each within a cell: the consolidation's own text where it fits (the common case),
 * else rebuilt from the accepted units' remarks with `fitUnitRemarks`.
 */
export function fitRollupRemarks(
  template: Template,
  c: Consolidation,
  max = EXCEL_CELL_MAX - REMARK_MARGIN,
): { remarks: Record<string, string>; cut: CutRemark[] } {
  const remarks: Record<string, string> = {};
  const cut: CutRemark[] = [];
  const sectionOf = new Map(template.sections.flatMap((s) => s.items.map((i) => [i.id, s.id] as const)));
  const given = c.rollup.remarks ?? c.remarks;
  for (const [itemId, text] of Object.entries(given)) {
    if (text.length <= max) {
      remarks[itemId] = text;
      continue;
    }
    const from: Contribution[] = c.accepted.filter((a) => typeof a.remarks[itemId] === "string");
    if (from.length === 0) {
      remarks[itemId] = fitCell(text, max, REMARK_CUT_MARK);
      continue;
    }
    const fitted = fitUnitRemarks(
      from.map((a) => ({ unit: a.unit, remark: a.remarks[itemId] })),
      max,
    );
    remarks[itemId] = fitted.text;
    for (const i of fitted.cut) {
      cut.push({
        itemId,
        sectionId: sectionOf.get(itemId) ?? "",
        unit: from[i].unit,
        source: from[i].source,
        text: from[i].remarks[itemId].trim(),
      });
    }
  }
  return { remarks, cut };
}

/** one warning per shortened remark, on its unit */
export function remarkCutFindings(template: Template, cut: readonly CutRemark[]): Finding[] {
  return cut.map((r) => {
    const section = template.sections.find((s) => s.id === r.sectionId);
    const item = section?.items.find((i) => i.id === r.itemId);
    return finding("remark-truncated", {
      file: r.source,
      unit: r.unit,
      length: r.text.length,
      limit: EXCEL_CELL_MAX,
      ...(r.rollupCell ? { rollupCell: r.rollupCell } : {}),
      ...(section ? { sectionId: section.id, section: section.name } : {}),
      ...(item ? { itemId: item.id, item: itemDisplayLabel(item) } : {}),
    });
  });
}

/** every string of a table within a cell */
export function fitTable(table: TableLayout): TableLayout {
  const fit = (v: TableCell): TableCell => (typeof v === "string" && !isFormulaCell(v) ? fitCell(v) : v);
  return { ...table, rows: table.rows.map((row) => row.map(fit)) };
}

/** every string of a sheet layout within a cell (remarks with the remark mark) */
export function fitLayout(layout: SheetLayout): SheetLayout {
  return {
    ...layout,
    cells: layout.cells.map((c) =>
      typeof c.value === "string" && c.value.length > EXCEL_CELL_MAX
        ? { ...c, value: fitCell(c.value, EXCEL_CELL_MAX, c.role === "remark-input" ? REMARK_CUT_MARK : TEXT_CUT_MARK) }
        : c,
    ),
  };
}

/**
 * Characters of full remark text 报送情况 lists at most: the sheet stays one write (Excel on the web
 * refuses requests of more than a few MB); a remark beyond it is named, its text left in the original.
 */
export const FULL_TEXT_BUDGET = 1_000_000;

/** the full text of the shortened remarks, in pieces that each fit a cell, as rows under 报送情况's columns */
function fullTextRows(template: Template, cut: readonly CutRemark[], budget = FULL_TEXT_BUDGET): TableCell[][] {
  if (cut.length === 0) return [];
  const rows: TableCell[][] = [
    [],
    ["备注全文", null, null, null, null, "以下备注在汇总表中因超过 Excel 单元格上限（32767 字）而截断，全文分段列出如下。"],
  ];
  let left = budget;
  for (const r of cut) {
    const item = template.sections.find((s) => s.id === r.sectionId)?.items.find((i) => i.id === r.itemId);
    const label = item ? itemDisplayLabel(item) : r.itemId;
    if (r.text.length > left) {
      rows.push([
        "备注全文（未列出）",
        r.unit,
        r.source,
        label,
        r.rollupCell ?? null,
        `备注共 ${r.text.length} 字，超长备注过多，此处不再列出；全文见原表“${r.source}”。`,
      ]);
      continue;
    }
    left -= r.text.length;
    const pieces = splitText(r.text, EXCEL_CELL_MAX);
    pieces.forEach((piece, i) => {
      rows.push([`备注全文（${i + 1}/${pieces.length}）`, r.unit, r.source, label, r.rollupCell ?? null, piece]);
    });
  }
  return rows;
}

export interface RollupSheets {
  /** 汇总表: the template's layout with the totals and the fitted remarks */
  layout: SheetLayout;
  /** 汇总明细 */
  detail: TableLayout;
  /** 报送情况, with a warning on each unit whose remark was shortened and its full text at the end */
  status: TableLayout;
  /** the remarks shortened in 汇总表 */
  cut: CutRemark[];
  /** the warnings about them (remark-truncated), also in 报送情况 */
  warnings: Finding[];
}

/**
 * The three roll-up sheets as both writers (the .xlsx file and Office.js) put them: every string within
 * Excel's cell limit, nothing received lost. `text` renders the findings and reasons (ROLLUP_TEXT of
 * src/messages/zh-CN.ts).
 */
export function rollupSheets(template: Template, c: Consolidation, text: RollupText): RollupSheets {
  const { remarks, cut } = fitRollupRemarks(template, c);
  const fill: SheetFill = { ...c.rollup, remarks };
  const layout = fitLayout(withNote(layoutTemplate(template, fill), coverageNote(c, text)));
  for (const r of cut) {
    const cell = layout.cells.find((x) => x.role === "remark-input" && x.itemId === r.itemId);
    if (cell) r.rollupCell = toA1(cell.row, cell.col);
  }
  const warnings = remarkCutFindings(template, cut);
  const withWarnings: Consolidation =
    warnings.length === 0
      ? c
      : {
          ...c,
          accepted: c.accepted.map((a) => {
            const mine = warnings.filter((w, i) => cut[i].source === a.source && cut[i].unit === a.unit);
            return mine.length ? { ...a, warnings: [...a.warnings, ...mine] } : a;
          }),
        };
  const status = layoutStatus(withWarnings, text);
  return {
    layout,
    detail: fitTable(layoutDetail(template, c)),
    status: fitTable({ ...status, rows: [...status.rows, ...fullTextRows(template, cut)] }),
    cut,
    warnings,
  };
}

/** the layout with one more footnote row under the table (the roll-up's 说明 of what it lacks) */
function withNote(layout: SheetLayout, note: string | undefined): SheetLayout {
  if (!note) return layout;
  const row = layout.rowCount;
  return {
    ...layout,
    cells: [...layout.cells, { row, col: 0, value: note, role: "footnote" }],
    merges: [...layout.merges, { r1: row, c1: 0, r2: row, c2: layout.colCount - 1 }],
    tallRows: [...layout.tallRows, row],
    rowCount: row + 1,
  };
}
