/**
 * The roll-up's native charts in Excel: each accepted unit's 查处网络违法案件 and 罚没款 as horizontal bars
 * (the pane's CountyChart draws the same in SVG), one chart per item since 件 and 万元 share no axis. They sit
 * on 汇总明细 under its table, drawn from its cells (the unit columns, headed by short place names), so
 * replacing the roll-up replaces them with their sheet: a second roll-up never leaves a second copy.
 *
 * Charts are ExcelApi 1.1; the place names under the bars and the top-down order need 1.7, keeping the
 * value axis at the bottom of a top-down chart 1.8 (each gated: see requirements.ts).
 */
import type { Consolidation } from "../core/consolidate";
import type { TableLayout } from "../core/rollup-layout";
import { toA1 } from "../core/grid";
import { widthToPoints } from "../core/presentation";
import { summaryFacts } from "../core/summary";
import type { Template } from "../templates/schema";
import type { Capabilities } from "./requirements";

/** 汇总明细's columns (src/core/rollup-layout layoutDetail): 部门, 项目, 单位, 合计 (frozen), then one per unit */
export const FIRST_UNIT_COL = 4;

/** the category axis's title: the units are whatever the roll-up adds up (counties, or cities one level up) */
export const CATEGORY_AXIS_TITLE = "填报单位";

export interface RollupChartPlan {
  /** the chart's name in Excel (its selection pane): also its title */
  name: string;
  itemId: string;
  valueAxisTitle: string;
  /** the item's row of unit figures on 汇总明细, and the place names over them */
  data: string;
  categories: string;
  /** top-left cell; width and height in points */
  anchor: string;
  width: number;
  height: number;
}

/** the case total item: cases_total, else the first partition rule's total */
export function chartItem(template: Template): string | undefined {
  const all = template.sections.flatMap((s) => s.items);
  if (all.some((i) => i.id === "cases_total")) return "cases_total";
  const rule = template.rules.find((r) => r.kind === "partition");
  return rule?.kind === "partition" ? rule.total : undefined;
}

/** the charted items: the case total and the fines (the 万元 item the 汇总说明 names as 罚没款), in that order */
export function chartedItems(template: Template, c: Consolidation): string[] {
  const cases = chartItem(template);
  const fines = summaryFacts(template, c).fines?.itemId;
  return [...new Set([cases, fines].filter((id): id is string => id !== undefined))];
}

/** a bar per unit: tall enough for a legible place name each, within what a screen and a page can show */
export function chartHeight(units: number): number {
  return Math.min(1600, Math.max(220, 90 + 18 * units));
}

/** a row is at least this high in any Excel (points): rows needed under a chart are counted with it, so charts never overlap */
const MIN_ROW_HEIGHT = 13.5;

/**
 * The charts for a roll-up under its 汇总明细 (`detail`): one under the other below the table, as
 * wide as the frozen columns 部门 … 合计 so that scrolling through the unit columns never cuts one.
 * Empty when no unit was added up or the template has neither item.
 */
export function rollupChartPlans(template: Template, c: Consolidation, detail: TableLayout): RollupChartPlan[] {
  const units = c.accepted.length;
  if (units === 0) return [];
  const items = template.sections.flatMap((s) => s.items);
  const width = Math.round(
    detail.columnWidths
      .slice(0, FIRST_UNIT_COL)
      .map(widthToPoints)
      .reduce((a, b) => a + b, 0) - 8,
  );
  const height = chartHeight(units);
  const lastCol = FIRST_UNIT_COL + units - 1;
  let row = detail.rows.length + 1; // one empty row under the table and its 来源文件 row
  const plans: RollupChartPlan[] = [];
  for (const itemId of chartedItems(template, c)) {
    const index = items.findIndex((i) => i.id === itemId);
    if (index === -1) continue;
    const item = items[index];
    const dataRow = 1 + index; // layoutDetail: the header row, then one row per item in template order
    plans.push({
      name: `各单位${item.label}（${item.unit}）`.slice(0, 31),
      itemId,
      valueAxisTitle: `${item.label}（${item.unit}）`,
      data: `${toA1(dataRow, FIRST_UNIT_COL)}:${toA1(dataRow, lastCol)}`,
      categories: `${toA1(0, FIRST_UNIT_COL)}:${toA1(0, lastCol)}`,
      anchor: toA1(row, 0),
      width,
      height,
    });
    row += Math.ceil(height / MIN_ROW_HEIGHT) + 1;
  }
  return plans;
}

/** Queues the charts into the (new) detail sheet; the number queued. Never syncs. */
export function queueRollupCharts(ws: Excel.Worksheet, plans: readonly RollupChartPlan[], caps: Capabilities): number {
  if (!caps.charts) return 0;
  for (const p of plans) {
    const chart = ws.charts.add("BarClustered", ws.getRange(p.data), "Rows");
    chart.name = p.name;
    chart.title.text = p.name;
    chart.legend.visible = false;
    chart.dataLabels.showValue = true;
    chart.axes.valueAxis.title.text = p.valueAxisTitle;
    const series = chart.series.getItemAt(0);
    series.name = p.valueAxisTitle;
    const categoryAxis = chart.axes.categoryAxis;
    categoryAxis.title.text = CATEGORY_AXIS_TITLE;
    if (caps.chartCategories) {
      series.setXAxisValues(ws.getRange(p.categories));
      // a bar chart draws its first category at the bottom: the units top-down, in the table's order
      categoryAxis.reversePlotOrder = true;
    }
    // the value axis would follow the reversed categories to the top
    if (caps.chartCategories && caps.chartAxisPosition) categoryAxis.position = "Maximum";
    chart.setPosition(p.anchor);
    chart.width = p.width;
    chart.height = p.height;
  }
  return plans.length;
}
