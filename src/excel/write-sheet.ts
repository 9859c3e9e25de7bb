/**
 * Queues the commands that write a SheetPlan into a worksheet. Never syncs: callers batch several
 * sheets into one round trip. Order matters and is kept: number formats before values (so text that
 * starts with "=" stays text), merges before styles, protection last.
 */
import type { Capabilities } from "./requirements";
import { COLORS, FONT_NAME, planBlock, type CellStyle, type SheetPlan, type ValidationKind } from "./sheet-plan";
import { columnLetters } from "../core/grid";
import { STAGE_CHOICES, VALIDATION_TEXT } from "../messages/sheet-text";

const VALIDATION: Record<ValidationKind, { rule: Excel.DataValidationRule; alert: Excel.DataValidationErrorAlert }> = {
  count: { rule: { wholeNumber: { formula1: 0, operator: "GreaterThanOrEqualTo" } }, alert: alert("count") },
  decimal: { rule: { decimal: { formula1: 0, operator: "GreaterThanOrEqualTo" } }, alert: alert("decimal") },
  stage: { rule: { list: { inCellDropDown: true, source: STAGE_CHOICES.join(",") } }, alert: alert("stage") },
};

function alert(kind: ValidationKind): Excel.DataValidationErrorAlert {
  const { title, message } = VALIDATION_TEXT[kind];
  return { showAlert: true, style: "Stop", title, message };
}

/** the protection the add-in's sheets get: no password; rows and columns may still be resized */
export const SHEET_PROTECTION: Excel.WorksheetProtectionOptions = {
  allowFormatColumns: true,
  allowFormatRows: true,
  allowFormatCells: false,
  allowInsertRows: false,
  allowDeleteRows: false,
};

function applyStyle(range: Excel.Range, s: CellStyle): void {
  const f = range.format;
  if (s.bold !== undefined) f.font.bold = s.bold;
  if (s.italic !== undefined) f.font.italic = s.italic;
  if (s.size !== undefined) f.font.size = s.size;
  if (s.fontColor !== undefined) f.font.color = s.fontColor;
  if (s.fill !== undefined) f.fill.color = s.fill;
  if (s.horizontal !== undefined) f.horizontalAlignment = s.horizontal;
  if (s.vertical !== undefined) f.verticalAlignment = s.vertical;
  if (s.wrap !== undefined) f.wrapText = s.wrap;
}

const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal"] as const;

/** Queues the whole plan into `ws` (a new, empty sheet). */
export function applySheetPlan(ws: Excel.Worksheet, plan: SheetPlan, caps: Capabilities): void {
  const block = ws.getRange(planBlock(plan));
  // 1. number formats first: a cell formatted as text keeps "=HYPERLINK(...)" as text when the value arrives
  block.numberFormat = plan.numberFormats;
  block.values = plan.values;
  block.format.verticalAlignment = "Center";
  block.format.font.name = FONT_NAME;

  for (const m of plan.merges) ws.getRange(m).merge(false);
  for (const { range, style } of plan.styles) applyStyle(ws.getRange(range), style);
  for (const b of plan.borders) {
    const borders = ws.getRange(b).format.borders;
    for (const edge of EDGES) {
      const e = borders.getItem(edge);
      e.style = "Continuous";
      e.weight = "Thin";
      e.color = COLORS.border;
    }
  }
  plan.columnWidths.forEach((w, i) => {
    const col = columnLetters(i);
    ws.getRange(`${col}:${col}`).format.columnWidth = w;
  });
  for (const { row, height } of plan.rowHeights) ws.getRange(`${row + 1}:${row + 1}`).format.rowHeight = height;
  if (plan.autofitRows && caps.autofit) block.format.autofitRows();

  if (caps.protection) {
    block.format.protection.locked = true;
    for (const r of plan.unlocked) ws.getRange(r).format.protection.locked = false;
  }
  if (caps.names) {
    for (const [name, address] of Object.entries(plan.names)) ws.names.add(name, ws.getRange(address));
  }
  if (caps.dataValidation) {
    for (const v of plan.validations) {
      const dv = ws.getRange(v.range).dataValidation;
      dv.ignoreBlanks = true;
      dv.rule = VALIDATION[v.kind].rule;
      dv.errorAlert = VALIDATION[v.kind].alert;
    }
  }
  if (plan.freeze && caps.freezePanes && (plan.freeze.rows > 0 || plan.freeze.columns > 0)) {
    if (plan.freeze.columns > 0) ws.freezePanes.freezeAt(ws.getRange(`A1:${columnLetters(plan.freeze.columns - 1)}${Math.max(1, plan.freeze.rows)}`));
    else ws.freezePanes.freezeRows(plan.freeze.rows);
  }
  if (plan.protect && caps.protection) ws.protection.protect(SHEET_PROTECTION);
}

/** Rows of text (ragged allowed) as a values block formatted as text: for the hidden metadata sheet. */
export function writeTextRows(ws: Excel.Worksheet, rows: readonly (readonly string[])[]): void {
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const values = rows.map((r) => Array.from({ length: cols }, (_, i) => r[i] ?? ""));
  const range = ws.getRange(`A1:${columnLetters(cols - 1)}${Math.max(1, rows.length)}`);
  range.numberFormat = values.map((r) => r.map(() => "@"));
  range.values = values;
}
