import { analyzeSheets } from "../../src/core/analyze";
import { compareWith, matchItems, percentChange, type PreviousFigure, type PreviousReport } from "../../src/core/compare";
import { consolidate, type Consolidation, type ReceivedInput } from "../../src/core/consolidate";
import { parseDec } from "../../src/core/decimal";
import { flatten } from "../../src/core/findings";
import fc from "fast-check";
import { peerOutliers, review, reviewRollup } from "../../src/core/review";
import { renderSummary, SUMMARY_SENTENCES } from "../../src/messages/summary-zh-CN";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { TemplateSchema, type Template } from "../../src/templates/schema";
import { filledGrid, ganzhou, liaoning, validValues } from "../support/fixtures";

const COUNTIES = ["章贡区", "南康区", "赣县区", "信丰县", "于都县"];

function county(unit: string, values: Record<string, number>, template: Template = ganzhou, stage?: "中期" | "全面"): ReceivedInput {
  const grid = filledGrid(template, { header: { unit, date: "11月20日", ...(stage ? { stage } : {}) }, values });
  return analyzeSheets(`${unit}.xlsx`, [grid], BUILTIN_TEMPLATES, { wanted: template }).input;
}

/** a submission as an earlier report, figures from the template's labels */
function asPrevious(
  template: Template,
  unit: string,
  values: Record<string, number>,
  stage: "中期" | "全面",
  source = `${unit}（中期）.xlsx`,
): PreviousReport {
  const figures: PreviousFigure[] = template.sections.flatMap((s) =>
    s.items.map((i) => ({ section: s.name, label: i.label, unit: i.unit, value: String(values[i.id]), itemId: i.id })),
  );
  return {
    source,
    kind: "submission",
    unit,
    stage,
    year: template.year,
    templateId: template.id,
    totals: figures,
    units: [{ unit, figures }],
  };
}

/** every county alike (base 1..5): no unit is far above the others, and 全面 is twice 中期 */
const mid = COUNTIES.map((u, k) => ({ unit: u, values: validValues(ganzhou, k + 1) }));
const full = mid.map(({ unit, values }) => ({ unit, values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, v * 2])) }));

test("alike counties, 全面 twice their 中期: no reminders", () => {
  const c = consolidate({
    template: ganzhou,
    unit: "赣州市",
    date: "11月26日",
    stage: "全面",
    inputs: full.map((f) => county(f.unit, f.values)),
  });
  expect(
    review(
      ganzhou,
      c,
      mid.map((m) => asPrevious(ganzhou, m.unit, m.values, "中期")),
    ),
  ).toEqual([]);
});

test("a cumulative figure below the unit's 中期 and a unit far above its peers give exactly those reminders", () => {
  const inputs = full.map(({ unit, values }) => {
    if (unit === "南康区") return county(unit, { ...values, police_info: values.police_info / 2 - 1 });
    if (unit === "于都县") return county(unit, { ...values, market_blacklist: 500 });
    return county(unit, values);
  });
  const c = consolidate({ template: ganzhou, unit: "赣州市", date: "11月26日", stage: "全面", inputs });
  const findings = review(
    ganzhou,
    c,
    mid.map((m) => asPrevious(ganzhou, m.unit, m.values, "中期")),
  );
  const nk = mid.find((m) => m.unit === "南康区")!.values.police_info;
  const others = full
    .filter((f) => f.unit !== "于都县")
    .map((f) => f.values.market_blacklist)
    .sort((a, b) => a - b);
  const median = String((others[1] + others[2]) / 2);
  expect(flatten(findings, ["code", "unit", "itemId", "value", "previous", "median"])).toEqual([
    ["review-cumulative-decrease", "南康区", "police_info", String(nk - 1), String(nk), undefined],
    ["review-peer-outlier", "于都县", "market_blacklist", "500", undefined, median],
  ]);
  expect(findings.every((f) => f.severity === "warning")).toBe(true);
  expect(renderMessage(findings[0])).toBe(
    `公安局 · 清理网上违法有害信息（条）：“南康区”全面总结填报 ${nk - 1}，少于其中期报告的 ${nk}（南康区（中期）.xlsx）；全面总结是累计数，不应少于中期，请与该单位核实是否漏报或填错。`,
  );
  expect(renderMessage(findings[1])).toBe(
    `市场监管局 · 列入严重违法失信名单市场主体（户）：“于都县”填报 500，超过其他 4 个单位中位数（${median}）的 5 倍；请与该单位核实是否多填、单位换算错误或重复计算。`,
  );

  // on the units they are about, after the review
  const after = reviewRollup(
    ganzhou,
    c,
    mid.map((m) => asPrevious(ganzhou, m.unit, m.values, "中期")),
  );
  expect(after.consolidation.accepted.find((a) => a.unit === "于都县")!.warnings.map((f) => f.code)).toEqual(["review-peer-outlier"]);
  // a 中期 roll-up is not compared with 中期 figures for shrinking
  const c2 = { ...c, rollup: { ...c.rollup, header: { ...c.rollup.header, stage: "中期" } } };
  expect(
    review(
      ganzhou,
      c2,
      mid.map((m) => asPrevious(ganzhou, m.unit, m.values, "中期")),
    ).map((f) => f.code),
  ).toEqual(["review-peer-outlier"]);
});

