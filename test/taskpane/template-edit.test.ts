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
  setRuleOn,
  setSectionName,
  setTitle,
  type Draft,
} from "../../src/taskpane/template-edit";
import { parseTemplate } from "../../src/messages/template-zh-CN";
import { ganzhou, liaoning } from "../support/fixtures";

const draft = (t = ganzhou): Draft => ({ template: t, off: [] });
const itemIds = (d: Draft) => d.template.sections.flatMap((s) => s.items.map((i) => i.id));
const partition = ganzhou.rules.find((r) => r.kind === "partition")!;
const atMost = ganzhou.rules.find((r) => r.kind === "at-most")!;

test("the learned built-ins are valid drafts; the final template parses", () => {
  for (const t of [ganzhou, liaoning]) {
    expect(draftProblems(draft(t)).size).toBe(0);
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

test("a section left without items goes; a rule switched off is left out; off rules that vanish are forgotten", () => {
  const postal = ganzhou.sections.find((s) => s.items.length === 1)!;
  let d = removeItem(draft(), postal.items[0].id);
  expect(d.template.sections.map((s) => s.id)).not.toContain(postal.id);
  d = setRuleOn(d, atMost.id, false);
  expect(finalTemplate(d).rules.map((r) => r.id)).toEqual([partition.id]);
  d = setRuleOn(d, atMost.id, true);
  expect(finalTemplate(d).rules).toHaveLength(2);
  d = setRuleOn(d, atMost.id, false);
  if (atMost.kind !== "at-most") throw new Error("fixture");
  d = removeItem(d, atMost.item);
  expect(d.off).toEqual([]);
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

test("problems: blank title, names and units, a unit in brackets, a duplicate item, a bad year", () => {
  const [a, b] = ganzhou.sections[1].items;
  let d = setTitle(draft(), " ");
  d = setItemLabel(d, a.id, "");
  d = setItemUnit(d, b.id, "（件）");
  d = { ...d, template: { ...d.template, year: 20 } };
  expect(Object.fromEntries(draftProblems(d))).toEqual({
    title: "请填写统计表名称。",
    year: "年度应为 2000 至 2100 之间的四位数字，如 2024。",
    [`label:${a.id}`]: "请填写项目名称。",
    [`unit:${b.id}`]: "单位不用加括号，如 件。",
  });
  const dup = setItemUnit(setItemLabel(draft(), b.id, a.label), b.id, a.unit);
  expect(draftProblems(dup).get(`label:${b.id}`)).toMatch(/名称和单位都相同/);
});

test("rules in words", () => {
  expect(ruleText(ganzhou, atMost)).toBe("移送公安机关案件（件） ≤ 查处网络违法案件（件）");
  expect(ruleText(ganzhou, partition)).toMatch(/^查处网售“一老一小”用品质量案件（件） \+ .+ = 查处网络违法案件（件）（各类案件按主要违法行为只计一次，不重复计算）$/);
});

test("a rule is added by choosing items (the 2023 table's 移送公安机关 ≤ 查处), checked by the template schema, and removed", () => {
  const bare: Draft = { template: { ...ganzhou, rules: [] }, off: [] };
  const added = addAtMost(bare, "cases_referred", "cases_total");
  if ("problem" in added) throw new Error(added.problem);
  expect(added.template.rules).toEqual([{ kind: "at-most", id: "at_most_1", item: "cases_referred", limit: "cases_total" }]);
  expect(ruleText(added.template, added.template.rules[0])).toBe("移送公安机关案件（件） ≤ 查处网络违法案件（件）");
  expect(addAtMost(added, "cases_referred", "cases_total")).toEqual({ problem: "已有这条规则。" });
  expect(addAtMost(added, "cases_total", "cases_total")).toEqual({ problem: "请选择两个不同的项目。" });

  const both = addPartition(added, "cases_total", ["cases_takeaway", "cases_livestream", "cases_total"]);
  if ("problem" in both) throw new Error(both.problem);
  expect(both.template.rules[1]).toMatchObject({ kind: "partition", total: "cases_total", parts: ["cases_takeaway", "cases_livestream"] });
  expect(addPartition(added, "cases_total", ["cases_takeaway"])).toEqual({ problem: "请至少勾选两个分类项目。" });
  // what the review makes is a template the schema accepts
  expect(parseTemplate(finalTemplate(both)).ok).toBe(true);

  const removed = removeRule(setRuleOn(both, "at_most_1", false), "at_most_1");
  expect(removed.template.rules.map((r) => r.kind)).toEqual(["partition"]);
  expect(removed.off).toEqual([]);
});

test("a rule kind this build does not know is never called 不超过", () => {
  const unknown = { kind: "ratio", id: "r1" } as unknown as (typeof ganzhou.rules)[number];
  expect(ruleKindText(unknown)).toBe("未知规则");
  expect(ruleKindText(partition)).toBe("分类合计");
  expect(ruleKindText(atMost)).toBe("不超过");
});
