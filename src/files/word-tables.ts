/**
 * Filled-in Word tables as submissions: a campaign that issued its table only as a Word attachment gets it
 * back as .docx files. Their tables are read by docx-read.ts (the reader that learns templates from
 * attachments), each into a Grid whose cells are named the Word way (表1 第8行第4列), and analysed like a
 * worksheet: found by labels, validated, consolidated.
 *
 * workbook.ts never imports this module: the caller hands analyzeWordTables in (Node imports it; the pane
 * fetches it as a chunk of its own when a picked file turns out to be a Word document, see
 * src/taskpane/file-reading.ts), so the .xlsx reading path and the reading worker stay as small as they were.
 */
import { analyzeSheets, type Analysis } from "../core/analyze";
import { finding } from "../core/findings";
import type { Grid } from "../core/grid";
import type { Template } from "../templates/schema";
import { readDocxTables } from "./docx-read";
import { DEFAULT_LIMITS } from "./xlsx-read";

/** analyzeWordTables, as handed to analyzeWorkbookBytes */
export type WordTableAnalyzer = typeof analyzeWordTables;

const MiB = 1024 * 1024;

/**
 * The analysis of a .docx's tables, when one of them is a statistics table (or plainly another year's or
 * another template's table, which the clerk is told). Undefined when the document holds no such table —
 * a blank or unrelated Word document — so the caller keeps its "this is a Word document" finding.
 */
export function analyzeWordTables(
  source: string,
  bytes: Uint8Array,
  templates: readonly Template[],
  wanted: Template | undefined,
): Analysis | undefined {
  const read = readDocxTables(bytes, DEFAULT_LIMITS);
  if (!read.ok) {
    if (read.failure.kind !== "too-large") return undefined;
    const limit = read.failure.limit === DEFAULT_LIMITS.maxCells ? DEFAULT_LIMITS.maxPartBytes : read.failure.limit;
    const f = finding("file-too-large", {
      limitMiB: Math.max(1, Math.round(limit / MiB)),
      ...(read.failure.part ? { part: read.failure.part } : {}),
    });
    return { input: { source, findings: [{ ...f, file: source }] } };
  }
  const grids: Grid[] = read.grids.filter((g) => g.rows.length > 0).map(withNumbers);
  if (grids.length === 0) return undefined;
  const analysis = analyzeSheets(source, grids, templates, wanted ? { wanted } : {});
  if (analysis.match) return analysis;
  const told = analysis.input.findings.some(
    (f) => f.code === "template-mismatch" || (f.code === "not-a-statistics-table" && f.looksLikeTable),
  );
  return told ? analysis : undefined;
}

/** a plain decimal number as typed: 12, 0.5, -3 (a sign, digits, one point); nothing else */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * The table with its plainly numeric cells as numbers. A Word cell holds only text, so "12" in a Word
 * table is what 12 is in a worksheet: reading it as text would warn "number stored as text" on every
 * figure. Anything else ("1,234", "12件", "若干") stays text and is judged as in a worksheet; so does a
 * number of more than 15 significant digits, which a double cannot hold.
 */
function withNumbers(grid: Grid): Grid {
  const naming = grid.cellNames;
  if (!naming) return grid;
  const rows = grid.rows.map((row, r) => {
    if (r < naming.firstRow || r > naming.lastRow) return row;
    return row.map((v) => {
      if (typeof v !== "string") return v;
      const t = v.replace(/[\s\u00a0\u3000]+/g, "");
      if (!PLAIN_NUMBER.test(t) || t.replace(/^[+-]?0*|\./g, "").replace(/^0+/, "").length > 15) return v;
      return Number(t);
    });
  });
  return { ...grid, rows };
}