test("the template's thresholds decide what is far above the peers", () => {
  const inputs = full.map(({ unit, values }) => county(unit, unit === "于都县" ? { ...values, market_blacklist: 500 } : values));
  const lenient = TemplateSchema.parse({ ...ganzhou, review: { peerFactor: 10 } });
  const c = consolidate({ template: lenient, unit: "赣州市", date: "11月26日", inputs });
  expect(review(lenient, c)).toEqual([]); // 500 < 10 × the median (about 60)
  const floor = TemplateSchema.parse({ ...ganzhou, review: { peerFloor: 1000 } });
  expect(review(floor, consolidate({ template: floor, unit: "赣州市", date: "11月26日", inputs }))).toEqual([]);
  expect(() => TemplateSchema.parse({ ...ganzhou, review: { peerFactor: 0.5 } })).toThrow();
});

test("last year's report of another template: items matched by label and unit, the unmatched listed", () => {
  const figures = liaoning.sections.flatMap((s) =>
    s.items.map((i) => ({ section: s.name, label: i.label, unit: i.unit, value: "1", itemId: i.id })),
  );
  const m = matchItems(ganzhou, { templateId: liaoning.id, totals: figures, units: [] });
  // in the template's order
  const shown = ganzhou.sections
    .flatMap((s) => s.items.filter((i) => m.matches[i.id]).map((i) => m.matches[i.id]))
    .map((x) => [x.itemId, x.previous.section, x.previous.label, x.how]);
  expect(shown).toEqual([
    ["cyber_info", "网信部门", "清理网上违法违规信息", "same-label"],
    ["police_info", "公安部门", "清理网上违法有害信息", "same-label"],
    ["postal_violations", "邮政管理部门", "查处违法违规行为", "same-label"],
    ["cases_total", "查处网络违法案件", "查处网络违法案件", "same-label"],
    ["cases_fines", "查处网络违法案件", "罚没款", "same-label"],
    ["market_delete_info", "市场监管部门", "督促网络交易平台删除违法商品信息", "same-label"],
    ["market_rectify", "市场监管部门", "责令整改网站", "same-label"],
    ["market_close_sites", "市场监管部门", "已提请关闭网站", "same-label"],
    ["market_stop_shops", "市场监管部门", "已责令停止平台服务的网店", "same-label"],
    ["cases_pricing", "查处网络违法案件", "不正当价格行为案件", "similar-label"],
    ["cases_other", "查处网络违法案件", "其他违法违规案件", "similar-label"],
    ["cases_referred", "查处网络违法案件", "移送公安机关案件", "same-label"],
  ]);
  expect(m.unmatched.map((u) => u.label)).toContain("案值");
  expect(m.unmatched).toHaveLength(figures.length - shown.length);
});

test("the change in percent is exact decimal arithmetic, rounded half away from zero", () => {
  const p = (a: string, b: string) => percentChange(parseDec(a)!, parseDec(b)!);
  expect(p("1920", "1710")).toBe("12.3");
  expect(p("10", "100")).toBe("-90");
  expect(p("0.3", "0.1")).toBe("200");
  expect(p("1", "8")).toBe("-87.5");
  expect(p("2", "3")).toBe("-33.3");
  expect(p("5", "0")).toBeNull();
});

test("a total that changed by more than the threshold against last year is a reminder; the comparison has every item", () => {
  const c = consolidate({
    template: ganzhou,
    unit: "赣州市",
    date: "11月26日",
    stage: "全面",
    inputs: full.map((f) => county(f.unit, f.values)),
  });
  const lastYear: PreviousReport = {
    source: "2021年汇总.xlsx",
    kind: "rollup",
    year: 2021,
    templateId: ganzhou.id,
    totals: ganzhou.sections.flatMap((s) =>
      s.items.map((i) => ({
        section: s.name,
        label: i.label,
        unit: i.unit,
        itemId: i.id,
        value: i.id === "police_info" ? String(Number(c.totals.police_info) * 10) : c.totals[i.id],
      })),
    ),
    units: [],
  };
  const findings = review(ganzhou, c, [lastYear]);
  expect(flatten(findings, ["code", "itemId", "value", "previous", "changePercent", "basis"])).toEqual([
    ["review-total-change", "police_info", c.totals.police_info, String(Number(c.totals.police_info) * 10), "-90", "去年"],
  ]);
  const cmp = compareWith(ganzhou, c, lastYear);
  expect(cmp.rows).toHaveLength(Object.keys(c.totals).length);
  expect(cmp.rows.every((r) => r.previous !== null && !r.match)).toBe(true);
});

