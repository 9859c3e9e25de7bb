/**
 * 导出模板: a template saved as a .json file (UTF-8, indented), which 导入新模板 and the command line's
 * --template read back.
 */
import type { Template } from "../templates/schema";
import { downloadBytes, safeFileName } from "./download";

export function templateJsonBytes(template: Template): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(template, null, 2) + "\n");
}

export async function exportTemplateFile(template: Template): Promise<{ fileName: string }> {
  const fileName = safeFileName(`${template.title}（模板）`, ".json");
  downloadBytes(templateJsonBytes(template), fileName, "application/json");
  return { fileName };
}
