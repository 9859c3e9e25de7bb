/** @jest-environment jsdom */
import "@testing-library/jest-dom";
import { act, configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/taskpane/App";
import { AddinError } from "../../src/excel/errors";
import { finding } from "../../src/core/findings";
import { renderMessage } from "../../src/messages/zh-CN";
import type { ConsolidateOutcome, ConsolidateRequest, ExcelActions, PaneActions } from "../../src/taskpane/actions";
import { cellOf, deferred, excelActions, sampleConsolidation, standaloneActions, templates, validSheet, xlsxFile } from "./fake-actions";
import { ganzhou, liaoning } from "../support/fixtures";
import { withLayout } from "../support/jsdom-layout";

// lazy.ts is webpack's (import.meta); the pane's chart chunk is loaded here as the module itself
jest.mock("../../src/taskpane/lazy", () => ({
  loadChart: () => Promise.resolve(jest.requireActual("../../src/taskpane/components/CountyChart")),
}));

// the full suite runs beside webpack and Chromium on two cores: give renders time
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);

// Layout for the whole file, not only the keyboard tests: without it Fluent finds no focusable button in a
// dialog and focuses its surface, Tabster then misses the modal's activation and, when its deferred update
// runs late (a loaded machine), hides the open dialog with aria-hidden for good.
let restoreLayout: () => void;
beforeAll(() => {
  restoreLayout = withLayout();
});
afterAll(() => restoreLayout());

// 报告阶段 starts at the last choice (kept in localStorage): the same start for every test
beforeEach(() => localStorage.setItem("campaign-stats.stage", "中期"));

function setup<A extends PaneActions = ExcelActions>(actions: A = excelActions() as unknown as A) {
  const user = userEvent.setup();
  render(<App actions={actions} templates={templates} />);
  return { user, actions };
}

async function openTab(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(screen.getByRole("tab", { name }));
}

test("three tabs in Chinese, 插入统计表 first", () => {
  setup();
  expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("专项行动统计表助手");
  expect(screen.getAllByRole("tab")).toEqual(["插入统计表", "一键校验", "汇总"].map((name) => screen.getByRole("tab", { name })));
  expect(screen.getByRole("tab", { name: "插入统计表" })).toHaveAttribute("aria-selected", "true");
});

describe("插入统计表", () => {
  test("in Excel: inserts the chosen template with 填报单位 and stage, and says where", async () => {
    const { user, actions } = setup();
    await user.selectOptions(screen.getByLabelText("统计表模板"), ganzhou.title);
    await user.type(screen.getByLabelText(/填报单位/), "章贡区市场监督管理局");
    await user.click(screen.getByRole("radio", { name: "全面" }));
    await user.click(screen.getByRole("button", { name: "插入统计表" }));
    expect(actions.insertTemplate).toHaveBeenCalledWith({ template: ganzhou, unit: "章贡区市场监督管理局", stage: "全面" });
    expect(await screen.findByText(/已插入工作表“统计表 \(2\)”/)).toBeInTheDocument();
  });

  test("an Excel error is shown in Chinese, with Excel's own words", async () => {
    const actions = excelActions({
      insertTemplate: jest.fn(async () => Promise.reject(new AddinError("protected", { detail: "工作簿受保护" }))),
    });
    const { user } = setup(actions);
    await user.click(screen.getByRole("button", { name: "插入统计表" }));
    expect(await screen.findByText("未能插入统计表")).toBeInTheDocument();
    expect(screen.getByText(/撤消工作表保护/)).toBeInTheDocument();
    expect(screen.getByText("（工作簿受保护）")).toBeInTheDocument();
  });

  test("standalone: 下载空白模板", async () => {
    const actions = standaloneActions();
    const { user } = setup(actions);
    expect(screen.queryByRole("button", { name: "插入统计表" })).toBeNull();
    await user.selectOptions(screen.getByLabelText("统计表模板"), liaoning.title);
    await user.click(screen.getByRole("button", { name: "下载空白模板" }));
    expect(actions.downloadTemplate).toHaveBeenCalledWith({ template: liaoning, unit: "", stage: "中期" });
    expect(await screen.findByText(/已生成“辽宁省2019网络市场监管专项行动情况统计表.xlsx”/)).toBeInTheDocument();
  });

  test("导入新模板: a good JSON file is reviewed, then added and selected; a bad one lists its problems", async () => {
    const { user, actions } = setup();
    const custom = { ...ganzhou, id: "ganzhou-2024", title: "赣州 2024 统计表" };
    const input = screen.getByLabelText("选择下发的统计表附件（Word 或 Excel）或模板文件");
    await user.upload(input, new File([JSON.stringify(custom)], "t.json", { type: "application/json" }));
    await user.click(await screen.findByRole("button", { name: "确认使用" }));
    expect(await screen.findByText(/^已添加模板《赣州 2024 统计表》，并已选为当前模板。/)).toBeInTheDocument();
    expect(screen.getByLabelText("统计表模板")).toHaveDisplayValue("【新导入】赣州 2024 统计表");
    await user.click(screen.getByRole("button", { name: "插入统计表" }));
    expect((actions.insertTemplate as jest.Mock).mock.calls[0][0].template.id).toBe("ganzhou-2024");

    await user.upload(input, new File(["{ not json"], "bad.json", { type: "application/json" }));
    expect(await screen.findByText("未能从“bad.json”导入模板")).toBeInTheDocument();
    expect(screen.getByText(/不是有效的 JSON 文件/)).toBeInTheDocument();
  });
});

