/**
 * The two seed tables, learned from their original attachments as .xlsx and as .docx, give templates
 * equivalent to the built-ins — and those templates read, validate and consolidate like the built-ins.
 */
import { consolidate } from "../../src/core/consolidate";
import { flatten } from "../../src/core/findings";
import { readSubmission } from "../../src/core/read";
import { validate } from "../../src/core/validate";
import { inferTemplate } from "../../src/learn/infer";
import { learnFromAttachment, renderTemplateReview } from "../../src/learn/learn";
import { learnProblemText } from "../../src/messages/learn-zh-CN";
import { type Template } from "../../src/templates";
import { parseTemplate } from "../../src/messages/template-zh-CN";
import { attachmentGrid } from "../support/attachment-grid";
import { ganzhou, liaoning, validValues } from "../support/fixtures";
import {
  LIAONING_AS_PRINTED,
  differences,
  equivalent,
  ganzhouAsPrinted,
  gridToXlsx,
  pageGrid,
  pageOf,
  pageToDocx,
  pageToDocxWithPython,
  rekey,
  type Page,
} from "./support";
import { requirePrograms } from "../support/programs";

function learned(fileName: string, bytes: Uint8Array): { template: Template; warnings: string[] } {
  const r = learnFromAttachment(fileName, bytes);
  if (!r.ok) throw new Error(r.problems.map(learnProblemText).join("\n"));
  expect(parseTemplate(JSON.parse(JSON.stringify(r.template))).ok).toBe(true);
  return { template: r.template, warnings: r.warnings.map((w) => w.code) };
}

/** each original attachment, in each shape it reaches a clerk */
const pages: [string, Template, () => Page][] = [
  ["赣州 2022 (attachment-grid layout)", ganzhou, () => pageOf(attachmentGrid(ganzhou, { values: {} }))],
  ["辽宁 2019 (attachment-grid layout)", liaoning, () => pageOf(attachmentGrid(liaoning, { values: {} }))],
  ["赣州 2022 as printed in the seed", ganzhou, () => pageGrid(ganzhouAsPrinted())],
  ["辽宁 2019 as printed in the seed", liaoning, () => pageGrid(LIAONING_AS_PRINTED)],
  [
    "赣州 2022 as printed, market cell wrapped over paragraphs",
    ganzhou,
    () => pageGrid(ganzhouAsPrinted("市场监管局\n查处网络\n违法案件\n____件；\n罚没款\n____万\n元。")),
  ],
];

/** what the learned template must say, beyond the structure */
function expectWarnings(builtin: Template, codes: string[]): void {
  // 赣州's partition comes from the footnote: said so for review; 辽宁's comes from its 分类 group
  expect(codes).toEqual(builtin === ganzhou ? ["partition-from-footnote"] : []);
}

describe.each(pages)("%s", (_, builtin, page) => {
  test("from .xlsx (ExcelJS, merges included) → equivalent to the built-in", async () => {
    const p = page();
    const { template, warnings } = learned("附件.xlsx", await gridToXlsx(p.grid));
    expect(differences(template, builtin)).toEqual([]);
    expect(template.title).toBe(builtin.title);
    expect(template.year).toBe(builtin.year);
    // the originals print 填报单位 and 填报日期 only (the built-ins add 报告阶段, 联系人, 联系电话 of their own accord)
    expect(template.header).toEqual(["unit", "date"]);
    expect(template.footnote).toBe(builtin.footnote);
    expectWarnings(builtin, warnings);
  });

  test("from .docx (WordprocessingML with w:gridSpan and w:vMerge) → equivalent to the built-in", () => {
    const { template, warnings } = learned("附件.docx", pageToDocx(page()));
    expect(differences(template, builtin)).toEqual([]);
    expect(template.title).toBe(builtin.title);
    expect(template.footnote).toBe(builtin.footnote);
    expectWarnings(builtin, warnings);
  });

  requirePrograms("python-docx").test("from .docx written by python-docx (apt package python3-docx) → equivalent to the built-in", () => {
    const { template } = learned("附件.docx", pageToDocxWithPython(page()));
    expect(differences(template, builtin)).toEqual([]);
    expect(equivalent(template, builtin)).toBe(true);
    expect(template.title).toBe(builtin.title);
  });
});

test("the learned id is stable and well formed; --id and --year override", () => {
  const grid = attachmentGrid(ganzhou, { values: {} });
  const a = inferTemplate(grid).template!;
  const b = inferTemplate(grid).template!;
  expect(a.id).toMatch(/^learned-2022-[a-z0-9]{6}$/);
  expect(b.id).toBe(a.id);
  const c = inferTemplate(grid, { id: "ganzhou-2022-learned", year: 2023 }).template!;
  expect(c.id).toBe("ganzhou-2022-learned");
  expect(c.year).toBe(2023);
  expect(inferTemplate(grid, { id: "赣州" }).problems.map((p) => p.code)).toEqual(["invalid-id"]);
});

