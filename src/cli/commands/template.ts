/** campaign-stats template <id|path.json> -o blank.xlsx — the blank statistics table to send out. */
import { parseStage } from "../../core/header";
import { writeTemplateWorkbook } from "../../files/xlsx-write";
import { flag, parseCommandArgs, requiredOption, stringOption } from "../args";
import { EXIT, UsageError } from "../errors";
import { checkOutput, writeOutput } from "../files";
import type { CliIo } from "../io";
import { itemCount, resolveTemplate } from "../template-arg";
import { terminalText } from "../terminal";

export const TEMPLATE_USAGE = `用法：campaign-stats template <模板> -o <输出文件.xlsx> [--unit <填报单位>] [--stage 中期|全面] [--force]

生成空白统计表（.xlsx）：输入格已解锁并标成浅黄色，其余部分受保护（无密码），按 A4 纵向打印。
<模板> 是内置模板的编号（见 campaign-stats templates）或模板 JSON 文件的路径。

选项：
  -o, --output <文件>  输出的 .xlsx 文件（必填）
  --unit <填报单位>     预先填好填报单位
  --stage <阶段>        预先填好报告阶段：中期 或 全面
  --force              输出文件已存在时覆盖它
  -h, --help           显示本说明
`;

export async function templateCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, {
    output: { type: "string", short: "o" },
    unit: { type: "string" },
    stage: { type: "string" },
    force: { type: "boolean" },
  });
  if (flag(p, "help")) {
    io.stdout.write(TEMPLATE_USAGE);
    return EXIT.ok;
  }
  if (p.positionals.length === 0)
    throw new UsageError("请给出模板编号或模板 JSON 文件，例如：campaign-stats template ganzhou-2022 -o 统计表.xlsx");
  if (p.positionals.length > 1) throw new UsageError(`只能给出一个模板，却给了 ${p.positionals.length} 个：${p.positionals.join("、")}。`);
  const template = resolveTemplate(p.positionals[0]);
  const output = requiredOption(p, "output", "请用 -o 指定输出文件，例如：-o 统计表.xlsx");
  const unit = stringOption(p, "unit")?.trim();
  const stageText = stringOption(p, "stage");
  const stage = stageText === undefined ? undefined : parseStage(stageText);
  if (stageText !== undefined && !stage) throw new UsageError(`--stage 的值“${stageText}”无法识别；请写“中期”或“全面”。`);
  checkOutput(output, { force: flag(p, "force") });

  const bytes = await writeTemplateWorkbook(template, { header: { ...(unit ? { unit } : {}), ...(stage ? { stage } : {}) } });
  writeOutput(output, bytes);
  io.stdout.write(
    `已生成空白统计表：${output}\n《${terminalText(template.title)}》，${template.sections.length} 个部门，${itemCount(template)} 个项目。\n`,
  );
  return EXIT.ok;
}
