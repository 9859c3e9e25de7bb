// zod's tree-shakable build: the same schemas and issues without the method chains and the English error
// locale, which cost the task pane and the file-reading worker ~20 KiB gzipped (measured by `npm run bench`)
import * as z from "zod/mini";
import { RULE_REFERENCES, type RuleReference } from "./rule-kinds";

/** Units whose quantities are decimals (≤ 4 places); every other unit is a whole count. */
export const DECIMAL_UNITS = ["万元", "万条", "万次", "吨"] as const;
export const MAX_DECIMALS = 4;

/**
 * Size caps of a template. A template arrives from outside too (a template JSON given to --template or
 * imported in the pane, the hidden sheet of a received workbook): without caps a hostile one could make
 * every layout, detection and validation run for minutes or exhaust memory. The real tables have 6–14
 * departments of up to ~20 items and a template file of a few KB; the caps leave room for far larger ones.
 */
export const TEMPLATE_LIMITS = Object.freeze({
  /** characters of the template JSON text, checked before it is parsed */
  jsonChars: 1_000_000,
  /** nesting of arrays and objects in the JSON text (a template needs 5), checked before it is parsed */
  jsonDepth: 20,
  sections: 100,
  itemsPerSection: 500,
  /** items of all sections together */
  items: 2_000,
  rules: 1_000,
  partsPerRule: 500,
  aliases: 50,
  headerFields: 5,
  /** ids */
  idChars: 100,
  /** labels, units, groups, department names, aliases */
  labelChars: 300,
  title: 300,
  /** footnote, source, a rule's note */
  noteChars: 5_000,
});

const L = TEMPLATE_LIMITS;
const idPattern = /^[a-z][a-z0-9_]*$/;
const id = z.string().check(z.maxLength(L.idChars), z.regex(idPattern, { message: "id-format" }));
const label = z.string().check(z.minLength(1), z.maxLength(L.labelChars));
const note = z.string().check(z.maxLength(L.noteChars));

export const ItemSchema = z.object({
  /** stable key, unique in the template: defined names, JSON output and rules use it */
  id,
  /** the label without its unit, e.g. 清理网上违法有害信息 */
  label,
  /** the unit as printed in the table, e.g. 条, 万元, 个次 */
  unit: label,
  /** overrides the kind derived from the unit */
  kind: z.optional(z.enum(["count", "decimal"])),
  /** sub-heading the item sits under, e.g. 其中 or 按主要违法行为问题分类 */
  group: z.optional(label),
  /** in the original attachment this total is written inside the section's label cell ("查处网络违法案件 ____件") */
  inLabelCell: z.optional(z.boolean()),
});

export const SectionSchema = z.object({
  id,
  /** the department as printed, e.g. 公安局 */
  name: label,
  /** other names the department goes by in received files, e.g. 公安部门 */
  aliases: z.optional(z.array(label).check(z.maxLength(L.aliases))),
  items: z.array(ItemSchema).check(z.minLength(1), z.maxLength(L.itemsPerSection)),
});

export const PartitionRuleSchema = z.object({
  kind: z.literal("partition"),
  id,
  /** item whose value the parts must add up to */
  total: id,
  parts: z.array(id).check(z.minLength(1), z.maxLength(L.partsPerRule)),
  /** human wording of the rule as the footnote gives it */
  note: z.optional(note),
});

export const AtMostRuleSchema = z.object({
  kind: z.literal("at-most"),
  id,
  item: id,
  limit: id,
  note: z.optional(note),
});

/** the rule kinds: one schema each (a new kind is one more here; the tables below and in each layer follow) */
export const RuleSchema = z.discriminatedUnion("kind", [PartitionRuleSchema, AtMostRuleSchema]);

export type RuleKind = Rule["kind"];
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
/** one entry per rule kind, each typed for its own kind: a table that `satisfies` it lacks no kind */
export type RuleKindTable<Entry extends { [K in RuleKind]: unknown }> = { [K in RuleKind]: Entry[K] };

/** the references of each kind (rule-kinds.ts, kept free of zod for the pane), typed here against the kinds */
const REFERENCES_OF_KIND = RULE_REFERENCES satisfies RuleKindTable<{ [K in RuleKind]: (rule: RuleOf<K>) => RuleReference[] }>;

