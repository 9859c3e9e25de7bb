/**
 * Learning a template from a campaign's own attachment: a grid in the printed layout (title, 填报单位
 * line, 项目 · 数量 · 备注, the department column merged down, totals written inside the department
 * cell, 其中 column or 按主要违法行为问题分类 sub-header rows, the 注：… footnote) → a Template that reads,
 * validates and consolidates like the built-ins. Pure: no I/O.
 *
 * What is certain becomes template data; what is guessed is said in a warning for the reviewer.
 */
import { cellAt, toA1 as a1, type CellValue, type Grid } from "../core/grid";
import { cellLabelKey } from "../core/normalize";
import {
  DECIMAL_UNITS,
  TemplateSchema,
  type HeaderField,
  type Item,
  type Rule,
  type RuleKind,
  type RuleKindTable,
  type RuleOf,
  type Section,
  type Template,
} from "../templates/schema";
import type { LearnProblem, LearnWarning } from "../templates/learn-notes";
import { compact, isKnownUnit, parseDepartmentCell, splitLabelUnit, tidyLabel } from "./text";

export type { LearnProblem, LearnProblemCode, LearnWarning, LearnWarningCode } from "../templates/learn-notes";

export interface InferOptions {
  /** template id (lower-case letters, digits, hyphens); default learned-<year>-<hash> */
  id?: string;
  /** campaign year; default: the year in the title */
  year?: number;
  /** where the table came from, stored in the template */
  source?: string;
  /** year used when neither `year` nor the title gives one (default: the current year) */
  fallbackYear?: number;
  /** how a position is named in messages (default A1, e.g. B7; a Word table says 表格第 5 行) */
  cellName?: (row: number, col: number) => string;
}

export interface InferResult {
  template: Template | undefined;
  warnings: LearnWarning[];
  problems: LearnProblem[];
}

// ---------------------------------------------------------------------------------------------
// Grid access with merges resolved

interface Anchor {
  row: number;
  col: number;
  /** last row / column the cell covers */
  r2: number;
  c2: number;
  value: CellValue;
}

/**
 * A statistics table is small: only this corner of a sheet is looked at, which also bounds the work a
 * hostile sheet (a million rows, merges over whole columns) can cause.
 */
const MAX_ROWS = 5000;
const MAX_COLS = 100;

class MergedGrid {
  private readonly byCell = new Map<number, Anchor>();
  /** widest row, merges included (at most MAX_COLS) */
  readonly width: number;
  readonly rowCount: number;
  constructor(readonly grid: Grid) {
    this.rowCount = Math.min(grid.rows.length, MAX_ROWS);
    let w = 0;
    for (let r = 0; r < this.rowCount; r++) {
      const row = grid.rows[r];
      if (row && row.length > w) w = row.length;
    }
    for (const m of grid.merges) if (m.c2 + 1 > w && m.r1 < MAX_ROWS) w = m.c2 + 1;
    this.width = Math.min(w, MAX_COLS);
    for (const m of grid.merges) {
      if (m.r1 >= MAX_ROWS || m.c1 >= MAX_COLS) continue;
      const a: Anchor = { row: m.r1, col: m.c1, r2: m.r2, c2: m.c2, value: cellAt(grid, m.r1, m.c1) };
      const r2 = Math.min(m.r2, MAX_ROWS - 1);
      const c2 = Math.min(m.c2, MAX_COLS - 1);
      for (let r = m.r1; r <= r2; r++) {
        for (let c = m.c1; c <= c2; c++) this.byCell.set(r * 16384 + c, a);
      }
    }
  }
  /** the cell shown at (r, c): a merged cell shows its anchor */
  at(r: number, c: number): Anchor {
    return this.byCell.get(r * 16384 + c) ?? { row: r, col: c, r2: r, c2: c, value: cellAt(this.grid, r, c) };
  }
  /** the non-empty texts of row r, in column order, each once (merged cells by their anchor) */
  texts(r: number, from = 0, to = Infinity): { text: string; anchor: Anchor }[] {
    const out: { text: string; anchor: Anchor }[] = [];
    let last: Anchor | undefined;
    const end = Math.min(to, this.width - 1);
    for (let c = from; c <= end; c++) {
      const a = this.at(r, c);
      if (last && a.row === last.row && a.col === last.col) continue;
      last = a;
      const t = textOf(a.value);
      if (t) out.push({ text: t, anchor: a });
    }
    return out;
  }
}

