/**
 * The city's real situation, end to end through the installed command (node bin/campaign-stats.js):
 * county workbooks written by independent programs in the ORIGINAL attachment layout of the seed tables —
 * openpyxl (numbers typed as text, a 序号 column), LibreOffice Calc (converted from an HTML table, rows
 * inserted) — plus one made from our own template; consolidated with --json and the totals checked exactly.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import type { CellValue } from "../../src/core/grid";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import type { ConsolidateJson } from "../../src/cli/commands/consolidate";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import type { Template } from "../../src/templates/schema";
import { attachmentGrid } from "../support/attachment-grid";
import { ganzhou, liaoning, validValues } from "../support/fixtures";
import { writeGridWithLibreOffice, writeGridWithOpenpyxl } from "../support/independent";
import { requirePrograms } from "../support/programs";

jest.setTimeout(180000);

const withReaders = requirePrograms("openpyxl", "soffice");

const BIN = resolve(__dirname, "../../bin/campaign-stats.js");
let dir: string;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-independent-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** the totals as { "section · label（unit）": value } */
function totalsOf(json: ConsolidateJson): Record<string, number> {
  return Object.fromEntries(json.totals.map((t) => [`${t.section} · ${t.item}（${t.unit}）`, t.value]));
}

function key(t: Template, itemId: string): string {
  for (const s of t.sections) for (const i of s.items) if (i.id === itemId) return `${s.name} · ${i.label}（${i.unit}）`;
  throw new Error(itemId);
}

