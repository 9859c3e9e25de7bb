/** campaign-stats validate <file>… — check received (or one's own) statistics tables. */
import { flag, parseCommandArgs, stringOption } from "../args";
import { EXIT, UsageError } from "../errors";
import { expandInputs } from "../files";
import type { CliIo } from "../io";
import { analyzeInputs, countText, findingLines, isValid, issueOf, unopenableIssue, type FileResult, type Issue } from "../report";
import { candidateTemplates, resolveTemplate } from "../template-arg";
import { allFindings, verdictOf } from "../../core/verdict";
import { verdictText } from "../../messages/zh-CN";
import { jsonText, terminalLines, terminalText } from "../terminal";

export const VALIDATE_USAGE = `用法：campaign-stats validate <文件>… [--template <模板>] [--json]

检查一个或多个统计表工作簿（.xlsx）：逐项列出未填、非数字、负数、分类合计不符等问题，按部门分组。
不指定 --template 时自动识别是哪一张统计表。文件名可以用通配符，如 县区/*.xlsx。文件只读不改。

选项：
  --template <模板>  内置模板的编号或模板 JSON 文件的路径
  --json            以 JSON 输出
  -h, --help        显示本说明

退出码：0 全部通过；1 有文件未通过或无法读取；2 用法错误。
`;

export interface ValidateJson {
  files: { file: string; template: string | null; unit: string | null; valid: boolean; issues: Issue[] }[];
}

export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { template: { type: "string" }, json: { type: "boolean" } });
  if (flag(p, "help")) {
    io.stdout.write(VALIDATE_USAGE);
    return EXIT.ok;
  }
  if (p.positionals.length === 0) throw new UsageError("请给出要检查的工作簿文件，例如：campaign-stats validate 章贡区.xlsx");
  const templateArg = stringOption(p, "template");
  const wanted = templateArg === undefined ? undefined : resolveTemplate(templateArg);
  const results = await analyzeInputs(
    expandInputs(p.positionals, (n) => io.stderr.write(`${terminalText(n)}\n`)),
    candidateTemplates(wanted),
    wanted,
  );
  const allValid = results.every((r) => r.analysis && isValid(r.analysis));

  if (flag(p, "json")) {
    const json: ValidateJson = { files: results.map(jsonOf) };
    io.stdout.write(`${jsonText(json)}\n`);
  } else {
    const lines: string[] = [];
    for (const r of results) lines.push(...textOf(r));
    const passed = results.filter((r) => r.analysis && isValid(r.analysis)).length;
    lines.push("", `共检查 ${results.length} 个文件：${passed} 个可以报送，${results.length - passed} 个需处理。`);
    io.stdout.write(`${terminalLines(lines)}\n`);
  }
  return allValid ? EXIT.ok : EXIT.inputProblems;
}

function jsonOf(r: FileResult): ValidateJson["files"][number] {
  if (!r.analysis)
    return { file: r.display, template: null, unit: null, valid: false, issues: [unopenableIssue(r.unopenable ?? "无法打开")] };
  const a = r.analysis;
  return {
    file: r.display,
    template: a.template?.id ?? null,
    unit: a.input.report?.unit ?? null,
    valid: isValid(a),
    issues: allFindings(a.input).map(issueOf),
  };
}

function textOf(r: FileResult): string[] {
  if (!r.analysis) return [`✗ ${r.display}：${verdictText({ verdict: "unreadable", errors: 1 })}`, `  错误：${r.unopenable}。`];
  const a = r.analysis;
  const findings = allFindings(a.input);
  const ok = isValid(a);
  const report = a.input.report;
  const parts: string[] = [];
  if (report) {
    parts.push(report.unit ?? "（未填写填报单位）");
    parts.push(`《${a.template!.title}》`);
  }
  // the pane's verdict words (可以报送 / 需修改 N 处 / 无法读取 / 非本模板), then the counts
  const verdict = verdictOf(a.input);
  parts.push(findings.length ? `${verdictText(verdict)}（${countText(findings)}）` : verdictText(verdict));
  return [`${ok ? "✓" : "✗"} ${r.display}：${parts.join(" · ")}`, ...findingLines(findings, a.template)];
}
