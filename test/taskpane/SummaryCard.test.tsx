/** @jest-environment jsdom */
/**
 * The 汇总 tab beyond the sum: 上期/去年报表 picked and passed on, the review's reminders, the comparison's
 * matches to confirm, and the 汇总说明 card with its copy button. The outcome is the core's, from a
 * real 中期 roll-up read by src/files/previous (the file-actions path: beyond-the-sum.test.tsx).
 */
import "@testing-library/jest-dom";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { analyzeSheets } from "../../src/core/analyze";
import type { PreviousReport } from "../../src/core/compare";
import { consolidate } from "../../src/core/consolidate";
import { App } from "../../src/taskpane/App";
import type { ConsolidateRequest } from "../../src/taskpane/actions";
jest.mock("../../src/taskpane/lazy", () => ({
  loadPrevious: () => Promise.resolve(jest.requireActual("../../src/files/previous")),
  loadChart: () => Promise.resolve(jest.requireActual("../../src/taskpane/components/CountyChart")),
}));
import { beyondOf } from "../../src/taskpane/previous-reports";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { filledGrid, ganzhou, liaoning, validValues } from "../support/fixtures";
import { standaloneActions, xlsxFile } from "./fake-actions";

const COUNTIES = ["章贡区", "南康区", "赣县区", "信丰县"];

function outcome() {
  const inputs = COUNTIES.map((u, k) => {
    const values = validValues(ganzhou, k + 1);
    if (u === "信丰县") values.market_blacklist = 900;
    return analyzeSheets(`${u}.xlsx`, [filledGrid(ganzhou, { header: { unit: u, date: "11月20日" }, values })], [ganzhou], {
      wanted: ganzhou,
    }).input;
  });
  const c = consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日", stage: "全面" });
  // last year's 辽宁-style roll-up: items matched by name
  const lastYear: PreviousReport = {
    source: "2021年汇总.xlsx",
    kind: "rollup",
    year: 2021,
    templateTitle: liaoning.title,
    totals: [
      { section: "查处网络违法案件", label: "不正当价格行为案件", unit: "件", value: "3" },
      { section: "海关部门", label: "案值", unit: "万元", value: "1.5" },
    ],
    units: [],
  };
  return { ...beyondOf(ganzhou, c, [lastYear]), inputs };
}

test("汇总: the earlier reports are passed on; reminders, matches to confirm and the 汇总说明 card with 复制", async () => {
  const result = outcome();
  const actions = standaloneActions({ consolidate: jest.fn(async () => result) });
  const user = userEvent.setup();
  render(<App actions={actions} templates={BUILTIN_TEMPLATES} />);
  await user.click(screen.getByRole("tab", { name: "汇总" }));
  await user.upload(screen.getByLabelText(/各单位报送的统计表/), [xlsxFile("章贡区.xlsx")]);
  await user.upload(screen.getByLabelText(/上期\/去年报表/), [xlsxFile("2021年汇总.xlsx")]);
  await user.type(screen.getByRole("textbox", { name: /汇总单位/ }), "赣州市市场监督管理局");
  await user.click(screen.getByRole("button", { name: "开始汇总" }));

  const req = (actions.consolidate as jest.Mock).mock.calls[0][0] as ConsolidateRequest;
  expect(req.previousFiles!.map((f) => f.name)).toEqual(["2021年汇总.xlsx"]);
  const reminders = await screen.findByRole("region", { name: "核对提醒" });
  expect(within(reminders).getByText(/“信丰县”填报 900，超过其他 3 个单位中位数/)).toBeInTheDocument();
  const cmp = screen.getByRole("region", { name: "对比" });
  expect(
    within(cmp).getByText("查处不正当价格行为案件（件）← 查处网络违法案件 · 不正当价格行为案件（件）：名称相近，请确认"),
  ).toBeInTheDocument();
  expect(within(cmp).getByText("去年报表中未对应的项目：案值（万元）")).toBeInTheDocument();

  const card = screen.getByRole("group", { name: "汇总说明" });
  expect(within(card).getByText(result.beyond.paragraph)).toBeInTheDocument();
  await user.click(within(card).getByRole("button", { name: "复制" }));
  // user-event's clipboard stands in for the browser's
  expect(await navigator.clipboard.readText()).toBe(result.beyond.paragraph);
  expect(await within(card).findByText("已复制，可粘贴到工作总结中。")).toBeInTheDocument();

  await user.click(screen.getByRole("button", { name: "下载汇总表" }));
  await waitFor(() => expect(actions.downloadRollup).toHaveBeenCalled());
  expect((actions.downloadRollup as jest.Mock).mock.calls[0][2].map((s: { table: { sheetName: string } }) => s.table.sheetName)).toEqual([
    "对比",
    "汇总说明",
  ]);
});

test("复制 says so when the clipboard refuses", async () => {
  const result = outcome();
  const user = userEvent.setup();
  Object.defineProperty(navigator, "clipboard", {
    value: { writeText: jest.fn(async () => Promise.reject(new Error("denied"))) },
    configurable: true,
  });
  document.execCommand = jest.fn(() => false);
  render(<App actions={standaloneActions({ consolidate: jest.fn(async () => result) })} templates={BUILTIN_TEMPLATES} />);
  await user.click(screen.getByRole("tab", { name: "汇总" }));
  await user.upload(screen.getByLabelText(/各单位报送的统计表/), [xlsxFile("章贡区.xlsx")]);
  await user.type(screen.getByRole("textbox", { name: /汇总单位/ }), "赣州市市场监督管理局");
  await user.click(screen.getByRole("button", { name: "开始汇总" }));
  const card = await screen.findByRole("group", { name: "汇总说明" });
  await user.click(within(card).getByRole("button", { name: "复制" }));
  expect(await within(card).findByText("未能复制，请选中上面的文字后按 Ctrl+C。")).toBeInTheDocument();
});
