/**
 * Filled-in Word tables as counties send them, written by independent programs: python-docx (the header
 * lines as paragraphs above the table, the footnote below) and LibreOffice (a workbook saved as a web page
 * by Calc and opened and saved as .docx by Writer: the header lines inside the table).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Grid } from "../../src/core/grid";
import { pageOf, pageToDocxWithPython } from "../learn/support";
import { convertWithLibreOffice } from "./independent";

/** A grid from attachment-grid.ts as a .docx written by python-docx: title and 填报单位 as paragraphs, the table with its merges. */
export function filledDocxWithPython(grid: Grid): Uint8Array {
  return pageToDocxWithPython(pageOf(grid));
}

/** An .xlsx converted to .docx by LibreOffice (Calc → HTML → Writer); returns the .docx path, written in `outDir`. */
export function xlsxToDocxWithLibreOffice(xlsx: string, outDir: string): string {
  const work = mkdtempSync(join(tmpdir(), "cs-word-"));
  try {
    const html = convertWithLibreOffice(xlsx, "html", work);
    return convertWithLibreOffice(html, "docx:MS Word 2007 XML", outDir, { infilter: "HTML (StarWriter)" });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
