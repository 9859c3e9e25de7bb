import { layoutTemplate, layoutToGrid, type SheetFill } from "../../src/core/layout";
import { fromA1, toA1, type Grid, type CellValue } from "../../src/core/grid";
import type { Template } from "../../src/templates/schema";
import { findBuiltinTemplate } from "../../src/templates";
import { analyzeSheets } from "../../src/core/analyze";
import type { ReceivedInput } from "../../src/core/consolidate";

export const ganzhou = findBuiltinTemplate("ganzhou-2022")!;
export const liaoning = findBuiltinTemplate("liaoning-2019")!;

/** a complete, valid set of values: every item filled, partitions adding up, at-most rules kept */
export function validValues(template: Template, base = 1): Record<string, number> {
  const values: Record<string, number> = {};
  template.sections.flatMap((s) => s.items).forEach((i, n) => (values[i.id] = base + n));
  for (const rule of template.rules) {
    if (rule.kind === "partition") values[rule.total] = rule.parts.reduce((s, p) => s + values[p], 0);
  }
  for (const rule of template.rules) {
    if (rule.kind === "at-most") values[rule.item] = Math.min(values[rule.item], values[rule.limit]);
  }
  return values;
}

/** our own layout, filled, as a grid; `names: false` drops the defined names to force reading by labels */
export function filledGrid(template: Template, fill: SheetFill, options: { names?: boolean } = {}): Grid {
  const grid = layoutToGrid(layoutTemplate(template, fill));
  if (options.names === false) delete grid.names;
  return grid;
}

/** a unit's file as the roll-up receives it: our layout filled, read and checked against `template` */
export function filledInput(template: Template, fill: SheetFill, source: string): ReceivedInput {
  return analyzeSheets(source, [filledGrid(template, fill)], [template], { wanted: template }).input;
}

/** sets the value (or, with `column: "remark"`, the remark) of an item in a grid made by filledGrid */
export function setItem(grid: Grid, itemId: string, value: CellValue, column: "value" | "remark" = "value"): string {
  const address = grid.names?.[`cs_${itemId}`];
  if (!address) throw new Error(`no input cell named for ${itemId}`);
  const p = fromA1(address)!;
  const col = column === "value" ? p.col : p.col + 1;
  grid.rows[p.row][col] = value;
  return toA1(p.row, col);
}

/** 赣州's counties and districts, as the tests name the units that report to the city */
export const GANZHOU_COUNTIES = [
  "章贡区",
  "南康区",
  "赣县区",
  "信丰县",
  "大余县",
  "上犹县",
  "崇义县",
  "安远县",
  "定南县",
  "全南县",
  "宁都县",
  "于都县",
  "兴国县",
  "会昌县",
  "寻乌县",
  "石城县",
  "瑞金市",
  "龙南市",
  "蓉江新区",
  "经开区",
] as const;
