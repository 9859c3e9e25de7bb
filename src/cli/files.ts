/**
 * File system edges of the command line: input arguments (with wildcards expanded, as cmd.exe does not),
 * reading received workbooks (read only, never written), and writing an output workbook safely.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { readMetadata, type WorkbookKind } from "../core/metadata";
import { readWorkbook } from "../files/xlsx-read";
import { UsageError } from "./errors";

/** received files larger than this on disk are refused before reading (a statistics table is a few KB) */
export const MAX_INPUT_MIB = 100;

export interface InputArg {
  /** as shown to the user: the argument as typed, or the expanded name */
  display: string;
  path: string;
  /** Chinese message when there is nothing to read (no match for a wildcard) */
  problem?: string;
}

export type InputRead = { ok: true; bytes: Uint8Array } | { ok: false; tooLarge: true } | { ok: false; tooLarge?: false; message: string };

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "找不到该文件";
    case "EISDIR":
      return "这是文件夹，不是文件";
    case "ENOTDIR":
      return "路径中的某一级不是文件夹";
    case "EACCES":
    case "EPERM":
      return "没有读写权限";
    case "EBUSY":
      return "文件正被其他程序占用";
    default:
      return code ? `系统错误 ${code}` : "未知原因";
  }
}

function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/**
 * Arguments as files. A name with * or ? that is not itself a file is matched in its folder (the shell
 * of Windows does not expand wildcards); Excel's lock files (~$名称.xlsx) are skipped.
 */
export function expandInputs(args: readonly string[], note: (text: string) => void = () => {}): InputArg[] {
  const out: InputArg[] = [];
  // the files already listed, by pathKey (a set: thousands of files are common)
  const seen = new Set<string>();
  const push = (input: InputArg) => {
    if (input.problem) {
      out.push(input);
      return;
    }
    const key = pathKey(input.path);
    if (seen.has(key)) note(`提示：“${input.display}”重复列出，只读取一次。`);
    else {
      seen.add(key);
      out.push(input);
    }
  };
  for (const arg of args) {
    const name = basename(arg);
    if (!/[*?]/.test(name) || existsSync(arg)) {
      push({ display: arg, path: resolve(arg) });
      continue;
    }
    const dir = dirname(arg);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      entries = [];
    }
    const re = wildcardRegExp(name);
    const matches = entries.filter((e) => re.test(e) && !e.startsWith("~$")).sort();
    if (matches.length === 0) {
      push({ display: arg, path: resolve(arg), problem: `没有与“${arg}”匹配的文件` });
      continue;
    }
    for (const m of matches) {
      const display = dir === "." && !arg.startsWith(".") ? m : join(dir, m);
      push({ display, path: resolve(dir, m) });
    }
  }
  return out;
}

export type InputCheck = { ok: true } | { ok: false; tooLarge: true } | { ok: false; tooLarge?: false; message: string };

/** What can be told of a received file before reading it: nothing to read, a folder, too large. Only looks. */
export function checkInput(input: InputArg): InputCheck {
  if (input.problem) return { ok: false, message: input.problem };
  try {
    const st = statSync(input.path);
    if (st.isDirectory()) {
      return {
        ok: false,
        message: `无法打开“${input.display}”：这是文件夹，不是文件；如要处理其中的全部工作簿，请写成 ${join(input.display, "*.xlsx")}`,
      };
    }
    if (st.size > MAX_INPUT_MIB * 1024 * 1024) return { ok: false, tooLarge: true };
    return { ok: true };
  } catch (e) {
    return { ok: false, message: unopenableMessage(input, e) };
  }
}

/** why a received file could not be opened (an fs error, or anything with its `code`), in Chinese */
export function unopenableMessage(input: InputArg, e: unknown): string {
  return `无法打开“${input.display}”：${describeFsError(e)}`;
}

/** Reads a received file. Only ever reads. */
export function readInput(input: InputArg): InputRead {
  const check = checkInput(input);
  if (!check.ok) return check;
  try {
    return { ok: true, bytes: new Uint8Array(readFileSync(input.path)) };
  } catch (e) {
    return { ok: false, message: unopenableMessage(input, e) };
  }
}

/** the same file, whatever way it was named */
export function samePath(a: string, b: string): boolean {
  return pathKey(a) === pathKey(b);
}

/** a path as compared by samePath */
export function pathKey(path: string): string {
  const x = resolve(path);
  return process.platform === "win32" || process.platform === "darwin" ? x.toLowerCase() : x;
}

/**
 * Refuses (UsageError) an output path that would destroy data: a folder, a name not ending in .xlsx, or an
 * existing file — unless `force`, or it is a workbook of ours of the kind `replaceable` (a previous roll-up).
 */
export function checkOutput(path: string, options: { force: boolean; replaceable?: WorkbookKind }): void {
  if (!/\.xlsx$/i.test(path)) throw new UsageError(`输出文件名“${path}”应以 .xlsx 结尾。`);
  let st;
  try {
    st = statSync(path);
  } catch {
    if (!existsSync(dirname(resolve(path)))) throw new UsageError(`无法写入“${path}”：文件夹“${dirname(path)}”不存在。`);
    return;
  }
  if (st.isDirectory()) throw new UsageError(`无法写入“${path}”：这是文件夹。`);
  if (options.force) return;
  if (options.replaceable) {
    if (workbookKind(path) === options.replaceable) return;
    throw new UsageError(`文件“${path}”已存在，且不是本工具生成的汇总表；为免覆盖已有数据，请换一个文件名，或加 --force 覆盖。`);
  }
  throw new UsageError(`文件“${path}”已存在；为免覆盖已有数据，请换一个文件名，或加 --force 覆盖。`);
}

/** what kind of workbook of ours the file is (read from its metadata sheet), if any */
export function workbookKind(path: string): WorkbookKind | undefined {
  try {
    const r = readWorkbook(new Uint8Array(readFileSync(path)));
    return r.ok ? readMetadata(r.workbook.sheets)?.kind : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the whole file or nothing: a temporary file beside it, then renamed over it. */
export function writeOutput(path: string, bytes: Uint8Array): void {
  const target = resolve(path);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  } catch (e) {
    try {
      if (existsSync(tmp)) unlinkSync(tmp);
    } catch {
      // nothing more to do
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    const hint = code === "EBUSY" || code === "EPERM" || code === "EACCES" ? "；文件可能正在 Excel 或 WPS 中打开，请关闭后重试" : "";
    throw new UsageError(`无法写入“${path}”：${describeFsError(e)}${hint}。`);
  }
}
