/**
 * Correcting a learned template before it is used: rename the title, sections, items and units, set an
 * item's number kind, remove an item (its rules follow), switch a rule off. Pure functions over plain
 * template data, and the checks shown next to the fields before 确认使用.
 *
 * Types only from src/templates: this module is part of the initial bundle, which must not pull in zod.
 * DECIMAL_UNITS is mirrored here for that reason (test/taskpane/template-edit.test.ts keeps them equal).
 */
import { ruleKindLabel, RULE_TEXT } from "../messages/rules-zh-CN";
import { ruleReferences } from "../templates/rule-kinds";
import type { RuleKind, RuleKindTable, RuleOf } from "../templates/schema";
import type { Item, NumberKind, Rule, Template } from "../templates/schema";

/** mirror of DECIMAL_UNITS in src/templates/schema.ts */
export const DECIMAL_UNITS_MIRROR: readonly string[] = ["万元", "万条", "万次", "吨"];

export function kindOf(item: Pick<Item, "unit" | "kind">): NumberKind {
  return item.kind ?? (DECIMAL_UNITS_MIRROR.includes(item.unit.trim()) ? "decimal" : "count");
}

export const KIND_TEXT: Record<NumberKind, string> = { count: "整数", decimal: "小数" };

/** the template being reviewed, and the rules switched off */
export interface Draft {
  template: Template;
  /** ids of rules switched off by the user */
  off: readonly string[];
}

export function itemCount(t: Template): number {
  return t.sections.reduce((n, s) => n + s.items.length, 0);
}

export function setTitle(d: Draft, title: string): Draft {
  return { ...d, template: { ...d.template, title } };
}

export function setYear(d: Draft, year: number): Draft {
  return { ...d, template: { ...d.template, year } };
}

export function setSectionName(d: Draft, sectionId: string, name: string): Draft {
  return { ...d, template: { ...d.template, sections: d.template.sections.map((s) => (s.id === sectionId ? { ...s, name } : s)) } };
}

function mapItem(d: Draft, itemId: string, change: (i: Item) => Item): Draft {
  return {
    ...d,
    template: {
      ...d.template,
      sections: d.template.sections.map((s) => (s.items.some((i) => i.id === itemId) ? { ...s, items: s.items.map((i) => (i.id === itemId ? change(i) : i)) } : s)),
    },
  };
}

export function setItemLabel(d: Draft, itemId: string, label: string): Draft {
  return mapItem(d, itemId, (i) => ({ ...i, label }));
}

/** a new unit: the number kind follows the unit again (万元 → 小数, 件 → 整数) */
export function setItemUnit(d: Draft, itemId: string, unit: string): Draft {
  return mapItem(d, itemId, (i) => {
    const { kind: _kind, ...rest } = i;
    return { ...rest, unit };
  });
}

/** the number kind, stored only where it differs from what the unit says */
export function setItemKind(d: Draft, itemId: string, kind: NumberKind): Draft {
  return mapItem(d, itemId, (i) => {
    const { kind: _kind, ...rest } = i;
    return kindOf(rest) === kind ? rest : { ...rest, kind };
  });
}

/** what the review does with a rule of each kind (see src/templates/rule-kinds.ts) */
interface EditingEntry<K extends RuleKind> {
  /** the kind in the editor: 分类合计 / 不超过 */
  label: string;
  /** the rule in words, items named by `name` */
  describe(rule: RuleOf<K>, name: (id: string) => string): string;
  /** the rule once an item is removed; undefined when it no longer holds */
  withoutItem(rule: RuleOf<K>, itemId: string): RuleOf<K> | undefined;
}

export const RULE_EDITING = {
  partition: {
    label: RULE_TEXT.partition.label,
    describe: (r, name) => RULE_TEXT.partition.formula(r, name) + RULE_TEXT.partition.meaning,
    withoutItem(r, itemId) {
      if (r.total === itemId) return undefined;
      const parts = r.parts.filter((p) => p !== itemId);
      if (parts.length === 0) return undefined;
      return parts.length === r.parts.length ? r : { ...r, parts };
    },
  },
  "at-most": {
    label: RULE_TEXT["at-most"].label,
    describe: (r, name) => RULE_TEXT["at-most"].formula(r, name) + RULE_TEXT["at-most"].meaning,
    withoutItem: (r, itemId) => (r.item === itemId || r.limit === itemId ? undefined : r),
  },
} satisfies RuleKindTable<{ [K in RuleKind]: EditingEntry<K> }>;

/** the entry of a rule's own kind (the rule's kind picked it, so the cast is exact) */
function editing(r: Rule): EditingEntry<RuleKind> | undefined {
  return (RULE_EDITING as Record<string, EditingEntry<RuleKind> | undefined>)[r.kind];
}

/**
 * Removes an item. A section left without items goes too. Rules follow: a rule on the item (its total,
 * its limit, the item limited) goes; a partition loses the part, and goes when no part is left.
 */
