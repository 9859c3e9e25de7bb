/**
 * The Chinese of learning a template (codes in src/templates/learn-notes.ts): a short title per code and
 * the message the reviewer reads, saying what was assumed or what went wrong and what to do.
 */
import type { LearnProblem, LearnProblemCode, LearnSource, LearnWarning, LearnWarningCode } from "../templates/learn-notes";
import type { HeaderField } from "../templates/schema";

export const LEARN_WARNING_TITLES: Record<LearnWarningCode, string> = {
  "title-missing": "没有标题",
  "year-missing": "没有年份",
  "header-field-missing": "原表缺少表头字段",
  "item-without-unit": "项目没有计量单位",
  "unusual-unit": "计量单位不常见",
  "duplicate-item": "项目重复",
  "empty-section": "部门下没有项目",
  "items-without-section": "项目没有部门",
  "extra-text-in-row": "一行中有多段文字",
  "inline-group": "“其中”写在项目名称中",
  "partition-from-footnote": "分类合计按脚注推断",
  "partition-not-generated": "未生成分类合计规则",
  "partition-total-missing": "没有案件合计项目",
  "partition-unit-mismatch": "分类的计量单位不一致",
  "several-tables": "多个表格像统计表",
};

export const LEARN_PROBLEM_TITLES: Record<LearnProblemCode, string> = {
  "file-empty": "空文件",
  "file-unsupported": "不是 Word 或 Excel 文件",
  "file-legacy": "旧版 Office 格式",
  "file-encrypted": "文件有密码保护",
  "file-corrupt": "文件已损坏",
  "file-too-large": "文件过大",
  "no-table": "没有表格",
  "no-header-row": "没有表头行",
  "no-items": "没有统计项目",
  "invalid-id": "模板编号无效",
  "invalid-year": "年度无效",
  "invalid-template": "模板未通过校验",
};

export const HEADER_FIELD_NAMES: Record<HeaderField, string> = {
  unit: "填报单位",
  date: "填报日期",
  stage: "报告阶段",
  contact: "联系人",
  phone: "联系电话",
};

const SAVE_AS = "请在 Word 或 WPS 中打开后“另存为”.docx（或在 Excel/WPS 表格中“另存为”.xlsx）再导入";

function q(text: string): string {
  return `“${text}”`;
}

type Variants<K extends string> = Record<K, (file: string) => string>;

const UNSUPPORTED: Variants<Extract<LearnProblem, { code: "file-unsupported" }>["detected"]> = {
  html: (f) => `${f}是网页（HTML）格式，不是 Word 或 Excel 文件；${SAVE_AS}。`,
  text: (f) => `${f}是纯文本文件，不是 Word 或 Excel 文件；请选择统计表附件（.docx 或 .xlsx）。`,
  "html-or-text": (f) => `${f}是网页或文本格式，不是 Word 或 Excel 文件；${SAVE_AS}。`,
  pdf: (f) => `${f}是 PDF，无法从中读取表格；请向下发单位索取 Word（.docx）或 Excel（.xlsx）版的附件。`,
  odf: (f) => `${f}是 OpenDocument 格式（.odt/.ods），无法读取；${SAVE_AS}。`,
  pptx: (f) => `${f}是 PowerPoint 演示文稿，不是统计表附件；请选择 Word（.docx）或 Excel（.xlsx）文件。`,
  zip: (f) => `${f}是压缩包，不是 Word（.docx）或 Excel（.xlsx）文件；请解压后选择其中的统计表附件。`,
  other: (f) => `${f}不是 Word（.docx）或 Excel（.xlsx）文件，无法读取；请确认选择的是统计表附件。`,
};

const LEGACY: Variants<Extract<LearnProblem, { code: "file-legacy" }>["format"]> = {
  doc: (f) => `${f}是旧版 Word 文档（.doc），无法直接读取；请在 Word 或 WPS 中打开后“另存为”.docx 再导入。`,
  xls: (f) => `${f}是旧版 Excel 工作簿（.xls），无法直接读取；请在 Excel 或 WPS 表格中打开后“另存为”.xlsx 再导入。`,
  office: (f) => `${f}是旧版 Office 格式（.doc/.xls），无法直接读取；${SAVE_AS}。`,
};

const NO_TABLE: Variants<Extract<LearnProblem, { code: "no-table" }>["reason"]> = {
  docx: (f) => `${f}中没有表格；统计表应是 Word 文档中的表格，请确认选择的是含统计表的附件。`,
  "sheets-empty": (f) => `${f}的工作表都是空的，没有统计表。`,
  "no-sheets": (f) => `${f}中没有工作表，没有统计表。`,
};

