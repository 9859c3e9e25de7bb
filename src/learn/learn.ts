/**
 * Learning a template from a campaign attachment file (.docx or .xlsx), and the Chinese review text
 * shown before the template is saved. Pure: bytes in, template and messages out; the CLI and the task
 * pane do the file I/O.
 */
import type { Grid } from "../core/grid";
import { readDocxTables, type DocxReadFailure } from "../files/docx-read";
import { detectFormat, oleHasStream, readWorkbook, type WorkbookReadFailure } from "../files/xlsx-read";
import { ZipArchive } from "../files/zip";
import { itemKind, MAX_DECIMALS, type HeaderField, type Item, type Template } from "../templates/schema";
import { chineseNumber, inferTemplate, type InferOptions, type LearnProblem, type LearnWarning } from "./infer";

export type { LearnProblem, LearnWarning, InferOptions } from "./infer";

export interface LearnOptions {
  /** template id; default learned-<year>-<hash> */
  id?: string;
  /** campaign year; default the year in the title */
  year?: number;
  /** year used when neither `year` nor the title gives one */
  fallbackYear?: number;
}

export type LearnResult =
  | {
      ok: true;
      template: Template;
      warnings: LearnWarning[];
      format: "docx" | "xlsx";
      /** the sheet or table the template was learned from, e.g. Sheet1 or 表格1 */
      table: string;
    }
  | { ok: false; problems: LearnProblem[]; warnings: LearnWarning[] };

const fail = (problems: LearnProblem[], warnings: LearnWarning[] = []): LearnResult => ({ ok: false, problems, warnings });

function ext(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName.trim());
  return m ? m[1].toLowerCase() : "";
}

const SAVE_AS = "请在 Word 或 WPS 中打开后“另存为”.docx（或在 Excel/WPS 表格中“另存为”.xlsx）再导入";

/** Learns a template from an attachment's bytes. Never throws. */
export function learnFromAttachment(fileName: string, bytes: Uint8Array, options: LearnOptions = {}): LearnResult {
  const name = `“${fileName}”`;
  try {
    if (!bytes || bytes.length === 0) {
      return fail([{ code: "file-empty", message: `文件${name}是空的（0 字节），无法读取；请重新获取下发的附件。` }]);
    }
    switch (detectFormat(bytes)) {
      case "ole2":
        return fail([legacyProblem(fileName, bytes)]);
      case "html":
        return fail([{ code: "file-unsupported", message: `文件${name}是网页（HTML）格式，不是 Word 或 Excel 文件；${SAVE_AS}。` }]);
      case "text":
        return fail([{ code: "file-unsupported", message: `文件${name}是纯文本文件，不是 Word 或 Excel 文件；请选择统计表附件（.docx 或 .xlsx）。` }]);
      case "empty":
        return fail([{ code: "file-empty", message: `文件${name}是空的（0 字节），无法读取；请重新获取下发的附件。` }]);
      case "unknown":
        return fail([
          isPdf(bytes)
            ? { code: "file-unsupported", message: `文件${name}是 PDF，无法从中读取表格；请向下发单位索取 Word（.docx）或 Excel（.xlsx）版的附件。` }
            : { code: "file-unsupported", message: `文件${name}不是 Word（.docx）或 Excel（.xlsx）文件，无法读取；请确认选择的是统计表附件。` },
        ]);
      case "zip":
        break;
    }
    let zip: ZipArchive;
    try {
      zip = ZipArchive.open(bytes);
    } catch {
      return fail([corruptProblem(fileName)]);
    }
    const names = zip.entries.map((e) => e.name.toLowerCase());
    const isDocx = names.some((n) => n.startsWith("word/"));
    const isXlsx = names.some((n) => n.startsWith("xl/"));
    if (isDocx) return learnFromGrids(fileName, "docx", docxGrids(fileName, bytes), options);
    if (isXlsx) return learnFromGrids(fileName, "xlsx", xlsxGrids(fileName, bytes), options);
    if (names.includes("mimetype") || names.includes("content.xml")) {
      return fail([{ code: "file-unsupported", message: `文件${name}是 OpenDocument 格式（.odt/.ods），无法读取；${SAVE_AS}。` }]);
    }
    if (names.some((n) => n.startsWith("ppt/"))) {
      return fail([{ code: "file-unsupported", message: `文件${name}是 PowerPoint 演示文稿，不是统计表附件；请选择 Word（.docx）或 Excel（.xlsx）文件。` }]);
    }
    return fail([{ code: "file-unsupported", message: `文件${name}是压缩包，不是 Word（.docx）或 Excel（.xlsx）文件；请解压后选择其中的统计表附件。` }]);
  } catch {
    // a bug must not take the caller down: report it as an unreadable file
    return fail([corruptProblem(fileName)]);
  }
}

function isPdf(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46;
}