test("an earlier figure that is no number is no figure: the review and the comparison never throw", () => {
  const c = consolidate({ template: ganzhou, unit: "赣州市", date: "11月26日", inputs: full.map((f) => county(f.unit, f.values)) });
  const odd: PreviousReport = {
    source: "去年.xlsx",
    kind: "rollup",
    year: 2021,
    totals: [{ section: "市场监管局", label: "查处网络违法案件", unit: "件", value: "若干" }],
    units: [{ unit: "章贡区", figures: [{ section: "市场监管局", label: "查处网络违法案件", unit: "件", value: "约10" }] }],
  };
  const after = reviewRollup(ganzhou, c, [odd, { ...odd, stage: "中期", year: 2022 }]);
  expect(after.findings).toEqual([]);
  expect(after.comparison!.rows.find((r) => r.itemId === "cases_total")).toMatchObject({
    previous: null,
    change: null,
    changePercent: null,
  });
});

/** every number of the paragraph, in order */
function numbersIn(text: string): string[] {
  return [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
}

test("every number in the summary paragraph is the roll-up's, in the order of its sentences", () => {
  const inputs = full.map(({ unit, values }) => county(unit, { ...values, cases_fines: 0.1 }));
  const c = consolidate({ template: ganzhou, unit: "赣州市", date: "11月26日", stage: "全面", inputs, roster: [...COUNTIES, "瑞金市"] });
  const lastYear: PreviousReport = {
    source: "去年.xlsx",
    kind: "rollup",
    year: 2021,
    totals: [
      { section: "市场监管局", label: "查处网络违法案件", unit: "件", value: "100" },
      { section: "市场监管局", label: "罚没款", unit: "万元", value: "0.4" },
    ],
    units: [],
  };
  const after = reviewRollup(ganzhou, c, [lastYear]);
  const paragraph = renderSummary(after.facts);
  const t = c.totals;
  const categories = ["cases_elderly_child", "cases_takeaway", "cases_livestream", "cases_pricing", "cases_competition", "cases_other"]
    .map((id) => t[id])
    .sort((a, b) => Number(b) - Number(a));
  const caseChange = Number(t.cases_total) - 100;
  expect(numbersIn(paragraph)).toEqual([
    "5",
    t.cases_total,
    ...categories,
    t.cases_referred,
    "0.5", // five counties' 0.1 万元, exactly
    String(caseChange),
    ((caseChange / 100) * 100).toFixed(1).replace(/\.0$/, ""),
    "0.1", // 0.5 − 0.4, not 0.09999999999999998
    "25",
  ]);
  expect(paragraph).toContain("本次汇总5个单位报送的统计表（章贡区、南康区、赣县区、信丰县、于都县）。瑞金市未报送，未计入本次汇总。");
  expect(paragraph).toContain(`移送公安机关案件${t.cases_referred}件，罚没款0.5万元。`);
  expect(paragraph).toContain(
    `与去年相比，查处网络违法案件增加${caseChange}件（增加${((caseChange / 100) * 100).toFixed(1).replace(/\.0$/, "")}%），罚没款增加0.1万元（增加25%）。`,
  );
  // the office's own wording: the sentences are data
  const own = renderSummary(after.facts, { ...SUMMARY_SENTENCES, figures: "全市{figures}。", separator: "；" });
  expect(own).toContain(`全市移送公安机关案件${t.cases_referred}件；罚没款0.5万元。`);
});

test("far above the peers: the same reminders as the plain rule (median of the others, sorted for each unit)", () => {
  // an independent oracle in plain numbers: whole figures, so the mean of the middle two is exact
  const oracle = (values: number[]) =>
    values.flatMap((v, k) => {
      const others = values.filter((_, j) => j !== k).sort((x, y) => x - y);
      const m = others.length >> 1;
      const median = others.length % 2 ? others[m] : (others[m - 1] + others[m]) / 2;
      return others.length >= 3 && v >= 10 && v > 5 * median ? [k] : [];
    });
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 40 }),
      (values) => {
        const accepted = values.map((v, k) => ({
          source: `${k}.xlsx`,
          unit: `单位${k}`,
          values: { market_blacklist: String(v) },
          warnings: [],
        }));
        const found = peerOutliers(ganzhou, { accepted } as unknown as Consolidation);
        expect(found.map((f) => Number(f.file!.replace(".xlsx", "")))).toEqual(oracle(values));
      },
    ),
    { numRuns: 200 },
  );
});