/** what the reviewer reads about a warning */
export function learnWarningText(w: LearnWarning): string {
  switch (w.code) {
    case "title-missing":
      return `没有找到标题（含“统计表”的一行），已暂定为${q(w.title)}；请在模板中修改。`;
    case "year-missing":
      return `标题中没有年份，已按 ${w.year} 年处理；如不对，请用“--year”或在模板中修改“年度”。`;
    case "header-field-missing": {
      const name = HEADER_FIELD_NAMES[w.field];
      return `原表没有${q(name)}，模板仍要求填写${name}。`;
    }
    case "item-without-unit":
      return `${w.cell}${q(w.text)}没有标明计量单位（如“（件）”），未作为统计项目；如它是统计项目，请在原表中补上单位后重新导入。`;
    case "unusual-unit":
      return `${w.cell}${q(w.label)}的计量单位${q(w.unit)}不常见，请核对是否识别正确。`;
    case "duplicate-item":
      return `${w.cell}${q(`${w.label}（${w.unit}）`)}在${q(w.section)}中出现了两次，只保留第一次。`;
    case "empty-section":
      return `${w.cell}${q(w.section)}下面没有统计项目，已忽略。`;
    case "items-without-section":
      return `${w.cell} 起的项目前面没有部门名称，已归入“未注明部门”；请在原表中补上部门后重新导入，或导入后修改部门名称。`;
    case "extra-text-in-row":
      return `${w.cell} 所在行的项目名称前有多段文字（${w.texts.map(q).join("、")}），已把第一段当作分组、最后一段当作项目；请核对。`;
    case "inline-group":
      return `${w.cell}${q(w.text)}以“其中”开头，已把它归入“其中”分组；其后各行是否也属于“其中”，请核对。`;
    case "partition-from-footnote":
      return `按脚注“不重复计算”推断：${w.parts.join(" + ")} = ${w.total}；如分类不对，请在模板中修改规则。`;
    case "partition-not-generated":
      return `未找到“不重复计算”的脚注，未生成分类合计规则（${q(w.section)}的各类案件之和不会与${w.total}核对）。`;
    case "partition-total-missing":
      return w.group !== undefined
        ? `${q(w.section ?? "")}有${q(w.group)}分组，但没有找到“查处网络违法案件”合计项目，未生成分类合计规则。`
        : `脚注提到“不重复计算”，但表中没有“查处网络违法案件”合计项目，未生成分类合计规则。`;
    case "partition-unit-mismatch":
      return `${q(w.group)}中有项目的计量单位不是${q(w.unit)}，与${q(w.total)}不能相加，未生成分类合计规则；请核对。`;
    case "several-tables":
      return `文件中有 ${w.tables.length} 个表格像统计表（${w.tables.map(q).join("、")}），已使用${q(w.chosen)}（${w.items} 个项目）；如不对，请只保留要导入的表格后重新导入。`;
  }
}

/** 文件“附件.xlsx”（工作表“Sheet2”）： in front of a problem of one table of a file */
function sourcePrefix(s: LearnSource | undefined): string {
  if (!s) return "";
  const table = s.table === undefined ? "" : s.format === "docx" ? `（${s.table}）` : `（工作表${q(s.table)}）`;
  return `文件${q(s.file)}${table}：`;
}

/** what the user reads about why no template could be learned */
export function learnProblemText(p: LearnProblem): string {
  return sourcePrefix(p.source) + problemText(p);
}

function problemText(p: LearnProblem): string {
  switch (p.code) {
    case "file-empty":
      return `文件${q(p.file)}是空的（0 字节），无法读取；请重新获取下发的附件。`;
    case "file-unsupported":
      return UNSUPPORTED[p.detected](`文件${q(p.file)}`);
    case "file-legacy":
      return LEGACY[p.format](`文件${q(p.file)}`);
    case "file-encrypted":
      return `文件${q(p.file)}设置了打开密码，无法读取；请取消密码后重新导入。`;
    case "file-corrupt":
      return `文件${q(p.file)}已损坏或不完整，无法读取；请重新获取下发的附件。`;
    case "file-too-large":
      return `文件${q(p.file)}解压后超过 ${p.limitMiB} MB${p.part ? `（${p.part}）` : ""}，为安全起见拒绝读取；正常的统计表附件不会这么大，请核实来源。`;
    case "no-table":
      return NO_TABLE[p.reason](`文件${q(p.file)}`);
    case "no-header-row":
      return p.itemHeader
        ? `找到了“项目”（${p.itemHeader}），但同一行没有“数量”列：统计表的表头应为“项目 · 数量 · 备注”。`
        : `没有找到“项目 · 数量 · 备注”表头行，这不像专项行动情况统计表。`;
    case "no-items":
      return `表头（${p.header}“数量”）下面没有找到带计量单位的统计项目，如“清理网上违法有害信息（条）”。`;
    case "invalid-id":
      return `模板编号${q(p.id)}无效：只能由小写英文字母、数字和连字符（-）组成，且不能以连字符开头。`;
    case "invalid-year":
      return `年度${q(String(p.year))}无效：应为 2000 至 2100 之间的四位年份。`;
    case "invalid-template":
      return `推断出的模板未通过校验：${p.issues}`;
  }
}

/** a message with its place when it does not name it already: …（位置：B7） */
export function withPlace(text: string, cell: string | undefined): string {
  return cell && !text.includes(cell) ? `${text}（位置：${cell}）` : text;
}
