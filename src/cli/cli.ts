/**
 * campaign-stats: the command line. This file only wires the commands; each handler in ./commands parses
 * its own arguments, prints, and returns its exit status. A UsageError is the user's mistake (exit 2,
 * one Chinese line, no stack); anything else thrown is a bug (exit 3).
 */
import { EXIT, UsageError } from "./errors";
import { processIo, safeIo, type CliIo } from "./io";
import { terminalText } from "./terminal";
import { consolidateCommand } from "./commands/consolidate";
import { learnCommand } from "./commands/learn";
import { templateCommand } from "./commands/template";
import { templatesCommand } from "./commands/templates";
import { validateCommand } from "./commands/validate";
import pkg from "../../package.json";

export type Command = (args: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  summary: string;
  run: Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  templates: { summary: "列出内置的统计表模板", run: templatesCommand },
  template: { summary: "生成空白统计表（.xlsx），发给各单位填写", run: templateCommand },
  validate: { summary: "检查填好的统计表，按部门列出问题", run: validateCommand },
  consolidate: { summary: "检查并汇总各单位的统计表，生成汇总工作簿", run: consolidateCommand },
  learn: { summary: "从新一年的统计表附件（.docx/.xlsx）学出模板（JSON）", run: learnCommand },
};

export function usage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return `专项行动统计表助手 ${pkg.version}

用法：campaign-stats <命令> [参数…]

命令：
${names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`).join("\n")}

每个命令的详细用法：campaign-stats <命令> --help

示例：
  campaign-stats template ganzhou-2022 -o 统计表.xlsx
  campaign-stats validate 章贡区.xlsx
  campaign-stats consolidate 县区/*.xlsx --template ganzhou-2022 --unit 赣州市市场监督管理局 -o 汇总.xlsx

退出码：0 全部通过；1 有文件未通过、未汇总、无法读取或有单位未报送；2 用法错误；3 程序内部错误。
`;
}

/** Runs one command line (without the node and script arguments); resolves to the exit status. */
export async function main(argv: readonly string[], rawIo: CliIo = processIo()): Promise<number> {
  // received text reaches the output in many places: no control character ever gets to the terminal
  const io = safeIo(rawIo);
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(usage());
    return EXIT.usage;
  }
  if (name === "help" || name === "--help" || name === "-h") {
    const sub = args[0] && COMMANDS[args[0]] ? args[0] : undefined;
    if (sub) return main([sub, "--help"], rawIo);
    io.stdout.write(usage());
    return EXIT.ok;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr.write(`错误：未知的命令“${terminalText(name)}”。\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await entry.run([...args], io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`错误：${e.message.split("\n").map(terminalText).join("\n")}\n运行 campaign-stats ${name} --help 查看用法。\n`);
      return EXIT.usage;
    }
    const err = e as Error;
    io.stderr.write(`程序内部错误（不是您的操作问题），请把以下信息发给技术支持：\n${err?.stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
