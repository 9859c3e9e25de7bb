/**
 * Queues the commands that write a SheetPlan into a worksheet. Never syncs: callers batch several
 * sheets into one round trip. Order matters and is kept: number formats before values (so text that
 * starts with "=" stays text), merges before styles, protection last.
 */
import type { Capabilities } from "./requirements";
import { COLORS, FONT_NAME, planBlock, type CellStyle, type SheetPlan, type ValidationKind } from "./sheet-plan";
import { columnLetters } from "../core/grid";
import { STAGE_CHOICES, VALIDATION_TEXT } from "../messages/sheet-text";
import { COMMAND_BYTES, jsonBytes, PACKING_BUDGET, rowSlices, step, type Step } from "./request-budget";

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

/** Queues the whole plan into `ws` (a new, empty sheet) as one batch. */
export function applySheetPlan(ws: Excel.Worksheet, plan: SheetPlan, caps: Capabilities): void {
  for (const s of sheetPlanSteps(ws, plan, caps)) s.queue();
}

/**
 * The plan as steps in the order they must run (see packSteps): the cells in slices of rows, number
 * formats before values in each slice; then merges, styles, borders, sizes, locking, names, validation,
 * freezing; protection last, so that no step of a later batch meets a protected sheet.
 */
export function sheetPlanSteps(ws: Excel.Worksheet, plan: SheetPlan, caps: Capabilities, budget = PACKING_BUDGET / 2): Step[] {
  const steps: Step[] = [];
  // a new proxy per step: a range proxy does not outlive the sync of its batch
  const block = () => ws.getRange(planBlock(plan));
  const lastCol = columnLetters(plan.colCount - 1);
  const rowBytes = plan.values.map((row, r) => jsonBytes(row) + jsonBytes(plan.numberFormats[r]));
  const slices = rowSlices(rowBytes, budget);
  for (const [from, to] of slices) {
    const whole = slices.length === 1;
    const numberFormats = whole ? plan.numberFormats : plan.numberFormats.slice(from, to);
    const values = whole ? plan.values : plan.values.slice(from, to);
    steps.push({
      bytes: 2 * COMMAND_BYTES + rowBytes.slice(from, to).reduce((a, b) => a + b, 0),
      queue: () => {
        const range = whole ? block() : ws.getRange(`A${from + 1}:${lastCol}${to}`);
        // 1. number formats first: a cell formatted as text keeps "=HYPERLINK(...)" as text when the value arrives
        range.numberFormat = numberFormats;
        range.values = values;
      },
    });
  }
  steps.push(
    step(2, () => {
      const format = block().format;
      format.verticalAlignment = "Center";
      format.font.name = FONT_NAME;
    }),
  );
  for (const m of plan.merges) steps.push(step(2, () => ws.getRange(m).merge(false)));
  for (const { range, style } of plan.styles) steps.push(step(1 + Object.keys(style).length, () => applyStyle(ws.getRange(range), style)));
  for (const b of plan.borders)
    steps.push(
      step(2 + 3 * EDGES.length, () => {
        const borders = ws.getRange(b).format.borders;
        for (const edge of EDGES) {
          const e = borders.getItem(edge);
          e.style = "Continuous";
          e.weight = "Thin";
          e.color = COLORS.border;
        }
      }),
    );
  plan.columnWidths.forEach((w, i) => {
    const col = columnLetters(i);
    steps.push(step(2, () => (ws.getRange(`${col}:${col}`).format.columnWidth = w)));
  });
  for (const { row, height } of plan.rowHeights)
    steps.push(step(2, () => (ws.getRange(`${row + 1}:${row + 1}`).format.rowHeight = height)));
  if (plan.autofitRows && caps.autofit) steps.push(step(1, () => block().format.autofitRows()));

  if (caps.protection) {
    steps.push(step(1, () => (block().format.protection.locked = true)));
    for (const r of plan.unlocked) steps.push(step(2, () => (ws.getRange(r).format.protection.locked = false)));
  }
  if (caps.names) {
    for (const [name, address] of Object.entries(plan.names)) steps.push(step(2, () => ws.names.add(name, ws.getRange(address)), name));
  }
  if (caps.dataValidation) {
    for (const v of plan.validations)
      steps.push(
        step(
          4,
          () => {
            const dv = ws.getRange(v.range).dataValidation;
            dv.ignoreBlanks = true;
            dv.rule = VALIDATION[v.kind].rule;
            dv.errorAlert = VALIDATION[v.kind].alert;
          },
          VALIDATION[v.kind],
        ),
      );
  }
  const freeze = plan.freeze;
  if (freeze && caps.freezePanes && (freeze.rows > 0 || freeze.columns > 0)) {
    steps.push(
      step(2, () => {
        if (freeze.columns > 0) ws.freezePanes.freezeAt(ws.getRange(`A1:${columnLetters(freeze.columns - 1)}${Math.max(1, freeze.rows)}`));
        else ws.freezePanes.freezeRows(freeze.rows);
      }),
    );
  }
  if (plan.protect && caps.protection) steps.push(step(1, () => ws.protection.protect(SHEET_PROTECTION), SHEET_PROTECTION));
  return steps;
}

/** Rows of text (ragged allowed) as a values block formatted as text: for the hidden metadata sheet. */
export function writeTextRows(ws: Excel.Worksheet, rows: readonly (readonly string[])[]): void {
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const values = rows.map((r) => Array.from({ length: cols }, (_, i) => r[i] ?? ""));
  const range = ws.getRange(`A1:${columnLetters(cols - 1)}${Math.max(1, rows.length)}`);
  range.numberFormat = values.map((r) => r.map(() => "@"));
  range.values = values;
}
