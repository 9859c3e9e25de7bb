/**
 * A campaign whose table is not built in (江西 2023 促发展保安全, seed 004): learned from its attachment,
 * then used end to end — blank table, filled copies read and validated, a broken partition found, two
 * counties consolidated exactly, the roll-up itself a valid submission.
 */
import { consolidate } from "../../src/core/consolidate";
import { flatten } from "../../src/core/findings";
import { layoutTemplate, layoutToGrid } from "../../src/core/layout";
import { readSubmission } from "../../src/core/read";
import { validate } from "../../src/core/validate";
import { learnFromAttachment } from "../../src/learn/learn";
import { learnProblemText } from "../../src/messages/learn-zh-CN";
import { type Template } from "../../src/templates";
import { parseTemplate } from "../../src/messages/template-zh-CN";
import { requirePrograms } from "../support/programs";
import { JIANGXI_2023, differences, gridToXlsx, itemBy, pageGrid, pageToDocx, pageToDocxWithPython } from "./support";

/** the template a person would write by hand for this table */
const EXPECTED_JSON = {
  id: "jiangxi-2023",
  version: 1,
  title: "江西2023网络市场监管促发展保安全专项行动情况统计表",
  year: 2023,
  header: ["unit", "date", "stage", "contact", "phone"],
  sections: [
    {
      id: "cyber",
      name: "网信部门",
      items: [
        { id: "cyber_info", label: "清理网上违法违规信息", unit: "万条" },
        { id: "cyber_accounts", label: "处置违法违规账号", unit: "个" },
      ],
    },
    { id: "telecom", name: "电信主管部门", items: [{ id: "telecom_apps", label: "处置违法违规互联网应用（网站、APP等）", unit: "家" }] },
    {
      id: "police",
      name: "公安部门",
      items: [
        { id: "police_cases", label: "侦办网络违法犯罪案件", unit: "起" },
        { id: "police_info", label: "清理网上违法有害信息", unit: "条" },
        { id: "police_suspects", label: "抓获犯罪嫌疑人", unit: "人" },
      ],
    },
    {
      id: "market",
      name: "市场监管部门",
      items: [
        { id: "cases_total", label: "查处网络违法案件", unit: "件", inLabelCell: true },
        { id: "cases_fines", label: "罚没款", unit: "万元", inLabelCell: true },
        { id: "market_delete_info", label: "督促网络交易平台删除违法商品信息", unit: "条" },
        { id: "market_rectify", label: "责令整改网站", unit: "个次" },
        { id: "cases_marketing", label: "查处无底线网络营销案件", unit: "件" },
        { id: "cases_food_drugs", label: "查处网售食品药品违法案件", unit: "件" },
        { id: "cases_children", label: "查处网售“三无”儿童和学生用品案件", unit: "件" },
        { id: "cases_consumers", label: "查处侵害网络消费者合法权益案件", unit: "件" },
        { id: "cases_reputation", label: "查处恶意侵害网络经营者信誉案件", unit: "件", group: "其中" },
        { id: "cases_prohibited", label: "查处网络禁限售商品案件", unit: "件", group: "其中" },
        { id: "cases_other", label: "查处其他违法违规案件", unit: "件", group: "其中" },
        { id: "cases_referred", label: "移送公安机关案件", unit: "件", group: "其中" },
        { id: "market_blacklist", label: "列入严重违法失信名单经营主体", unit: "户" },
      ],
    },
  ],
  rules: [
    {
      kind: "partition",
      id: "cases_by_category",
      total: "cases_total",
      parts: [
        "cases_marketing",
        "cases_food_drugs",
        "cases_children",
        "cases_consumers",
        "cases_reputation",
        "cases_prohibited",
        "cases_other",
      ],
    },
    { kind: "at-most", id: "referred", item: "cases_referred", limit: "cases_total" },
  ],
};

function expected(): Template {
  const r = parseTemplate(EXPECTED_JSON);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.template;
}