describe.each([
  ["ganzhou-2022", ganzhou],
  ["liaoning-2019", liaoning],
])("%s: the learned template reads, validates and consolidates like the built-in", (_, builtin) => {
  const learnedTemplate = () => inferTemplate(attachmentGrid(builtin, { values: {} })).template!;

  test("a filled original attachment (totals in the label cell, 序号 column, rows inserted)", () => {
    const t = learnedTemplate();
    const values = validValues(builtin, 3);
    const grid = attachmentGrid(
      builtin,
      { unit: "南康区市场监督管理局", date: "11月21日", values },
      { serialColumn: true, insertBefore: [0, 4] },
    );
    const a = validate(builtin, readSubmission(grid, builtin));
    const b = validate(t, readSubmission(grid, t));
    expect(a.valid).toBe(true);
    expect(b.valid).toBe(true);
    expect(b.values).toEqual(rekey(a.values, builtin, t));
    expect(flatten(b.findings, ["code", "cell"])).toEqual(flatten(a.findings, ["code", "cell"]));
    expect(b.unit).toBe("南康区市场监督管理局");
  });

  test("a broken partition and a broken at-most are found at the same cells", () => {
    const t = learnedTemplate();
    const values = validValues(builtin, 3);
    const partition = builtin.rules.find((r) => r.kind === "partition")!;
    const atMost = builtin.rules.find((r) => r.kind === "at-most")!;
    if (partition.kind !== "partition" || atMost.kind !== "at-most") throw new Error("rules");
    values[partition.parts[0]] += 1;
    values[atMost.item] = values[atMost.limit] + 5;
    const grid = attachmentGrid(builtin, { unit: "章贡区", date: "11月20日", values });
    const a = validate(builtin, readSubmission(grid, builtin));
    const b = validate(t, readSubmission(grid, t));
    const pick = (r: typeof a) =>
      flatten(
        r.findings.filter((f) => f.severity === "error"),
        ["code", "cell", "value"],
      );
    expect(
      pick(a)
        .map((x) => x[0])
        .sort(),
    ).toEqual(["at-most-exceeded", "partition-mismatch"]);
    expect(pick(b)).toEqual(pick(a));
  });

  test("consolidating two counties gives the same totals", () => {
    const t = learnedTemplate();
    const v1 = validValues(builtin, 1);
    const v2 = validValues(builtin, 7);
    const inputs = (tpl: Template) =>
      [
        ["章贡区.xlsx", "章贡区市场监督管理局", v1],
        ["南康区.xlsx", "南康区市场监督管理局", v2],
      ].map(([source, unit, values]) => {
        const grid = attachmentGrid(builtin, { unit: unit as string, date: "11月20日", values: values as Record<string, number> });
        return { source: source as string, report: validate(tpl, readSubmission(grid, tpl)), findings: [] };
      });
    const a = consolidate({ template: builtin, inputs: inputs(builtin), unit: "赣州市", date: "11月26日" });
    const b = consolidate({ template: t, inputs: inputs(t), unit: "赣州市", date: "11月26日" });
    expect(b.accepted.map((x) => x.unit)).toEqual(["南康区市场监督管理局", "章贡区市场监督管理局"]);
    expect(b.totals).toEqual(rekey(a.totals, builtin, t));
  });
});

test("the review names every department, item, unit, kind and rule in Chinese", () => {
  const r = learnFromAttachment("赣州附件.docx", pageToDocx(pageGrid(ganzhouAsPrinted())));
  if (!r.ok) throw new Error("expected a template");
  const text = renderTemplateReview(r.template, r.warnings);
  expect(text).toContain("模板：赣州 2022 网络市场监管专项行动情况统计表");
  expect(text).toContain("共 6 个部门、27 个项目、2 条校验规则。");
  expect(text).toContain("六、市场监管局（15 项）");
  expect(text).toContain("清理网上违法违规信息（万条）：小数（最多 4 位）");
  expect(text).toContain("查处网络违法案件（件）：整数，原表写在部门格内");
  expect(text).toContain("【其中】");
  expect(text).toContain(
    "查处网络违法案件（件） = 查处网售“一老一小”用品质量案件（件） + 查处“三无”外卖案件（件） + 查处“三假”直播案件（件） + 查处不正当价格行为案件（件） + 查处不正当竞争案件（件） + 查处其他违法违规案件（件）（不重复计算）",
  );
  expect(text).toContain("移送公安机关案件（件） 不超过 查处网络违法案件（件）");
  expect(text).toContain("请核对以下 1 处：");
  expect(text).toContain("按脚注“不重复计算”推断");
  expect(text).toContain("来源：赣州附件.docx");
});
