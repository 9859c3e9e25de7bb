/**
 * Independent writers and readers for tests: openpyxl (/usr/bin/python3 with python3-openpyxl) and
 * LibreOffice (soffice --headless, each call with its own private profile).
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, extname, join } from "path";
import type { Grid } from "../../src/core/grid";
import { programPath } from "./programs";

/** Debian's interpreter, which has the apt packages python3-openpyxl and python3-docx */
export const PYTHON = programPath("python3");
export const SOFFICE = programPath("soffice");

/** Runs a Python script with arguments; returns stdout. Throws with stderr on failure. */
export function python(script: string, args: string[] = [], input?: string): string {
  return execFileSync(PYTHON, ["-c", script, ...args], { input, timeout: 60000, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

const WRITE_GRID = String.raw`
import sys, json
import openpyxl
spec = json.load(sys.stdin)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = spec["sheetName"]
for r, row in enumerate(spec["rows"]):
    for c, v in enumerate(row):
        if v is None:
            continue
        cell = ws.cell(row=r + 1, column=c + 1, value=v)
        if isinstance(v, str) and v.startswith("="):
            cell.data_type = "s"  # text, not a formula
for m in spec["merges"]:
    ws.merge_cells(start_row=m["r1"] + 1, start_column=m["c1"] + 1, end_row=m["r2"] + 1, end_column=m["c2"] + 1)
wb.save(sys.argv[1])
`;

/** Writes a grid to .xlsx with openpyxl: cells as given (strings stay strings), merges. */
export function writeGridWithOpenpyxl(grid: Grid, file: string): void {
  python(WRITE_GRID, [file], JSON.stringify({ sheetName: grid.sheetName, rows: grid.rows, merges: grid.merges }));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A grid as an HTML table with rowspan/colspan, the way a table pasted from a web page or Word arrives. */
export function gridToHtml(grid: Grid): string {
  const covered = new Set<string>();
  const span = new Map<string, { rows: number; cols: number }>();
  for (const m of grid.merges) {
    span.set(`${m.r1},${m.c1}`, { rows: m.r2 - m.r1 + 1, cols: m.c2 - m.c1 + 1 });
    for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) if (r !== m.r1 || c !== m.c1) covered.add(`${r},${c}`);
  }
  const width = Math.max(...grid.rows.map((r) => r.length));
  const lines = ['<html><head><meta charset="utf-8"></head><body><table border="1">'];
  grid.rows.forEach((row, r) => {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const v = row[c];
      const s = span.get(`${r},${c}`);
      const attrs = s ? `${s.rows > 1 ? ` rowspan="${s.rows}"` : ""}${s.cols > 1 ? ` colspan="${s.cols}"` : ""}` : "";
      const text = v === null || v === undefined ? "" : escapeHtml(String(v)).replace(/\n/g, "<br>");
      cells.push(`<td${attrs}>${text}</td>`);
    }
    lines.push(`<tr>${cells.join("")}</tr>`);
  });
  lines.push("</table></body></html>");
  return lines.join("\n");
}

/**
 * Converts a file with LibreOffice into `format` (xlsx, pdf, csv …) in `outDir`; returns the output path.
 * Each call uses a fresh private profile, so parallel test files never share one.
 */
export function convertWithLibreOffice(file: string, format: string, outDir: string, options: { infilter?: string } = {}): string {
  const profile = mkdtempSync(join(tmpdir(), "cs-lo-profile-"));
  try {
    execFileSync(
      SOFFICE,
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        "--norestore",
        ...(options.infilter ? [`--infilter=${options.infilter}`] : []),
        "--convert-to",
        format,
        "--outdir",
        outDir,
        file,
      ],
      { timeout: 90000, stdio: "pipe" },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const out = join(outDir, `${basename(file, extname(file))}.${format.split(":")[0]}`);
  if (!existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}

/** Writes an HTML version of the grid and lets LibreOffice Calc turn it into .xlsx. */
export function writeGridWithLibreOffice(grid: Grid, dir: string, name: string): string {
  const html = join(dir, `${name}.html`);
  writeFileSync(html, gridToHtml(grid));
  return convertWithLibreOffice(html, "xlsx", dir, { infilter: "HTML (StarCalc)" });
}