function learn(fileName: string, bytes: Uint8Array): { template: Template; warnings: string[] } {
  const r = learnFromAttachment(fileName, bytes, { id: "jiangxi-2023" });
  if (!r.ok) throw new Error(r.problems.map(learnProblemText).join("\n"));
  return { template: r.template, warnings: r.warnings.map((w) => w.code) };
}

const docx = () => pageToDocx(pageGrid(JIANGXI_2023));

type Writer = [string, () => Promise<Uint8Array>];
const writers: Writer[] = [
  ["docx (WordprocessingML)", async () => docx()],
  ["xlsx (ExcelJS)", async () => gridToXlsx(pageGrid(JIANGXI_2023).grid)],
];
const pythonWriters: Writer[] = [["docx (python-docx)", async () => pageToDocxWithPython(pageGrid(JIANGXI_2023))]];
const learnedTitle = "learned from the attachment as %s: sections, items, units, groups, totals in the label cell, rules";

test.each(writers)(learnedTitle, learnedAsExpected);
requirePrograms("python-docx").test.each(pythonWriters)(learnedTitle, learnedAsExpected);

async function learnedAsExpected(_: string, bytes: Writer[1]): Promise<void> {
  const { template, warnings } = learn("附件2.docx", await bytes());
  expect(differences(template, expected())).toEqual([]);
  expect(template.id).toBe("jiangxi-2023");
  expect(template.year).toBe(2023);
  expect(template.title).toBe("江西2023网络市场监管促发展保安全专项行动情况统计表");
  expect(template.footnote).toMatch(/^注：.*不重复计算/);
  expect(warnings).toEqual(["partition-from-footnote"]);
}

/** a county's figures by (label, unit) */
type Figures = Record<string, number>;
const key = (label: string, unit: string) => `${label}（${unit}）`;

function county(base: number): Figures {
  const f: Figures = {
    [key("清理网上违法违规信息", "万条")]: 0.1 * base,
    [key("处置违法违规账号", "个")]: 10 + base,
    [key("处置违法违规互联网应用（网站、APP等）", "家")]: base,
    [key("侦办网络违法犯罪案件", "起")]: 2 * base,
    [key("清理网上违法有害信息", "条")]: 100 * base,
    [key("抓获犯罪嫌疑人", "人")]: 3 + base,
    [key("罚没款", "万元")]: 1.25 * base,
    [key("督促网络交易平台删除违法商品信息", "条")]: 40 + base,
    [key("责令整改网站", "个次")]: 5,
    [key("查处无底线网络营销案件", "件")]: 1,
    [key("查处网售食品药品违法案件", "件")]: 2 * base,
    [key("查处网售“三无”儿童和学生用品案件", "件")]: 3,
    [key("查处侵害网络消费者合法权益案件", "件")]: base,
    [key("查处恶意侵害网络经营者信誉案件", "件")]: 0,
    [key("查处网络禁限售商品案件", "件")]: 4,
    [key("查处其他违法违规案件", "件")]: 2,
    [key("移送公安机关案件", "件")]: 1,
    [key("列入严重违法失信名单经营主体", "户")]: base,
  };
  // 不重复计算: the categories add up to the case total
  f[key("查处网络违法案件", "件")] = 1 + 2 * base + 3 + base + 0 + 4 + 2;
  return f;
}

function byId(t: Template, figures: Figures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(figures)) {
    const m = /^(.*)（([^（）]+)）$/.exec(k)!;
    out[itemBy(t, m[1], m[2]).id] = Number(v.toFixed(4));
  }
  return out;
}