describe("一键校验", () => {
  test("in Excel: verdict, per-department summary, findings; clicking a finding selects its cell", async () => {
    const { user, actions } = setup();
    await openTab(user, "一键校验");
    await user.click(screen.getByRole("button", { name: "校验当前工作表" }));
    expect(actions.validateActiveSheet).toHaveBeenCalledWith(expect.arrayContaining([...templates]));
    expect(await screen.findByText("需修改 2 处")).toBeInTheDocument();
    expect(screen.getByText(/错误为红色，提醒为橙色/)).toBeInTheDocument();

    const summary = screen.getByRole("list", { name: "各部门情况" });
    const police = within(summary).getByText("公安局").closest("li")!;
    expect(within(police).getByText("2 错误")).toBeInTheDocument();
    const customs = within(summary).getByText("赣州海关").closest("li")!;
    expect(within(customs).getByText("1 提醒")).toBeInTheDocument();
    expect(within(within(summary).getByText("网信办").closest("li")!).getByText("无问题")).toBeInTheDocument();

    const blank = screen.getByRole("button", { name: new RegExp(`查处相关网络违法案件（件）（${cellOf("police_cases")}）未填写`) });
    await user.click(blank);
    expect(actions.selectCell).toHaveBeenCalledWith("统计表", cellOf("police_cases"));

    await user.click(screen.getByRole("button", { name: "清除标记" }));
    expect(actions.clearMarks).toHaveBeenCalledWith("统计表");
    expect(await screen.findByText("已清除 3 处标记。")).toBeInTheDocument();
  });

  test("a correct sheet: 可以报送", async () => {
    const { user } = setup(excelActions({ validateActiveSheet: jest.fn(async () => validSheet()) }));
    await openTab(user, "一键校验");
    await user.click(screen.getByRole("button", { name: "校验当前工作表" }));
    expect(await screen.findByText("可以报送")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "清除标记" })).toBeNull();
  });

  test("the results are announced (aria-live)", async () => {
    const { user } = setup();
    await openTab(user, "一键校验");
    await user.click(screen.getByRole("button", { name: "校验当前工作表" }));
    const verdict = await screen.findByText("需修改 2 处");
    expect(verdict.closest("[aria-live]")).toHaveAttribute("aria-live", "polite");
  });

  test("standalone: pick files, progress while reading, one report per file", async () => {
    const gate = deferred<void>();
    const actions = standaloneActions();
    const original = actions.validateFiles as jest.Mock;
    const impl = original.getMockImplementation()!;
    original.mockImplementation(async (files: File[], t, onProgress) => {
      onProgress?.({ done: 1, total: 2, current: "南康区.xlsx" });
      await gate.promise;
      return impl(files, t, onProgress);
    });
    const { user } = setup(actions);
    await openTab(user, "一键校验");
    const button = screen.getByRole("button", { name: "校验所选文件" });
    expect(button).toBeDisabled();
    await user.upload(screen.getByLabelText(/选择要校验的统计表/), [xlsxFile("章贡区.xlsx"), xlsxFile("南康区.xlsx")]);
    expect(screen.getByText("已选择 2 个文件")).toBeInTheDocument();
    expect(screen.getByText("章贡区.xlsx、南康区.xlsx")).toBeInTheDocument();
    await user.click(button);
    expect(await screen.findByText("正在读取第 2 / 2 个文件：南康区.xlsx")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0.5");
    await act(async () => gate.resolve());
    expect(await screen.findByText("共 2 个文件：0 个可以报送，2 个需处理。")).toBeInTheDocument();
    // the keyboard lands on the results
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "校验结果" })));
    // one row a file, its verdict and counts; a row opens to the file's findings
    const table = screen.getByRole("table", { name: "校验结果一览" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/章贡区市场监督管理局章贡区\.xlsx需修改 2 处21$/),
      expect.stringMatching(/章贡区市场监督管理局南康区\.xlsx需修改 2 处21$/),
    ]);
    expect(screen.queryByText(/未填写/)).toBeNull();
    await user.click(within(rows[1]).getByRole("button", { expanded: false }));
    expect(within(table).getAllByText(/未填写/).length).toBeGreaterThan(0);
    // a reminder is readable there too
    expect(within(table).getByText(/是文本，已按数字 12 读取/)).toBeInTheDocument();
    // no Excel: findings are text, not buttons
    expect(screen.queryAllByRole("button", { name: /未填写/ })).toEqual([]);
  });
});

