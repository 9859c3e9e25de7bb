/**
 * campaign-stats learn <附件.docx|.xlsx> -o template.json [--id my-template] [--year 2023]
 * — a new campaign's table learned from its attachment: prints the review, writes the template JSON.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { learnFromAttachment, renderTemplateReview } from "../../learn/learn";
import { TemplateSchema } from "../../templates/schema";
import { learnProblemText, learnWarningText } from "../../messages/learn-zh-CN";
import { flag, parseCommandArgs, stringOption } from "../args";
import { EXIT, UsageError } from "../errors";
import { MAX_INPUT_MIB, readInput, writeOutput } from "../files";
import { jsonText, terminalText } from "../terminal";

export const LEARN_USAGE = `用法：campaign-stats learn <附件.docx|附件.xlsx> -o <模板.json> [--id <模板编号>] [--year <年度>] [--force]

从新一年专项行动方案的附件（统计表）学出模板：识别标题、表头、各部门及其项目和计量单位、
“其中”分组、写在部门格内的案件合计，以及按脚注“不重复计算”得出的分类合计规则。
先打印模板摘要供核对，再把模板写成 JSON 文件；之后可用该文件生成空白表、检查和汇总。
旧版 .doc/.xls 请先在 Word/Excel 或 WPS 中“另存为”.docx/.xlsx。

选项：
  -o, --output <文件>  输出的模板 JSON 文件（必填；写 - 则输出到屏幕）
  --id <模板编号>       模板编号，只能用小写英文字母、数字和连字符，如 jiangxi-2023
  --year <年度>         专项行动年度，如 2023（默认取标题中的年份）
  --force              输出文件已存在时覆盖它
  -h, --help           显示本说明

示例：
  campaign-stats learn 附件1.docx -o 江西2023.json --id jiangxi-2023
`;

type Sink = ((s: string) => unknown) | { write(s: string): unknown };

export interface LearnIo {
  stdout: Sink;
  stderr: Sink;
}

function writer(sink: Sink): (s: string) => void {
  return typeof sink === "function" ? (s) => void sink(s) : (s) => void sink.write(s);
}

export async function learnCommand(args: string[], io: LearnIo): Promise<number> {
  const out = writer(io.stdout);
  const err = writer(io.stderr);
  try {
    return run(args, out, err);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`错误：${e.message}\n运行 campaign-stats learn --help 查看用法。\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

function run(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const p = parseCommandArgs(args, {
    output: { type: "string", short: "o" },
    id: { type: "string" },
    year: { type: "string" },
    force: { type: "boolean" },
  });
  if (flag(p, "help")) {
    out(LEARN_USAGE);
    return EXIT.ok;
  }
  if (p.positionals.length === 0)
    throw new UsageError("请给出统计表附件（.docx 或 .xlsx），例如：campaign-stats learn 附件1.docx -o 模板.json");
  if (p.positionals.length > 1)
    throw new UsageError(`一次只能学习一个附件，却给了 ${p.positionals.length} 个：${p.positionals.join("、")}。`);
  const input = p.positionals[0];
  const output = stringOption(p, "output");
  if (output === undefined || output.trim() === "") throw new UsageError("请用 -o 指定输出的模板文件，例如：-o 模板.json");
  const id = stringOption(p, "id");
  if (id !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    throw new UsageError(`--id 的值“${id}”无效：模板编号只能由小写英文字母、数字和连字符（-）组成，且不能以连字符开头，如 jiangxi-2023。`);
  }
  const yearText = stringOption(p, "year");
  let year: number | undefined;
  if (yearText !== undefined) {
    year = /^\d{4}$/.test(yearText.trim()) ? Number(yearText.trim()) : NaN;
    if (!(year >= 2000 && year <= 2100)) throw new UsageError(`--year 的值“${yearText}”无效：应为 2000 至 2100 之间的四位年份，如 2023。`);
  }
  const toStdout = output === "-";
  if (!toStdout) checkJsonOutput(output, input, flag(p, "force"));

  const read = readInput({ display: input, path: resolve(input) });
  if (!read.ok) {
    err(read.tooLarge ? `错误：文件“${input}”超过 ${MAX_INPUT_MIB} MB，不像统计表附件，未读取。\n` : `错误：${read.message}。\n`);
    return EXIT.inputProblems;
  }
  const fileName = input.split(/[\\/]/).pop() || input;
  const result = learnFromAttachment(fileName, read.bytes, { ...(id ? { id } : {}), ...(year ? { year } : {}) });
  if (!result.ok) {
    err(`无法从“${input}”学出模板：\n`);
    for (const problem of result.problems) err(`  ${terminalText(learnProblemText(problem))}\n`);
    for (const w of result.warnings) err(`  提醒：${terminalText(learnWarningText(w))}\n`);
    return EXIT.inputProblems;
  }
  // the learned template must be a valid template file; anything else is a bug
  const template = TemplateSchema.parse(result.template);
  // the review quotes the attachment's text: one printed line per line of the review, controls shown
  const review = renderTemplateReview(template, result.warnings).split("\n").map(terminalText).join("\n");
  const json = `${jsonText(template)}\n`;
  if (toStdout) {
    err(review);
    out(json);
    return EXIT.ok;
  }
  writeOutput(output, new TextEncoder().encode(json));
  out(review);
  out(
    `\n已写入模板：${output}\n请核对上面的摘要${result.warnings.length ? `和 ${result.warnings.length} 处提醒` : ""}；之后可用 campaign-stats template ${output} -o 统计表.xlsx 生成空白表。\n`,
  );
  return EXIT.ok;
}

function checkJsonOutput(path: string, input: string, force: boolean): void {
  if (!/\.json$/i.test(path)) throw new UsageError(`输出文件名“${path}”应以 .json 结尾。`);
  if (resolve(path) === resolve(input)) throw new UsageError("输出文件不能与附件是同一个文件。");
  let isDir = false;
  let exists = false;
  try {
    const st = statSync(path);
    exists = true;
    isDir = st.isDirectory();
  } catch {
    if (!existsSync(dirname(resolve(path)))) throw new UsageError(`无法写入“${path}”：文件夹“${dirname(path)}”不存在。`);
  }
  if (isDir) throw new UsageError(`无法写入“${path}”：这是文件夹。`);
  if (exists && !force) throw new UsageError(`文件“${path}”已存在；为免覆盖，请换一个文件名，或加 --force 覆盖。`);
}
