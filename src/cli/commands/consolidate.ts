/** campaign-stats consolidate <file>… — the city's roll-up of the counties' tables. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { rollupSheets } from "../../core/cell-text";
import { consolidate, type ConsolidateOptions, type Consolidation } from "../../core/consolidate";
import { familyOf, type Finding } from "../../core/findings";
import { reviewRollup } from "../../core/review";
import { renderSummary } from "../../messages/summary-zh-CN";
import { comparisonJson, comparisonLines, extraRollupSheets, readPreviousFiles, reviewIssue, type ComparisonJson } from "../previous";
import { rejectionFindings } from "../../core/verdict";
import { ROLLUP_TEXT, rejectionText } from "../../messages/zh-CN";
import { formatReportDate, parseReportDate, parseStage } from "../../core/header";
import { unitKey } from "../../core/normalize";
import { parseRoster } from "../../core/roster";
import { fileTimeText, todayText } from "../../core/dates";
import { ROLLUP_SHEETS } from "../../core/rollup-layout";
import { writeRollupWorkbook } from "../../files/xlsx-write";
import type { Template } from "../../templates/schema";
import { flag, parseCommandArgs, requiredOption, stringOption } from "../args";
import { EXIT, UsageError } from "../errors";
import { checkOutput, describeFsError, expandInputs, samePath, workbookKind, writeOutput, type InputArg } from "../files";
import type { CliIo } from "../io";
import { analyzeInputs, countText, findingLines, issueOf, unopenableIssue, type FileResult, type Issue } from "../report";
import { availableTemplates, candidateTemplates, resolveTemplate } from "../template-arg";
import { jsonText, terminalLines, terminalText } from "../terminal";

export const CONSOLIDATE_USAGE = `用法：campaign-stats consolidate <文件>… --template <模板> --unit <汇总单位> -o <汇总表.xlsx>
                               [--roster <名单.txt>] [--date <11月26日>] [--stage 中期|全面] [--keep <文件>]… [--json] [--force]
                               [--previous <上期或去年报表.xlsx>]… [--summary]

把各单位报来的统计表逐一检查后相加，生成汇总工作簿：
  汇总表    与统计表格式相同，填报单位为汇总单位，可直接上报；
  汇总明细  每个单位一列，合计列为公式，每个数都能追溯到来源；
  报送情况  已汇总、未汇总（及原因）、未报送的单位。
未通过检查的文件不计入汇总；同一单位报送内容相同的几份，只按一份汇总；内容不同的，列出不同之处，
都暂不汇总，用 --keep 选定要采用的一份。有单位未汇总或未报送时为“部分汇总”，汇总表下方有说明。文件名可以用通配符，如 县区/*.xlsx。
收到的文件只读不改；重新运行会替换之前生成的汇总表。

选项：
  --template <模板>   本次汇总的统计表：内置模板的编号或模板 JSON 文件的路径（必填）
  --unit <汇总单位>    汇总表的填报单位，如 赣州市市场监督管理局（必填）
  -o, --output <文件>  输出的 .xlsx 文件（必填）
  --roster <名单.txt>  应报送单位名单，每行一个（UTF-8，# 开头的行和空行忽略），用于列出未报送单位
  --date <日期>        汇总表的填报日期，默认今天，如 11月26日
  --stage <阶段>       报告阶段：中期 或 全面
  --previous <文件>    上期或去年的报表（汇总工作簿或单位的统计表，可重复）：核对全面总结的累计数不少于中期、
                      与去年相比变化较大的合计，并生成“对比”工作表；其他年份的统计表按项目名称和计量单位对应
  --summary           输出汇总说明（工作总结中的数字段落），汇总工作簿中另有“汇总说明”工作表
  --keep <文件>        同一单位内容不同的几份中要采用的一份（可重复，每个单位一次）
  --json              以 JSON 输出汇总结果（含 coverage、duplicates）
  --force             输出文件已存在且不是本工具生成的汇总表时，仍然覆盖
  -h, --help          显示本说明

退出码：0 全部汇总；1 有文件未汇总、无法读取或有单位未报送（汇总表仍会生成；一个文件也没有汇总时不生成，原有的汇总表不变）；2 用法错误。
`;

export interface ConsolidateJson {
  template: string;
  /** `warnings`: only when a remark of the unit was too long for 汇总表 and shortened there (remark-truncated), or the review has a reminder about the unit (with its unit, value and previous or median) */
  accepted: { file: string; unit: string; warnings?: Issue[] }[];
  rejected: { file: string; unit: string | null; issues: Issue[] }[];
  missing: string[];
  totals: { section: string; item: string; unit: string; value: number }[];
  /** with --previous: this period's totals against the earlier report (src/cli/previous.ts) */
  comparison?: ComparisonJson[];
  /** the review's reminders about the totals; those about a unit are in its `warnings` */
  review?: Issue[];
  summary?: string;
  coverage: Consolidation["coverage"];
  /** some unit is missing, rejected or held out */
  partial: boolean;
  duplicates: Consolidation["duplicates"];
}

