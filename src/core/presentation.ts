/**
 * How the add-in's tables look, one table for both writers: the ExcelJS file writer (src/files/xlsx-write.ts)
 * and the Office.js sheet plan (src/excel/sheet-plan.ts) map these to their own APIs, so a table looks the
 * same inserted into Excel or downloaded. Pure data; the texts of the data-validation prompts are UI text and
 * live in src/messages/sheet-text.ts.
 */
import { MAX_DECIMALS, type NumberKind } from "../templates/schema";
import type { CellRole } from "./layout";

/** government tables are set in 宋体 */
export const FONT_NAME = "宋体";

export const COLORS = {
  input: "#FFF2CC",
  header: "#E7E6E6",
  border: "#000000",
} as const;

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** font size in points */
  size?: number;
  /** fill colour "#RRGGBB" */
  fill?: string;
  fontColor?: string;
  horizontal?: "Left" | "Center" | "Right";
  vertical?: "Top" | "Center";
  wrap?: boolean;
}

export const ROLE_STYLE: Record<CellRole, CellStyle> = {
  title: { bold: true, size: 16, horizontal: "Center", vertical: "Center", wrap: true },
  "header-label": { bold: true, horizontal: "Right", vertical: "Center", wrap: true },
  "header-input": { fill: COLORS.input, horizontal: "Left", vertical: "Center", wrap: true },
  "column-header": { bold: true, fill: COLORS.header, horizontal: "Center", vertical: "Center", wrap: true },
  section: { bold: true, horizontal: "Center", vertical: "Center", wrap: true },
  group: { bold: true, horizontal: "Left", vertical: "Center", wrap: true },
  "group-filler": { fill: COLORS.header, vertical: "Center" },
  item: { horizontal: "Left", vertical: "Center", wrap: true },
  "value-input": { fill: COLORS.input, horizontal: "Right", vertical: "Center" },
  "remark-input": { fill: COLORS.input, size: 10, horizontal: "Left", vertical: "Center", wrap: true },
  footnote: { size: 10, horizontal: "Left", vertical: "Top", wrap: true },
};

/** the roles the user types into: unlocked when the sheet is protected */
export const INPUT_ROLES: ReadonlySet<CellRole> = new Set(["header-input", "value-input", "remark-input"]);

/** the roles inside the table's thin borders (the title, header labels and footnote stand outside) */
export const BORDERED_ROLES: ReadonlySet<CellRole> = new Set([
  "header-input",
  "column-header",
  "section",
  "group",
  "group-filler",
  "item",
  "value-input",
  "remark-input",
]);

/** generated tables (the roll-up's detail and status sheets): header rows and body */
export const TABLE_HEADER_STYLE: CellStyle = { bold: true, fill: COLORS.header, horizontal: "Center", vertical: "Center", wrap: true };
export const TABLE_BODY_STYLE: CellStyle = { vertical: "Center" };

/** every text cell is formatted as text, so a remark like "=HYPERLINK(...)" stays text */
export const TEXT_FORMAT = "@";

/** number formats by kind: whole counts, and decimals with up to the template rule's places (0.0###) */
export const NUMBER_FORMAT: Record<NumberKind, string> = {
  count: "0",
  decimal: "0.0" + "#".repeat(MAX_DECIMALS - 1),
};

/**
 * Whole counts without data validation (Excel 2019 and older, ExcelApi < 1.8): "General", so that a fraction
 * typed by mistake shows as typed instead of rounded by the "0" format.
 */
export const UNGUARDED_COUNT_FORMAT = "General";

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;

/** display width in Excel column units ("characters"): CJK and full-width characters count twice */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** lines that `text` wraps to in a column `width` characters wide (each paragraph at least one) */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(4, width - 0.5);
  return text.split(/\r?\n/).reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0);
}

export const LINE_HEIGHT = 15;

/** row height in points for `lines` lines of text at `fontSize`, within Excel's 409 pt */
export function rowHeight(lines: number, fontSize = 11): number {
  return Math.min(409, Math.max(20, Math.ceil(lines * LINE_HEIGHT * (fontSize / 11) + 6)));
}

/** Excel column width in characters → points (Calibri 11: 7 px a character plus 5 px padding, 0.75 pt a px) */
export function widthToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}
