/** `<id|path.json>`: a built-in template by its id, or a template JSON file (a learned or new campaign). */
import { readFileSync, statSync } from "node:fs";
import { BUILTIN_TEMPLATES, findBuiltinTemplate, TEMPLATE_LIMITS, type Template } from "../templates";
import { parseTemplateText } from "../messages/template-zh-CN";
import { UsageError } from "./errors";
import { describeFsError } from "./files";

export function availableTemplates(): string {
  return BUILTIN_TEMPLATES.map((t) => `${t.id}（${t.title}）`).join("、");
}

export function resolveTemplate(arg: string): Template {
  const builtin = findBuiltinTemplate(arg.trim());
  if (builtin) return builtin;
  let text: string;
  try {
    // a UTF-8 character is at most 4 bytes: a larger file is over the cap whatever it holds; not read
    if (statSync(arg).size > TEMPLATE_LIMITS.jsonChars * 4) {
      throw new UsageError(
        `模板文件“${arg}”过大（超过 ${TEMPLATE_LIMITS.jsonChars} 个字符），不是本工具的模板，未读取；正常的模板只有几 KB，请核实来源。`,
      );
    }
    text = readFileSync(arg, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !/\.json$/i.test(arg) && !/[\\/]/.test(arg)) {
      throw new UsageError(`未知的统计表模板“${arg}”。可用的模板：${availableTemplates()}；也可以给出模板 JSON 文件的路径。`);
    }
    throw new UsageError(`无法读取模板文件“${arg}”：${describeFsError(e)}`);
  }
  const r = parseTemplateText(text);
  if (r.ok) return r.template;
  const lines = r.problems.map((p) => `  ${p.path}：${p.message}`);
  throw new UsageError(`模板文件“${arg}”有 ${r.problems.length} 处问题，无法使用：\n${lines.join("\n")}`);
}

/** the templates to recognise tables with: the built-ins, plus the given one when it is not built in */
export function candidateTemplates(wanted?: Template): Template[] {
  if (!wanted || BUILTIN_TEMPLATES.includes(wanted)) return [...BUILTIN_TEMPLATES];
  return [...BUILTIN_TEMPLATES.filter((t) => t.id !== wanted.id), wanted];
}

export function itemCount(t: Template): number {
  return t.sections.reduce((n, s) => n + s.items.length, 0);
}
