/**
 * What is wrong with a template file, as codes with typed payloads (the manner of src/core/findings.ts):
 * zod's issues and the size caps mapped to what a person can act on. The Chinese is
 * src/messages/template-zh-CN.ts; the path in words is pathInWords (path-words.ts).
 */

export type TemplateIssue = {
  /** the field, technical: sections[1].items[0].unit; （根） for the whole template */
  path: string;
  /** a size cap of TEMPLATE_LIMITS was exceeded (the template is too big, not merely wrong) */
  limit?: true;
  /** the field's key (unit, rules.kind …); absent for the template as a whole */
  field?: string;
} & (
  | { code: "id-format" }
  | { code: "template-id-format" }
  | { code: "duplicate-item-id" }
  | { code: "duplicate-item-label" }
  | { code: "duplicate-section-id" }
  | { code: "unknown-item-ref" }
  | { code: "too-many-items"; max: number }
  | { code: "missing" }
  /** expected: string, number, int, boolean, array, object … as zod names it */
  | { code: "wrong-type"; expected: string }
  | { code: "empty" }
  | { code: "too-small" }
  | { code: "too-many"; max: string }
  | { code: "too-long"; max: string }
  | { code: "too-big" }
  | { code: "invalid-value"; values: string[] }
  | { code: "invalid-rule-kind" }
  | { code: "unrecognized-keys"; keys: string[] }
  | { code: "invalid" }
  /** the issues past MAX_PROBLEMS, counted */
  | { code: "more-problems"; count: number }
  | { code: "json-too-long"; max: number }
  | { code: "json-too-deep"; max: number }
  /** line and column (1-based) of the JSON error, when the engine says */
  | { code: "not-json"; line?: number; column?: number }
);

export type TemplateIssueCode = TemplateIssue["code"];