/** The roster file: one unit a line, UTF-8 (BOM ok); blank lines and # comments ignored. */
function readRoster(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`无法读取名单文件“${path}”：${describeFsError(e)}。`);
  }
  const roster = parseRoster(text);
  if (roster.length === 0) throw new UsageError(`名单文件“${path}”是空的；请每行写一个应报送的单位。`);
  return roster;
}

export async function consolidateCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, {
    template: { type: "string" },
    unit: { type: "string" },
    output: { type: "string", short: "o" },
    roster: { type: "string" },
    date: { type: "string" },
    stage: { type: "string" },
    json: { type: "boolean" },
    force: { type: "boolean" },
    previous: { type: "string", multiple: true },
    summary: { type: "boolean" },
    keep: { type: "string", multiple: true },
  });
  if (flag(p, "help")) {
    io.stdout.write(CONSOLIDATE_USAGE);
    return EXIT.ok;
  }
  if (p.positionals.length === 0)
    throw new UsageError(
      "请给出要汇总的工作簿文件，例如：campaign-stats consolidate 县区/*.xlsx --template ganzhou-2022 --unit 赣州市市场监督管理局 -o 汇总.xlsx",
    );
  const template = resolveTemplate(
    requiredOption(
      p,
      "template",
      `请用 --template 指定本次汇总的统计表。可用的模板：${availableTemplates()}；也可以给出模板 JSON 文件的路径。`,
    ),
  );
  const unit = requiredOption(p, "unit", "请用 --unit 指定汇总表的填报单位，例如：--unit 赣州市市场监督管理局").trim();
  const output = requiredOption(p, "output", "请用 -o 指定输出的汇总表文件，例如：-o 汇总.xlsx");
  const rosterPath = stringOption(p, "roster");
  const roster = rosterPath === undefined ? undefined : readRoster(rosterPath);
  const dateText = stringOption(p, "date");
  let date = todayText();
  if (dateText !== undefined) {
    const d = parseReportDate(dateText);
    if (!d) throw new UsageError(`--date 的值“${dateText}”无法识别；请按“11月26日”填写。`);
    date = formatReportDate(d);
  }
  const stageText = stringOption(p, "stage");
  const stage = stageText === undefined ? undefined : parseStage(stageText);
  if (stageText !== undefined && !stage) throw new UsageError(`--stage 的值“${stageText}”无法识别；请写“中期”或“全面”。`);
  checkOutput(output, { force: flag(p, "force"), replaceable: "rollup" });
  const previous = readPreviousFiles((p.values.previous as string[] | undefined) ?? [], template);

  const notes: string[] = [];
  const inputs = expandInputs(p.positionals, (n) => notes.push(n)).filter((i) => {
    if (!samePath(i.path, output)) return true;
    // a previous roll-up is replaced; anything else a source file, which is only ever read
    if (workbookKind(i.path) !== "rollup")
      throw new UsageError(`输出文件“${output}”是要汇总的文件之一；收到的文件只读不改，请换一个输出文件名。`);
    notes.push(`提示：输出文件“${i.display}”也在输入文件中，已跳过。`);
    return false;
  });
  const keep = keptSources(p.values.keep, inputs);
  const { c: summed, unopenable } = await analyzeAndConsolidate(inputs, template, notes, {
    unit,
    date,
    ...(stage ? { stage } : {}),
    ...(roster ? { roster } : {}),
    ...(keep.length ? { keep } : {}),
  });

  // beyond the sum: the review's reminders join the units' findings; 对比 and 汇总说明 join the workbook
  const after = reviewRollup(template, summed, previous);
  const c = after.consolidation;
  const paragraph = renderSummary(after.facts);
  // 对比 and 汇总说明 only when asked for: a plain roll-up keeps its three sheets
  const beyond = previous.length > 0 || flag(p, "summary");

  // nothing to add up (a wildcard that matched nothing, every file rejected): a roll-up of nothing would
  // replace the previous good one, so none is written
  const written = c.accepted.length > 0;
  let cut: Finding[] = [];
  if (written) {
    const sheets = rollupSheets(template, c, ROLLUP_TEXT);
    writeOutput(output, await writeRollupWorkbook(template, c, { sheets, extraSheets: beyond ? extraRollupSheets(after, paragraph) : [] }));
    // remarks too long for one cell were shortened in 汇总表 (full text in 报送情况): say so per unit
    cut = sheets.warnings;
  }

  for (const n of notes) io.stderr.write(`${terminalText(n)}\n`);
  if (flag(p, "json")) {
    const json = jsonOf(template, c, cut);
    if (after.comparison) json.comparison = comparisonJson(after.comparison);
    if (previous.length) json.review = c.findings.filter((f) => familyOf(f) === "review").map(reviewIssue);
    if (written && beyond) json.summary = paragraph;
    for (const r of unopenable) json.rejected.push({ file: r.display, unit: null, issues: [unopenableIssue(r.unopenable ?? "无法打开")] });
    io.stdout.write(`${jsonText(json)}\n`);
  } else {
    io.stdout.write(
      `${terminalLines(
        textOf(
          template,
          c,
          unit,
          date,
          written ? output : undefined,
          unopenable.map((r) => r.unopenable ?? r.display),
          cut,
        ),
      )}\n`,
    );
    if (after.comparison) io.stdout.write(`${terminalLines(["", ...comparisonLines(after.comparison)])}\n`);
    if (written && beyond) io.stdout.write(`${terminalLines(["", `另有工作表：${after.comparison ? "对比、" : ""}汇总说明`])}\n`);
    if (written && flag(p, "summary")) io.stdout.write(`${terminalLines(["", "汇总说明：", paragraph])}\n`);
  }
  if (!written) {
    const kept = existsSync(output) ? `原有的“${output}”保持不变` : `“${output}”未写入`;
    io.stderr.write(
      `${terminalText(`没有可汇总的文件，未生成汇总表（${kept}）。请核对文件名或通配符，并按上面列出的原因修改后重新汇总。`)}\n`,
    );
    return EXIT.inputProblems;
  }
  return c.rejected.length || c.missing.length || unopenable.length ? EXIT.inputProblems : EXIT.ok;
}

