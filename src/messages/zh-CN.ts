import type { Rejection } from "../core/consolidate";
import type { Finding, FindingCode } from "../core/findings";
import type { RollupText } from "../core/rollup-layout";
import { rejectionVerdict, type Verdict } from "../core/verdict";

/** Short titles, e.g. for grouping in the task pane. */
export const TITLES: Record<FindingCode, string> = {
  "blank-value": "未填写",
  "not-a-number": "不是数字",
  "negative-value": "负数",
  "fraction-in-count": "整数项目填了小数",
  "too-many-decimals": "小数位数过多",
  "number-as-text": "文本格式的数字",
  "formula-error": "公式错误",
  "item-missing": "缺少项目",
  "duplicate-item": "项目重复",
  "partition-mismatch": "分类合计不等于案件总数",
  "at-most-exceeded": "超过上限",
  "not-applicable-has-values": "不适用的部门填了数字",
  "section-blank": "整个部门未填写",
  "missing-unit": "缺少填报单位",
  "missing-date": "缺少填报日期",
  "invalid-date": "填报日期无法识别",
  "invalid-stage": "报告阶段无法识别",
  "file-empty": "空文件",
  "file-not-xlsx": "不是 Excel 工作簿",
  "file-legacy-xls": "旧版 .xls 格式",
  "file-encrypted": "工作簿有密码保护",
  "file-corrupt": "文件已损坏",
  "file-too-large": "文件过大",
  "file-has-macros": "含宏的工作簿",
  "not-a-statistics-table": "不是统计表",
  "template-mismatch": "统计表版本不符",
  "several-tables": "多个工作表像统计表",
  "duplicate-unit": "重复报送",
  "missing-from-roster": "未报送",
  "not-in-roster": "不在报送名单中",
  "remark-truncated": "备注过长已截断",
  "file-template-too-large": "内嵌模板过大",
  "review-cumulative-decrease": "累计数小于中期",
  "review-peer-outlier": "明显高于其他单位",
  "review-total-change": "合计变化较大",
  "file-sheet-skipped": "工作表无法读取，已跳过",
  "duplicate-identical": "重复报送（内容相同）",
  "duplicate-chosen": "重复报送（已选定）",
  "duplicate-not-chosen": "重复报送（未采用）",
};

export const SEVERITY_LABEL = { error: "错误", warning: "提醒" } as const;

function where(f: Finding): string {
  const parts: string[] = [];
  if (f.section) parts.push(f.section);
  if (f.item) parts.push(f.item);
  const label = parts.join(" · ");
  return f.cell ? `${label}（${f.cell}）` : label;
}

function q(v: string | undefined): string {
  return `“${v ?? ""}”`;
}

/** "（C5、C6）" for a few cells, "（C5 至 C19）" for many */
function cellSpan(cells: readonly string[] | undefined): string {
  if (!cells?.length) return "";
  return cells.length <= 3 ? `（${cells.join("、")}）` : `（${cells[0]} 至 ${cells[cells.length - 1]}）`;
}