function textOf(v: CellValue | undefined): string {
  if (typeof v === "string") return v.replace(/[\u200b\ufeff]/g, "").trim();
  return "";
}

function keyOf(v: CellValue | undefined): string {
  const t = textOf(v);
  return t ? cellLabelKey(t) : "";
}

const sameAnchor = (a: Anchor | undefined, b: Anchor | undefined) => !!a && !!b && a.row === b.row && a.col === b.col;

// ---------------------------------------------------------------------------------------------
// Recognisers

const ITEM_HEADERS = new Set(["项目", "项目名称", "统计项目", "指标", "指标名称", "工作项目", "统计指标"]);
const VALUE_HEADERS = new Set(["数量", "数值", "数据", "数目", "完成数"]);
const REMARK_HEADERS = new Set(["备注", "说明"]);
const DEPT_HEADERS = new Set(["部门", "单位", "部门名称", "成员单位", "责任部门"]);

const HEADER_WORDS: [RegExp, HeaderField][] = [
  [/填报单位|报送单位|填表单位/, "unit"],
  [/填报日期|填报时间|报送日期|报送时间|填表日期/, "date"],
  [/报告阶段|填报阶段|报送阶段/, "stage"],
  [/联系人|填报人|填表人/, "contact"],
  [/联系电话|电话/, "phone"],
];

const FOOTNOTE_START = /^(?:注|备注|说明)\s*[:：]|^注\s*[0-9一１][、.．:：]/;
const SIGNATURE = /^(?:填报人|填表人|审核人|负责人|单位负责人|制表人|联系人|联系电话)\s*[:：]/;
const GROUP_LABEL = /^其中[:：]?$|分类[:：]?$|^按.{1,20}分[:：]?$/;

