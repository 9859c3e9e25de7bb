/**
 * Issue 11's acceptance test on the command line: counties that sent the same figures as legacy .xls
 * (BIFF8), .ods, filled-in Word tables (.docx) and .xlsx — the other formats LibreOffice-converted copies
 * of openpyxl-written attachments (merged department cells, a 序号 column, numbers typed as text; the
 * .docx by Calc → HTML → Writer) — consolidate to exactly the totals of the all-.xlsx batch.
 */
import { spawnSync } from "child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import type { CellValue } from "../../src/core/grid";
import type { ConsolidateJson } from "../../src/cli/commands/consolidate";
import { attachmentGrid } from "../support/attachment-grid";
import { ganzhou, validValues } from "../support/fixtures";
import { convertWithLibreOffice, writeGridWithOpenpyxl } from "../support/independent";
import { xlsxToDocxWithLibreOffice } from "../support/word-docs";

jest.setTimeout(240000);

const BIN = resolve(__dirname, "../../bin/campaign-stats.js");
let dir: string;

beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-legacy-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function consolidate(folder: string): { status: number | null; json: ConsolidateJson; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      "consolidate",
      "*",
      "--template",
      "ganzhou-2022",
      "--unit",
      "赣州市市场监督管理局",
      "-o",
      join(dir, `${folder}-汇总.xlsx`),
      "--json",
    ],
    {
      cwd: join(dir, folder),
      encoding: "utf8",
      timeout: 120000,
    },
  );
  return { status: r.status, json: JSON.parse(r.stdout) as ConsolidateJson, stderr: r.stderr };
}

test("a third .xls (BIFF8), some .ods, some filled-in Word tables (.docx), the rest .xlsx: exactly the totals of the all-.xlsx batch", () => {
  const counties = ["章贡区", "南康区", "赣县区", "信丰县", "于都县", "瑞金市", "大余县", "上犹县", "崇义县"];
  const originals = join(dir, "originals");
  const mixed = join(dir, "mixed");
  mkdirSync(originals);
  mkdirSync(mixed);
  counties.forEach((name, i) => {
    const values: Record<string, CellValue> = {
      ...validValues(ganzhou, i + 1),
      cases_fines: [0.1, 0.2, 0.4, 0.5, 0.3, 0.6, 0.7, 0.15, 0.05][i],
      cyber_info: i === 0 ? "0.3" : 0.2,
    };
    writeGridWithOpenpyxl(
      attachmentGrid(ganzhou, { unit: `${name}市场监督管理局`, date: "11月20日", values }, { serialColumn: i % 2 === 0 }),
      join(originals, `${name}.xlsx`),
    );
  });
  const formats = ["xls:MS Excel 97", "xls:MS Excel 97", "xls:MS Excel 97", "ods", "ods", "docx", "docx"];
  counties.forEach((name, i) => {
    const src = join(originals, `${name}.xlsx`);
    if (i < formats.length) {
      const out = join(dir, `conv-${i}`);
      mkdirSync(out);
      const converted = formats[i] === "docx" ? xlsxToDocxWithLibreOffice(src, out) : convertWithLibreOffice(src, formats[i], out);
      copyFileSync(converted, join(mixed, `${name}.${formats[i].split(":")[0]}`));
    } else copyFileSync(src, join(mixed, `${name}.xlsx`));
  });
  writeFileSync(join(mixed, "说明.txt"), "不是统计表");

  const all = consolidate("originals");
  expect(all.json.rejected.map((x) => [x.file, x.issues.map((i) => i.code)])).toEqual([]);
  expect(all.json.accepted).toHaveLength(9);
  const some = consolidate("mixed");
  expect(some.stderr).toBe("");
  expect(some.json.rejected.map((r) => r.file)).toEqual(["说明.txt"]);
  expect(some.json.accepted.map((a) => a.file).sort()).toEqual(
    [
      "章贡区.xls",
      "南康区.xls",
      "赣县区.xls",
      "信丰县.ods",
      "于都县.ods",
      "瑞金市.docx",
      "大余县.docx",
      "上犹县.xlsx",
      "崇义县.xlsx",
    ].sort(),
  );
  expect(some.json.accepted.map((a) => a.unit).sort()).toEqual(all.json.accepted.map((a) => a.unit).sort());
  expect(some.json.totals).toEqual(all.json.totals);
  expect(some.json.totals.find((t) => t.item.startsWith("罚没款"))?.value).toBe(3);
});