export function removeItem(d: Draft, itemId: string): Draft {
  const sections = d.template.sections.map((s) => ({ ...s, items: s.items.filter((i) => i.id !== itemId) })).filter((s) => s.items.length > 0);
  const rules = d.template.rules.flatMap((r) => {
    const kept = editing(r)?.withoutItem(r as never, itemId);
    return kept ? [kept] : [];
  });
  const ids = new Set(rules.map((r) => r.id));
  return { template: { ...d.template, sections, rules }, off: d.off.filter((id) => ids.has(id)) };
}

function freshRuleId(t: Template, kind: RuleKind): string {
  const base = kind.replace(/-/g, "_");
  const taken = new Set(t.rules.map((r) => r.id));
  let n = t.rules.length + 1;
  while (taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

/** a new rule 甲 ≤ 乙, or why it cannot be added */
export function addAtMost(d: Draft, item: string, limit: string): Draft | { problem: string } {
  if (!item || !limit) return { problem: "请选择两个项目。" };
  if (item === limit) return { problem: "请选择两个不同的项目。" };
  if (d.template.rules.some((r) => r.kind === "at-most" && r.item === item && r.limit === limit)) return { problem: "已有这条规则。" };
  const rule: RuleOf<"at-most"> = { kind: "at-most", id: freshRuleId(d.template, "at-most"), item, limit };
  return { ...d, template: { ...d.template, rules: [...d.template.rules, rule] } };
}

/** a new rule 各分类之和 = 合计 */
export function addPartition(d: Draft, total: string, parts: readonly string[]): Draft | { problem: string } {
  if (!total) return { problem: "请选择合计项目。" };
  const own = parts.filter((p) => p !== total);
  if (own.length < 2) return { problem: "请至少勾选两个分类项目。" };
  const rule: RuleOf<"partition"> = { kind: "partition", id: freshRuleId(d.template, "partition"), total, parts: [...own] };
  return { ...d, template: { ...d.template, rules: [...d.template.rules, rule] } };
}

export function removeRule(d: Draft, ruleId: string): Draft {
  return { template: { ...d.template, rules: d.template.rules.filter((r) => r.id !== ruleId) }, off: d.off.filter((id) => id !== ruleId) };
}

export function setRuleOn(d: Draft, ruleId: string, on: boolean): Draft {
  const off = d.off.filter((id) => id !== ruleId);
  return { ...d, off: on ? off : [...off, ruleId] };
}

function trimmed(t: Template): Template {
  return {
    ...t,
    title: t.title.trim(),
    sections: t.sections.map((s) => ({ ...s, name: s.name.trim(), items: s.items.map((i) => ({ ...i, label: i.label.trim(), unit: i.unit.trim() })) })),
  };
}

/** the template to save: text trimmed, the rules switched off left out */
export function finalTemplate(d: Draft): Template {
  const t = trimmed(d.template);
  return { ...t, rules: t.rules.filter((r) => !d.off.includes(r.id)) };
}

/** what must be fixed before 确认使用, keyed by field: "title", "year", "section:<id>", "label:<id>", "unit:<id>" */
export function draftProblems(d: Draft): Map<string, string> {
  const out = new Map<string, string>();
  const t = trimmed(d.template);
  if (!t.title) out.set("title", "请填写统计表名称。");
  if (!Number.isInteger(t.year) || t.year < 2000 || t.year > 2100) out.set("year", "年度应为 2000 至 2100 之间的四位数字，如 2024。");
  if (t.sections.length === 0) out.set("sections", "模板中至少要有一个项目。");
  for (const s of t.sections) {
    if (!s.name) out.set(`section:${s.id}`, "请填写部门名称。");
    const seen = new Set<string>();
    for (const i of s.items) {
      if (!i.label) out.set(`label:${i.id}`, "请填写项目名称。");
      if (!i.unit) out.set(`unit:${i.id}`, "请填写计量单位，如 件、家、万元。");
      else if (/[（）()]/.test(i.unit)) out.set(`unit:${i.id}`, "单位不用加括号，如 件。");
      const key = `${i.label}\u0000${i.unit}`;
      if (i.label && i.unit && seen.has(key)) out.set(`label:${i.id}`, "本部门已有名称和单位都相同的项目，请改名或删除其中一个。");
      seen.add(key);
    }
  }
  const ids = new Set(t.sections.flatMap((s) => s.items.map((i) => i.id)));
  for (const r of t.rules) if (!d.off.includes(r.id) && ruleReferences(r).some((id) => !ids.has(id))) out.set(`rule:${r.id}`, "这条规则用到了已不存在的项目，请删除它。");
  return out;
}

/** 清理网上违法有害信息（条） */
export function itemText(i: Pick<Item, "label" | "unit">): string {
  return `${i.label.trim()}（${i.unit.trim()}）`;
}

/** a rule in words: 分类合计 … / 不超过 … */
export function ruleText(t: Template, r: Rule): string {
  const byId = new Map<string, Item>();
  for (const s of t.sections) for (const i of s.items) byId.set(i.id, i);
  const name = (id: string) => {
    const i = byId.get(id);
    return i ? itemText(i) : id;
  };
  return editing(r)?.describe(r as never, name) ?? "（本工具不认识的规则）";
}

/** the kind's label; a kind this build does not know is said to be unknown, never taken for another */
export function ruleKindText(r: Rule): string {
  return ruleKindLabel(r);
}