function headerFieldsIn(text: string): { field: HeaderField; index: number }[] {
  const out: { field: HeaderField; index: number }[] = [];
  for (const [re, field] of HEADER_WORDS) {
    const g = new RegExp(re.source, "g");
    for (const m of text.matchAll(g)) {
      // 联系电话 also contains 电话; keep the longer, earlier one
      if (out.some((o) => m.index! >= o.index && m.index! < o.index + 4)) continue;
      out.push({ field, index: m.index! });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function cleanTitle(text: string): string {
  return text
    .replace(/[\u200b\ufeff]/g, "")
    .split(/\n+/)
    .map((l) => l.trim())
    .join("")
    .replace(/[\s\u00a0\u3000]+/g, " ")
    .trim();
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, "0").slice(0, 6);
}

const ORDINAL = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
/** 1 → 一, 12 → 十二, 23 → 二十三 */
export function chineseNumber(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  if (n < 10) return ORDINAL[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? "" : ORDINAL[tens]}十${ORDINAL[n % 10]}`;
}

// ---------------------------------------------------------------------------------------------
// Inference

interface DraftItem {
  label: string;
  unit: string;
  group?: string;
  inLabelCell?: boolean;
  cell: string;
}

interface DraftSection {
  name: string;
  /** text of the department cell as printed (to recognise it repeated on unmerged rows) */
  raw: string;
  anchor?: Anchor;
  /** row where the section starts */
  row: number;
  items: DraftItem[];
  cell: string;
}

const CASE_TOTAL = /^(?:查处)?网络违法案件(?:总数|合计|数量|数)?$/;
const CASE_ITEM = /^(?:查处|查办).*案件(?:数量|数)?$/;
const REFERRED = /^移送.*案件(?:数量|数)?$/;

export function inferTemplate(grid: Grid, options: InferOptions = {}): InferResult {
  const warnings: LearnWarning[] = [];
  const problems: LearnProblem[] = [];
  const warn = (w: LearnWarning) => warnings.push(w);
  const g = new MergedGrid(grid);
  const toA1 = options.cellName ?? a1;

  if (options.id !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(options.id)) {
    problems.push({ code: "invalid-id", id: options.id });
    return { template: undefined, warnings, problems };
  }
  if (options.year !== undefined && !(Number.isInteger(options.year) && options.year >= 2000 && options.year <= 2100)) {
    problems.push({ code: "invalid-year", year: options.year });
    return { template: undefined, warnings, problems };
  }

  // 1. the column header row: 项目 · 数量 · 备注
  let headerRow = -1;
  let labelStart = 0;
  let valueCol = -1;
  let remarkCol: number | undefined;
  let sawItemHeader: string | undefined;
  for (let r = 0; r < g.rowCount && headerRow < 0; r++) {
    const cells = g.texts(r).filter((t) => t.anchor.row === r);
    const item = cells.find((t) => ITEM_HEADERS.has(cellLabelKey(t.text)));
    if (!item) continue;
    sawItemHeader ??= toA1(r, item.anchor.col);
    const value = cells.find((t) => t.anchor.col > item.anchor.col && VALUE_HEADERS.has(cellLabelKey(t.text)));
    if (!value) continue;
    headerRow = r;
    valueCol = value.anchor.col;
    labelStart = item.anchor.col;
    const dept = cells.find((t) => t.anchor.col < item.anchor.col && DEPT_HEADERS.has(cellLabelKey(t.text)));
    if (dept) labelStart = dept.anchor.col;
    remarkCol = cells.find((t) => t.anchor.col > value.anchor.col && REMARK_HEADERS.has(cellLabelKey(t.text)))?.anchor.col;
  }
  if (headerRow < 0) {
    problems.push({ code: "no-header-row", ...(sawItemHeader ? { itemHeader: sawItemHeader, cell: sawItemHeader } : {}) });
    return { template: undefined, warnings, problems };
  }
  const hasDeptColumn = valueCol - labelStart >= 2;

  // 2. title: the nearest row above the header that names a 统计表
  const { row: titleRow, title: foundTitle } = findTitle(g, headerRow);
  let title = foundTitle;

  // 3. body rows
  const sections: DraftSection[] = [];
  let current: DraftSection | undefined;
  let rowGroup: string | undefined;
  let colGroup: { anchor: Anchor; name: string } | undefined;
  let bodyEnd = g.rowCount;
  const footnoteLines: string[] = [];
  let lastItemRow = -1;
  let orphanSection: DraftSection | undefined;

  const startSection = (text: string, anchor: Anchor | undefined, row: number, cell: string) => {
    const parsed = parseDepartmentCell(text);
    const name = parsed.name ?? parsed.totals[0]?.label ?? tidyLabel(text);
    const s: DraftSection = { name, raw: compact(text), anchor, row, items: [], cell };
    for (const t of parsed.totals) s.items.push({ label: t.label, unit: t.unit, inLabelCell: true, cell });
    sections.push(s);
    current = s;
    rowGroup = undefined;
    colGroup = undefined;
  };
  const sectionForItem = (row: number, cell: string): DraftSection => {
    if (current) return current;
    if (!orphanSection) {
      orphanSection = { name: "未注明部门", raw: "", row, items: [], cell };
      sections.push(orphanSection);
      warn({ code: "items-without-section", cell });
    }
    current = orphanSection;
    return orphanSection;
  };

  for (let r = headerRow + 1; r < g.rowCount; r++) {
    const own = g.texts(r).filter((t) => t.anchor.row === r);
    const first = own[0];
    if (first && FOOTNOTE_START.test(compact(first.text)) && first.anchor.col <= labelStart + 1) {
      bodyEnd = r;
      break;
    }
    if (first && SIGNATURE.test(compact(first.text)) && first.anchor.col <= labelStart) {
      bodyEnd = r;
      break;
    }
    const labelCells = g.texts(r, labelStart, valueCol - 1);
    if (labelCells.length === 0) continue;
    const valueText = keyOf(g.at(r, valueCol).value);
    const remarkText = remarkCol === undefined ? "" : keyOf(g.at(r, remarkCol).value);

    // the department cell: the first column of the label area, when it does not span the whole area
    let rest = labelCells;
    let deptCell: { text: string; anchor: Anchor } | undefined;
    const a0 = g.at(r, labelStart);
    if (hasDeptColumn && a0.c2 < valueCol - 1) {
      const t0 = textOf(a0.value);
      if (t0) deptCell = { text: t0, anchor: a0 };
      rest = labelCells.filter((t) => t.anchor.col > a0.c2);
    }
    if (deptCell) {
      const isCurrent =
        current &&
        (sameAnchor(current.anchor, deptCell.anchor) ||
          (current.raw === compact(deptCell.text) && deptCell.anchor.r2 === deptCell.anchor.row));
      if (!isCurrent) startSection(deptCell.text, deptCell.anchor, r, toA1(deptCell.anchor.row, deptCell.anchor.col));
    }
    if (rest.length === 0) continue;

    // a sub-header row repeating 数量 · 备注: 按主要违法行为问题分类
    if (VALUE_HEADERS.has(valueText) || REMARK_HEADERS.has(remarkText)) {
      const name = tidyLabel(rest[rest.length - 1].text);
      if (ITEM_HEADERS.has(cellLabelKey(name))) continue; // the header row repeated (a second page)
      rowGroup = name;
      colGroup = undefined;
      continue;
    }

    const labelCell = rest[rest.length - 1];
    const cell = toA1(labelCell.anchor.row, labelCell.anchor.col);
    let group: string | undefined;
    if (rest.length >= 2) {
      colGroup = { anchor: rest[0].anchor, name: tidyLabel(rest[0].text) };
      group = colGroup.name;
      if (rest.length > 2) warn({ code: "extra-text-in-row", cell, texts: rest.map((t) => compact(t.text)) });
    } else if (colGroup && labelCell.anchor.col > colGroup.anchor.col && labelCell.anchor.col > labelStart + (hasDeptColumn ? 1 : 0)) {
      group = colGroup.name; // 其中 typed once, rows below left blank instead of merged
    } else {
      colGroup = undefined;
      group = rowGroup;
    }

    const split = splitLabelUnit(labelCell.text);
    let label = split.label;
    if (!split.unit) {
      const spansAll = labelCell.anchor.col <= labelStart && labelCell.anchor.c2 >= valueCol - 1;
      if (GROUP_LABEL.test(compact(label))) {
        rowGroup = label.replace(/[:：]$/, "");
        colGroup = undefined;
        continue;
      }
      const valueEmpty = textOf(g.at(r, valueCol).value) === "" && typeof g.at(r, valueCol).value !== "number";
      if ((spansAll || !hasDeptColumn) && valueEmpty && !deptCell) {
        // a department written as a heading row above its items
        startSection(labelCell.text, undefined, r, cell);
        continue;
      }
      warn({ code: "item-without-unit", cell, text: compact(labelCell.text) });
      continue;
    }
    const inline = /^其中[:：，,]\s*/.exec(label);
    if (inline) {
      label = label.slice(inline[0].length);
      group = "其中";
      warn({ code: "inline-group", cell, text: compact(labelCell.text) });
    }
    if (!isKnownUnit(split.unit)) warn({ code: "unusual-unit", cell, label, unit: split.unit });
    const section = sectionForItem(r, cell);
    if (section.items.some((i) => i.label === label && i.unit === split.unit)) {
      warn({ code: "duplicate-item", cell, label, unit: split.unit, section: section.name });
      continue;
    }
    section.items.push({ label, unit: split.unit, ...(group ? { group } : {}), cell });
    lastItemRow = r;
  }

  // 4. below the table: the footnote (注：…) and any more lines of it
  for (let r = bodyEnd; r < g.rowCount; r++) {
    const own = g.texts(r).filter((t) => t.anchor.row === r);
    if (own.length === 0) continue;
    const text = own.map((t) => t.text).join(" ");
    const c = compact(text);
    if (footnoteLines.length === 0) {
      if (FOOTNOTE_START.test(c)) footnoteLines.push(cleanTitle(text));
    } else if (/^[0-9０-９一二三四五六七八九十]{1,2}[、.．]/.test(c) || /^[（(][0-9一二三四五六七八九十]{1,2}[）)]/.test(c)) {
      footnoteLines.push(cleanTitle(text));
    } else break;
  }
  const footnote = footnoteLines.join("\n") || undefined;

  // sections without items: text below the table, or a department left empty
  const kept: DraftSection[] = [];
  for (const s of sections) {
    if (s.items.length > 0) kept.push(s);
    else if (s.row <= lastItemRow) warn({ code: "empty-section", cell: s.cell, section: s.name });
  }
  if (kept.length === 0) {
    problems.push({ code: "no-items", header: toA1(headerRow, valueCol) });
    return { template: undefined, warnings, problems };
  }

  // 5. header fields: between the title and the table, and below it
  const found: HeaderField[] = [];
  const scanFrom = titleRow >= 0 ? titleRow + 1 : Math.max(0, headerRow - 6);
  const headerRows = [...range(scanFrom, headerRow), ...range(bodyEnd, g.rowCount)];
  for (const r of headerRows) {
    for (const t of g.texts(r).filter((x) => x.anchor.row === r)) {
      if (FOOTNOTE_START.test(compact(t.text))) continue;
      for (const h of headerFieldsIn(t.text)) if (!found.includes(h.field)) found.push(h.field);
    }
  }
  for (const must of ["unit", "date"] as const) {
    if (!found.includes(must)) warn({ code: "header-field-missing", field: must });
  }
  // as printed, and 填报单位 and 填报日期 always (validation requires them); 报告阶段, 联系人, 联系电话 only
  // where the original has them: a field the counties' table lacks would be one more cell they never fill
  const header: HeaderField[] = [...found];
  if (!header.includes("unit")) header.unshift("unit");
  if (!header.includes("date")) header.splice(header.indexOf("unit") + 1, 0, "date");

  // 6. year, title, id
  let year = options.year;
  if (year === undefined) {
    const m = /(20\d{2})/.exec(title) ?? /(20\d{2})/.exec(footnote ?? "");
    if (m) year = Number(m[1]);
  }
  if (year === undefined) {
    year = options.fallbackYear ?? new Date().getFullYear();
    warn({ code: "year-missing", year });
  }
  if (!title) {
    title = `${year}年专项行动情况统计表`;
    warn({ code: "title-missing", title });
  }

  const built: Section[] = kept.map((s, si) => ({
    id: `s${si + 1}`,
    name: s.name,
    items: s.items.map((it, ii): Item => ({
      id: `s${si + 1}_i${ii + 1}`,
      label: it.label,
      unit: it.unit,
      ...(decimalBeyondSchema(it.unit) ? { kind: "decimal" as const } : {}),
      ...(it.group ? { group: it.group } : {}),
      ...(it.inLabelCell ? { inLabelCell: true } : {}),
    })),
  }));

  const rules = inferRules(built, footnote, warn);
  const id =
    options.id ??
    `learned-${year}-${fnv1a(`${title}\u0000${built.map((s) => `${s.name}:${s.items.map((i) => `${i.label}/${i.unit}`).join(",")}`).join(";")}`)}`;
  const candidate = {
    id,
    version: 1,
    title,
    year,
    header,
    sections: built,
    rules,
    ...(footnote ? { footnote } : {}),
    ...(options.source ? { source: options.source } : {}),
  };
  const parsed = TemplateSchema.safeParse(candidate);
  if (!parsed.success) {
    problems.push({ code: "invalid-template", issues: parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("；") });
    return { template: undefined, warnings, problems };
  }
  return { template: parsed.data, warnings, problems };
}

/**
 * Units the schema counts as whole numbers although they are amounts (万件, 万个, 公斤 …): the item gets
 * kind "decimal" explicitly. The schema's own decimal units (万元, 万条, 万次, 吨) need nothing.
 */
function decimalBeyondSchema(unit: string): boolean {
  if ((DECIMAL_UNITS as readonly string[]).includes(unit)) return false;
  return /^万/.test(unit) || /^(公斤|千克|克|元|千瓦时|立方米|平方米)$/.test(unit);
}

/**
 * The nearest row above the column headers that names a 统计表. "附件：……统计表" is the notice pointing
 * at the attachment: taken only when nothing else names the table. A title broken over two lines
 * ("……专项行动" / "情况统计表") is joined.
 */
function findTitle(g: MergedGrid, headerRow: number): { row: number; title: string } {
  for (const allowPointer of [false, true]) {
    for (let r = headerRow - 1; r >= 0; r--) {
      for (const t of g.texts(r)) {
        const c = compact(t.text);
        if (!/统计表|情况表|汇总表|报表/.test(c) || (!allowPointer && /^附件.{0,3}[:：]/.test(c)) || headerFieldsIn(c).length) continue;
        let title = cleanTitle(t.text).replace(/^附件\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*/, "");
        if ((/^(?:情况)?(?:统计|汇总)?表/.test(compact(title)) || compact(title).length <= 8) && r > 0) {
          const prev = g.texts(r - 1);
          if (prev.length === 1 && !/^附件/.test(compact(prev[0].text)) && !headerFieldsIn(prev[0].text).length) {
            title = cleanTitle(prev[0].text) + title;
          }
        }
        return { row: r, title };
      }
    }
  }
  return { row: -1, title: "" };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let r = from; r < to; r++) out.push(r);
  return out;
}

function caseTotalOf(section: Section): Item | undefined {
  return (
    section.items.find((i) => i.inLabelCell && /案件$/.test(i.label) && !REFERRED.test(compact(i.label))) ??
    section.items.find((i) => CASE_TOTAL.test(compact(i.label)))
  );
}

function shownLabel(i: Item): string {
  return `${i.label}（${i.unit}）`;
}

/**
 * The counting rules: the 按…分类 group (or, when the footnote says 不重复计算, the section's 查处…案件
 * items) partitions the case total; 移送公安机关案件 is at most the case total.
 */
/** what the inference of a rule kind sees of one section */
interface SectionRules {
  section: Section;
  /** the section's case total (查处网络违法案件), if it has one */
  total: Item | undefined;
  /** the table's only case total, for a 按…分类 group in a section without its own */
  onlyTotal: Item | undefined;
  /** the footnote says 不重复计算 */
  noDoubleCount: boolean;
  nextId(kind: string): string;
  warn(w: LearnWarning): void;
}

/** how each kind of rule is learned from a section (the registry: src/templates/rule-kinds.ts), in this order */
const RULE_INFERENCE = {
  partition(x) {
    const { section, total, warn } = x;
    const rules: RuleOf<"partition">[] = [];
    const groups = [...new Set(section.items.map((i) => i.group).filter((g): g is string => !!g && /分类|^按/.test(g)))];
    for (const group of groups) {
      const t = total ?? x.onlyTotal;
      const parts = section.items.filter((i) => i.group === group);
      if (!t) {
        warn({ code: "partition-total-missing", section: section.name, group });
        continue;
      }
      if (parts.some((p) => p.unit !== t.unit)) {
        warn({ code: "partition-unit-mismatch", group, unit: t.unit, total: t.label });
        continue;
      }
      rules.push({
        kind: "partition",
        id: x.nextId("partition"),
        total: t.id,
        parts: parts.map((p) => p.id),
        note: `${group}的各类案件之和应等于${t.label}数（不重复计算）`,
      });
    }
    if (!total || rules.length > 0) return rules;
    const parts = section.items.filter(
      (i) => i !== total && i.unit === total.unit && CASE_ITEM.test(compact(i.label)) && !REFERRED.test(compact(i.label)),
    );
    if (parts.length < 2) return rules;
    if (!x.noDoubleCount) {
      warn({ code: "partition-not-generated", section: section.name, total: total.label });
      return rules;
    }
    rules.push({
      kind: "partition",
      id: x.nextId("partition"),
      total: total.id,
      parts: parts.map((p) => p.id),
      note: `各类案件（${parts.map((p) => p.label).join("、")}）之和应等于${total.label}数（不重复计算）`,
    });
    warn({ code: "partition-from-footnote", parts: parts.map(shownLabel), total: shownLabel(total) });
    return rules;
  },
  "at-most"({ section, total, nextId }) {
    if (!total) return [];
    return section.items
      .filter((item) => item !== total && item.unit === total.unit && REFERRED.test(compact(item.label)))
      .map((item) => ({
        kind: "at-most" as const,
        id: nextId("at_most"),
        item: item.id,
        limit: total.id,
        note: `${item.label}不应多于${total.label}`,
      }));
  },
} satisfies RuleKindTable<{ [K in RuleKind]: (section: SectionRules) => RuleOf<K>[] }>;

function inferRules(sections: Section[], footnote: string | undefined, warn: (w: LearnWarning) => void): Rule[] {
  const rules: Rule[] = [];
  const noDoubleCount = !!footnote && /不重复计算|不得重复计算|不重复统计/.test(compact(footnote));
  const totals = sections
    .map((s) => ({ section: s, total: caseTotalOf(s) }))
    .filter((x): x is { section: Section; total: Item } => !!x.total);
  const onlyTotal = totals.length === 1 ? totals[0].total : undefined;
  let n = 0;
  const nextId = (kind: string) => `${kind}_${++n}`;
  for (const section of sections) {
    const x: SectionRules = { section, total: caseTotalOf(section), onlyTotal, noDoubleCount, nextId, warn };
    for (const infer of Object.values(RULE_INFERENCE)) rules.push(...(infer as (s: SectionRules) => Rule[])(x));
  }
  if (noDoubleCount && totals.length === 0) warn({ code: "partition-total-missing" });
  return rules;
}