function legacyProblem(fileName: string, bytes: Uint8Array): LearnProblem {
  const name = `“${fileName}”`;
  if (oleHasStream(bytes, "EncryptedPackage")) {
    return { code: "file-encrypted", message: `文件${name}设置了打开密码，无法读取；请取消密码后重新导入。` };
  }
  const word = oleHasStream(bytes, "WordDocument") || (!oleHasStream(bytes, "Workbook") && !oleHasStream(bytes, "Book") && ext(fileName) === "doc");
  const excel = !word && (oleHasStream(bytes, "Workbook") || oleHasStream(bytes, "Book") || ext(fileName) === "xls");
  if (word) {
    return { code: "file-legacy", message: `文件${name}是旧版 Word 文档（.doc），无法直接读取；请在 Word 或 WPS 中打开后“另存为”.docx 再导入。` };
  }
  if (excel) {
    return { code: "file-legacy", message: `文件${name}是旧版 Excel 工作簿（.xls），无法直接读取；请在 Excel 或 WPS 表格中打开后“另存为”.xlsx 再导入。` };
  }
  return { code: "file-legacy", message: `文件${name}是旧版 Office 格式（.doc/.xls），无法直接读取；${SAVE_AS}。` };
}

/** the reader's detail ("zip too short", "word/document.xml is missing") is English: never in the message */
function corruptProblem(fileName: string): LearnProblem {
  return { code: "file-corrupt", message: `文件“${fileName}”已损坏或不完整，无法读取；请重新获取下发的附件。` };
}

function tooLarge(fileName: string, limit: number, part?: string): LearnProblem {
  return {
    code: "file-too-large",
    message: `文件“${fileName}”解压后超过 ${Math.round(limit / 1024 / 1024)} MB${part ? `（${part}）` : ""}，为安全起见拒绝读取；正常的统计表附件不会这么大，请核实来源。`,
  };
}

type Grids = { ok: true; grids: Grid[]; cellNames?: ((row: number, col: number) => string)[] } | { ok: false; problem: LearnProblem };

function docxGrids(fileName: string, bytes: Uint8Array): Grids {
  const r = readDocxTables(bytes);
  if (r.ok) {
    if (r.grids.length === 0) {
      return { ok: false, problem: { code: "no-table", message: `文件“${fileName}”中没有表格；统计表应是 Word 文档中的表格，请确认选择的是含统计表的附件。` } };
    }
    // A1 addresses mean nothing in a Word table: say 表格第 N 行
    const cellNames = r.tables.map((t) => (row: number) => (row < t.firstRow ? "表格上方" : row > t.lastRow ? "表格下方" : `表格第${row - t.firstRow + 1}行`));
    return { ok: true, grids: r.grids, cellNames };
  }
  return { ok: false, problem: failureProblem(fileName, r.failure) };
}

function xlsxGrids(fileName: string, bytes: Uint8Array): Grids {
  const r = readWorkbook(bytes);
  if (r.ok) {
    const grids = r.workbook.sheets.filter((g) => g.rows.some((row) => row.some((v) => v !== null && v !== "")));
    if (grids.length === 0) {
      return { ok: false, problem: { code: "no-table", message: `文件“${fileName}”的工作表都是空的，没有统计表。` } };
    }
    return { ok: true, grids };
  }
  return { ok: false, problem: failureProblem(fileName, r.failure) };
}

function failureProblem(fileName: string, f: DocxReadFailure | WorkbookReadFailure): LearnProblem {
  const name = `“${fileName}”`;
  switch (f.kind) {
    case "empty":
      return { code: "file-empty", message: `文件${name}是空的（0 字节），无法读取；请重新获取下发的附件。` };
    case "legacy-doc":
    case "legacy-xls":
      return { code: "file-legacy", message: `文件${name}是旧版 Office 格式（.doc/.xls），无法直接读取；${SAVE_AS}。` };
    case "encrypted":
      return { code: "file-encrypted", message: `文件${name}设置了打开密码，无法读取；请取消密码后重新导入。` };
    case "html-or-text":
      return { code: "file-unsupported", message: `文件${name}是网页或文本格式，不是 Word 或 Excel 文件；${SAVE_AS}。` };
    case "too-large":
      return tooLarge(fileName, f.limit, f.part);
    case "no-sheets":
      return { code: "no-table", message: `文件${name}中没有工作表，没有统计表。` };
    case "not-zip":
    case "not-docx":
      return { code: "file-unsupported", message: `文件${name}不是 Word（.docx）或 Excel（.xlsx）文件，无法读取；请确认选择的是统计表附件。` };
    case "corrupt":
      return corruptProblem(fileName);
  }
}