/** the file's modification time as a clerk reads it ("2026-11-21 09:30"), shown beside duplicate copies */
function fileTime(path: string): string | undefined {
  try {
    return fileTimeText(statSync(path).mtime);
  } catch {
    return undefined;
  }
}

function withModified<T extends { modified?: string }>(input: T, modified: string | undefined): T {
  return modified ? { ...input, modified } : input;
}

/** --keep <文件> (repeatable): the copy to adopt among a unit's differing copies, matched to the inputs as shown */
function keptSources(values: unknown, inputs: readonly InputArg[]): string[] {
  const wanted = Array.isArray(values) ? (values as string[]) : typeof values === "string" ? [values] : [];
  return wanted.map((k) => {
    const match = inputs.find((i) => i.display === k || samePath(i.path, k));
    if (!match) throw new UsageError(`--keep 指定的“${k}”不在要汇总的文件中；请写要采用的那份文件的名称（与汇总的文件写法相同）。`);
    return match.display;
  });
}

/**
 * Every input analysed (on all cores for large batches) and consolidated. A function of its own so that
 * the files' analyses are garbage once consolidated: only the consolidation and the unopenable files
 * are kept while the roll-up is written.
 */
async function analyzeAndConsolidate(
  inputs: readonly InputArg[],
  template: Template,
  notes: string[],
  options: Omit<ConsolidateOptions, "template" | "inputs">,
): Promise<{ c: Consolidation; unopenable: FileResult[] }> {
  const results = (await analyzeInputs(inputs, candidateTemplates(template), template)).filter((r) => {
    const m = r.analysis?.metadata;
    if (m?.kind === "rollup" && m.unit && unitKey(m.unit) === unitKey(options.unit)) {
      notes.push(`提示：“${r.display}”是之前生成的本单位（${m.unit}）汇总表，已跳过，以免重复计算。`);
      return false;
    }
    return true;
  });
  const unopenable = results.filter((r) => !r.analysis);
  const modified = new Map(inputs.map((i) => [i.display, fileTime(i.path)]));
  const received = results.filter((r) => r.analysis).map((r) => withModified(r.analysis!.input, modified.get(r.display)));
  const c = consolidate({ template, inputs: received, ...options });
  return { c, unopenable };
}