/** The message a user reads: what is wrong, where, and what to do. */
export function renderMessage(f: Finding): string {
  const at = where(f);
  switch (f.code) {
    case "blank-value":
      return `${at}未填写；无数据请填 0。`;
    case "not-a-number":
      return `${at}填写的${q(f.value)}不是数字；请填写具体数量（如 12），无数据请填 0，说明写在备注中。`;
    case "negative-value":
      return `${at}为负数（${f.value}）；数量不能小于 0，请核对。`;
    case "fraction-in-count":
      return `${at}填写了小数 ${f.value}，该项目按整数计量；请填写整数。`;
    case "too-many-decimals":
      return `${at}的 ${f.value} 小数位数过多；最多保留 ${f.maxDecimals} 位小数。`;
    case "number-as-text":
      return `${at}的${q(f.value)}是文本，已按数字 ${f.readAs} 读取；建议改为数值格式。`;
    case "formula-error":
      return `${at}的公式结果是错误值 ${f.value}；请修正公式或直接填写数字。`;
    case "item-missing":
      return `表中找不到项目“${f.item}”（${f.section}）；请使用下发的统计表，不要删除或改写项目名称。`;
    case "duplicate-item":
      return `${at}在表中出现了两次（另见 ${f.otherCell}）；请删除重复的行，只保留一行。`;
    case "partition-mismatch": {
      const diff = f.difference.startsWith("-") ? `少 ${f.difference.slice(1)}` : `多 ${f.difference}`;
      return `${at}：各分类数量之和为 ${f.actual}，与总数 ${f.expected} 不一致（分类合计${diff}）。每起案件只按最主要的违法问题计入一类（不重复计算），请核对各分类数量，同时违反多项规定的在备注中说明。`;
    }
    case "at-most-exceeded":
      return `${at}为 ${f.actual}，超过了“${f.limitItem}”的 ${f.limit}；请核对。`;
    case "not-applicable-has-values":
      return `${at}：该部门已标注“不适用”，但填写了 ${f.value}；如本地有此部门请删除“不适用”标注，否则请清空数字。`;
    case "section-blank":
      return `${f.section}的 ${f.count} 个项目均未填写${cellSpan(f.cells)}；请填写数量，无数据请填 0；本地没有该部门的，请在该部门第一项的备注中填写“不适用”。`;
    case "missing-unit":
      return `未填写填报单位${f.cell ? `（${f.cell}）` : ""}；请填写单位全称。`;
    case "missing-date":
      return `未填写填报日期${f.cell ? `（${f.cell}）` : ""}；请填写月、日。`;
    case "invalid-date":
      return `填报日期${q(f.value)}无法识别${f.cell ? `（${f.cell}）` : ""}；请按“11月20日”填写。`;
    case "invalid-stage":
      return `报告阶段${q(f.value)}无法识别${f.cell ? `（${f.cell}）` : ""}；请填写“中期”或“全面”。`;
    case "file-empty":
      return `文件是空的（0 字节）；请对方重新发送。`;
    case "file-not-xlsx":
      switch (f.detected) {
        case "html":
          return `这是网页（HTML）文件而非 Excel 工作簿；请在 Excel 或 WPS 中打开后“另存为”.xlsx 再提交。`;
        case "text":
          return `这是文本/CSV 文件而非 Excel 工作簿；请在 Excel 或 WPS 中打开后“另存为”.xlsx 再提交。`;
        case "xlsb":
          return `这是 Excel 二进制工作簿（.xlsb），本工具不读取；请在 Excel 中打开后“另存为”.xlsx 再提交。`;
        case "ods":
          return `这是 OpenDocument 表格（.ods）而非 Excel 工作簿；请在 WPS 或 Excel 中打开后“另存为”.xlsx 再提交。`;
        case "docx":
          return `这是 Word 文档（.docx）而非 Excel 工作簿；请对方在下发的 Excel 统计表中填写后以 .xlsx 发送（只有 Word 版的，可将表格复制到 Excel 或 WPS 表格中，另存为 .xlsx）。`;
        case "pptx":
          return `这是 PowerPoint 演示文稿（.pptx）而非 Excel 工作簿；请对方发送填好的 .xlsx 统计表。`;
        case "doc":
          return `这是旧版 Word 文档（.doc）而非 Excel 工作簿；请在 Word 或 WPS 中打开后“另存为”.docx，或将表格复制到 Excel 中另存为 .xlsx 再提交。`;
        default:
          return `无法识别的文件格式，不是 .xlsx 工作簿；请对方以 .xlsx 格式重新发送。`;
      }
    case "file-legacy-xls":
      return f.wps
        ? `这是 WPS 表格自有的 .et 格式；请在 WPS 表格中“另存为” Excel 工作簿（.xlsx）再提交。`
        : `这是旧版 .xls 格式；请在 Excel 或 WPS 中打开后“另存为”.xlsx 再提交。`;
    case "file-encrypted":
      return `工作簿设置了打开密码，无法读取；请对方取消密码后重新发送。`;
    case "file-corrupt":
      // f.detail is the zip/XML reader's English: for the log, not for the user
      return "文件已损坏或不完整，无法读取；请对方重新发送。";
    case "file-too-large":
      return `文件解压后超过 ${f.limitMiB} MB${f.part ? `（${f.part}）` : ""}，为安全起见拒绝读取；正常的统计表不会这么大，请核实来源。`;
    case "file-has-macros":
      return `工作簿含有宏；本工具只读取数据，不会运行宏。`;
    case "not-a-statistics-table":
      if (f.looksLikeTable)
        return `这像是其他年度或其他地方的统计表，与现有模板都对不上（最接近的是${f.templateTitle ? `《${f.templateTitle}》` : "内置模板"}，只识别出 ${f.found} / ${f.expected} 个项目）。如确要汇总这种表，请先导入该年度方案的统计表附件：加载项或网页版中点“导入新模板”；命令行用 campaign-stats learn <附件> -o <模板.json> 学出模板，再以 --template <模板.json> 检查和汇总。`;
      return `没有找到统计表：只识别出 ${f.found} / ${f.expected} 个项目${f.templateTitle ? `（按《${f.templateTitle}》）` : ""}；请确认对方提交的是专项行动情况统计表。`;
    case "template-mismatch":
      return `这是《${f.detectedTemplate}》，而不是本次汇总的《${f.expectedTemplate}》；请对方使用本次下发的统计表。`;
    case "several-tables":
      return `有多个工作表像统计表（${f.sheets.join("、")}），已读取“${f.sheets[0]}”；如不对，请只保留一个。`;
    case "duplicate-unit":
      return `“${f.unit}”报送了不止一份（另见 ${f.otherFiles.join("、")}），这几份都暂不汇总；请确认哪一份有效后只保留一份。`;
    case "missing-from-roster":
      return `“${f.unit}”未报送。`;
    case "not-in-roster":
      return `“${f.unit}”不在报送名单中，已照常汇总；如有误请核对名单。`;
    case "remark-truncated":
      return `“${f.unit}”${at ? `${at}的` : "的"}备注共 ${f.length} 字，超过 Excel 单元格上限（${f.limit} 字），汇总表${f.rollupCell ? ` ${f.rollupCell} ` : ""}中只保留了开头部分；全文分段列在“报送情况”表末尾，原表未作改动。`;
    case "file-template-too-large":
      return `工作簿隐藏的模板信息超出限制：${f.problem}。为安全起见不读取此文件，请对方使用下发的统计表重新填写后发送。`;
    case "review-cumulative-decrease":
      return `${at}：“${f.unit}”全面总结填报 ${f.value}，少于其中期报告的 ${f.previous}（${f.previousFile}）；全面总结是累计数，不应少于中期，请与该单位核实是否漏报或填错。`;
    case "review-peer-outlier":
      return `${at}：“${f.unit}”填报 ${f.value}，超过其他 ${f.peers} 个单位中位数（${f.median}）的 ${f.factor} 倍；请与该单位核实是否多填、单位换算错误或重复计算。`;
    case "review-total-change":
      return `${at}合计 ${f.value}，${f.basis}为 ${f.previous}（${f.previousFile}），${f.changePercent.startsWith("-") ? "减少" : "增加"} ${f.changePercent.replace(/^-/, "")}%；变化较大，请核对各单位数字后再上报。`;
    case "file-sheet-skipped":
      return `工作表${q(f.sheet)}在文件中${f.reason === "part-missing" ? "缺少内容" : "没有对应的数据（可能是旧式宏表）"}，已跳过，其余工作表照常读取；如统计表就在该工作表中，请对方重新保存后发送。`;
    case "duplicate-identical":
      return `“${f.unit}”报送了内容相同的几份（另见 ${f.otherFiles.join("、")}），只按一份汇总。`;
    case "duplicate-chosen":
      return `“${f.unit}”报送了内容不同的几份，已采用 ${f.file ?? "这一份"}（另一份 ${f.otherFiles.join("、")} 未采用）。`;
    case "duplicate-not-chosen":
      return `“${f.unit}”报送了内容不同的几份，已采用 ${f.chosenFile}，这一份未采用。`;
  }
}

/** the verdict of one file, in the words the pane, the web page and the CLI share */
export function verdictText(v: { verdict: Verdict; errors: number }): string {
  switch (v.verdict) {
    case "ok":
      return "可以报送";
    case "needs-fix":
      return `需修改 ${v.errors} 处`;
    case "unreadable":
      return "无法读取";
    case "duplicate":
      return "重复报送";
    case "other-template":
      return "非本模板";
  }
}

/** why the roll-up left a file out, in the verdict words (需修改 2 处, 无法读取, 非本模板, 重复报送) */
export function rejectionText(r: Rejection): string {
  return verdictText(rejectionVerdict(r));
}

/** "错误 2 条，提醒 1 条", or 没有问题 */
export function severityCountText(counts: { errors: number; warnings: number }): string {
  const parts = [...(counts.errors ? [`错误 ${counts.errors} 条`] : []), ...(counts.warnings ? [`提醒 ${counts.warnings} 条`] : [])];
  return parts.join("，") || "没有问题";
}

/** what the core's roll-up sheets take from the messages (src/core/rollup-layout.ts) */
export const ROLLUP_TEXT: RollupText = {
  message: renderMessage,
  rejection: rejectionText,
  severity: (s) => SEVERITY_LABEL[s],
};
