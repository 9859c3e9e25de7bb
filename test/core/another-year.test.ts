/**
 * A table of another year or place: no template matches, but it is plainly a statistics table (a 数量
 * column, items with units). The finding names the closest template and how many items matched, and tells
 * the clerk how to import that year's table (导入新模板, or the exact `campaign-stats learn` command).
 */
import type { Grid } from "../../src/core/grid";
import { detectTable, looksLikeStatisticsTable } from "../../src/core/detect";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";

const otherYear: Grid = {
  sheetName: "Sheet1",
  rows: [
    ["2025年网络交易监管专项行动统计表"],
    ["部门", "项目", "数量", "备注"],
    ["市场监管局", "检查网店数（家）", 12, null],
    [null, "约谈平台企业（次）", 3, null],
    [null, "下架违规商品（件）", 40, null],
    ["公安局", "侦办网络犯罪（起）", 2, null],
  ],
  merges: [{ r1: 2, c1: 0, r2: 4, c2: 0 }],
};

test("another year's table: closest template, items matched, and how to import the new table", () => {
  expect(looksLikeStatisticsTable(otherYear)).toBe(true);
  const d = detectTable([otherYear], BUILTIN_TEMPLATES);
  expect(d.ok).toBe(false);
  const f = d.findings[0];
  expect(f).toMatchObject({ code: "not-a-statistics-table", looksLikeTable: true });
  if (f.code !== "not-a-statistics-table") throw new Error(f.code);
  expect(f.templateTitle).toBeTruthy();
  const msg = renderMessage(f);
  expect(msg).toContain(`最接近的是《${f.templateTitle}》`);
  expect(msg).toContain(`${f.found} / ${f.expected} 个项目`);
  expect(msg).toContain("导入新模板");
  expect(msg).toContain("campaign-stats learn <附件> -o <模板.json>");
});

test("a sheet that is no statistics table keeps the plain answer", () => {
  const letter: Grid = {
    sheetName: "Sheet1",
    rows: [["关于报送统计表的通知"], ["各县（市、区）："], ["请于11月20日前报送。"]],
    merges: [],
  };
  expect(looksLikeStatisticsTable(letter)).toBe(false);
  const d = detectTable([letter], BUILTIN_TEMPLATES);
  const f = d.findings[0];
  expect(f.code).toBe("not-a-statistics-table");
  expect(renderMessage(f)).toContain("请确认对方提交的是专项行动情况统计表");
});
