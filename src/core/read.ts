import { cellAt, cellName, fromA1, toA1, type CellValue, type Grid } from "./grid";
import { cellKeyOfLabelKey, cleanText, fold, labelKey } from "./normalize";
import { isNotApplicableMark } from "./numbers";
import { nameForHeader, nameForItem } from "./layout";
import { itemDisplayLabel, type HeaderField, type Item, type Section, type Template } from "../templates/schema";

/** One item as found in a sheet. */
export interface EntryRead {
  itemId: string;
  sectionId: string;
  /** address of the quantity as its sheet names it (cellName: A1, or 表1 第8行第4列 in a Word table); for totals written inside a label cell, that label cell */
  cell: string;
  raw: CellValue;
  remark?: string;
  remarkCell?: string;
  /** the total was read from inside a label cell ("查处网络违法案件 12 件；…") */
  inLabelCell?: boolean;
}

export interface HeaderRead {
  raw: CellValue;
  cell: string;
}

/** A sheet read against a template: what was found where. Nothing here is judged yet. */
export interface Submission {
  templateId: string;
  sheetName: string;
  header: Partial<Record<HeaderField, HeaderRead>>;
  entries: Record<string, EntryRead>;
  /** an item found a second time: the first occurrence wins, the other is reported */
  duplicates: { itemId: string; cell: string; otherCell: string }[];
  /** sections marked 不适用, with the cell that says so when there is one */
  notApplicable: Record<string, { cell?: string }>;
  found: number;
  expected: number;
}

interface Candidate {
  item: Item;
  section: Section;
}

interface TextCell {
  row: number;
  col: number;
  text: string;
  /** the text folded (NFKC) */
  folded: string;
  /** labelKey(text) */
  labelKey: string;
  /** cellLabelKey(text) */
  key: string;
  /** last column the cell spans when merged across */
  lastCol: number;
  /** folded text without spaces, computed when first needed */
  compact?: string;
}

const HEADER_PATTERN = /填报单位|填报日期|填报时间|报送日期|报告阶段|填报阶段|报送阶段|联系电话|联系人|电话/g;
const HEADER_FIELD_OF: Record<string, HeaderField> = {
  填报单位: "unit",
  填报日期: "date",
  填报时间: "date",
  报送日期: "date",
  报告阶段: "stage",
  填报阶段: "stage",
  报送阶段: "stage",
  联系人: "contact",
  联系电话: "phone",
  电话: "phone",
};

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** most merged-over cells resolved per sheet (a real table has a few hundred) */
const MAX_COVERED = 1_000_000;

