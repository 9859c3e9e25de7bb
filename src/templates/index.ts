import type { z } from "zod";
import type { TemplateIssue } from "./problems";
import { TEMPLATE_LIMITS, TemplateSchema, type Template } from "./schema";
import liaoning2019 from "./builtin/liaoning-2019.json";
import ganzhou2022 from "./builtin/ganzhou-2022.json";

export * from "./schema";
export { pathInWords } from "./path-words";

export const BUILTIN_TEMPLATES: readonly Template[] = [liaoning2019, ganzhou2022].map((t) => TemplateSchema.parse(t));

export function findBuiltinTemplate(id: string): Template | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.id === id);
}

export type { TemplateIssue, TemplateIssueCode } from "./problems";

/** at most this many problems are listed; the rest are counted in one last problem */
export const MAX_PROBLEMS = 20;

/** A template checked: the template, or what is wrong with it as codes (rendered by src/messages/template-zh-CN.ts). */
export type TemplateCheck = { ok: true; template: Template } | { ok: false; issues: TemplateIssue[] };

/** One problem with a template file, in Chinese, naming the field (e.g. sections[2].items[0].unit). */
export interface TemplateProblem {
  path: string;
  message: string;
  /** a size cap of TEMPLATE_LIMITS was exceeded (the template is too big, not merely wrong) */
  limit?: true;
}

/** a template checked, its problems in Chinese: what src/messages/template-zh-CN.ts parseTemplate returns */
export type TemplateLoadResult = { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] };

/** the value at an issue's path in the data given: zod v4 does not report it, and 缺少 differs from 类型不对 */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describePath(path: readonly PropertyKey[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : `${s ? "." : ""}${String(p)}`;
  return s || "（根）";
}

/** "Unexpected token … at position 12": the engine's English is dropped; only the place is kept */
function jsonErrorIssue(e: unknown, text: string): TemplateIssue {
  const detail = e instanceof Error ? e.message : "";
  const lineColumn = /line (\d+) column (\d+)/.exec(detail);
  const position = /position (\d+)/.exec(detail);
  if (lineColumn) return { path: ROOT, code: "not-json", line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  if (position) {
    const before = text.slice(0, Number(position[1])).split("\n");
    return { path: ROOT, code: "not-json", line: before.length, column: before[before.length - 1].length + 1 };
  }
  return { path: ROOT, code: "not-json" };
}

const ROOT = "（根）";

/** an issue without its place: one member of the union each */
type IssueBody = TemplateIssue extends infer T ? (T extends unknown ? Omit<T, "path" | "limit" | "field"> : never) : never;

/** the schema's own refinements (schema.ts) say what they found in their message */
const REFINEMENT_CODES = [
  "id-format",
  "template-id-format",
  "duplicate-item-id",
  "duplicate-item-label",
  "duplicate-section-id",
  "unknown-item-ref",
] as const;

function issueBody(issue: z.core.$ZodIssue, data: unknown): IssueBody {
  const refinement = REFINEMENT_CODES.find((c) => c === issue.message);
  if (refinement) return { code: refinement };
  if (issue.message === "too-many-items") return { code: "too-many-items", max: TEMPLATE_LIMITS.items };
  switch (issue.code) {
    case "invalid_type":
      return valueAt(data, issue.path) === undefined ? { code: "missing" } : { code: "wrong-type", expected: issue.expected };
    case "too_small":
      return issue.origin === "array" || issue.origin === "string" ? { code: "empty" } : { code: "too-small" };
    case "too_big":
      return issue.origin === "array"
        ? { code: "too-many", max: String(issue.maximum) }
        : issue.origin === "string"
          ? { code: "too-long", max: String(issue.maximum) }
          : { code: "too-big" };
    case "invalid_value":
      return { code: "invalid-value", values: issue.values.map(String) };
    case "invalid_union":
      return { code: "invalid-rule-kind" };
    case "unrecognized_keys":
      return { code: "unrecognized-keys", keys: [...issue.keys] };
    default:
      return { code: "invalid" };
  }
}

function issueOf(issue: z.core.$ZodIssue, data: unknown): TemplateIssue {
  const last = [...issue.path].reverse().find((p) => typeof p === "string") as string | undefined;
  const field = last === "kind" && issue.path[0] === "rules" ? "rules.kind" : last;
  return {
    path: describePath(issue.path),
    ...(field ? { field } : {}),
    ...(isLimit(issue) ? { limit: true as const } : {}),
    ...issueBody(issue, data),
  } as TemplateIssue;
}

function isLimit(issue: z.core.$ZodIssue): boolean {
  return (issue.code === "too_big" && (issue.origin === "array" || issue.origin === "string")) || issue.message === "too-many-items";
}

/** Checks a template given as parsed JSON (a learned template, or one loaded from a file). */
export function checkTemplate(data: unknown): TemplateCheck {
  const r = TemplateSchema.safeParse(data);
  if (r.success) return { ok: true, template: r.data };
  // the size caps first: they say why nothing else is worth reading
  const sorted = [...r.error.issues].sort((a, b) => Number(isLimit(b)) - Number(isLimit(a)));
  const issues = sorted.slice(0, MAX_PROBLEMS).map((i) => issueOf(i, data));
  if (sorted.length > MAX_PROBLEMS) issues.push({ path: ROOT, code: "more-problems", count: sorted.length - MAX_PROBLEMS });
  return { ok: false, issues };
}

/**
 * Deeper than `limit` levels of arrays and objects? Scans the text (strings skipped) without parsing it,
 * stopping at the first level too deep.
 */
export function jsonNestedDeeper(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

/**
 * The size caps a template text must meet before it is parsed: its length and its nesting.
 * Undefined when it meets them.
 */
export function templateTextIssue(text: string): TemplateIssue | undefined {
  if (text.length > TEMPLATE_LIMITS.jsonChars) return { path: ROOT, code: "json-too-long", max: TEMPLATE_LIMITS.jsonChars, limit: true };
  if (jsonNestedDeeper(text, TEMPLATE_LIMITS.jsonDepth))
    return { path: ROOT, code: "json-too-deep", max: TEMPLATE_LIMITS.jsonDepth, limit: true };
  return undefined;
}

/** Checks template JSON text; bad JSON is an issue too, never an exception. Size caps are checked first. */
export function checkTemplateText(text: string): TemplateCheck {
  const tooBig = templateTextIssue(text);
  if (tooBig) return { ok: false, issues: [tooBig] };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, issues: [jsonErrorIssue(e, text.replace(/^\uFEFF/, ""))] };
  }
  return checkTemplate(data);
}
