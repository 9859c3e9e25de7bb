import { z } from "zod";

/** Units whose quantities are decimals (≤ 4 places); every other unit is a whole count. */
export const DECIMAL_UNITS = ["万元", "万条", "万次", "吨"] as const;
export const MAX_DECIMALS = 4;

const idPattern = /^[a-z][a-z0-9_]*$/;
const id = z.string().regex(idPattern, { message: "id-format" });

export const ItemSchema = z.object({
  /** stable key, unique in the template: defined names, JSON output and rules use it */
  id,
  /** the label without its unit, e.g. 清理网上违法有害信息 */
  label: z.string().min(1),
  /** the unit as printed in the table, e.g. 条, 万元, 个次 */
  unit: z.string().min(1),
  /** overrides the kind derived from the unit */
  kind: z.enum(["count", "decimal"]).optional(),
  /** sub-heading the item sits under, e.g. 其中 or 按主要违法行为问题分类 */
  group: z.string().min(1).optional(),
  /** in the original attachment this total is written inside the section's label cell ("查处网络违法案件 ____件") */
  inLabelCell: z.boolean().optional(),
});

export const SectionSchema = z.object({
  id,
  /** the department as printed, e.g. 公安局 */
  name: z.string().min(1),
  /** other names the department goes by in received files, e.g. 公安部门 */
  aliases: z.array(z.string().min(1)).optional(),
  items: z.array(ItemSchema).min(1),
});

export const PartitionRuleSchema = z.object({
  kind: z.literal("partition"),
  id,
  /** item whose value the parts must add up to */
  total: id,
  parts: z.array(id).min(1),
  /** human wording of the rule as the footnote gives it */
  note: z.string().optional(),
});

export const AtMostRuleSchema = z.object({
  kind: z.literal("at-most"),
  id,
  item: id,
  limit: id,
  note: z.string().optional(),
});

export const RuleSchema = z.discriminatedUnion("kind", [PartitionRuleSchema, AtMostRuleSchema]);

export const HeaderFieldSchema = z.enum(["unit", "date", "stage", "contact", "phone"]);

export const TemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: "template-id-format" }),
    version: z.number().int().positive(),
    title: z.string().min(1),
    /** the campaign year: 填报日期 carries month/day only */
    year: z.number().int().min(2000).max(2100),
    /** header fields in the order printed; unit and date are always required */
    header: z.array(HeaderFieldSchema).min(1),
    sections: z.array(SectionSchema).min(1),
    rules: z.array(RuleSchema),
    footnote: z.string().optional(),
    /** where the table came from (document, attachment) */
    source: z.string().optional(),
  })
  .superRefine((t, ctx) => {
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
      const refs = r.kind === "partition" ? [["total", r.total] as const, ...r.parts.map((p, i) => [`parts.${i}`, p] as const)] : [["item", r.item] as const, ["limit", r.limit] as const];
      for (const [field, ref] of refs) {
        if (!itemIds.has(ref)) {
          ctx.addIssue({ code: "custom", message: "unknown-item-ref", path: ["rules", ri, ...field.split(".").map((x) => (/^\d+$/.test(x) ? Number(x) : x))] });
        }
      }
    });
  });

export type Item = z.infer<typeof ItemSchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type PartitionRule = z.infer<typeof PartitionRuleSchema>;
export type AtMostRule = z.infer<typeof AtMostRuleSchema>;
export type HeaderField = z.infer<typeof HeaderFieldSchema>;
export type Template = z.infer<typeof TemplateSchema>;
export type NumberKind = "count" | "decimal";

export function itemKind(item: Item): NumberKind {
  if (item.kind) return item.kind;
  return (DECIMAL_UNITS as readonly string[]).includes(item.unit) ? "decimal" : "count";
}

/** 清理网上违法有害信息（条） */
export function itemDisplayLabel(item: Item): string {
  return `${item.label}（${item.unit}）`;
}