export function jsonOf(template: Template, c: Consolidation, cut: readonly Finding[] = []): ConsolidateJson {
  const totals: ConsolidateJson["totals"] = [];
  for (const s of template.sections) {
    for (const i of s.items) {
      const t = c.totals[i.id];
      if (t !== undefined) totals.push({ section: s.name, item: i.label, unit: i.unit, value: Number(t) });
    }
  }
  return {
    template: template.id,
    accepted: c.accepted.map((a) => {
      const mine = [
        ...cut.filter((f) => f.file === a.source).map(issueOf),
        ...a.warnings.filter((f) => familyOf(f) === "review").map(reviewIssue),
      ];
      return { file: a.source, unit: a.unit, ...(mine.length ? { warnings: mine } : {}) };
    }),
    rejected: c.rejected.map((r) => ({ file: r.source, unit: r.unit ?? null, issues: r.findings.map(issueOf) })),
    missing: [...c.missing],
    totals,
    coverage: { ...c.coverage },
    partial: c.partial,
    duplicates: c.duplicates.map((d) => ({
      ...d,
      copies: d.copies.map((x) => ({ ...x })),
      differences: d.differences.map((x) => ({ ...x, values: { ...x.values } })),
    })),
  };
}

function textOf(
  template: Template,
  c: Consolidation,
  unit: string,
  date: string,
  output: string | undefined,
  unopenable: string[],
  cut: readonly Finding[],
): string[] {
  const lines = [`《${template.title}》汇总：${unit}，填报日期 ${date}`, ""];
  lines.push(`已汇总 ${c.accepted.length} 个单位：`);
  for (const a of c.accepted) {
    const warnings = [...a.warnings, ...cut.filter((f) => f.file === a.source)];
    lines.push(`  ✓ ${a.unit}（${a.source}）${warnings.length ? `：${countText(warnings)}` : ""}`);
    lines.push(...findingLines(warnings, template, "      "));
  }
  const notCounted = c.rejected.length + unopenable.length;
  if (notCounted) {
    lines.push("", `未汇总 ${notCounted} 个文件：`);
    for (const r of c.rejected) {
      const shown = rejectionFindings(r);
      lines.push(`  ✗ ${r.source}${r.unit ? `（${r.unit}）` : ""}：${rejectionText(r)}，${countText(r.findings)}`);
      lines.push(...findingLines(shown, template, "      "));
    }
    for (const m of unopenable) lines.push(`  ✗ ${m}`);
  }
  lines.push(...duplicateLines(c));
  if (c.missing.length) lines.push("", `未报送 ${c.missing.length} 个单位：${c.missing.join("、")}`);
  const extra = c.findings.filter((f) => f.code === "not-in-roster");
  if (extra.length) {
    lines.push("", "提醒：");
    lines.push(...findingLines(extra, template, "  ").slice(1));
  }
  const review = c.findings.filter((f) => familyOf(f) === "review");
  if (review.length) lines.push("", "核对提醒（合计）：", ...findingLines(review, template, "  "));
  if (output !== undefined) {
    const partial = c.partial || unopenable.length > 0;
    const notCounted = c.coverage.rejected + c.coverage.duplicate + unopenable.length;
    const what = partial
      ? `部分汇总（汇总 ${c.accepted.length} 个单位${notCounted ? `，未汇总 ${notCounted} 个` : ""}${c.missing.length ? `，未报送 ${c.missing.length} 个` : ""}）`
      : "汇总表";
    lines.push("", `${what}已写入：${output}（工作表：${ROLLUP_SHEETS.rollup}、${ROLLUP_SHEETS.detail}、${ROLLUP_SHEETS.status}）`);
    if (partial) lines.push("注意：这是部分汇总，汇总表下方的说明列出了未汇总和未报送的单位；上报前请核对。");
  }
  return lines;
}

/** units that sent several copies: identical ones counted once; differing ones with the items that differ */
function duplicateLines(c: Consolidation): string[] {
  if (c.duplicates.length === 0) return [];
  const lines = ["", `重复报送 ${c.duplicates.length} 个单位：`];
  for (const d of c.duplicates) {
    const copies = d.copies
      .map(
        (x) =>
          `${x.source}（${[x.date ? `填报日期 ${x.date}` : "", x.modified ? `文件时间 ${x.modified}` : ""].filter(Boolean).join("，")}）`,
      )
      .join("、");
    if (d.identical) {
      lines.push(`  ${d.unit}：${copies} 内容相同，只按一份汇总。`);
      continue;
    }
    const state = d.kept ? `已采用 ${d.kept}` : `内容不同，都暂不汇总；确认哪一份有效后用 --keep <文件> 选定`;
    lines.push(`  ${d.unit}：${copies}，${state}。不同之处：`);
    for (const x of d.differences) {
      const values = d.copies.map((copy) => `${copy.source} ${x.values[copy.source] ?? "（未填）"}`).join("，");
      lines.push(`      【${x.section}】${x.item}：${values}`);
    }
  }
  return lines;
}