function learnFromGrids(fileName: string, format: "docx" | "xlsx", grids: Grids, options: LearnOptions): LearnResult {
  if (!grids.ok) return fail([grids.problem]);
  const many = grids.grids.length > 1;
  const where = (g: Grid) => (!many ? "" : format === "docx" ? `（${g.sheetName}）` : `（工作表“${g.sheetName}”）`);
  const tried = grids.grids.map((grid, k) => {
    const source = `${fileName}${many ? `（${format === "docx" ? grid.sheetName : `工作表“${grid.sheetName}”`}）` : ""}`;
    const cellName = grids.cellNames?.[k];
    return { grid, result: inferTemplate(grid, { ...options, source, ...(cellName ? { cellName } : {}) }) };
  });
  const ok = tried
    .filter((t) => t.result.template)
    .sort(
      (a, b) =>
        Number(!!a.grid.hidden) - Number(!!b.grid.hidden) ||
        count(b.result.template!) - count(a.result.template!) ||
        a.result.warnings.length - b.result.warnings.length,
    );
  if (ok.length > 0) {
    const best = ok[0];
    const warnings = [...best.result.warnings];
    if (ok.length > 1) {
      warnings.push({
        code: "several-tables",
        message: `文件中有 ${ok.length} 个表格像统计表（${ok.map((t) => `“${t.grid.sheetName}”`).join("、")}），已使用“${best.grid.sheetName}”（${count(best.result.template!)} 个项目）；如不对，请只保留要导入的表格后重新导入。`,
      });
    }
    return { ok: true, template: best.result.template!, warnings, format, table: best.grid.sheetName };
  }
  // no table worked: report the one that got furthest (past the 项目 · 数量 header if any did)
  const rank = (codes: string[]) => (codes.includes("no-header-row") ? 0 : 1);
  const furthest = [...tried].sort((a, b) => rank(b.result.problems.map((p) => p.code)) - rank(a.result.problems.map((p) => p.code)))[0];
  const problems = furthest.result.problems.map((p) => ({
    ...p,
    message: `文件“${fileName}”${where(furthest.grid)}：${p.message}`,
  }));
  return fail(problems, furthest.result.warnings);
}

function count(t: Template): number {
  return t.sections.reduce((n, s) => n + s.items.length, 0);
}

// ---------------------------------------------------------------------------------------------
// Review text

const HEADER_NAMES: Record<HeaderField, string> = { unit: "填报单位", date: "填报日期", stage: "报告阶段", contact: "联系人", phone: "联系电话" };

function kindText(item: Item): string {
  return itemKind(item) === "decimal" ? `小数（最多 ${MAX_DECIMALS} 位）` : "整数";
}

/**
 * The learned template in plain Chinese for a person to check before saving it: sections, items with
 * their units and number kinds, groups, the rules, the footnote, and every warning.
 */
export function renderTemplateReview(template: Template, warnings: readonly LearnWarning[] = []): string {
  const lines: string[] = [];
  const itemCount = count(template);
  const labelOf = new Map<string, string>();
  for (const s of template.sections) for (const i of s.items) labelOf.set(i.id, `${i.label}（${i.unit}）`);

  lines.push(`模板：${template.title}`);
  lines.push(`编号：${template.id}　年度：${template.year}　版本：${template.version}`);
  if (template.source) lines.push(`来源：${template.source}`);
  lines.push(`表头：${template.header.map((h) => HEADER_NAMES[h]).join("、")}`);
  lines.push(`共 ${template.sections.length} 个部门、${itemCount} 个项目、${template.rules.length} 条校验规则。`);
  lines.push("");
  template.sections.forEach((s, si) => {
    lines.push(`${chineseNumber(si + 1)}、${s.name}（${s.items.length} 项）`);
    let group: string | undefined;
    s.items.forEach((i, ii) => {
      if (i.group && i.group !== group) lines.push(`    【${i.group}】`);
      group = i.group;
      const notes = [kindText(i), ...(i.inLabelCell ? ["原表写在部门格内"] : [])];
      lines.push(`  ${i.group ? "  " : ""}${ii + 1}. ${i.label}（${i.unit}）：${notes.join("，")}`);
    });
  });
  lines.push("");
  if (template.rules.length === 0) {
    lines.push("校验规则：无");
  } else {
    lines.push("校验规则：");
    template.rules.forEach((r, k) => {
      if (r.kind === "partition") {
        lines.push(`  ${k + 1}. 分类合计：${r.parts.map((p) => labelOf.get(p) ?? p).join(" + ")} = ${labelOf.get(r.total) ?? r.total}`);
      } else {
        lines.push(`  ${k + 1}. 不超过：${labelOf.get(r.item) ?? r.item} ≤ ${labelOf.get(r.limit) ?? r.limit}`);
      }
    });
  }
  if (template.footnote) {
    lines.push("");
    lines.push(`脚注：${template.footnote}`);
  }
  lines.push("");
  if (warnings.length === 0) {
    lines.push("未发现需要核对的地方。");
  } else {
    lines.push(`请核对以下 ${warnings.length} 处：`);
    warnings.forEach((w, k) => lines.push(`  ${k + 1}. ${w.message}`));
  }
  return lines.join("\n") + "\n";
}