/** a button of the open confirmation dialog, looked up through the accessibility tree as a screen reader would */
function dialogButton(name: string): Promise<HTMLElement> {
  return waitFor(() => within(screen.getByRole("alertdialog")).getByRole("button", { name }));
}

describe("汇总", () => {
  async function fillAndRun(user: ReturnType<typeof userEvent.setup>) {
    await openTab(user, "汇总");
    await user.upload(screen.getByLabelText(/各单位报送的统计表/), [xlsxFile("章贡区.xlsx"), xlsxFile("南康区.xlsx")]);
    await user.type(screen.getByRole("textbox", { name: /汇总单位/ }), "赣州市市场监督管理局");
    await user.type(screen.getByRole("textbox", { name: /报送名单/ }), "章贡区\n南康区\n\n 大余县 ");
    await user.click(screen.getByRole("button", { name: "开始汇总" }));
  }

  test("asks for what is missing before starting", async () => {
    const { user, actions } = setup();
    await openTab(user, "汇总");
    await user.clear(screen.getByRole("textbox", { name: /填报日期/ }));
    await user.type(screen.getByRole("textbox", { name: /填报日期/ }), "下周");
    await user.click(screen.getByRole("button", { name: "开始汇总" }));
    expect(screen.getByText("请填写汇总单位，如：赣州市市场监督管理局")).toBeInTheDocument();
    expect(screen.getByText("请按“11月26日”填写日期")).toBeInTheDocument();
    expect(screen.getByText("请选择报送文件，或选择本工作簿中的工作表")).toBeInTheDocument();
    expect(actions.consolidate).not.toHaveBeenCalled();
  });

  test("in Excel: progress while reading, per-file results, then 写入汇总表 with a confirmation before replacing", async () => {
    const gate = deferred<ConsolidateOutcome>();
    const actions = excelActions({
      consolidate: jest.fn(async (req: ConsolidateRequest) => {
        req.onProgress?.({ done: 1, total: 2, current: "南康区.xlsx" });
        return gate.promise;
      }),
      writeRollup: jest
        .fn()
        .mockRejectedValueOnce(new AddinError("rollup-exists", { message: "工作簿中已有上次生成的汇总工作表（“汇总表”）。" }))
        .mockResolvedValueOnce({ sheets: ["汇总表", "汇总明细", "报送情况"], warnings: [] }),
    });
    const { user } = setup(actions);
    await openTab(user, "汇总");
    // the own sheet (市本级) can be included
    await waitFor(() => expect(screen.getByRole("option", { name: "市本级（当前）" })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText(/同时汇总本工作簿中的工作表/), "市本级");
    await fillAndRun(user);

    expect(await screen.findByText("正在读取第 2 / 2 个文件：南康区.xlsx")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0.5");
    expect(screen.getByRole("button", { name: "开始汇总" })).toBeDisabled();
    const req = (actions.consolidate as jest.Mock).mock.calls[0][0] as ConsolidateRequest;
    expect(req).toMatchObject({
      template: ganzhou,
      unit: "赣州市市场监督管理局",
      ownSheet: "市本级",
      roster: ["章贡区", "南康区", "大余县"],
    });
    expect(req.files.map((f) => f.name)).toEqual(["章贡区.xlsx", "南康区.xlsx"]);
    expect(req.date).toMatch(/^\d{1,2}月\d{1,2}日$/);

    const c = sampleConsolidation();
    await act(async () => gate.resolve({ consolidation: c, inputs: [] }));
    expect(await screen.findByText("已汇总 2 个单位；未汇总 1 份；重复报送待选定 1 个单位；未报送 1 个单位。")).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "汇总结果" })));
    const rejected = screen.getByRole("region", { name: "未汇总" });
    expect(within(rejected).getByText(/赣县区市场监督管理局（赣县区.xlsx）：需修改 1 处/)).toBeInTheDocument();
    expect(within(rejected).getByText(/“若干”不是数字/)).toBeInTheDocument();
    const twice = screen.getByRole("region", { name: /^重复报送/ });
    expect(within(twice).getByText("信丰县市场监督管理局")).toBeInTheDocument();
    expect(within(twice).getByRole("button", { name: "采用这份：信丰县-1.xlsx" })).toBeInTheDocument();
    expect(within(twice).getByRole("button", { name: "采用这份：信丰县-2.xlsx" })).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "未报送" })).getByText("大余县")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "写入汇总表" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getByText("替换上次的汇总结果？")).toBeInTheDocument();
    expect(within(dialog).getByText(/已有上次生成的汇总工作表/)).toBeInTheDocument();
    // the keyboard lands on the dialog's first action, so Tabster activates it as the modal (it is not hidden)
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "替换" })));
    expect(actions.writeRollup).toHaveBeenLastCalledWith(ganzhou, c, false, []);
    await user.click(await dialogButton("替换"));
    expect(actions.writeRollup).toHaveBeenLastCalledWith(ganzhou, c, true, []);
    expect(await screen.findByText("已写入工作表“汇总表”、“汇总明细”、“报送情况”。")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
  });

  test("in Excel: 写入汇总表 passes 对比 and 汇总说明 along with the roll-up", async () => {
    const c = sampleConsolidation();
    const extraSheets = [
      {
        table: { sheetName: "汇总说明", rows: [["汇总说明"], ["全市共查处网络违法案件 3 件。"]], headerRows: 1, columnWidths: [100] },
        wrapCols: [0],
      },
    ];
    const actions = excelActions({
      consolidate: jest.fn(async () => ({
        consolidation: c,
        inputs: [],
        beyond: { findings: [], paragraph: "全市共查处网络违法案件 3 件。", extraSheets, unusable: [] },
      })),
      writeRollup: jest.fn().mockResolvedValue({ sheets: ["汇总表", "汇总明细", "报送情况", "汇总说明"], warnings: [] }),
    });
    const { user } = setup(actions);
    await fillAndRun(user);
    await user.click(await screen.findByRole("button", { name: "写入汇总表" }));
    expect(await screen.findByText("已写入工作表“汇总表”、“汇总明细”、“报送情况”、“汇总说明”。")).toBeInTheDocument();
    expect(actions.writeRollup).toHaveBeenLastCalledWith(ganzhou, c, false, extraSheets);
  });

  test("采用这份 makes the roll-up again with that copy kept; choosing the other copy replaces the choice", async () => {
    const actions = standaloneActions();
    const { user } = setup(actions);
    await fillAndRun(user);
    await user.click(await screen.findByRole("button", { name: "采用这份：信丰县-2.xlsx" }));
    await waitFor(() => expect(actions.consolidate).toHaveBeenCalledTimes(2));
    expect((actions.consolidate as jest.Mock).mock.calls[1][0]).toMatchObject({ keep: ["信丰县-2.xlsx"], unit: "赣州市市场监督管理局" });
    await user.click(await screen.findByRole("button", { name: "采用这份：信丰县-1.xlsx" }));
    await waitFor(() => expect(actions.consolidate).toHaveBeenCalledTimes(3));
    expect((actions.consolidate as jest.Mock).mock.calls[2][0]).toMatchObject({ keep: ["信丰县-1.xlsx"] });
  });

  test("the 未报送 list can be copied", async () => {
    // user-event puts a clipboard of its own in place: read back from it
    const { user } = setup(standaloneActions());
    await fillAndRun(user);
    await user.click(await screen.findByRole("button", { name: "复制名单" }));
    expect(await navigator.clipboard.readText()).toBe("大余县");
    expect(await screen.findByText("已复制")).toBeInTheDocument();
  });

  test("cancelling the confirmation writes nothing", async () => {
    const actions = excelActions({ writeRollup: jest.fn().mockRejectedValue(new AddinError("rollup-exists")) });
    const { user } = setup(actions);
    await fillAndRun(user);
    await user.click(await screen.findByRole("button", { name: "写入汇总表" }));
    await user.click(await dialogButton("取消"));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(actions.writeRollup).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/已写入工作表/)).toBeNull();
  });

  test("a remark shortened in the roll-up is reported after writing, naming the unit", async () => {
    const warning = finding("remark-truncated", {
      file: "南康区.xlsx",
      unit: "南康区市场监督管理局",
      length: 40_000,
      limit: 32_767,
      rollupCell: "D20",
      section: "市场监管局",
      item: "查处网络违法案件（件）",
    });
    const actions = standaloneActions({
      downloadRollup: jest.fn(async () => ({ fileName: "赣州市市场监督管理局汇总表.xlsx", warnings: [warning] })),
    });
    const { user } = setup(actions);
    await fillAndRun(user);
    await user.click(await screen.findByRole("button", { name: "下载汇总表" }));
    expect(await screen.findByText(renderMessage(warning))).toBeInTheDocument();
    expect(renderMessage(warning)).toContain("南康区市场监督管理局");
  });

  test("standalone: 下载汇总表", async () => {
    const actions = standaloneActions();
    const { user } = setup(actions);
    expect(screen.queryByLabelText(/同时汇总本工作簿中的工作表/)).toBeNull();
    await fillAndRun(user);
    await user.click(await screen.findByRole("button", { name: "下载汇总表" }));
    expect(actions.downloadRollup).toHaveBeenCalledWith(ganzhou, expect.objectContaining({ templateId: "ganzhou-2022" }));
    expect(await screen.findByText("已生成“赣州市市场监督管理局汇总表.xlsx”，请在浏览器的下载列表中查看。")).toBeInTheDocument();
  });
});