/** Index of a grid: text cells by row, merges resolved to their anchors. */
export class SheetIndex {
  readonly textRows: TextCell[][] = [];
  private readonly covered = new Map<number, number>();
  private readonly spanTo = new Map<number, number>();
  /** the text cells by position, row * 2^14 + col */
  private readonly textAt = new Map<number, TextCell>();
  private header?: Partial<Record<HeaderField, HeaderRead>>;
  /** the grid's defined names resolved to cells, when first asked for */
  private names?: Map<string, { row: number; col: number; a1: string } | undefined>;
  private headings?: { valueHeaders: TextCell[]; remarkHeaders: TextCell[] };
  constructor(readonly grid: Grid) {
    const width = 1 << 14;
    // Only cells inside the grid are ever looked up, so a merge is expanded no further than the grid
    // reaches; and the expansion is budgeted over all merges, so a few KB of <mergeCell ref="A1:XFD1048576"/>
    // cannot cost minutes. A real table covers a few hundred cells.
    const lastRow = grid.rows.length - 1;
    let lastCol = -1;
    for (const row of grid.rows) if (row && row.length - 1 > lastCol) lastCol = row.length - 1;
    let room = MAX_COVERED;
    for (const m of grid.merges) {
      const anchor = m.r1 * width + m.c1;
      this.spanTo.set(anchor, m.c2);
      const r2 = Math.min(m.r2, lastRow, m.r1 + 4999);
      const c2 = Math.min(m.c2, lastCol, m.c1 + 199);
      if (r2 < m.r1 || c2 < m.c1) continue;
      if ((r2 - m.r1 + 1) * (c2 - m.c1 + 1) > room) continue;
      room -= (r2 - m.r1 + 1) * (c2 - m.c1 + 1);
      for (let r = m.r1; r <= r2; r++) {
        for (let c = m.c1; c <= c2; c++) {
          if (r !== m.r1 || c !== m.c1) this.covered.set(r * width + c, anchor);
        }
      }
    }
    const spans = this.spanTo.size > 0;
    const rows = grid.rows;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const cells: TextCell[] = [];
      // forEach semantics: holes in a sparse row are skipped, like the empty cells they stand for
      if (row) {
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          if (typeof v !== "string" || v.trim() === "") continue;
          const lastCol = spans ? this.spanTo.get(r * width + c) : undefined;
          const key = labelKey(v);
          const cell: TextCell = {
            row: r,
            col: c,
            text: v,
            folded: fold(v),
            labelKey: key,
            key: cellKeyOfLabelKey(key),
            lastCol: lastCol ?? c,
          };
          cells.push(cell);
          this.textAt.set(r * width + c, cell);
        }
      }
      this.textRows[r] = cells;
    }
  }
  /** the 数量 and 备注 column headings of the sheet */
  columnHeaders(): { valueHeaders: TextCell[]; remarkHeaders: TextCell[] } {
    if (this.headings) return this.headings;
    const valueHeaders: TextCell[] = [];
    const remarkHeaders: TextCell[] = [];
    for (const cells of this.textRows) {
      for (const t of cells ?? []) {
        if (t.key === "数量" || t.key === "数值" || t.key === "数据") valueHeaders.push(t);
        else if (t.key === "备注" || t.key === "说明") remarkHeaders.push(t);
      }
    }
    return (this.headings = { valueHeaders, remarkHeaders });
  }
  /** the single cell a defined name of the grid points at, or undefined */
  nameCell(name: string): { row: number; col: number; a1: string } | undefined {
    this.names ??= new Map(
      Object.entries(this.grid.names ?? {}).map(([n, at]) => {
        const p = fromA1(at);
        return [n, p ? { row: p.row, col: p.col, a1: toA1(p.row, p.col) } : undefined];
      }),
    );
    return this.names.get(name);
  }
  /** the header fields found in the sheet, every field looked for; computed once per sheet */
  headerFields(): Partial<Record<HeaderField, HeaderRead>> {
    return (this.header ??= readHeader(this));
  }
  /** the cell whose value (r, c) shows, as row * 2^14 + col: a merged cell shows its anchor's value */
  anchorOf(r: number, c: number): number {
    const at = r * (1 << 14) + c;
    if (this.covered.size === 0) return at;
    return this.covered.get(at) ?? at;
  }
  /** the non-blank text cell at a position (row * 2^14 + col), if any */
  textCellAt(at: number): TextCell | undefined {
    return this.textAt.get(at);
  }
  /** the value shown at (r, c): a merged cell shows its anchor's value */
  shown(r: number, c: number): { value: CellValue; row: number; col: number } {
    const anchor = this.covered.get(r * (1 << 14) + c);
    if (anchor === undefined) return { value: cellAt(this.grid, r, c), row: r, col: c };
    const ar = Math.floor(anchor / (1 << 14));
    const ac = anchor % (1 << 14);
    return { value: cellAt(this.grid, ar, ac), row: ar, col: ac };
  }
}

function buildItemKeys(template: Template): Map<string, Candidate[]> {
  const keys = new Map<string, Candidate[]>();
  const add = (k: string, c: Candidate) => {
    const list = keys.get(k) ?? [];
    if (!list.some((x) => x.item.id === c.item.id)) list.push(c);
    keys.set(k, list);
  };
  for (const section of template.sections) {
    for (const item of section.items) {
      add(labelKey(itemDisplayLabel(item)), { item, section });
      add(labelKey(`${item.label}${item.unit}`), { item, section });
    }
  }
  // label-only keys come after, so a label with its unit is always preferred
  for (const section of template.sections) for (const item of section.items) add(labelKey(item.label), { item, section });
  return keys;
}

