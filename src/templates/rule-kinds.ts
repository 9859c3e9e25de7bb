/**
 * The rule kinds of a template, and the part of each that needs no zod: the items a rule refers to.
 *
 * Every layer that treats rules differently by kind keeps its part in a table that `satisfies`
 * RuleKindTable (a mapped type over RuleKind): the schema (schema.ts, RULE_SCHEMAS), the check
 * (core/validate.ts, RULE_CHECKS), the words and editing (taskpane/template-edit.ts, RULE_EDITING) and
 * the references here. A new kind added to RuleSchema then fails to compile until each table has it.
 * The tables stay in their layers so that core stays free of UI text and the pane's first chunk of zod.
 */
import type { Rule } from "./schema";

export type RuleKind = Rule["kind"];
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
/** one entry per rule kind, each typed for its own kind */
export type RuleKindTable<Entry extends { [K in RuleKind]: unknown }> = { [K in RuleKind]: Entry[K] };

interface ReferencesEntry<K extends RuleKind> {
  /** the ids of the items the rule refers to */
  references(rule: RuleOf<K>): string[];
}

const RULE_REFERENCES = {
  partition: { references: (r) => [r.total, ...r.parts] },
  "at-most": { references: (r) => [r.item, r.limit] },
} satisfies RuleKindTable<{ [K in RuleKind]: ReferencesEntry<K> }>;

export function ruleReferences(rule: Rule): string[] {
  // a table entry takes its own kind only; the rule's kind picked the entry, so the cast is exact
  return (RULE_REFERENCES[rule.kind].references as (r: Rule) => string[])(rule);
}
