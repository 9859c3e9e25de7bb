/**
 * Learning a template from a campaign attachment file (.docx or .xlsx), and the Chinese review text
 * shown before the template is saved. Pure: bytes in, template and messages out; the CLI and the task
 * pane do the file I/O.
 */
import type { Grid } from "../core/grid";
import { readDocxTables, type DocxReadFailure } from "../files/docx-read";
import { detectFormat, oleHasStream, readWorkbook, type WorkbookReadFailure } from "../files/xlsx-read";
import { ZipArchive } from "../files/zip";
import { itemKind, MAX_DECIMALS, type Item, type Template } from "../templates/schema";
import { chineseNumber, inferTemplate, type LearnProblem, type LearnWarning } from "./infer";
import { HEADER_FIELD_NAMES, learnWarningText } from "../messages/learn-zh-CN";
import { ruleLine } from "../messages/rules-zh-CN";

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

/** Learns a template from an attachment's bytes. Never throws. */
export function learnFromAttachment(fileName: string, bytes: Uint8Array, options: LearnOptions = {}): LearnResult {
  const file = fileName;
  const unsupported = (detected: Extract<LearnProblem, { code: "file-unsupported" }>["detected"]) =>
    fail([{ code: "file-unsupported", file, detected }]);
  try {
    if (!bytes || bytes.length === 0) return fail([{ code: "file-empty", file }]);
    switch (detectFormat(bytes)) {
      case "ole2":
        return fail([legacyProblem(fileName, bytes)]);
      case "html":
        return unsupported("html");
      case "text":
        return unsupported("text");
      case "empty":
        return fail([{ code: "file-empty", file }]);
      case "unknown":
        return unsupported(isPdf(bytes) ? "pdf" : "other");
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
    if (names.includes("mimetype") || names.includes("content.xml")) return unsupported("odf");
    if (names.some((n) => n.startsWith("ppt/"))) return unsupported("pptx");
    return unsupported("zip");
  } catch {
    // a bug must not take the caller down: report it as an unreadable file
    return fail([corruptProblem(fileName)]);
  }
}

function isPdf(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46;
}

function legacyProblem(file: string, bytes: Uint8Array): LearnProblem {
  if (oleHasStream(bytes, "EncryptedPackage")) return { code: "file-encrypted", file };
  const word =
    oleHasStream(bytes, "WordDocument") || (!oleHasStream(bytes, "Workbook") && !oleHasStream(bytes, "Book") && ext(file) === "doc");
  const excel = !word && (oleHasStream(bytes, "Workbook") || oleHasStream(bytes, "Book") || ext(file) === "xls");
  return { code: "file-legacy", file, format: word ? "doc" : excel ? "xls" : "office" };
}

/** the reader's detail ("zip too short", "word/document.xml is missing") is English: never in the message */
function corruptProblem(file: string): LearnProblem {
  return { code: "file-corrupt", file };
}

type Grids = { ok: true; grids: Grid[]; cellNames?: ((row: number, col: number) => string)[] } | { ok: false; problem: LearnProblem };

function docxGrids(fileName: string, bytes: Uint8Array): Grids {
  const r = readDocxTables(bytes);
  if (r.ok) {
    if (r.grids.length === 0) {
      return { ok: false, problem: { code: "no-table", file: fileName, reason: "docx" } };
    }
    // A1 addresses mean nothing in a Word table: say 表格第 N 行
    const cellNames = r.tables.map(
      (t) => (row: number) => (row < t.firstRow ? "表格上方" : row > t.lastRow ? "表格下方" : `表格第${row - t.firstRow + 1}行`),
    );
    return { ok: true, grids: r.grids, cellNames };
  }
  return { ok: false, problem: failureProblem(fileName, r.failure) };
}

function xlsxGrids(fileName: string, bytes: Uint8Array): Grids {
  const r = readWorkbook(bytes);
  if (r.ok) {
    const grids = r.workbook.sheets.filter((g) => g.rows.some((row) => row.some((v) => v !== null && v !== "")));
    if (grids.length === 0) {
      return { ok: false, problem: { code: "no-table", file: fileName, reason: "sheets-empty" } };
    }
    return { ok: true, grids };
  }
  return { ok: false, problem: failureProblem(fileName, r.failure) };
}

function failureProblem(file: string, f: DocxReadFailure | WorkbookReadFailure): LearnProblem {
  switch (f.kind) {
    case "empty":
      return { code: "file-empty", file };
    case "legacy-doc":
    case "legacy-xls":
      return { code: "file-legacy", file, format: "office" };
    case "encrypted":
      return { code: "file-encrypted", file };
    case "html-or-text":
      return { code: "file-unsupported", file, detected: "html-or-text" };
    case "too-large":
      return { code: "file-too-large", file, limitMiB: Math.round(f.limit / 1024 / 1024), ...(f.part ? { part: f.part } : {}) };
    case "no-sheets":
      return { code: "no-table", file, reason: "no-sheets" };
    case "not-zip":
    case "not-docx":
      return { code: "file-unsupported", file, detected: "other" };
    case "corrupt":
      return corruptProblem(file);
  }
}

function learnFromGrids(fileName: string, format: "docx" | "xlsx", grids: Grids, options: LearnOptions): LearnResult {
  if (!grids.ok) return fail([grids.problem]);
  const many = grids.grids.length > 1;
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
        tables: ok.map((t) => t.grid.sheetName),
        chosen: best.grid.sheetName,
        items: count(best.result.template!),
      });
    }
    return { ok: true, template: best.result.template!, warnings, format, table: best.grid.sheetName };
  }
  // no table worked: report the one that got furthest (past the 项目 · 数量 header if any did)
  const rank = (codes: string[]) => (codes.includes("no-header-row") ? 0 : 1);
  const furthest = [...tried].sort((a, b) => rank(b.result.problems.map((p) => p.code)) - rank(a.result.problems.map((p) => p.code)))[0];
  const source = { file: fileName, format, ...(many ? { table: furthest.grid.sheetName } : {}) };
  const problems = furthest.result.problems.map((p): LearnProblem => ({ ...p, source }));
  return fail(problems, furthest.result.warnings);
}

function count(t: Template): number {
  return t.sections.reduce((n, s) => n + s.items.length, 0);
}

// ---------------------------------------------------------------------------------------------
// Review text

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
  lines.push(`表头：${template.header.map((h) => HEADER_FIELD_NAMES[h]).join("、")}`);
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
    template.rules.forEach((r, k) => lines.push(`  ${k + 1}. ${ruleLine(r, (id) => labelOf.get(id) ?? id)}`));
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
    warnings.forEach((w, k) => lines.push(`  ${k + 1}. ${learnWarningText(w)}`));
  }
  return lines.join("\n") + "\n";
}
