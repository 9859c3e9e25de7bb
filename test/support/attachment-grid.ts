import type { CellRange, CellValue, Grid } from "../../src/core/grid";
import { itemDisplayLabel, type Template } from "../../src/templates/schema";

/** What a county typed into the original attachment. */
export interface AttachmentData {
  unit?: string;
  date?: CellValue;
  values: Record<string, CellValue>;
  remarks?: Record<string, string>;
}

export interface AttachmentOptions {
  /** 其中 as its own merged column (赣州 2022) or as a sub-header row repeating 数量 · 备注 (辽宁 2019) */
  groupStyle?: "column" | "header-row";
  /** a 序号 column in front of the table */
  serialColumn?: boolean;
  /** blank or noise rows inserted before these body rows (0-based among body rows) */
  insertBefore?: number[];
  sheetName?: string;
}

/**
 * Builds a grid in the layout of the attachment as printed in the campaign documents: department
 * column merged down, case totals written inside the department's label cell, 其中 grouping.
 */
export function attachmentGrid(template: Template, data: AttachmentData, options: AttachmentOptions = {}): Grid {
  const groupStyle = options.groupStyle ?? (template.id === "liaoning-2019" ? "header-row" : "column");
  const off = options.serialColumn ? 1 : 0;
  const rows: CellValue[][] = [];
  const merges: CellRange[] = [];
  const row = (cells: CellValue[]) => {
    rows.push(options.serialColumn ? [null, ...cells] : cells);
    return rows.length - 1;
  };
  const merge = (r1: number, c1: number, r2: number, c2: number) => merges.push({ r1, c1: c1 + off, r2, c2: c2 + off });
  const width = groupStyle === "column" ? 5 : 4;
  const v = (id: string) => (id in data.values ? data.values[id] : null);
  const totalText = (id: string) => {
    const x = v(id);
    return x === null || x === undefined ? "____" : ` ${String(x)} `;
  };

  row(["附件"]);
  merge(row([template.title]), 0, rows.length - 1, width - 1);
  row([`填报单位：${data.unit ?? ""}`]);
  row([`填报日期：${data.date ?? " 月 日"}`]);
  const head = row(groupStyle === "column" ? ["项目", null, null, "数量", "备注"] : ["项   目", null, "数量", "备注"]);
  merge(head, 0, head, groupStyle === "column" ? 2 : 1);
  if (options.serialColumn) rows[head][0] = "序号";

  let body = 0;
  let serial = 1;
  const bodyRow = (cells: CellValue[]) => {
    for (const _ of (options.insertBefore ?? []).filter((b) => b === body)) row(Array(width).fill(null));
    body++;
    const r = row(cells);
    if (options.serialColumn && cells.some((c, i) => i > 0 && c !== null)) rows[r][0] = serial++;
    return r;
  };

  for (const section of template.sections) {
    const inLabel = section.items.filter((i) => i.inLabelCell);
    const plain = section.items.filter((i) => !i.inLabelCell);
    const deptText = inLabel.length
      ? `${section.id === "cases" ? "" : `${section.name}\n`}${inLabel.map((i) => `${i.label}\n${totalText(i.id)}${i.unit}`).join("；\n")}${section.id === "cases" ? "" : "。"}`
      : section.name;
    const first = rows.length;
    let group: string | undefined;
    let groupStart = -1;
    const closeGroup = (last: number) => {
      if (groupStyle === "column" && groupStart >= 0 && last > groupStart) merge(groupStart, 1, last, 1);
      groupStart = -1;
    };
    let firstRow = -1;
    for (const item of plain) {
      const label = itemDisplayLabel(item);
      const remark = data.remarks?.[item.id] ?? null;
      let r: number;
      if (groupStyle === "header-row") {
        if (item.group && item.group !== group) {
          r = bodyRow([null, item.group, "数量", "备注"]);
          if (firstRow < 0) firstRow = r;
        }
        r = bodyRow([null, label, v(item.id), remark]);
      } else if (item.group) {
        if (item.group !== group) {
          r = bodyRow([null, item.group, label, v(item.id), remark]);
          groupStart = r;
        } else r = bodyRow([null, null, label, v(item.id), remark]);
      } else {
        closeGroup(rows.length - 1);
        r = bodyRow([null, label, null, v(item.id), remark]);
        merge(r, 1, r, 2);
      }
      if (firstRow < 0) firstRow = r;
      group = item.group;
    }
    closeGroup(rows.length - 1);
    const top = firstRow < 0 ? first : firstRow;
    rows[top][off] = deptText;
    if (rows.length - 1 > top) merge(top, 0, rows.length - 1, 0);
  }
  if (template.footnote) merge(row([template.footnote]), 0, rows.length - 1, width - 1);
  return { sheetName: options.sheetName ?? "Sheet1", rows, merges };
}
