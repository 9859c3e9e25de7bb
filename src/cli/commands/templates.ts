/** campaign-stats templates — the built-in statistics tables. */
import { BUILTIN_TEMPLATES } from "../../templates";
import { displayWidth } from "../../core/presentation";
import { flag, parseCommandArgs } from "../args";
import { EXIT } from "../errors";
import type { CliIo } from "../io";
import { itemCount } from "../template-arg";

export const TEMPLATES_USAGE = `用法：campaign-stats templates [--json]

列出内置的统计表模板（编号和标题）。其他命令的 <模板> 参数可以写编号，也可以写模板 JSON 文件的路径。

选项：
  --json      以 JSON 输出
  -h, --help  显示本说明
`;

export async function templatesCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { json: { type: "boolean" } }, false);
  if (flag(p, "help")) {
    io.stdout.write(TEMPLATES_USAGE);
    return EXIT.ok;
  }
  if (flag(p, "json")) {
    const list = BUILTIN_TEMPLATES.map((t) => ({
      id: t.id,
      title: t.title,
      year: t.year,
      version: t.version,
      sections: t.sections.length,
      items: itemCount(t),
    }));
    io.stdout.write(`${JSON.stringify({ templates: list }, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(4, ...BUILTIN_TEMPLATES.map((t) => displayWidth(t.id)));
  const pad = (s: string) => s + " ".repeat(width - displayWidth(s) + 2);
  const lines = [`${pad("编号")}标题`];
  for (const t of BUILTIN_TEMPLATES) lines.push(`${pad(t.id)}${t.title}（${t.sections.length} 个部门，${itemCount(t)} 个项目）`);
  lines.push("", "也可以用模板 JSON 文件的路径代替编号。");
  io.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
}
