/**
 * 导入新模板: reading a picked file into a template to review — an issued attachment (.xlsx / .docx,
 * learned by src/learn) or a template file (.json). Loaded lazily (lazy.js → "learn" chunk): src/learn
 * and the .docx reader stay out of the initial bundle.
 */
import { learnFromAttachment } from "../learn";
import { parseTemplateText, pathInWords, type Template } from "../templates";
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

const itemKeys = (t: Template) => new Set(t.sections.flatMap((s) => s.items.map((i) => `${i.label}\u0000${i.unit}`)));

/**
 * The known template whose items the learned one repeats (nine in ten of them, either way): the file is
 * a copy of that table — most often a county's filled-in submission — not a new campaign's.
 */
export function sameTableAs(learned: Template, known: readonly Template[]): Template | undefined {
  const mine = itemKeys(learned);
  if (mine.size === 0) return undefined;
  return known.find((k) => {
    const theirs = itemKeys(k);
    const shared = [...mine].filter((key) => theirs.has(key)).length;
    return shared >= 0.9 * mine.size && shared >= 0.9 * theirs.size;
  });
}

/**
 * Reads and learns `file`. Never throws: an unreadable file is an outcome with problems naming it.
 * `known`: the templates already in the list; a file that is one of them is said to be so, not copied.
 */
export async function learnTemplateFile(file: File, options: { fallbackYear?: number; known?: readonly Template[] } = {}): Promise<LearnOutcome> {
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
    return { ok: false, fileName: name, problems: r.problems.map((p) => `模板文件“${name}”有问题（${pathInWords(p.path)}）：${p.message}`) };
  }
  const r = learnFromAttachment(name, bytes, { fallbackYear: options.fallbackYear ?? new Date().getFullYear() });
  if (!r.ok) return { ok: false, fileName: name, problems: r.problems.map((p) => (p.cell && !p.message.includes(p.cell) ? `${p.message}（位置：${p.cell}）` : p.message)) };
  const same = sameTableAs(r.template, options.known ?? []);
  if (same)
    return {
      ok: false,
      fileName: name,
      problems: [`“${name}”中的表格就是已有的模板《${same.title}》，不需要再导入。如果这是填好的报送文件，请到“一键校验”检查，或到“汇总”中汇总。`],
    };
  return {
    ok: true,
    fileName: name,
    format: r.format,
    table: r.table,
    template: r.template,
    warnings: r.warnings.map((w) => (w.cell && !w.message.includes(w.cell) ? `${w.message}（位置：${w.cell}）` : w.message)),
  };
}
