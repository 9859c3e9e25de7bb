/**
 * The Chinese of a template file's problems (codes in src/templates/problems.ts), and the template check
 * with its problems rendered: what the CLI, the pane and the web page show when a template file is wrong.
 */
import {
  checkTemplate,
  checkTemplateText,
  type TemplateCheck,
  type TemplateIssue,
  type TemplateLoadResult,
  type TemplateProblem,
} from "../templates";
import { FIELD_NAMES } from "../templates/path-words";
import { ruleKindLabels } from "./rules-zh-CN";

const TYPE_NAMES: Record<string, string> = { string: "文字", number: "数字", int: "整数", boolean: "是/否", array: "列表", object: "对象" };

/** “计量单位”, “规则类型”, or 模板 for the template as a whole */
function fieldText(field: string | undefined): string {
  if (!field) return "模板";
  return `“${field === "rules.kind" ? "规则类型" : (FIELD_NAMES[field] ?? field)}”`;
}

/** “分类合计”或“不超过” */
function kindChoices(): string {
  const labels = ruleKindLabels().map((l) => `“${l}”`);
  return labels.length <= 1 ? labels.join("") : `${labels.slice(0, -1).join("、")}或${labels[labels.length - 1]}`;
}

/** what is wrong with the field, without saying where (the path or pathInWords does) */
export function templateIssueText(i: TemplateIssue): string {
  const field = fieldText(i.field);
  switch (i.code) {
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
      return `项目总数过多（所有部门合计最多 ${i.max} 个）`;
    case "missing":
      return `缺少${field}`;
    case "wrong-type":
      return `${field}的类型不对（应为${TYPE_NAMES[i.expected] ?? i.expected}）`;
    case "empty":
      return `${field}不能为空`;
    case "too-small":
      return `${field}的值太小`;
    case "too-many":
      return `${field}过多（最多 ${i.max} 个）`;
    case "too-long":
      return `${field}过长（最多 ${i.max} 个字符）`;
    case "too-big":
      return `${field}的值太大`;
    case "invalid-value":
      return `${field}的取值无效，可选：${i.values.join("、")}`;
    case "invalid-rule-kind":
      return `${field}无效：校验规则只能是${kindChoices()}`;
    case "unrecognized-keys":
      return `有无法识别的字段：${i.keys.join("、")}`;
    case "invalid":
      return `${field}无效`;
    case "more-problems":
      return `另有 ${i.count} 处问题未列出`;
    case "json-too-long":
      return `模板 JSON 过大（超过 ${i.max} 个字符）；正常的模板只有几 KB，请核实来源`;
    case "json-too-deep":
      return `模板 JSON 嵌套层数过多（超过 ${i.max} 层）；这不是本工具的模板文件，请核实来源`;
    case "not-json": {
      const where = i.line !== undefined ? `第 ${i.line} 行第 ${i.column} 列附近有错误` : "内容不完整或有错误";
      return `不是有效的 JSON 文件：${where}。请使用本工具导出的模板文件，不要手工修改`;
    }
  }
}

/** an issue as the problem lists show it: technical path, Chinese message */
export function templateProblem(i: TemplateIssue): TemplateProblem {
  return { path: i.path, message: templateIssueText(i), ...(i.limit ? { limit: true as const } : {}) };
}

/** sections[0].items：“项目”过多…, or the message alone for the whole template */
export function templateProblemLine(i: TemplateIssue): string {
  return i.path === "（根）" ? templateIssueText(i) : `${i.path}：${templateIssueText(i)}`;
}

function rendered(r: TemplateCheck): TemplateLoadResult {
  return r.ok ? r : { ok: false, problems: r.issues.map(templateProblem) };
}

/** Validates a template given as parsed JSON; its problems in Chinese, naming the field. */
export function parseTemplate(data: unknown): TemplateLoadResult {
  return rendered(checkTemplate(data));
}

/** Parses template JSON text; bad JSON is a problem too, never an exception. Size caps are checked first. */
export function parseTemplateText(text: string): TemplateLoadResult {
  return rendered(checkTemplateText(text));
}