function buildSectionKeys(template: Template): { key: string; section: Section }[] {
  const list: { key: string; section: Section }[] = [];
  for (const section of template.sections) {
    for (const name of [section.name, ...(section.aliases ?? [])]) list.push({ key: labelKey(name), section });
  }
  return list.sort((a, b) => b.key.length - a.key.length);
}

/** What reading needs from a template, derived once per template object (templates are not changed once made). */
interface TemplateKeys {
  itemKeys: Map<string, Candidate[]>;
  sectionKeys: { key: string; section: Section }[];
  /** every item with its section and the defined name our writers give its cell */
  items: { item: Item; section: Section; name: string }[];
  /** items whose total may be written inside a label cell, with the pattern that finds it */
  inLabel: { item: Item; section: Section; label: string; re: RegExp }[];
  headerNames: { field: HeaderField; name: string }[];
  expected: number;
}

const templateKeys = new WeakMap<Template, TemplateKeys>();

function keysOf(template: Template): TemplateKeys {
  let k = templateKeys.get(template);
  if (k) return k;
  const items: TemplateKeys["items"] = [];
  const inLabel: TemplateKeys["inLabel"] = [];
  for (const section of template.sections) {
    for (const item of section.items) {
      items.push({ item, section, name: nameForItem(item.id) });
      if (item.inLabelCell) {
        const label = fold(item.label).replace(/\s+/g, "");
        const unit = escapeRe(fold(item.unit).replace(/\s+/g, ""));
        inLabel.push({ item, section, label, re: new RegExp(`${escapeRe(label)}[:：]?[_\\-—]*([-+]?[0-9][0-9,.]*)?[_]*${unit}`) });
      }
    }
  }
  k = {
    itemKeys: buildItemKeys(template),
    sectionKeys: buildSectionKeys(template),
    items,
    inLabel,
    headerNames: template.header.map((field) => ({ field, name: nameForHeader(field) })),
    expected: items.length,
  };
  templateKeys.set(template, k);
  return k;
}

function sectionOfText(key: string, sectionKeys: { key: string; section: Section }[]): Section | undefined {
  return sectionKeys.find((s) => key.startsWith(s.key))?.section;
}

/** nearest header cell (数量 or 备注) at or above `row`, right of `afterCol` */
function headerColumn(headers: { row: number; col: number }[], row: number, afterCol: number): number | undefined {
  let best: { row: number; col: number } | undefined;
  for (const h of headers) {
    if (h.col <= afterCol) continue;
    if (h.row <= row && (!best || h.row > best.row || (h.row === best.row && h.col < best.col))) best = h;
  }
  if (best) return best.col;
  return headers.find((h) => h.col > afterCol)?.col;
}

function remarkText(v: CellValue): string | undefined {
  if (v === null || v === undefined) return undefined;
  const t = typeof v === "object" ? v.error : String(v);
  return t.trim() === "" ? undefined : t;
}

