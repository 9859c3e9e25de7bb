/**
 * Correcting a learned template before it is used: rename the title, sections, items and units, set an
 * item's number kind, remove an item (its rules follow), add or remove a rule. Pure functions over plain
 * template data, the rules in words, and the problems named before 确认使用.
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

/** the template being reviewed */
export interface Draft {
  template: Template;
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
      sections: d.template.sections.map((s) =>
        s.items.some((i) => i.id === itemId) ? { ...s, items: s.items.map((i) => (i.id === itemId ? change(i) : i)) } : s,
      ),
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
  const sections = d.template.sections
    .map((s) => ({ ...s, items: s.items.filter((i) => i.id !== itemId) }))
    .filter((s) => s.items.length > 0);
  const rules = d.template.rules.flatMap((r) => {
    const kept = editing(r)?.withoutItem(r as never, itemId);
    return kept ? [kept] : [];
  });
  return { template: { ...d.template, sections, rules } };
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
  return { template: { ...d.template, rules: d.template.rules.filter((r) => r.id !== ruleId) } };
}

function trimmed(t: Template): Template {
  return {
    ...t,
    title: t.title.trim(),
    sections: t.sections.map((s) => ({
      ...s,
      name: s.name.trim(),
      items: s.items.map((i) => ({ ...i, label: i.label.trim(), unit: i.unit.trim() })),
    })),
  };
}

/** the template to save: text trimmed */
export function finalTemplate(d: Draft): Template {
  return trimmed(d.template);
}

/** something to fix before 确认使用 */
export interface DraftProblem {
  /** the field: "title", "year", "sections", "section:<id>", "label:<id>", "unit:<id>", "rule:<id>" */
  field: string;
  /** next to the field, which says where it is: 计量单位为空，请填写，如 件、家、万元。 */
  short: string;
  /** in the list after 确认使用, naming the field: 第 2 个部门“公安部门”第 3 个项目“…”的计量单位为空，… */
  text: string;
}

/** what must be fixed before 确认使用, in the order of the fields on the page */
export function draftProblems(d: Draft): DraftProblem[] {
  const out: DraftProblem[] = [];
  /** `where` + 的 + `short`, or `short` alone for a field named in it */
  const add = (field: string, where: string, short: string) => out.push({ field, short, text: where ? `${where}的${short}` : short });
  const t = trimmed(d.template);
  if (!t.title) add("title", "", "统计表名称为空，请填写。");
  if (!Number.isInteger(t.year) || t.year < 2000 || t.year > 2100) add("year", "", "年度应为 2000 至 2100 之间的四位数字，如 2024。");
  if (t.sections.length === 0) add("sections", "", "模板中已没有任何项目，请点“全部还原”。");
  t.sections.forEach((s, si) => {
    const section = `第 ${si + 1} 个部门`;
    if (!s.name) add(`section:${s.id}`, section, "名称为空，请填写。");
    const seen = new Map<string, number>();
    s.items.forEach((i, ii) => {
      const item = `${section}${s.name ? `“${s.name}”` : ""}第 ${ii + 1} 个项目`;
      const named = `${item}${i.label ? `“${i.label}”` : ""}`;
      if (!i.label) add(`label:${i.id}`, item, "名称为空，请填写。");
      if (!i.unit) add(`unit:${i.id}`, named, "计量单位为空，请填写，如 件、家、万元。");
      else if (/[（）()]/.test(i.unit)) add(`unit:${i.id}`, named, `计量单位“${i.unit}”不用加括号，如 件。`);
      const key = `${i.label}\u0000${i.unit}`;
      const first = seen.get(key);
      if (i.label && i.unit && first !== undefined)
        add(`label:${i.id}`, named, `名称和单位与本部门第 ${first + 1} 个项目相同，请改名或删除其中一个。`);
      else seen.set(key, ii);
    });
  });
  const ids = new Set(t.sections.flatMap((s) => s.items.map((i) => i.id)));
  for (const r of t.rules)
    if (ruleReferences(r).some((id) => !ids.has(id)))
      out.push({
        field: `rule:${r.id}`,
        short: "用到了已不存在的项目，请删除这条规则。",
        text: `校验规则“${ruleText(t, r)}”用到了已不存在的项目，请删除它。`,
      });
  return out;
}

/** 清理网上违法有害信息（条） */
export function itemText(i: Pick<Item, "label" | "unit">): string {
  return `${i.label.trim()}（${i.unit.trim()}）`;
}

/**
 * An item as a rule names it: its label, with the unit only where the template has the label twice
 * (赣州海关's 寄递渠道查获侵权货物 in 批次 and in 件).
 */
export function itemNamer(t: Template): (id: string) => string {
  const byId = new Map<string, Item>();
  const labels = new Map<string, number>();
  for (const s of t.sections)
    for (const i of s.items) {
      byId.set(i.id, i);
      labels.set(i.label.trim(), (labels.get(i.label.trim()) ?? 0) + 1);
    }
  return (id) => {
    const i = byId.get(id);
    if (!i) return "（已删除的项目）";
    return (labels.get(i.label.trim()) ?? 0) > 1 ? itemText(i) : i.label.trim();
  };
}

/** a rule in words: 移送公安机关案件 不超过 查处网络违法案件; 查处网络违法案件 = 甲 + 乙 + …（不重复计算） */
export function ruleText(t: Template, r: Rule): string {
  return editing(r)?.describe(r as never, itemNamer(t)) ?? "（本工具不认识的规则）";
}

/** the kind's label; a kind this build does not know is said to be unknown, never taken for another */
export function ruleKindText(r: Rule): string {
  return ruleKindLabel(r);
}
