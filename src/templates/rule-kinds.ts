/**
 * The rule kinds of a template: the registry every layer that treats rules differently by kind follows.
 *
 * The kinds are the schemas of RuleSchema (schema.ts). Each part of a kind sits in its layer, in a table
 * that `satisfies` RuleKindTable (schema.ts: a mapped type over RuleKind), so a new kind added to
 * RuleSchema does not compile until every table has its entry:
 *   references              templates/rule-kinds.ts   RULE_REFERENCES (checked in schema.ts)
 *   check                   core/validate.ts          RULE_CHECKS
 *   words (label, formula)  messages/rules-zh-CN.ts   RULE_TEXT
 *   learning from a table   learn/infer.ts            RULE_INFERENCE
 *   editing                 taskpane/template-edit.ts RULE_EDITING
 * The tables stay in their layers so that core stays free of UI text and the pane's first chunk of zod.
 *
 * No import from schema.ts: the schema uses this table (and checks its types against the kinds there),
 * and the pane's first chunk uses it without zod.
 */

/** an item a rule refers to, and the field of the rule that holds it (["parts", 2]) */
export interface RuleReference {
  field: (string | number)[];
  id: string;
}

/** the items each kind of rule refers to: checked against the template's items, followed by the editor */
export const RULE_REFERENCES = {
  partition: (r: { total: string; parts: readonly string[] }): RuleReference[] => [
    { field: ["total"], id: r.total },
    ...r.parts.map((id, i) => ({ field: ["parts", i], id })),
  ],
  "at-most": (r: { item: string; limit: string }): RuleReference[] => [
    { field: ["item"], id: r.item },
    { field: ["limit"], id: r.limit },
  ],
};

/** the references of a rule of any kind; none for a kind this build does not know */
export function ruleReferenceFields(rule: { kind: string }): RuleReference[] {
  const entry = Object.prototype.hasOwnProperty.call(RULE_REFERENCES, rule.kind)
    ? RULE_REFERENCES[rule.kind as keyof typeof RULE_REFERENCES]
    : undefined;
  // the rule's kind picked the entry, so the cast is exact
  return entry ? (entry as (r: unknown) => RuleReference[])(rule) : [];
}

/** the ids of the items a rule refers to */
export function ruleReferences(rule: { kind: string }): string[] {
  return ruleReferenceFields(rule).map((r) => r.id);
}
