import type { z } from "zod";
import { FIELD_NAMES } from "./path-words";
import { TEMPLATE_LIMITS, TemplateSchema, type Template } from "./schema";
import liaoning2019 from "./builtin/liaoning-2019.json";
import ganzhou2022 from "./builtin/ganzhou-2022.json";

export * from "./schema";
export { pathInWords } from "./path-words";

export const BUILTIN_TEMPLATES: readonly Template[] = [liaoning2019, ganzhou2022].map((t) => TemplateSchema.parse(t));

export function findBuiltinTemplate(id: string): Template | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.id === id);
}

/** One problem with a template file, in Chinese, naming the field (e.g. sections[2].items[0].unit). */
export interface TemplateProblem {
  path: string;
  message: string;
  /** a size cap of TEMPLATE_LIMITS was exceeded (the template is too big, not merely wrong) */
  limit?: true;
}

/** at most this many problems are listed; the rest are counted in one last problem */
export const MAX_PROBLEMS = 20;

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

/** "Unexpected token … at position 12": the engine's English is dropped; only the place is kept, in words */
function jsonErrorText(e: unknown, text: string): string {
  const detail = e instanceof Error ? e.message : "";
  const lineColumn = /line (\d+) column (\d+)/.exec(detail);
  const position = /position (\d+)/.exec(detail);
  let where = "内容不完整或有错误";
  if (lineColumn) where = `第 ${lineColumn[1]} 行第 ${lineColumn[2]} 列附近有错误`;
  else if (position) {
    const before = text.slice(0, Number(position[1])).split("\n");
    where = `第 ${before.length} 行第 ${before[before.length - 1].length + 1} 列附近有错误`;
  }
  return `不是有效的 JSON 文件：${where}。请使用本工具导出的模板文件，不要手工修改`;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const last = [...issue.path].reverse().find((p) => typeof p === "string") as string | undefined;
  const name = last === "kind" && issue.path[0] === "rules" ? "规则类型" : last ? (FIELD_NAMES[last] ?? last) : undefined;
  const field = name ? `“${name}”` : "模板";
  switch (issue.message) {
    case "id-format":
      return `${field}只能由小写英文字母、数字和下划线组成，且以字母开头`;
    case "template-id-format":
      return `${field}只能由小写英文字母、数字和连字符组成`;
    case "duplicate-item-id":
      return `项目编号重复：每个项目的编号必须唯一`;
    case "duplicate-item-label":
      return `同一部门内出现了名称和单位都相同的两个项目`;
    case "duplicate-section-id":
      return `部门编号重复`;
    case "unknown-item-ref":
      return `${field}引用了模板中不存在的项目编号`;
    case "too-many-items":
      return `项目总数过多（所有部门合计最多 ${TEMPLATE_LIMITS.items} 个）`;
  }
  switch (issue.code) {
    case "invalid_type":
      return valueAt(data, issue.path) === undefined ? `缺少${field}` : `${field}的类型不对（应为${typeName(issue.expected)}）`;
    case "too_small":
      return issue.origin === "array" ? `${field}不能为空` : issue.origin === "string" ? `${field}不能为空` : `${field}的值太小`;
    case "too_big":
      return issue.origin === "array"
        ? `${field}过多（最多 ${String(issue.maximum)} 个）`
        : issue.origin === "string"
          ? `${field}过长（最多 ${String(issue.maximum)} 个字符）`
          : `${field}的值太大`;
    case "invalid_value":
      return `${field}的取值无效，可选：${issue.values.map(String).join("、")}`;
    case "invalid_union":
      return `${field}无效：校验规则只能是“分类合计”或“不超过”`;
    case "unrecognized_keys":
      return `有无法识别的字段：${issue.keys.join("、")}`;
    default:
      return `${field}无效`;
  }
}

function typeName(t: string): string {
  return ({ string: "文字", number: "数字", int: "整数", boolean: "是/否", array: "列表", object: "对象" } as Record<string, string>)[t] ?? t;
}

function isLimit(issue: z.core.$ZodIssue): boolean {
  return (issue.code === "too_big" && (issue.origin === "array" || issue.origin === "string")) || issue.message === "too-many-items";
}

/** Validates a template given as parsed JSON (a learned template, or one loaded from a file). */
export function parseTemplate(data: unknown): TemplateLoadResult {
  const r = TemplateSchema.safeParse(data);
  if (r.success) return { ok: true, template: r.data };
  // the size caps first: they say why nothing else is worth reading
  const issues = [...r.error.issues].sort((a, b) => Number(isLimit(b)) - Number(isLimit(a)));
  const problems: TemplateProblem[] = issues.slice(0, MAX_PROBLEMS).map((i) => ({ path: describePath(i.path), message: describeIssue(i, data), ...(isLimit(i) ? { limit: true as const } : {}) }));
  if (issues.length > MAX_PROBLEMS) problems.push({ path: "（根）", message: `另有 ${issues.length - MAX_PROBLEMS} 处问题未列出` });
  return { ok: false, problems };
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
      if (ch === 0x5c) i++; // backslash: skip the escaped character
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
export function templateTextProblem(text: string): TemplateProblem | undefined {
  if (text.length > TEMPLATE_LIMITS.jsonChars) {
    return {
      path: "（根）",
      message: `模板 JSON 过大（超过 ${TEMPLATE_LIMITS.jsonChars} 个字符）；正常的模板只有几 KB，请核实来源`,
      limit: true,
    };
  }
  if (jsonNestedDeeper(text, TEMPLATE_LIMITS.jsonDepth)) {
    return { path: "（根）", message: `模板 JSON 嵌套层数过多（超过 ${TEMPLATE_LIMITS.jsonDepth} 层）；这不是本工具的模板文件，请核实来源`, limit: true };
  }
  return undefined;
}

/** Parses template JSON text; bad JSON is a problem too, never an exception. Size caps are checked first. */
export function parseTemplateText(text: string): TemplateLoadResult {
  const tooBig = templateTextProblem(text);
  if (tooBig) return { ok: false, problems: [tooBig] };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, problems: [{ path: "（根）", message: jsonErrorText(e, text.replace(/^\uFEFF/, "")) }] };
  }
  return parseTemplate(data);
}
