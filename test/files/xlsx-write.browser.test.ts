/**
 * @jest-environment jsdom
 *
 * The writer with ExcelJS's browser build (what webpack bundles, via exceljs's "browser" field) in a
 * DOM environment: no fs, no Node streams; bytes out that our reader takes back.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { TextDecoder } from "util";
jest.mock("exceljs", () => jest.requireActual("exceljs/dist/exceljs.min.js"));

import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou, validValues } from "../support/fixtures";

test("exceljs resolves to its browser build for webpack", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "../../node_modules/exceljs/package.json"), "utf8"));
  expect(pkg.browser).toMatch(/dist\/exceljs(\.min)?\.js$/);
});

test("writes a template in a browser environment; our reader gets the values back", async () => {
  expect(typeof window).toBe("object");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(require("exceljs")).toBe(jest.requireActual("exceljs/dist/exceljs.min.js"));
  const bytes = await writeTemplateWorkbook(ganzhou, { header: { unit: "某县", date: "11月20日" }, values: validValues(ganzhou) });
  expect(bytes).toBeInstanceOf(Uint8Array);
  // jsdom lacks TextDecoder, which every browser has; our reader needs it
  (globalThis as { TextDecoder?: unknown }).TextDecoder ??= TextDecoder;
  const a = analyzeWorkbookBytes("某县.xlsx", bytes, BUILTIN_TEMPLATES);
  expect(a.input.report?.valid).toBe(true);
  expect(a.input.report?.values.police_info).toBe(String(validValues(ganzhou).police_info));
});

test("the file modules import nothing from Node", () => {
  for (const f of ["files/workbook.ts", "files/xlsx-write.ts", "core/metadata.ts"]) {
    const src = readFileSync(join(__dirname, "../../src", f), "utf8");
    expect([f, src.match(/from "(node:)?(fs|path|os|child_process|stream|buffer|util)"/g)]).toEqual([f, null]);
  }
});
