import { RULE_TEXT, ruleKindLabel, ruleKindLabels, ruleLine } from "../../src/messages/rules-zh-CN";
import { ruleReferences } from "../../src/templates/rule-kinds";
import { parseTemplate } from "../../src/messages/template-zh-CN";
import type { Rule } from "../../src/templates/schema";
import { ganzhou } from "../support/fixtures";

const name = (id: string) => `〔${id}〕`;

test("each kind has its label and its formula over item names", () => {
  expect(ruleLine({ kind: "partition", id: "p", total: "t", parts: ["a", "b"] }, name)).toBe("〔t〕 = 〔a〕 + 〔b〕（不重复计算）");
  expect(ruleLine({ kind: "at-most", id: "m", item: "x", limit: "y" }, name)).toBe("〔x〕 不超过 〔y〕");
  expect(ruleKindLabels()).toEqual(["分类合计", "不超过"]);
});

test("a kind this build does not know is called unknown, never 不超过, and refers to nothing", () => {
  const newer = { kind: "ratio", id: "r", item: "x", limit: "y" } as unknown as Rule;
  expect(ruleKindLabel(newer)).toBe("未知规则");
  expect(ruleLine(newer, name)).toBe("未知规则（本工具不认识的规则）");
  expect(ruleReferences(newer)).toEqual([]);
  // inherited keys are no kinds either
  expect(ruleKindLabel({ kind: "toString" } as unknown as Rule)).toBe("未知规则");
  expect(Object.keys(RULE_TEXT)).toEqual(["partition", "at-most"]);
});

test("the template checker names the kinds from the same words", () => {
  const t = structuredClone(ganzhou) as unknown as { rules: { kind: string }[] };
  t.rules[0].kind = "ratio";
  const r = parseTemplate(t);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.problems).toEqual([{ path: "rules[0].kind", message: "“规则类型”无效：校验规则只能是“分类合计”或“不超过”" }]);
});

test("references follow the rule's fields, and a reference to a missing item is named by its field", () => {
  const t = structuredClone(ganzhou);
  const atMost = t.rules.find((r) => r.kind === "at-most")!;
  expect(ruleReferences(atMost)).toEqual([atMost.kind === "at-most" ? atMost.item : "", atMost.kind === "at-most" ? atMost.limit : ""]);
  if (atMost.kind === "at-most") atMost.limit = "nowhere";
  const r = parseTemplate(t);
  expect(!r.ok && r.problems).toEqual([
    { path: `rules[${t.rules.indexOf(atMost)}].limit`, message: "“上限项目”引用了模板中不存在的项目编号" },
  ]);
});