withReaders.test("赣州 2022: openpyxl, LibreOffice and our own template consolidate to exact totals", async () => {
  // 章贡区 — openpyxl, original layout with a 序号 column; several numbers typed as text
  const a = validValues(ganzhou, 1);
  const aCells: Record<string, CellValue> = {
    ...a,
    cases_fines: 0.1,
    cyber_info: "0.1",
    customs_gold_food: 0.25,
    police_info: " 6 ",
    postal_violations: "１２",
    market_delete_info: "15条",
  };
  writeGridWithOpenpyxl(
    attachmentGrid(
      ganzhou,
      { unit: "章贡区市场监督管理局", date: "11月20日", values: aCells, remarks: { police_info: '=HYPERLINK("http://x","y")' } },
      { serialColumn: true },
    ),
    join(dir, "章贡区.xlsx"),
  );

  // 南康区 — typed into an HTML table (as pasted from the notice), opened and saved by LibreOffice Calc
  const b = validValues(ganzhou, 2);
  const bCells: Record<string, CellValue> = { ...b, cases_fines: 0.2, cyber_info: 0.2, customs_gold_food: 0.5 };
  writeGridWithLibreOffice(
    attachmentGrid(ganzhou, { unit: "南康区市场监督管理局", date: "11月21日", values: bCells }, { insertBefore: [3, 10] }),
    dir,
    "南康区",
  );

  // 信丰县 — openpyxl, but its categories do not add up to the case total: rejected
  const bad = { ...validValues(ganzhou, 3), cases_takeaway: 999 };
  writeGridWithOpenpyxl(attachmentGrid(ganzhou, { unit: "信丰县市场监督管理局", date: "11月20日", values: bad }), join(dir, "信丰县.xlsx"));

  writeFileSync(join(dir, "名单.txt"), "\uFEFF# 应报送单位\n章贡区\n南康区\n\n信丰县\n赣县区\n于都县\n");

  // 赣县区 — our own template, filled
  const c = validValues(ganzhou, 4);
  const cFill = { ...c, cases_fines: 0.4, cyber_info: 1.0001, customs_gold_food: 0 };
  writeFileSync(
    join(dir, "赣县区.xlsx"),
    await writeTemplateWorkbook(ganzhou, { header: { unit: "赣县区市场监督管理局", date: "11月22日" }, values: cFill }),
  );

  // each file on its own first: the independent writers' files are read as intended
  const nk = analyzeWorkbookBytes("南康区.xlsx", new Uint8Array(readFileSync(join(dir, "南康区.xlsx"))), BUILTIN_TEMPLATES);
  expect(nk.input.report?.findings).toEqual([]);
  const zg = analyzeWorkbookBytes("章贡区.xlsx", new Uint8Array(readFileSync(join(dir, "章贡区.xlsx"))), BUILTIN_TEMPLATES);
  expect(zg.input.report?.valid).toBe(true);
  expect(zg.input.report?.findings.map((f) => [f.code, f.value])).toEqual([
    ["number-as-text", "0.1"],
    ["number-as-text", " 6 "],
    ["number-as-text", "１２"],
    ["number-as-text", "15条"],
  ]);

  const r = cli([
    "consolidate",
    "章贡区.xlsx",
    "南康区.xlsx",
    "信丰县.xlsx",
    "赣县区.xlsx",
    "--template",
    "ganzhou-2022",
    "--unit",
    "赣州市市场监督管理局",
    "--roster",
    "名单.txt",
    "--date",
    "11月26日",
    "--stage",
    "全面",
    "-o",
    "汇总.xlsx",
    "--json",
  ]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(1); // 信丰县 rejected, 于都县 missing
  const json = JSON.parse(r.stdout) as ConsolidateJson;
  expect(json.template).toBe("ganzhou-2022");
  expect(json.accepted).toEqual([
    { file: "章贡区.xlsx", unit: "章贡区市场监督管理局" },
    { file: "南康区.xlsx", unit: "南康区市场监督管理局" },
    { file: "赣县区.xlsx", unit: "赣县区市场监督管理局" },
  ]);
  expect(json.rejected.map((x) => [x.file, x.unit, x.issues.map((i) => i.code)])).toEqual([
    ["信丰县.xlsx", "信丰县市场监督管理局", ["partition-mismatch"]],
  ]);
  expect(json.rejected[0].issues[0]).toMatchObject({ severity: "error", section: "市场监管局", item: "查处网络违法案件（件）" });
  expect(json.missing).toEqual(["于都县"]);

  const totals = totalsOf(json);
  expect(json.totals).toHaveLength(ganzhou.sections.flatMap((s) => s.items).length);
  const decimals = new Set(["cases_fines", "cyber_info", "customs_gold_food"]);
  for (const s of ganzhou.sections) {
    for (const i of s.items)
      if (!decimals.has(i.id)) expect([i.id, totals[key(ganzhou, i.id)]]).toEqual([i.id, a[i.id] + b[i.id] + c[i.id]]);
  }
  expect(totals[key(ganzhou, "cases_fines")]).toBe(0.7); // 0.1 + 0.2 + 0.4, not 0.7000000000000001
  expect(totals[key(ganzhou, "cyber_info")]).toBe(1.3001);
  expect(totals[key(ganzhou, "customs_gold_food")]).toBe(0.75);
  expect(r.stdout).toContain('"value": 0.7\n');

  // the roll-up written is itself a valid submission holding the same totals
  const rollup = analyzeWorkbookBytes("汇总.xlsx", new Uint8Array(readFileSync(join(dir, "汇总.xlsx"))), BUILTIN_TEMPLATES);
  expect(rollup.input.report?.valid).toBe(true);
  expect(rollup.input.report?.values.cases_fines).toBe("0.7");
  expect(rollup.input.report?.remarks.police_info).toBe('章贡区市场监督管理局：=HYPERLINK("http://x","y")');

  // validate on the same files: exit 1, and the text report names the problem in Chinese
  const v = cli(["validate", "章贡区.xlsx", "南康区.xlsx", "信丰县.xlsx", "赣县区.xlsx"]);
  expect(v.status).toBe(1);
  expect(v.stdout).toContain("✓ 章贡区.xlsx：章贡区市场监督管理局");
  expect(v.stdout).toContain("【市场监管局】");
  expect(v.stdout).toContain("各分类数量之和为");
  expect(v.stdout).toContain("共检查 4 个文件：3 个可以报送，1 个需处理。");
});

withReaders.test("辽宁 2019: attachment layouts (其中 as sub-header rows) from openpyxl and LibreOffice add up exactly", () => {
  const a = validValues(liaoning, 1);
  const b = validValues(liaoning, 7);
  writeGridWithOpenpyxl(
    attachmentGrid(
      liaoning,
      { unit: "沈河区", date: "2019年11月20日", values: { ...a, customs_value: "0.1", cases_fines: 0.1, cyber_info: 0.3 } },
      { serialColumn: true },
    ),
    join(dir, "沈河区.xlsx"),
  );
  writeGridWithLibreOffice(
    attachmentGrid(liaoning, { unit: "和平区", date: "11月21日", values: { ...b, customs_value: 0.2, cases_fines: 0.2, cyber_info: 0.6 } }),
    dir,
    "和平区",
  );

  const r = cli([
    "consolidate",
    "沈河区.xlsx",
    "和平区.xlsx",
    "--template",
    "liaoning-2019",
    "--unit",
    "沈阳市市场监督管理局",
    "-o",
    "沈阳.xlsx",
    "--json",
  ]);
  expect(r.stderr).toBe("");
  const json = JSON.parse(r.stdout) as ConsolidateJson;
  expect(json.rejected).toEqual([]);
  expect(r.status).toBe(0);
  expect(json.accepted.map((x) => x.unit)).toEqual(["和平区", "沈河区"]);
  const totals = totalsOf(json);
  expect(totals[key(liaoning, "customs_value")]).toBe(0.3);
  expect(totals[key(liaoning, "cases_fines")]).toBe(0.3);
  expect(totals[key(liaoning, "cyber_info")]).toBe(0.9);
  expect(totals[key(liaoning, "cases_total")]).toBe(a.cases_total + b.cases_total);
  expect(totals[key(liaoning, "cat_other")]).toBe(a.cat_other + b.cat_other);
  expect(json.totals.find((t) => t.item === "案值")).toEqual({ section: "海关部门", item: "案值", unit: "万元", value: 0.3 });
});
