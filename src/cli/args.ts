/** Argument parsing with node's util.parseArgs, its English errors turned into Chinese usage errors. */
import { parseArgs } from "node:util";
import { UsageError } from "./errors";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

function optionName(message: string): string {
  const m = /'([^']+)'/.exec(message);
  if (!m) return "";
  // "-o, --output <value>" → "-o/--output"
  return m[1].replace(/\s*<value>$/, "").replace(/,\s*/g, "/");
}

/** Parses a command's arguments; `--help`/`-h` is always accepted. Throws UsageError in Chinese. */
export function parseCommandArgs(args: string[], options: Record<string, OptionSpec>, allowPositionals = true): Parsed {
  try {
    const r = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals,
      strict: true,
    });
    return { values: r.values as Parsed["values"], positionals: r.positionals };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const message = err.message ?? "";
    switch (err.code) {
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        throw new UsageError(`未知的选项 ${optionName(message)}。`);
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
        if (/does not take an argument/.test(message)) throw new UsageError(`选项 ${optionName(message)} 后面不能跟值。`);
        throw new UsageError(`选项 ${optionName(message)} 后面缺少值。`);
      case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
        throw new UsageError(`多余的参数 ${optionName(message)}。`);
      default:
        throw e;
    }
  }
}

export function stringOption(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  if (typeof v !== "string") return undefined;
  return v;
}

/** a required string option; the message says what it is for */
export function requiredOption(p: Parsed, name: string, message: string): string {
  const v = stringOption(p, name);
  if (v === undefined || v.trim() === "") throw new UsageError(message);
  return v;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}
