/**
 * Beyond the sum, end to end through the installed command: county workbooks written by openpyxl, a 中期
 * and a 全面 round of the same counties, and last year's roll-up of another template (辽宁 2019) as
 * --previous; the 对比 and 汇总说明 sheets read back with openpyxl.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import type { ConsolidateJson } from "../../src/cli/commands/consolidate";
import type { CellValue } from "../../src/core/grid";
import { attachmentGrid } from "../support/attachment-grid";
import { filledGrid, ganzhou, liaoning, validValues } from "../support/fixtures";
import { python, writeGridWithOpenpyxl } from "../support/independent";
import { requirePrograms } from "../support/programs";

jest.setTimeout(180000);

const withOpenpyxl = requirePrograms("openpyxl");

const BIN = resolve(__dirname, "../../bin/campaign-stats.js");
let dir: string;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 90000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** a sheet's cell values as openpyxl reads them (no calculation: the cached values) */
function sheetWithOpenpyxl(file: string, sheet: string): CellValue[][] {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = wb[sys.argv[2]]
print(json.dumps([[c for c in row] for row in ws.iter_rows(values_only=True)], ensure_ascii=False))
`;
  return JSON.parse(python(script, [file, sheet])) as CellValue[][];
}

beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-beyond-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNTIES = ["章贡区", "南康区", "赣县区", "信丰县", "于都县"];
const unitName = (c: string) => `${c}市场监督管理局`;
const mid = COUNTIES.map((c, k) => ({ county: c, values: validValues(ganzhou, k + 1) }));
/** 全面 is cumulative: twice the 中期 figures, but 南康区's 清理网上违法有害信息 shrank and 于都县 lists 500 名单 entries */
const full = mid.map(({ county, values }) => {
  const v: Record<string, number> = Object.fromEntries(Object.entries(values).map(([id, n]) => [id, n * 2]));
  if (county === "南康区") v.police_info = values.police_info - 1;
  if (county === "于都县") v.market_blacklist = 500;
  return { county, values: v };
});

/** the counties' 中期 submissions in our layout, their 全面 ones in the original attachment's, both by openpyxl */
withOpenpyxl.beforeAll(() => {
  mkdirSync(join(dir, "中期"));
  mkdirSync(join(dir, "全面"));
  for (const { county, values } of mid) {
    writeGridWithOpenpyxl(
      filledGrid(ganzhou, { header: { unit: unitName(county), date: "6月20日", stage: "中期" }, values }, { names: false }),
      join(dir, "中期", `${county}.xlsx`),
    );
  }
  for (const { county, values } of full) {
    writeGridWithOpenpyxl(
      attachmentGrid(ganzhou, { unit: unitName(county), date: "11月20日", values }, { serialColumn: county === "赣县区" }),
      join(dir, "全面", `${county}.xlsx`),
    );
  }
});

function reminders(json: ConsolidateJson): [string, string | null, string][] {
  return json.accepted.flatMap((a) => (a.warnings ?? []).map((w) => [a.unit, w.item, w.code] as [string, string | null, string]));
}

withOpenpyxl.test("中期 and 全面 of the same counties: exactly the shrinking figure and the county far above its peers", () => {
  const m = cli([
    "consolidate",
    "中期/*.xlsx",
    "--template",
    "ganzhou-2022",
    "--unit",
    "赣州市市场监督管理局",
    "--stage",
    "中期",
    "--date",
    "6月25日",
    "-o",
    "中期汇总.xlsx",
  ]);
  expect([m.status, m.stderr]).toEqual([0, ""]);

  const common = [
    "consolidate",
    "全面/*.xlsx",
    "--template",
    "ganzhou-2022",
    "--unit",
    "赣州市市场监督管理局",
    "--stage",
    "全面",
    "--date",
    "11月26日",
    "--json",
  ];
  // in the roll-up's unit order (no roster: by name)
  const expected = [
    [unitName("于都县"), "列入严重违法失信名单市场主体（户）", "review-peer-outlier"],
    [unitName("南康区"), "清理网上违法有害信息（条）", "review-cumulative-decrease"],
  ];
  // the 中期 roll-up (its 汇总明细 holds each county's figures) …
  const r = cli([...common, "--previous", "中期汇总.xlsx", "-o", "全面汇总.xlsx"]);
  expect([r.status, r.stderr]).toEqual([0, ""]);
  const json = JSON.parse(r.stdout) as ConsolidateJson;
  expect(reminders(json)).toEqual(expected);
  expect(json.review).toEqual([]);
  const shrank = json.accepted.find((a) => a.unit === unitName("南康区"))!.warnings![0];
  const nk = mid[1].values.police_info;
  expect(shrank).toMatchObject({
    severity: "warning",
    section: "公安局",
    unit: unitName("南康区"),
    value: String(nk - 1),
    previous: String(nk),
  });
  expect(shrank.message).toContain(`全面总结填报 ${nk - 1}，少于其中期报告的 ${nk}（中期汇总.xlsx）`);

  // … or the 中期 submissions themselves: the same reminders
  const s = cli([...common, "--previous", "中期/*.xlsx", "-o", "全面汇总2.xlsx"]);
  expect(reminders(JSON.parse(s.stdout) as ConsolidateJson)).toEqual(expected);

  // 对比 against the 中期 roll-up: every item, this period and 中期 as openpyxl reads them
  expect(json.comparison).toHaveLength(json.totals.length);
  const sheet = sheetWithOpenpyxl(join(dir, "全面汇总.xlsx"), "对比");
  expect(sheet[0]).toEqual(["部门", "项目", "单位", "本期", "上期（中期汇总.xlsx）", "增减", "增减幅度（%）", "上期对应项目"]);
  const sum = (rows: typeof mid, id: string) => rows.reduce((t, r) => t + r.values[id], 0);
  const fines = sheet.find((row) => row[1] === "罚没款")!;
  expect(fines.slice(0, 7)).toEqual([
    "市场监管局",
    "罚没款",
    "万元",
    sum(full, "cases_fines"),
    sum(mid, "cases_fines"),
    sum(mid, "cases_fines"),
    100,
  ]);
  const blacklist = json.comparison!.find((x) => x.item === "列入严重违法失信名单市场主体")!;
  expect(blacklist).toMatchObject({
    value: sum(full, "market_blacklist"),
    previous: sum(mid, "market_blacklist"),
    change: sum(full, "market_blacklist") - sum(mid, "market_blacklist"),
  });

  // 汇总说明: the paragraph in the workbook is the one in --json, and its numbers are the roll-up's
  const paragraph = sheetWithOpenpyxl(join(dir, "全面汇总.xlsx"), "汇总说明")[1][0] as string;
  expect(paragraph).toBe(json.summary);
  const totals = new Map(json.totals.map((t) => [t.item, t.value]));
  expect(paragraph).toContain(`各单位共查处网络违法案件${totals.get("查处网络违法案件")}件`);
  expect(paragraph).toContain(`罚没款${totals.get("罚没款")}万元。`);
  expect(paragraph).toContain("与上期相比，查处网络违法案件增加");
  const allowed = new Set([
    String(COUNTIES.length),
    ...json.totals.map((t) => String(t.value)),
    ...json.comparison!.flatMap((x) => [String(Math.abs(x.change ?? 0)), String(Math.abs(x.changePercent ?? 0))]),
  ]);
  const numbers = [...paragraph.matchAll(/\d+(?:\.\d+)?/g)].map((x) => x[0]);
  expect(numbers.length).toBeGreaterThan(8);
  expect(numbers.filter((n) => !allowed.has(n))).toEqual([]);
});

withOpenpyxl.test(
  "last year's roll-up of another template (辽宁 2019): the comparison by matched items, the unmatched listed, a big change a reminder",
  () => {
    const ln = [validValues(liaoning, 1), validValues(liaoning, 5)];
    writeGridWithOpenpyxl(attachmentGrid(liaoning, { unit: "沈河区", date: "11月20日", values: ln[0] }), join(dir, "沈河区.xlsx"));
    writeGridWithOpenpyxl(attachmentGrid(liaoning, { unit: "和平区", date: "11月21日", values: ln[1] }), join(dir, "和平区.xlsx"));
    const l = cli([
      "consolidate",
      "沈河区.xlsx",
      "和平区.xlsx",
      "--template",
      "liaoning-2019",
      "--unit",
      "沈阳市市场监督管理局",
      "-o",
      "去年汇总.xlsx",
    ]);
    expect([l.status, l.stderr]).toEqual([0, ""]);

    const files = full.map((f) => `全面/${f.county}.xlsx`);
    const r = cli([
      "consolidate",
      ...files,
      "--template",
      "ganzhou-2022",
      "--unit",
      "赣州市市场监督管理局",
      "--previous",
      "去年汇总.xlsx",
      "-o",
      "对比去年.xlsx",
      "--json",
    ]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const json = JSON.parse(r.stdout) as ConsolidateJson;
    const lastYear = (id: string) => ln[0][id] + ln[1][id];
    const row = (item: string) => json.comparison!.find((x) => x.item === item)!;
    expect(row("清理网上违法有害信息")).toMatchObject({
      section: "公安局",
      previous: lastYear("police_info"),
      matchedTo: { section: "公安部门", item: "清理网上违法有害信息", unit: "条", how: "same-label" },
    });
    expect(row("查处网络违法案件").previous).toBe(lastYear("cases_total"));
    expect(row("查处不正当价格行为案件")).toMatchObject({
      previous: lastYear("cat_pricing"),
      matchedTo: { item: "不正当价格行为案件", how: "similar-label" },
    });
    // items 辽宁 2019 did not have
    expect(row("查处“三无”外卖案件")).toMatchObject({ previous: null, change: null, changePercent: null });
    // a total that moved by more than 50 % against last year is a reminder about the roll-up
    const big = json
      .comparison!.filter((x) => x.changePercent !== null && Math.abs(x.changePercent) > 50 && Math.max(x.value, x.previous!) >= 10)
      .map((x) => x.item);
    expect(big.length).toBeGreaterThan(0);
    expect(json.review!.map((i) => [i.code, i.item])).toEqual(big.map((item) => ["review-total-change", expect.stringContaining(item)]));

    // the text report shows the matches for confirmation and lists last year's items nothing matched
    const t = cli([
      "consolidate",
      ...files,
      "--template",
      "ganzhou-2022",
      "--unit",
      "赣州市市场监督管理局",
      "--previous",
      "去年汇总.xlsx",
      "-o",
      "对比去年.xlsx",
      "--summary",
    ]);
    expect(t.stdout).toContain("与去年对比：去年汇总.xlsx（《");
    expect(t.stdout).toContain("市场监管局 · 查处不正当价格行为案件（件） ← 查处网络违法案件 · 不正当价格行为案件（件）【名称相近】");
    expect(t.stdout).toMatch(/去年报表中未对应到本表的项目 \d+ 项：.*案值（万元）/);
    expect(t.stdout).toContain("汇总说明：");
    expect(t.stdout).toContain("与去年相比，查处网络违法案件");
    const sheet = sheetWithOpenpyxl(join(dir, "对比去年.xlsx"), "对比");
    expect(sheet.find((x) => x[1] === "查处不正当价格行为案件")![7]).toBe("查处网络违法案件 · 不正当价格行为案件（件）：名称相近，请确认");
    expect(sheet.some((x) => x[1] === "案值" && x[2] === "万元")).toBe(true);
  },
);
