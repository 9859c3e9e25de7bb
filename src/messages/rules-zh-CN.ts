/**
 * The rule kinds in words (the "words" part of the registry, src/templates/rule-kinds.ts): the label the
 * editor and the review show, the rule as a formula over item names, and what the rule means. A kind this
 * build does not know is said to be unknown, never taken for another.
 */
import type { Rule, RuleKind, RuleKindTable, RuleOf } from "../templates/schema";

interface RuleWords<K extends RuleKind> {
  /** the kind: 分类合计 / 不超过 */
  label: string;
  /** the rule as a formula, items named by `name`: a + b = c */
  formula(rule: RuleOf<K>, name: (id: string) => string): string;
  /** what the rule means, after the formula in the editor; "" when the formula says it all */
  meaning: string;
}

export const RULE_TEXT = {
  partition: {
    label: "分类合计",
    formula: (r, name) => `${r.parts.map(name).join(" + ")} = ${name(r.total)}`,
    meaning: "（各类案件按主要违法行为只计一次，不重复计算）",
  },
  "at-most": {
    label: "不超过",
    formula: (r, name) => `${name(r.item)} ≤ ${name(r.limit)}`,
    meaning: "",
  },
} satisfies RuleKindTable<{ [K in RuleKind]: RuleWords<K> }>;

/** the words of a rule's own kind; undefined for a kind this build does not know (a newer template) */
export function ruleWords(rule: Pick<Rule, "kind">): RuleWords<RuleKind> | undefined {
  // the rule's kind picked the entry, so the cast is exact
  return Object.prototype.hasOwnProperty.call(RULE_TEXT, rule.kind) ? (RULE_TEXT[rule.kind] as RuleWords<RuleKind>) : undefined;
}

export const UNKNOWN_RULE_LABEL = "未知规则";

/** 分类合计 / 不超过 / 未知规则 */
export function ruleKindLabel(rule: Pick<Rule, "kind">): string {
  return ruleWords(rule)?.label ?? UNKNOWN_RULE_LABEL;
}

/** 分类合计：a + b = c; an unknown kind is named so */
export function ruleLine(rule: Rule, name: (id: string) => string): string {
  const words = ruleWords(rule);
  return words ? `${words.label}：${words.formula(rule as never, name)}` : `${UNKNOWN_RULE_LABEL}（本工具不认识的规则）`;
}

/** the kinds by label, for 校验规则只能是“分类合计”或“不超过” */
export function ruleKindLabels(): string[] {
  return Object.values(RULE_TEXT).map((w) => w.label);
}
