/** Correcting a learned template before use: the pure edits behind the review, and their checks. */
import {
  addAtMost,
  addPartition,
  draftProblems,
  removeRule,
  ruleKindText,
  finalTemplate,
  kindOf,
  removeItem,
  ruleText,
  setItemKind,
  setItemLabel,
  setItemUnit,
  setSectionName,
  setTitle,
  type Draft,
} from "../../src/taskpane/template-edit";
import { parseTemplate } from "../../src/messages/template-zh-CN";
import { ganzhou, liaoning } from "../support/fixtures";

const draft = (t = ganzhou): Draft => ({ template: t });
const itemIds = (d: Draft) => d.template.sections.flatMap((s) => s.items.map((i) => i.id));
const partition = ganzhou.rules.find((r) => r.kind === "partition")!;
const atMost = ganzhou.rules.find((r) => r.kind === "at-most")!;

test("the learned built-ins are valid drafts; the final template parses", () => {
  for (const t of [ganzhou, liaoning]) {
    expect(draftProblems(draft(t))).toEqual([]);
    expect(parseTemplate(finalTemplate(draft(t)))).toEqual({ ok: true, template: t });
  }
});

test("removing a partition's part keeps the rule with the other parts; removing its total drops the rule", () => {
  if (partition.kind !== "partition" || atMost.kind !== "at-most") throw new Error("fixture");
  const part = partition.parts[0];
  const d = removeItem(draft(), part);
  expect(itemIds(d)).not.toContain(part);
  const p = d.template.rules.find((r) => r.id === partition.id);
  expect(p && p.kind === "partition" && p.parts).toEqual(partition.parts.slice(1));
  expect(parseTemplate(finalTemplate(d)).ok).toBe(true);

  const noTotal = removeItem(draft(), partition.total);
  // the total is also the at-most rule's limit: both rules go
  expect(noTotal.template.rules).toEqual([]);
  expect(parseTemplate(finalTemplate(noTotal)).ok).toBe(true);
});

test("a section left without items goes, with the rules on its item", () => {
  const postal = ganzhou.sections.find((s) => s.items.length === 1)!;
  const d = removeItem(draft(), postal.items[0].id);
  expect(d.template.sections.map((s) => s.id)).not.toContain(postal.id);
  expect(parseTemplate(finalTemplate(d)).ok).toBe(true);
  if (atMost.kind !== "at-most") throw new Error("fixture");
  expect(removeItem(d, atMost.item).template.rules.map((r) => r.id)).toEqual([partition.id]);
});

test("renames are trimmed; the number kind follows the unit unless set", () => {
  const first = ganzhou.sections[0].items[0];
  let d = setTitle(draft(), "  新的统计表  ");
  d = setSectionName(d, ganzhou.sections[0].id, " 网信部门 ");
  d = setItemLabel(d, first.id, " 清理网上违法违规信息 ");
  expect(kindOf(first)).toBe("decimal");
  d = setItemUnit(d, first.id, "条");
  const t = finalTemplate(d);
  expect(t.title).toBe("新的统计表");
  expect(t.sections[0].name).toBe("网信部门");
  expect(t.sections[0].items[0]).toEqual({ ...first, label: "清理网上违法违规信息", unit: "条" });
  expect(kindOf(t.sections[0].items[0])).toBe("count");
  d = setItemKind(d, first.id, "decimal");
  expect(finalTemplate(d).sections[0].items[0].kind).toBe("decimal");
  // back to what the unit says: no explicit kind stored
  d = setItemUnit(d, first.id, "万条");
  d = setItemKind(d, first.id, "decimal");
  expect(finalTemplate(d).sections[0].items[0]).not.toHaveProperty("kind");
});

