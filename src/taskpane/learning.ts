/**
 * 导入新模板: reading a picked file into a template to review — an issued attachment (.xlsx / .docx,
 * learned by src/learn) or a template file (.json). Loaded lazily (lazy.ts → "learn" chunk): src/learn
 * and the .docx reader stay out of the initial bundle.
 */
import { analyzeWorkbookBytes } from "../files/workbook";
import { learnFromAttachment } from "../learn";
import { learnProblemText, learnWarningText, withPlace } from "../messages/learn-zh-CN";
import { pathInWords, type Template } from "../templates";
import { parseTemplateText } from "../messages/template-zh-CN";
import type { LearnOutcome } from "./actions";
import { readFileBytes, readFileText } from "./text";

function isJson(file: File, head: Uint8Array): boolean {
  if (/\.json$/i.test(file.name)) return true;
  // a template file renamed: JSON text starting with "{" (after a BOM or spaces)
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  return head[i] === 0x7b;
}

/**
 * A county's filled-in workbook offered as a "new template": the reader recognises it as one of the known
 * templates and finds figures in it. (A blank attachment whose table equals a known one is still a new
 * campaign's and is imported.)
 */
export function filledSubmissionOf(
  name: string,
  bytes: Uint8Array,
  known: readonly Template[],
): { template: Template; unit?: string } | undefined {
  if (known.length === 0) return undefined;
  const report = analyzeWorkbookBytes(name, bytes, known).input.report;
  if (!report || Object.keys(report.values).length === 0) return undefined;
  const template = known.find((t) => t.id === report.templateId);
  return template ? { template, ...(report.unit ? { unit: report.unit } : {}) } : undefined;
}

/**
 * Reads and learns `file`. Never throws: an unreadable file is an outcome with problems naming it.
 * `known`: the templates already in the list; a county's filled-in file of one of them is named as such.
 */
export async function learnTemplateFile(
  file: File,
  options: { fallbackYear?: number; known?: readonly Template[] } = {},
): Promise<LearnOutcome> {
  const name = file.name || "所选文件";
  let bytes: Uint8Array;
  try {
    bytes = await readFileBytes(file);
  } catch {
    return { ok: false, fileName: name, problems: [`无法读取文件“${name}”：文件可能已被移动、删除或正被其他程序占用，请重新选择。`] };
  }
  if (bytes.length > 0 && isJson(file, bytes.subarray(0, 16))) {
    const text = await readFileText(file).catch(() => new TextDecoder().decode(bytes));
    const r = parseTemplateText(text);
    if (r.ok) return { ok: true, fileName: name, format: "json", template: r.template, warnings: [] };
    return {
      ok: false,
      fileName: name,
      problems: r.problems.map((p) => `模板文件“${name}”有问题（${pathInWords(p.path)}）：${p.message}`),
    };
  }
  const filled = filledSubmissionOf(name, bytes, options.known ?? []);
  if (filled)
    return {
      ok: false,
      fileName: name,
      problems: [
        `“${name}”是按已有模板《${filled.template.title}》填好的报送文件${filled.unit ? `（填报单位：${filled.unit}）` : ""}，不是新模板，不需要导入。要检查它请到“一键校验”，要汇总请到“汇总”。`,
      ],
    };
  const r = learnFromAttachment(name, bytes, { fallbackYear: options.fallbackYear ?? new Date().getFullYear() });
  if (!r.ok) return { ok: false, fileName: name, problems: r.problems.map((p) => withPlace(learnProblemText(p), p.cell)) };
  return {
    ok: true,
    fileName: name,
    format: r.format,
    table: r.table,
    template: r.template,
    warnings: r.warnings.map((w) => withPlace(learnWarningText(w), w.cell)),
  };
}