/**
 * Thresholds of the plausibility review of a roll-up (src/core/review.ts); every field optional, the
 * defaults are REVIEW_DEFAULTS. A unit is far above its peers when its figure exceeds peerFactor × the
 * median of the other units' and is at least peerFloor (so small numbers, 3 against 0, are not flagged)
 * and at least peerMinOthers other units reported the item. A total changed notably when it moved by more
 * than changePercent % against the earlier report and either figure is at least changeFloor.
 */
export const ReviewThresholdsSchema = z.object({
  peerFactor: z.optional(z.number().check(z.gt(1), z.lte(1000))),
  peerFloor: z.optional(z.number().check(z.gte(0))),
  peerMinOthers: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  changePercent: z.optional(z.number().check(z.gt(0), z.lte(100000))),
  changeFloor: z.optional(z.number().check(z.gte(0))),
});

export const REVIEW_DEFAULTS: Required<z.infer<typeof ReviewThresholdsSchema>> = Object.freeze({
  peerFactor: 5,
  peerFloor: 10,
  peerMinOthers: 3,
  changePercent: 50,
  changeFloor: 10,
});

export const HeaderFieldSchema = z.enum(["unit", "date", "stage", "contact", "phone"]);

export const TemplateSchema = z
  .object({
    id: z.string().check(z.maxLength(L.idChars), z.regex(/^[a-z0-9][a-z0-9-]*$/, { message: "template-id-format" })),
    version: z.int().check(z.positive()),
    title: z.string().check(z.minLength(1), z.maxLength(L.title)),
    /** the campaign year: 填报日期 carries month/day only */
    year: z.int().check(z.gte(2000), z.lte(2100)),
    /** header fields in the order printed; unit and date are always required */
    header: z.array(HeaderFieldSchema).check(z.minLength(1), z.maxLength(L.headerFields)),
    sections: z.array(SectionSchema).check(z.minLength(1), z.maxLength(L.sections)),
    rules: z.array(RuleSchema).check(z.maxLength(L.rules)),
    footnote: z.optional(note),
    /** where the table came from (document, attachment) */
    source: z.optional(note),
    /** thresholds of the review of a roll-up; REVIEW_DEFAULTS where absent */
    review: z.optional(ReviewThresholdsSchema),
  })
  .check(
    z.superRefine((t, ctx) => {
      const items = t.sections.reduce((n, s) => n + s.items.length, 0);
      if (items > L.items) {
        ctx.addIssue({ code: "custom", message: "too-many-items", path: ["sections"] });
        return;
      }
      const itemIds = new Set<string>();
      const keys = new Set<string>();
      t.sections.forEach((s, si) => {
        s.items.forEach((it, ii) => {
          if (itemIds.has(it.id)) {
            ctx.addIssue({ code: "custom", message: "duplicate-item-id", path: ["sections", si, "items", ii, "id"] });
          }
          itemIds.add(it.id);
          const key = `${s.id}\u0000${it.label}\u0000${it.unit}`;
          if (keys.has(key)) {
            ctx.addIssue({ code: "custom", message: "duplicate-item-label", path: ["sections", si, "items", ii, "label"] });
          }
          keys.add(key);
        });
      });
      const sectionIds = new Set<string>();
      t.sections.forEach((s, si) => {
        if (sectionIds.has(s.id)) ctx.addIssue({ code: "custom", message: "duplicate-section-id", path: ["sections", si, "id"] });
        sectionIds.add(s.id);
      });
      t.rules.forEach((r, ri) => {
        // the rule's kind picked the entry, so the cast is exact
        for (const { field, id } of (REFERENCES_OF_KIND[r.kind] as (rule: Rule) => RuleReference[])(r)) {
          if (!itemIds.has(id)) ctx.addIssue({ code: "custom", message: "unknown-item-ref", path: ["rules", ri, ...field] });
        }
      });
    }),
  );

export type Item = z.infer<typeof ItemSchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type PartitionRule = z.infer<typeof PartitionRuleSchema>;
export type AtMostRule = z.infer<typeof AtMostRuleSchema>;
export type HeaderField = z.infer<typeof HeaderFieldSchema>;
export type Template = z.infer<typeof TemplateSchema>;
export type ReviewThresholds = z.infer<typeof ReviewThresholdsSchema>;
export type NumberKind = "count" | "decimal";

export function itemKind(item: Item): NumberKind {
  if (item.kind) return item.kind;
  return (DECIMAL_UNITS as readonly string[]).includes(item.unit) ? "decimal" : "count";
}

/** 清理网上违法有害信息（条） */
export function itemDisplayLabel(item: Item): string {
  return `${item.label}（${item.unit}）`;
}