test("problems: each names its field in words, in the order of the page", () => {
  const [a, b] = ganzhou.sections[1].items;
  let d = setTitle(draft(), " ");
  d = setItemLabel(d, a.id, "");
  d = setItemUnit(d, b.id, "（件）");
  d = setSectionName(d, ganzhou.sections[2].id, "");
  d = setItemUnit(d, ganzhou.sections[2].items[2].id, " ");
  d = { ...d, template: { ...d.template, year: 20 } };
  expect(draftProblems(d).map((p) => [p.field, p.text])).toEqual([
    ["title", "统计表名称为空，请填写。"],
    ["year", "年度应为 2000 至 2100 之间的四位数字，如 2024。"],
    [`label:${a.id}`, `第 2 个部门“${ganzhou.sections[1].name}”第 1 个项目的名称为空，请填写。`],
    [`unit:${b.id}`, `第 2 个部门“${ganzhou.sections[1].name}”第 2 个项目“${b.label}”的计量单位“（件）”不用加括号，如 件。`],
    [`section:${ganzhou.sections[2].id}`, "第 3 个部门的名称为空，请填写。"],
    [
      `unit:${ganzhou.sections[2].items[2].id}`,
      `第 3 个部门第 3 个项目“${ganzhou.sections[2].items[2].label}”的计量单位为空，请填写，如 件、家、万元。`,
    ],
  ]);
  // next to the field: what is wrong, without where
  expect(draftProblems(d).find((p) => p.field === `label:${a.id}`)?.short).toBe("名称为空，请填写。");
  const dup = setItemUnit(setItemLabel(draft(), b.id, a.label), b.id, a.unit);
  expect(draftProblems(dup).map((p) => [p.field, p.short])).toEqual([
    [`label:${b.id}`, "名称和单位与本部门第 1 个项目相同，请改名或删除其中一个。"],
  ]);
});

test("rules in words: items by name, the unit only where a name occurs twice", () => {
  expect(ruleText(ganzhou, atMost)).toBe("移送公安机关案件 不超过 查处网络违法案件");
  expect(ruleText(ganzhou, partition)).toMatch(
    /^查处网络违法案件 = 查处网售“一老一小”用品质量案件 \+ .+ \+ 查处其他违法违规案件（不重复计算）$/,
  );
  const customs = ganzhou.sections.find((s) => new Set(s.items.map((i) => i.label)).size < s.items.length)!;
  const [x, y] = customs.items.filter((i) => customs.items.filter((j) => j.label === i.label).length > 1);
  const twice = addAtMost(draft(), x.id, y.id);
  if ("problem" in twice) throw new Error(twice.problem);
  expect(ruleText(twice.template, twice.template.rules.at(-1)!)).toBe(`${x.label}（${x.unit}） 不超过 ${y.label}（${y.unit}）`);
});

test("a rule is added by choosing items (the 2023 table's 移送公安机关 ≤ 查处), checked by the template schema, and removed", () => {
  const bare: Draft = { template: { ...ganzhou, rules: [] } };
  const added = addAtMost(bare, "cases_referred", "cases_total");
  if ("problem" in added) throw new Error(added.problem);
  expect(added.template.rules).toEqual([{ kind: "at-most", id: "at_most_1", item: "cases_referred", limit: "cases_total" }]);
  expect(ruleText(added.template, added.template.rules[0])).toBe("移送公安机关案件 不超过 查处网络违法案件");
  expect(addAtMost(added, "cases_referred", "cases_total")).toEqual({ problem: "已有这条规则。" });
  expect(addAtMost(added, "cases_total", "cases_total")).toEqual({ problem: "请选择两个不同的项目。" });

  const both = addPartition(added, "cases_total", ["cases_takeaway", "cases_livestream", "cases_total"]);
  if ("problem" in both) throw new Error(both.problem);
  expect(both.template.rules[1]).toMatchObject({ kind: "partition", total: "cases_total", parts: ["cases_takeaway", "cases_livestream"] });
  expect(addPartition(added, "cases_total", ["cases_takeaway"])).toEqual({ problem: "请至少勾选两个分类项目。" });
  // what the review makes is a template the schema accepts
  expect(parseTemplate(finalTemplate(both)).ok).toBe(true);

  const removed = removeRule(both, "at_most_1");
  expect(removed.template.rules.map((r) => r.kind)).toEqual(["partition"]);
});

test("a rule kind this build does not know is never called 不超过", () => {
  const unknown = { kind: "ratio", id: "r1" } as unknown as (typeof ganzhou.rules)[number];
  expect(ruleKindText(unknown)).toBe("未知规则");
  expect(ruleKindText(partition)).toBe("分类合计");
  expect(ruleKindText(atMost)).toBe("不超过");
});
