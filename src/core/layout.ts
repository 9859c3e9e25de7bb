import type { CellRange, CellValue, Grid } from "./grid";
import { toA1 } from "./grid";
import { itemDisplayLabel, itemKind, type HeaderField, type NumberKind, type Template } from "../templates/schema";

/** What a cell of the template sheet is for; writers map roles to formats. */
export type CellRole =
  | "title"
  | "header-label"
  | "header-input"
  | "column-header"
  | "section"
  | "group"
  | "group-filler"
  | "item"
  | "value-input"
  | "remark-input"
  | "footnote";

export interface LayoutCell {
  row: number;
  col: number;
  value: string | number | null;
  role: CellRole;
  itemId?: string;
  sectionId?: string;
  field?: HeaderField;
  kind?: NumberKind;
}

export interface SheetLayout {
  templateId: string;
  templateVersion: number;
  cells: LayoutCell[];
  merges: CellRange[];
  rowCount: number;
  colCount: number;
  /** column widths in characters, for writers */
  columnWidths: number[];
  /** defined names → A1 address, one per input cell, so reading stays exact when rows are inserted */
  names: Record<string, string>;
  /** rows that hold long text and should be taller */
  tallRows: number[];
}

/** Values to put into the template's input cells (a county's entries, or a roll-up). */
export interface SheetFill {
  header?: Partial<Record<HeaderField, string>>;
  values?: Record<string, string | number | null>;
  remarks?: Record<string, string>;
  notApplicable?: readonly string[];
}

export const HEADER_LABELS: Record<HeaderField, string> = {
  unit: "填报单位：",
  date: "填报日期：",
  stage: "报告阶段：",
  contact: "联系人：",
  phone: "联系电话：",
};

export const NOT_APPLICABLE_HINT = "说明：本地没有某部门的，在该部门第一行的备注中填写“不适用”，数量留空。";

export const COL = { section: 0, item: 1, value: 2, remark: 3 } as const;

export function nameForItem(itemId: string): string {
  return `cs_${itemId}`;
}

export function nameForHeader(field: HeaderField): string {
  return `cs_${field}`;
}

/**
 * The template as cells: title, header fields two per row, columns 项目 · 数量 · 备注, a merged
 * department cell per section, group sub-headings (其中 …) and the footnote.
 */
export function layoutTemplate(template: Template, fill: SheetFill = {}): SheetLayout {
  const cells: LayoutCell[] = [];
  const merges: CellRange[] = [];
  const names: Record<string, string> = {};
  const tallRows: number[] = [];
  const put = (c: LayoutCell) => cells.push(c);

  put({ row: 0, col: 0, value: template.title, role: "title" });
  merges.push({ r1: 0, c1: 0, r2: 0, c2: 3 });

  let row = 1;
  template.header.forEach((field, i) => {
    const r = row + Math.floor(i / 2);
    const c = (i % 2) * 2;
    put({ row: r, col: c, value: HEADER_LABELS[field], role: "header-label", field });
    put({ row: r, col: c + 1, value: fill.header?.[field] ?? null, role: "header-input", field });
    names[nameForHeader(field)] = toA1(r, c + 1);
  });
  row += Math.ceil(template.header.length / 2);

  put({ row, col: 0, value: "项目", role: "column-header" });
  put({ row, col: 1, value: null, role: "column-header" });
  put({ row, col: 2, value: "数量", role: "column-header" });
  put({ row, col: 3, value: "备注", role: "column-header" });
  merges.push({ r1: row, c1: 0, r2: row, c2: 1 });
  row++;

  const na = new Set(fill.notApplicable ?? []);
  for (const section of template.sections) {
    const first = row;
    let group: string | undefined;
    section.items.forEach((item, index) => {
      if (item.group && item.group !== group) {
        put({ row, col: 1, value: item.group, role: "group", sectionId: section.id });
        put({ row, col: 2, value: null, role: "group-filler", sectionId: section.id });
        put({ row, col: 3, value: null, role: "group-filler", sectionId: section.id });
        row++;
      }
      group = item.group;
      const kind = itemKind(item);
      put({ row, col: 1, value: itemDisplayLabel(item), role: "item", itemId: item.id, sectionId: section.id, kind });
      const v = fill.values?.[item.id];
      put({ row, col: 2, value: v === undefined ? null : v, role: "value-input", itemId: item.id, sectionId: section.id, kind });
      let remark = fill.remarks?.[item.id] ?? null;
      if (index === 0 && na.has(section.id)) remark = remark ? `不适用；${remark}` : "不适用";
      put({ row, col: 3, value: remark, role: "remark-input", itemId: item.id, sectionId: section.id });
      names[nameForItem(item.id)] = toA1(row, 2);
      if (itemDisplayLabel(item).length > 24) tallRows.push(row);
      row++;
    });
    put({ row: first, col: 0, value: section.name, role: "section", sectionId: section.id });
    if (row - 1 > first) merges.push({ r1: first, c1: 0, r2: row - 1, c2: 0 });
  }

  const notes = [template.footnote, NOT_APPLICABLE_HINT].filter((x): x is string => !!x);
  for (const note of notes) {
    put({ row, col: 0, value: note, role: "footnote" });
    merges.push({ r1: row, c1: 0, r2: row, c2: 3 });
    tallRows.push(row);
    row++;
  }

  return {
    templateId: template.id,
    templateVersion: template.version,
    cells,
    merges,
    rowCount: row,
    colCount: 4,
    columnWidths: [14, 46, 12, 28],
    names,
    tallRows,
  };
}

/** The layout as a grid of values: what a writer puts into a sheet, and what a reader gets back. */
export function layoutToGrid(layout: SheetLayout, sheetName = "统计表"): Grid {
  const rows: CellValue[][] = Array.from({ length: layout.rowCount }, () => Array<CellValue>(layout.colCount).fill(null));
  for (const c of layout.cells) rows[c.row][c.col] = c.value;
  return { sheetName, rows, merges: layout.merges.map((m) => ({ ...m })), names: { ...layout.names } };
}
