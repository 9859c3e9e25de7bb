import { analyzeSheets } from "../../src/core/analyze";
import { consolidate } from "../../src/core/consolidate";
import { coverageNote, layoutStatus, type RollupText } from "../../src/core/rollup-layout";
import { ROLLUP_TEXT } from "../../src/messages/zh-CN";
import { filledGrid, ganzhou, setItem, validValues } from "../support/fixtures";

function county(unit: string, change?: (g: ReturnType<typeof filledGrid>) => void) {
  const grid = filledGrid(ganzhou, { header: { unit, date: "11月20日", stage: "全面" }, values: validValues(ganzhou) });
  change?.(grid);
  return analyzeSheets(`${unit}.xlsx`, [grid], [ganzhou], { wanted: ganzhou }).input;
}

const rolled = () =>
  consolidate({
    template: ganzhou,
    inputs: [county("章贡区"), county("赣县区", (g) => void setItem(g, "police_cases", "若干"))],
    unit: "赣州市",
    date: "11月26日",
    roster: ["章贡区", "赣县区", "大余县"],
  });

test("报送情况 and the 说明 line say why a file was left out in the verdict words the CLI and the pane use", () => {
  const c = rolled();
  const rejectedRows = layoutStatus(c, ROLLUP_TEXT).rows.filter((r) => String(r[0]).startsWith("未汇总"));
  expect(rejectedRows.map((r) => [r[0], r[1], r[3]])).toEqual([["未汇总（需修改 1 处）", "赣县区", "错误"]]);
  expect(String(rejectedRows[0][5])).toContain("“若干”不是数字");
  expect(coverageNote(c, ROLLUP_TEXT)).toBe("说明：本表汇总 1 个单位；未汇总：赣县区（需修改 1 处）；未报送：大余县。");
});

test("every word about a finding comes from the renderer the caller passes: the core formats none itself", () => {
  const c = rolled();
  const plain: RollupText = { message: (f) => `<${f.code}>`, rejection: (r) => `<${r.reason}>`, severity: (s) => `<${s}>` };
  const rows = layoutStatus(c, plain).rows.filter((r) => String(r[0]).startsWith("未汇总"));
  expect(rows.map((r) => [r[0], r[3], r[5]])).toEqual([["未汇总（<invalid>）", "<error>", "<not-a-number>"]]);
  expect(coverageNote(c, plain)).toBe("说明：本表汇总 1 个单位；未汇总：赣县区（<invalid>）；未报送：大余县。");
});
