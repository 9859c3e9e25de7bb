/**
 * Printing: each built-in blank template rendered to PDF by LibreOffice (soffice --headless --convert-to
 * pdf, private profile), read back with poppler's pdftotext / pdfinfo. Every label must be printed, on A4
 * portrait, one page wide (the 项目 and 备注 headers on the same page, never a right-hand slice alone).
 */
import { execFileSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate } from "../../src/core/consolidate";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { itemDisplayLabel } from "../../src/templates/schema";
import { filledGrid, liaoning, validValues } from "../support/fixtures";
import { convertWithLibreOffice } from "../support/independent";
import { programPath, requirePrograms } from "../support/programs";

jest.setTimeout(120000);

const printing = requirePrograms("soffice", "pdftotext", "pdfinfo");

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-write-pdf-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const squeeze = (s: string) => s.replace(/\s+/g, "");

function pdfText(pdf: string, page?: number): string {
  const range = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  return execFileSync(programPath("pdftotext"), [...range, "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
}

function pageSizes(pdf: string): { width: number; height: number }[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync(programPath("pdfinfo"), [pdf], { encoding: "utf8" }))![1]);
  const info = execFileSync(programPath("pdfinfo"), ["-f", "1", "-l", String(pages), pdf], { encoding: "utf8" });
  return [...info.matchAll(/Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}

async function render(bytes: Uint8Array, name: string): Promise<string> {
  const xlsx = join(dir, `${name}.xlsx`);
  writeFileSync(xlsx, bytes);
  return convertWithLibreOffice(xlsx, "pdf", dir);
}

const isA4Portrait = (p: { width: number; height: number }) => Math.abs(p.width - 595.3) < 2 && Math.abs(p.height - 841.9) < 2;

printing.describe.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))("%s", (id, template) => {
  test("the blank template prints every label on A4 portrait, one page wide", async () => {
    const pdf = await render(await writeTemplateWorkbook(template), id);
    const sizes = pageSizes(pdf);
    expect(sizes.length).toBeGreaterThanOrEqual(1);
    expect(sizes.every(isA4Portrait)).toBe(true);

    const text = squeeze(pdfText(pdf));
    expect(text).toContain(squeeze(template.title));
    for (const s of template.sections) {
      expect(text).toContain(squeeze(s.name));
      for (const i of s.items) expect(text).toContain(squeeze(itemDisplayLabel(i)));
    }
    if (template.footnote) expect(text).toContain(squeeze(template.footnote));

    // one page wide: every page carries the repeated column headers with 备注, the right-most column
    for (let p = 1; p <= sizes.length; p++) {
      const page = squeeze(pdfText(pdf, p));
      expect([p, page.includes("项目"), page.includes("数量"), page.includes("备注")]).toEqual([p, true, true, true]);
    }
    // these tables fit on a single sheet of paper
    expect(sizes).toHaveLength(1);
  });
});

printing.test("the roll-up prints: 汇总表 on A4 portrait with the totals, the other sheets after it", async () => {
  const inputs = ["沈河区", "和平区"].map(
    (unit, n) =>
      analyzeSheets(
        `${unit}.xlsx`,
        [filledGrid(liaoning, { header: { unit, date: "11月20日" }, values: validValues(liaoning, n + 1) })],
        BUILTIN_TEMPLATES,
      ).input,
  );
  const c = consolidate({ template: liaoning, inputs, unit: "沈阳市市场监督管理局", date: "11月26日" });
  const pdf = await render(await writeRollupWorkbook(liaoning, c), "rollup");
  const sizes = pageSizes(pdf);
  expect(isA4Portrait(sizes[0])).toBe(true);
  const first = squeeze(pdfText(pdf, 1));
  expect(first).toContain("沈阳市市场监督管理局");
  expect(first).toContain("备注");
  const all = squeeze(pdfText(pdf));
  expect(all).toContain("沈河区");
  expect(all).toContain("已汇总");
});
