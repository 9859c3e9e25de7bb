import { isCellError, type CellValue } from "./grid";
import { decFromNumber, parseDec, type Dec } from "./decimal";
import { fold } from "./normalize";

/** What a quantity cell holds, before the template's rules are applied. */
export type QuantityRead =
  | { kind: "blank" }
  | { kind: "error"; error: string }
  | { kind: "number"; value: Dec; text?: string }
  | { kind: "not-a-number"; text: string };

/** Marks people type to say "this department does not exist here". */
const NOT_APPLICABLE_MARKS = new Set(["不适用", "/", "无此部门", "本地无此部门", "无此单位", "\\"]);

export function isNotApplicableMark(value: CellValue): boolean {
  return typeof value === "string" && NOT_APPLICABLE_MARKS.has(fold(value).replace(/\s+/g, ""));
}

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Reads a cell as a quantity. Text is read as a number only when it is unambiguous: " 12 ", "１２",
 * "1,234", or "12件" when 件 is the item's unit. `text` is set when the number came from text.
 */
export function readQuantity(value: CellValue, unit: string): QuantityRead {
  if (value === null || value === undefined) return { kind: "blank" };
  if (isCellError(value)) return { kind: "error", error: value.error };
  if (typeof value === "boolean") return { kind: "not-a-number", text: value ? "TRUE" : "FALSE" };
  if (typeof value === "number") {
    const d = decFromNumber(value);
    return d ? { kind: "number", value: d } : { kind: "not-a-number", text: String(value) };
  }
  const original = value;
  let t = fold(value).replace(/[\s\u200b\ufeff]+/g, "");
  if (t === "") return { kind: "blank" };
  if (/^#(REF!|VALUE!|DIV\/0!|N\/A|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/.test(t)) return { kind: "error", error: t };
  const foldedUnit = fold(unit);
  for (const suffix of [`(${foldedUnit})`, foldedUnit]) {
    if (t.length > suffix.length && t.endsWith(suffix)) {
      t = t.slice(0, -suffix.length);
      break;
    }
  }
  if (GROUPED.test(t)) t = t.replace(/,/g, "");
  if (t.startsWith("+")) t = t.slice(1);
  if (/^-?\.\d+$/.test(t)) t = t.replace(".", "0.");
  const d = parseDec(t);
  return d ? { kind: "number", value: d, text: original } : { kind: "not-a-number", text: original };
}