describe("keyboard", () => {
  /** the focused element as the user would name it */
  const focused = () => {
    const el = document.activeElement as HTMLElement;
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
    return `${el.getAttribute("role") ?? el.tagName.toLowerCase()}:${el.getAttribute("aria-label") ?? label ?? el.textContent?.trim()}`;
  };

  test("every control of 插入统计表 is reached with Tab, in order, and the button works with Enter", async () => {
    const { user, actions } = setup();
    const reached: string[] = [];
    for (let i = 0; i < 7; i++) {
      await user.tab();
      reached.push(focused());
    }
    expect(reached).toEqual([
      expect.stringMatching(/^tab:插入统计表/),
      "select:统计表模板",
      "button:导入新模板…",
      "button:导出模板",
      expect.stringMatching(/^input:填报单位/),
      "input:中期",
      "button:插入统计表",
    ]);
    await user.keyboard("{Enter}");
    expect(actions.insertTemplate).toHaveBeenCalledTimes(1);
  });

  test("汇总 by keyboard: the file button, every field and 开始汇总 are reached with Tab", async () => {
    const { user } = setup(standaloneActions());
    await user.click(screen.getByRole("tab", { name: "汇总" }));
    const reached: string[] = [];
    for (let i = 0; i < 10; i++) {
      await user.tab();
      reached.push(focused());
    }
    expect(reached).toEqual(
      expect.arrayContaining([
        "select:统计表模板",
        "button:选择文件…",
        expect.stringMatching(/^input:汇总单位/),
        expect.stringMatching(/^textarea:报送名单/),
        "button:开始汇总",
      ]),
    );
  });

  test("arrow keys move between tabs; Tab then reaches the validate button and a finding", async () => {
    const { user, actions } = setup();
    await user.tab();
    expect(document.activeElement).toHaveAttribute("role", "tab");
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toHaveTextContent("一键校验");
    await user.keyboard("{Enter}");
    expect(screen.getByRole("tab", { name: "一键校验" })).toHaveAttribute("aria-selected", "true");
    await user.tab();
    expect(document.activeElement).toHaveTextContent("校验当前工作表");
    await user.keyboard(" ");
    await screen.findByText("需修改 2 处");
    const finding = screen.getByRole("button", { name: new RegExp(`（${cellOf("police_cases")}）未填写`) });
    finding.focus();
    await user.keyboard("{Enter}");
    expect(actions.selectCell).toHaveBeenCalledWith("统计表", cellOf("police_cases"));
  });
});