describe("the learned 2023 template in use", () => {
  const template = () => learn("附件2.docx", docx()).template;

  test("blank table → filled by a county → read and validated: valid, every value as typed", () => {
    const t = template();
    const values = byId(t, county(1));
    const grid = layoutToGrid(layoutTemplate(t, { header: { unit: "南昌县市场监督管理局", date: "11月20日", stage: "全面" }, values }));
    delete grid.names; // read by labels, as after a copy into another workbook
    const sub = readSubmission(grid, t);
    expect(sub.found).toBe(sub.expected);
    const report = validate(t, sub);
    expect(flatten(report.findings, ["code", "cell"])).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.values).toEqual(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
    expect(report.unit).toBe("南昌县市场监督管理局");
  });

  test("the original attachment typed in by a county (totals written in the department cell) reads the same", () => {
    const t = template();
    const figures = county(2);
    const spec = {
      ...JIANGXI_2023,
      before: ["附件", JIANGXI_2023.before[1], "填报单位：进贤县市场监督管理局\t填报日期：11月22日"],
      sections: JIANGXI_2023.sections.map((s) =>
        s.dept.startsWith("市场监管部门")
          ? {
              ...s,
              dept: `市场监管部门\n查处网络违法案件 ${figures[key("查处网络违法案件", "件")]} 件；罚没款 ${figures[key("罚没款", "万元")]} 万元`,
            }
          : s,
      ),
    };
    const labelled = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Number(v.toFixed(4))]));
    const { grid } = pageGrid(spec, labelled);
    const report = validate(t, readSubmission(grid, t));
    expect(flatten(report.findings, ["code", "cell"])).toEqual([]);
    expect(report.values).toEqual(Object.fromEntries(Object.entries(byId(t, figures)).map(([k, v]) => [k, String(v)])));
    expect(report.unit).toBe("进贤县市场监督管理局");
    expect(report.date).toBe("11月22日");
  });

  test("a broken partition is found: the categories do not add up to 查处网络违法案件", () => {
    const t = template();
    const figures = county(1);
    figures[key("查处网络禁限售商品案件", "件")] += 2;
    figures[key("移送公安机关案件", "件")] = 99;
    const grid = layoutToGrid(layoutTemplate(t, { header: { unit: "南昌县", date: "11月20日" }, values: byId(t, figures) }));
    const report = validate(t, readSubmission(grid, t));
    expect(report.valid).toBe(false);
    const total = itemBy(t, "查处网络违法案件", "件");
    const partition = report.findings.find((f) => f.code === "partition-mismatch");
    expect(partition).toMatchObject({ itemId: total.id, expected: "13", actual: "15", difference: "2", section: "市场监管部门" });
    expect(report.findings.find((f) => f.code === "at-most-exceeded")).toMatchObject({
      itemId: itemBy(t, "移送公安机关案件", "件").id,
      actual: "99",
      limit: "13",
    });
  });

  test("two counties consolidated: exact totals (0.1 + 0.2 = 0.3), the roll-up a valid submission again", () => {
    const t = template();
    const inputs = [
      ["南昌县.xlsx", "南昌县市场监督管理局", county(1)],
      ["进贤县.xlsx", "进贤县市场监督管理局", county(2)],
    ].map(([source, unit, figures]) => {
      const grid = layoutToGrid(
        layoutTemplate(t, { header: { unit: unit as string, date: "11月20日" }, values: byId(t, figures as Figures) }),
      );
      return { source: source as string, report: validate(t, readSubmission(grid, t)), findings: [] };
    });
    const c = consolidate({ template: t, inputs, unit: "南昌市市场监督管理局", date: "11月26日", roster: ["南昌县", "进贤县", "安义县"] });
    expect(c.rejected).toEqual([]);
    expect(c.missing).toEqual(["安义县"]);
    const id = (label: string, unit: string) => itemBy(t, label, unit).id;
    expect(c.totals[id("清理网上违法违规信息", "万条")]).toBe("0.3");
    expect(c.totals[id("罚没款", "万元")]).toBe("3.75");
    expect(c.totals[id("查处网络违法案件", "件")]).toBe("29");
    expect(c.totals[id("清理网上违法有害信息", "条")]).toBe("300");
    expect(c.totals[id("查处恶意侵害网络经营者信誉案件", "件")]).toBe("0");
    expect(c.totals[id("列入严重违法失信名单经营主体", "户")]).toBe("3");
    expect(Object.keys(c.totals)).toHaveLength(19);

    const rollup = layoutToGrid(layoutTemplate(t, c.rollup));
    const again = validate(t, readSubmission(rollup, t));
    expect(flatten(again.findings, ["code", "cell"])).toEqual([]);
    expect(again.values).toEqual(c.totals);
  });
});