/** Reads a sheet against a template, locating every item by its label and unit, never by position. */
export function readSubmission(sheet: Grid | SheetIndex, template: Template): Submission {
  const index = sheet instanceof SheetIndex ? sheet : new SheetIndex(sheet);
  const grid = index.grid;
  const keys = keysOf(template);
  const { itemKeys, sectionKeys } = keys;
  const { valueHeaders, remarkHeaders } = index.columnHeaders();

  const entries: Record<string, EntryRead> = {};
  const duplicates: Submission["duplicates"] = [];
  const sectionCells = new Map<string, { cell: string; text: string }>();

  // 1. defined names written by our own writers stay exact when rows are inserted
  const names = grid.names ?? {};
  let fromNames: Set<string> | undefined;
  if (grid.names) {
    for (const { item, section, name } of keys.items) {
      const p = index.nameCell(name);
      if (!p) continue;
      const remark = remarkText(cellAt(grid, p.row, p.col + 1));
      const entry: EntryRead = { itemId: item.id, sectionId: section.id, cell: p.a1, raw: cellAt(grid, p.row, p.col) };
      if (remark !== undefined) {
        entry.remark = remark;
        entry.remarkCell = cellName(grid, p.row, p.col + 1);
      }
      entries[item.id] = entry;
      (fromNames ??= new Set()).add(item.id);
    }
  }

  // 2. rows whose label cell names an item
  let hint: Section | undefined;
  for (let r = 0; r < index.textRows.length; r++) {
    const cells = index.textRows[r] ?? [];
    let labelCell: TextCell | undefined;
    let candidates: Candidate[] | undefined;
    for (const t of cells) {
      const list = itemKeys.get(t.key);
      if (list) {
        labelCell = t;
        candidates = list;
        break;
      }
    }
    const limit = labelCell ? labelCell.col : (index.grid.rows[r]?.length ?? 0);
    for (let c = 0; c < limit; c++) {
      // the value shown at (r, c): a merged cell shows its anchor's
      const t = index.textCellAt(index.anchorOf(r, c));
      if (!t) continue;
      const s = sectionOfText(t.labelKey, sectionKeys);
      if (s) {
        hint = s;
        if (!sectionCells.has(s.id)) sectionCells.set(s.id, { cell: cellName(grid, t.row, t.col), text: t.text });
        break;
      }
    }
    if (!labelCell || !candidates) continue;
    let pool = candidates;
    if (hint && pool.length > 1 && pool.some((x) => x.section.id === hint!.id)) pool = pool.filter((x) => x.section.id === hint!.id);
    const cand = pool.find((x) => !entries[x.item.id]) ?? pool[0];
    if (fromNames?.has(cand.item.id)) continue;
    const valueCol = headerColumn(valueHeaders, r, labelCell.lastCol) ?? labelCell.lastCol + 1;
    const remarkCol = remarkHeaders.length ? headerColumn(remarkHeaders, r, valueCol) : valueCol + 1;
    const remark = remarkCol === undefined ? undefined : remarkText(cellAt(grid, r, remarkCol));
    const entry: EntryRead = {
      itemId: cand.item.id,
      sectionId: cand.section.id,
      cell: cellName(grid, r, valueCol),
      raw: cellAt(grid, r, valueCol),
    };
    if (remark !== undefined && remarkCol !== undefined) {
      entry.remark = remark;
      entry.remarkCell = cellName(grid, r, remarkCol);
    }
    const existing = entries[cand.item.id];
    if (existing) duplicates.push({ itemId: cand.item.id, cell: entry.cell, otherCell: existing.cell });
    else entries[cand.item.id] = entry;
  }

  // 3. case totals written inside a label cell, as in the original attachment: "查处网络违法案件 12 件；罚没款 3.5 万元"
  for (const t of keys.inLabel) {
    if (entries[t.item.id]) continue;
    const found = findTotalInText(index, t.label, t.re);
    if (found) entries[t.item.id] = { itemId: t.item.id, sectionId: t.section.id, cell: found.cell, raw: found.raw, inLabelCell: true };
  }

  // header fields: the sheet's own reading (shared by every template), limited to this template's fields
  const header: Partial<Record<HeaderField, HeaderRead>> = {};
  const all = index.headerFields();
  const wanted = template.header;
  for (const field in all) {
    const f = field as HeaderField;
    if (wanted.includes(f)) header[f] = { ...all[f]! };
  }
  for (const { field, name } of keys.headerNames) {
    const p = names[name] !== undefined ? index.nameCell(name) : undefined;
    if (p) header[field] = { raw: cellAt(grid, p.row, p.col), cell: p.a1 };
  }

  const notApplicable: Submission["notApplicable"] = {};
  for (const section of template.sections) {
    const sc = sectionCells.get(section.id);
    if (sc && sc.text.includes("不适用")) {
      notApplicable[section.id] = { cell: sc.cell };
      continue;
    }
    const found: EntryRead[] = [];
    for (const i of section.items) {
      const e = entries[i.id];
      if (e) found.push(e);
    }
    const marked = found.find((e) => e.remark && /^(不适用|本地无此部门|无此部门)/.test(cleanText(e.remark)));
    if (marked) notApplicable[section.id] = { cell: marked.remarkCell };
    else if (found.length > 0 && found.every((e) => isNotApplicableMark(e.raw))) notApplicable[section.id] = { cell: found[0].cell };
  }

  return {
    templateId: template.id,
    sheetName: grid.sheetName,
    header,
    entries,
    duplicates,
    notApplicable,
    found: Object.keys(entries).length,
    expected: keys.expected,
  };
}

/** the number of items of a template */
export function expectedItems(template: Template): number {
  return keysOf(template).expected;
}

/**
 * An upper bound on `readSubmission(index, template).found`, far cheaper to work out: the items whose
 * defined name points into the sheet, plus one per row holding a label of the template, plus the totals
 * that may be written inside a label cell. (Each row places at most one item; names place each item once.)
 */
export function maxFound(index: SheetIndex, template: Template): number {
  const keys = keysOf(template);
  let n = keys.inLabel.length;
  if (index.grid.names) for (const { name } of keys.items) if (index.nameCell(name)) n++;
  for (const cells of index.textRows) {
    if (!cells) continue;
    for (const t of cells) {
      if (keys.itemKeys.has(t.key)) {
        n++;
        break;
      }
    }
  }
  return n;
}

function findTotalInText(index: SheetIndex, label: string, re: RegExp): { cell: string; raw: CellValue } | undefined {
  for (const cells of index.textRows) {
    for (const t of cells ?? []) {
      const compact = (t.compact ??= t.folded.replace(/[\s\u00a0\u3000]+/g, ""));
      if (!compact.includes(label) || compact === label) continue;
      const m = re.exec(compact);
      if (m) return { cell: cellName(index.grid, t.row, t.col), raw: m[1] === undefined ? null : m[1] };
    }
  }
  return undefined;
}

function isPlaceholder(text: string): boolean {
  return fold(text).replace(/[\s_:：年月日-]/g, "") === "";
}

const HEADER_FIELDS = new Set<HeaderField>(Object.values(HEADER_FIELD_OF));
/** HEADER_PATTERN without the global flag: a stateless test */
const HEADER_ANY = new RegExp(HEADER_PATTERN.source);
const HEADER_BEFORE = /[\s:;,，。；]/;

/**
 * The header fields of a sheet, every field looked for (a field's reading does not depend on which other
 * fields a template has, so each template takes its own fields from this one reading).
 */
function readHeader(index: SheetIndex): Partial<Record<HeaderField, HeaderRead>> {
  const header: Partial<Record<HeaderField, HeaderRead>> = {};
  const wanted = HEADER_FIELDS;
  for (const cells of index.textRows) {
    for (const t of cells ?? []) {
      const text = t.folded;
      if (!HEADER_ANY.test(text)) continue;
      const matches = [...text.matchAll(HEADER_PATTERN)].filter((m) => m.index === 0 || HEADER_BEFORE.test(text[m.index! - 1]));
      if (matches.length === 0) continue;
      matches.forEach((m, i) => {
        const field = HEADER_FIELD_OF[m[0]];
        if (!wanted.has(field) || header[field]) return;
        const end = i + 1 < matches.length ? matches[i + 1].index! : text.length;
        const inline = text
          .slice(m.index! + m[0].length, end)
          .replace(/^[\s:：]+/, "")
          .trim();
        if (!isPlaceholder(inline)) {
          header[field] = { raw: inline, cell: cellName(index.grid, t.row, t.col) };
          return;
        }
        if (i + 1 < matches.length) return;
        const row = index.grid.rows[t.row] ?? [];
        for (let c = t.lastCol + 1; c < row.length; c++) {
          const v = row[c];
          if (v === null || v === undefined || (typeof v === "string" && isPlaceholder(v))) continue;
          if (typeof v === "string" && HEADER_ANY.test(fold(v))) break;
          header[field] = { raw: typeof v === "string" ? v.trim() : v, cell: cellName(index.grid, t.row, c) };
          break;
        }
      });
    }
  }
  return header;
}
