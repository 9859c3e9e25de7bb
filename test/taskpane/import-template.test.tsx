/** @jest-environment jsdom */
/**
 * 导入新模板 in the pane: a real .docx / .xlsx attachment (the seed tables in their original layout,
 * made by the test) is read by the real src/learn, shown for review, corrected, confirmed, and then used
 * like a built-in; broken attachments get a message naming the file. Keyboard and screen-reader checks.
 */
import "@testing-library/jest-dom";
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from "node:util";
import { computeAccessibleName } from "dom-accessibility-api";
import { act, configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/taskpane/App";
import type { ExcelActions, PaneActions } from "../../src/taskpane/actions";
import { DECIMAL_UNITS, type Template } from "../../src/templates";
import { DECIMAL_UNITS_MIRROR } from "../../src/taskpane/template-edit";
import { excelActions, standaloneActions, templates } from "./fake-actions";
import { JIANGXI_2023, LIAONING_AS_PRINTED, docxPackage, ganzhouAsPrinted, gridToXlsx, pageGrid, pageToDocx } from "../learn/support";
import { flatten } from "../../src/core/findings";
import { layoutTemplate, layoutToGrid } from "../../src/core/layout";
import { readSubmission } from "../../src/core/read";
import { validate } from "../../src/core/validate";
import { withLayout } from "../support/jsdom-layout";
import { ole2Bytes } from "../files/xlsx-builder";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { ganzhou, validValues } from "../support/fixtures";

// lazy.ts is webpack's (import.meta); the pane's chart chunk is loaded here as the module itself
jest.mock("../../src/taskpane/lazy", () => ({
  loadChart: () => Promise.resolve(jest.requireActual("../../src/taskpane/components/CountyChart")),
}));

configure({ asyncUtilTimeout: 10000 });
// every browser has them; jsdom does not (the readers decode XML with TextDecoder)
Object.assign(globalThis, { TextDecoder: NodeTextDecoder, TextEncoder: NodeTextEncoder });

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** the 赣州 2022 table as issued: a Word attachment, the case totals in the 市场监管局 cell */
function ganzhouDocx(name = "附件2：统计表.docx"): File {
  return new File([pageToDocx(pageGrid(ganzhouAsPrinted())) as BlobPart], name, { type: DOCX });
}

function setup<A extends PaneActions = ExcelActions>(actions: A = excelActions() as unknown as A) {
  const user = userEvent.setup();
  render(<App actions={actions} templates={templates} />);
  return { user, actions };
}

const fileInput = () => screen.getByLabelText("选择下发的统计表附件（Word 或 Excel）或模板文件");

async function openReview(user: ReturnType<typeof userEvent.setup>, file: File) {
  await user.upload(fileInput(), file);
  return screen.findByRole("region", { name: "核对新模板" }, { timeout: 15000 });
}

test("the pane's copy of DECIMAL_UNITS (kept out of zod) equals the schema's", () => {
  expect([...DECIMAL_UNITS_MIRROR]).toEqual([...DECIMAL_UNITS]);
});

describe("导入新模板 from a Word attachment (Excel)", () => {
  test("shows title, departments and items in one table, the rules in words, and the warnings", async () => {
    const { user } = setup();
    const review = await openReview(user, ganzhouDocx());
    const r = within(review);
    expect(r.getByText(/已从“附件2：统计表.docx（表格1）”读出下面的统计表/)).toBeInTheDocument();
    expect(r.getByLabelText("统计表名称")).toHaveValue("赣州 2022 网络市场监管专项行动情况统计表");
    expect(r.getByLabelText("年度")).toHaveValue("2022");
    // the six departments, in order, each on its own row of the table with its number of items
    const table = r.getByRole("table", { name: "部门和项目" });
    expect(
      within(table)
        .getAllByLabelText(/部分：部门名称$/)
        .map((i) => (i as HTMLInputElement).value),
    ).toEqual(["网信办", "公安局", "赣州海关", "林业局", "邮政局", "市场监管局"]);
    expect(within(table).getByText("15 项")).toBeInTheDocument();
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((h) => h.textContent),
    ).toEqual(["项目名称", "单位", "数值", "删除"]);
    expect(r.getByLabelText("网信办第1项：名称")).toHaveValue("清理网上违法违规信息");
    expect(r.getByLabelText("网信办第1项：单位")).toHaveValue("万条");
    expect(r.getByLabelText("网信办第1项：数值类型")).toHaveValue("decimal");
    expect(r.getByLabelText("赣州海关第2项：单位")).toHaveValue("件");
    expect(r.getByLabelText("赣州海关第2项：数值类型")).toHaveValue("count");
    // the case totals written in the department cell became items
    expect(r.getByLabelText("市场监管局第1项：名称")).toHaveValue("查处网络违法案件");
    expect(r.getByText("其中：")).toBeInTheDocument();
    // the header fields of the original only (it prints 填报单位 and 填报日期)
    expect(r.getByText(/表头（同原表）：填报单位、填报日期；/)).toBeInTheDocument();
    // the rules as sentences: 不重复计算 partition, and 移送公安机关案件 不超过 查处网络违法案件
    const rules = within(r.getByRole("list", { name: "校验规则" })).getAllByRole("listitem");
    expect(rules.map((li) => li.textContent?.replace(/删除$/, ""))).toEqual([
      expect.stringMatching(/^查处网络违法案件 = 查处网售“一老一小”用品质量案件 \+ .* \+ 查处其他违法违规案件（不重复计算）$/),
      "移送公安机关案件 不超过 查处网络违法案件",
    ]);
    expect(r.getByRole("heading", { name: "校验规则（2 条）" })).toBeInTheDocument();
    // what the reading was unsure about: the partition came from the footnote
    const warnings = r.getByRole("list", { name: "需要核对的地方" });
    expect(
      within(warnings)
        .getAllByRole("listitem")
        .map((li) => li.textContent)
        .join("\n"),
    ).toMatch(/不重复计算/);
    // the tabs are out of the way, not gone
    expect(screen.queryByRole("tab", { name: "插入统计表" })).toBeNull();
  });

  test("correct in place (rename title, department, item, unit; number kind; remove an item and a rule), 确认使用, then insert it", async () => {
    const { user, actions } = setup();
    const review = await openReview(user, ganzhouDocx());
    const r = within(review);
    const title = r.getByLabelText("统计表名称");
    await user.clear(title);
    await user.type(title, "赣州 2024 网络市场监管专项行动情况统计表");
    await user.clear(r.getByLabelText("年度"));
    await user.type(r.getByLabelText("年度"), "2024");
    const label = r.getByLabelText("公安局第1项：名称");
    await user.clear(label);
    // a line break typed into the name is dropped: a name is one line
    await user.type(label, "侦办网络违法{Enter}犯罪案件");
    const unit = r.getByLabelText("公安局第1项：单位");
    await user.clear(unit);
    await user.type(unit, "起");
    // 万条 → 条: the number kind follows the unit
    const wx = r.getByLabelText("网信办第1项：单位");
    await user.clear(wx);
    await user.type(wx, "条");
    expect(r.getByLabelText("网信办第1项：数值类型")).toHaveValue("count");
    const dept = r.getByLabelText("第一部分：部门名称");
    await user.clear(dept);
    await user.type(dept, "网信部门");
    // the items follow the department's new name
    expect(r.getByLabelText("网信部门第1项：名称")).toHaveValue("清理网上违法违规信息");
    await user.selectOptions(r.getByLabelText("林业局第2项：数值类型"), "小数");
    await user.click(r.getByRole("button", { name: "删除项目“查处违法违规行为（次）”" }));
    // 邮政局 had one item: the department goes with it
    expect(r.queryByDisplayValue("邮政局")).toBeNull();
    expect(r.getByText(/已删除 1 个/)).toBeInTheDocument();
    await user.click(r.getByRole("button", { name: "删除规则：移送公安机关案件 不超过 查处网络违法案件" }));
    expect(r.getByRole("heading", { name: "校验规则（1 条）" })).toBeInTheDocument();
    expect(r.getByText("已删除规则：移送公安机关案件 不超过 查处网络违法案件")).toBeInTheDocument();
    await user.click(r.getByRole("button", { name: "确认使用" }));

    // back on the tabs: added, selected, labelled as new, and the import button has the focus again
    await waitFor(() => expect(screen.queryByRole("region", { name: "核对新模板" })).toBeNull());
    expect(screen.getByLabelText("统计表模板")).toHaveDisplayValue("【新导入】赣州 2024 网络市场监管专项行动情况统计表");
    expect(
      screen.getByText(
        /已添加模板《赣州 2024 网络市场监管专项行动情况统计表》，并已选为当前模板。插入统计表时，模板会一起保存在本工作簿中。/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "导入新模板…" })).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "插入统计表" }));
    const used: Template = (actions.insertTemplate as jest.Mock).mock.calls[0][0].template;
    expect(used.title).toBe("赣州 2024 网络市场监管专项行动情况统计表");
    expect(used.year).toBe(2024);
    expect(used.id).toMatch(/^learned-2022-/);
    expect(used.header).toEqual(["unit", "date"]);
    const police = used.sections.find((s) => s.name === "公安局")!;
    expect(police.items[0]).toMatchObject({ label: "侦办网络违法犯罪案件", unit: "起" });
    expect(used.sections.find((s) => s.name === "网信部门")!.items[0]).toMatchObject({ unit: "条" });
    expect(used.sections.find((s) => s.name === "林业局")!.items[1]).toMatchObject({ unit: "件", kind: "decimal" });
    expect(used.sections.map((s) => s.name)).not.toContain("邮政局");
    expect(used.rules.map((x) => x.kind)).toEqual(["partition"]);
    // still selected in the other tab's picker, and the validation gets it too
    await user.click(screen.getByRole("tab", { name: "一键校验" }));
    await user.click(screen.getByRole("button", { name: "校验当前工作表" }));
    expect((actions.validateActiveSheet as jest.Mock).mock.calls[0][0]).toContainEqual(used);
  });

  test("确认使用 names each problem in a list and moves the keyboard to the first field to fix", async () => {
    const { user } = setup();
    const review = await openReview(user, ganzhouDocx());
    const r = within(review);
    await user.clear(r.getByLabelText("林业局第2项：单位"));
    await user.clear(r.getByLabelText("林业局第1项：名称"));
    await user.clear(r.getByLabelText("第二部分：部门名称"));
    // said at the field while typing, and tied to it for screen readers
    const name = r.getByLabelText("林业局第1项：名称");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("名称为空，请填写。");
    expect(r.getByLabelText("林业局第2项：单位")).toHaveAccessibleDescription("计量单位为空，请填写，如 件、家、万元。");
    await user.click(r.getByRole("button", { name: "确认使用" }));
    const list = await r.findByRole("list", { name: "模板还不能使用的原因" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "第 2 个部门的名称为空，请填写。",
      "第 4 个部门“林业局”第 1 个项目的名称为空，请填写。",
      "第 4 个部门“林业局”第 2 个项目“配合公安机关、市场监管部门、网信部门和邮政部门查处网上非法交易野生动植物案件数量”的计量单位为空，请填写，如 件、家、万元。",
    ]);
    expect(r.getByText("模板还不能使用，请修改以下 3 处")).toBeInTheDocument();
    // the keyboard is at the first of them, in the order of the page
    expect(document.activeElement).toBe(r.getByLabelText("第二部分：部门名称"));
    expect(screen.getByRole("region", { name: "核对新模板" })).toBeInTheDocument();
    await user.type(r.getByLabelText("第二部分：部门名称"), "公安局");
    await user.click(r.getByRole("button", { name: "确认使用" }));
    expect(document.activeElement).toBe(r.getByLabelText("林业局第1项：名称"));
    expect(within(r.getByRole("list", { name: "模板还不能使用的原因" })).getAllByRole("listitem")).toHaveLength(2);
    // 全部还原 brings the table back as read
    await user.click(r.getByRole("button", { name: "全部还原" }));
    expect(r.getByLabelText("林业局第1项：名称")).toHaveValue(
      "向公安机关、市场监管部门、网信部门和邮政部门提交网上非法交易野生动植物线索数量",
    );
    expect(r.queryByRole("list", { name: "模板还不能使用的原因" })).toBeNull();
  });

  test("the 2023 table: 移送公安机关 不超过 查处 added by choosing two items, a partition added and removed; a county breaking the rule gets the finding", async () => {
    const { user, actions } = setup();
    const review = await openReview(user, new File([pageToDocx(pageGrid(JIANGXI_2023)) as BlobPart], "附件2.docx", { type: DOCX }));
    const r = within(review);
    const rules = () =>
      within(r.getByRole("list", { name: "校验规则" }))
        .getAllByRole("listitem")
        .map((li) => li.textContent?.replace(/删除$/, ""));
    // start from the table without the at-most rule, as the reading may leave it out
    await user.click(r.getByRole("button", { name: "删除规则：移送公安机关案件 不超过 查处网络违法案件" }));
    expect(rules()).toHaveLength(1);
    const adder = within(r.getByRole("group", { name: "添加规则" }));
    await user.click(adder.getByRole("button", { name: "添加" }));
    expect(adder.getByText("请选择两个项目。")).toBeInTheDocument();
    await user.selectOptions(adder.getByLabelText("不应更多的项目"), "市场监管部门 · 移送公安机关案件（件）");
    await user.selectOptions(adder.getByLabelText("上限项目（不超过哪一项）"), "市场监管部门 · 查处网络违法案件（件）");
    await user.click(adder.getByRole("button", { name: "添加" }));
    expect(rules()).toEqual([expect.stringMatching(/^查处网络违法案件 = /), "移送公安机关案件 不超过 查处网络违法案件"]);
    expect(r.getByText("已添加规则：移送公安机关案件 不超过 查处网络违法案件")).toBeInTheDocument();
    // the same rule twice is refused
    await user.selectOptions(adder.getByLabelText("不应更多的项目"), "市场监管部门 · 移送公安机关案件（件）");
    await user.selectOptions(adder.getByLabelText("上限项目（不超过哪一项）"), "市场监管部门 · 查处网络违法案件（件）");
    await user.click(adder.getByRole("button", { name: "添加" }));
    expect(adder.getByText("已有这条规则。")).toBeInTheDocument();

    // a partition: the total, then its parts among the department's items with the same unit
    await user.selectOptions(adder.getByLabelText("规则类型"), "分类合计");
    await user.selectOptions(adder.getByLabelText("合计项目"), "市场监管部门 · 查处侵害网络消费者合法权益案件（件）");
    const parts = within(adder.getByRole("group", { name: /^查处侵害网络消费者合法权益案件（件） = / }));
    expect(parts.queryByRole("checkbox", { name: "罚没款（万元）" })).toBeNull();
    await user.click(parts.getByRole("checkbox", { name: "查处恶意侵害网络经营者信誉案件（件）" }));
    await user.click(parts.getByRole("checkbox", { name: "查处网络禁限售商品案件（件）" }));
    await user.click(adder.getByRole("button", { name: "添加" }));
    expect(rules()).toContain("查处侵害网络消费者合法权益案件 = 查处恶意侵害网络经营者信誉案件 + 查处网络禁限售商品案件（不重复计算）");
    await user.click(
      r.getByRole("button", {
        name: "删除规则：查处侵害网络消费者合法权益案件 = 查处恶意侵害网络经营者信誉案件 + 查处网络禁限售商品案件（不重复计算）",
      }),
    );
    expect(rules()).toHaveLength(2);

    await user.click(r.getByRole("button", { name: "确认使用" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "核对新模板" })).toBeNull());
    await user.click(screen.getByRole("button", { name: "插入统计表" }));
    const used: Template = (actions.insertTemplate as jest.Mock).mock.calls[0][0].template;
    expect(used.header).toEqual(["unit", "date"]);
    // a county's table from this template: 5 cases, 6 referred to the police
    const id = (label: string) => used.sections.flatMap((s) => s.items).find((i) => i.label === label)!.id;
    const values = Object.fromEntries(used.sections.flatMap((s) => s.items).map((i) => [i.id, 0]));
    Object.assign(values, { [id("查处网络违法案件")]: 5, [id("查处网络禁限售商品案件")]: 5, [id("移送公安机关案件")]: 6 });
    const grid = layoutToGrid(layoutTemplate(used, { header: { unit: "南昌县市场监督管理局", date: "11月20日" }, values }));
    const report = validate(used, readSubmission(grid, used));
    expect(flatten(report.findings, ["code", "itemId"])).toEqual([["at-most-exceeded", id("移送公安机关案件")]]);
  });

  test("取消 leaves the list as it was", async () => {
    const { user } = setup();
    const review = await openReview(user, ganzhouDocx());
    await user.click(within(review).getByRole("button", { name: "取消" }));
    expect(screen.queryByRole("region", { name: "核对新模板" })).toBeNull();
    expect(within(screen.getByLabelText("统计表模板")).getAllByRole("option")).toHaveLength(templates.length);
    expect(screen.getByRole("button", { name: "导入新模板…" })).toHaveFocus();
  });

  test("keyboard: every control of the review is reached by Tab, and each has a name for screen readers", async () => {
    const restore = withLayout();
    try {
      const { user } = setup();
      const review = await openReview(user, ganzhouDocx());
      // the review's heading takes the focus when it opens
      expect(within(review).getByRole("heading", { level: 2 })).toHaveFocus();
      const controls = [
        ...within(review).getAllByRole("textbox"),
        ...within(review).getAllByRole("combobox"),
        ...within(review).getAllByRole("button"),
      ];
      expect(controls.length).toBeGreaterThan(27 * 4);
      for (const c of controls)
        expect([c.outerHTML.slice(0, 80), computeAccessibleName(c).trim().length > 0]).toEqual([c.outerHTML.slice(0, 80), true]);
      const reached = new Set<Element>();
      for (let k = 0; k < controls.length + 5 && reached.size < controls.length; k++) {
        await user.tab();
        if (document.activeElement && review.contains(document.activeElement)) reached.add(document.activeElement);
      }
      expect(controls.filter((c) => !reached.has(c)).map((c) => computeAccessibleName(c))).toEqual([]);
    } finally {
      restore();
    }
  }, 180_000);
});

describe("导入新模板 from an Excel attachment (web page)", () => {
  test("the 辽宁 2019 table as an .xlsx: 14 categories partition 查处网络违法案件; confirmed and downloaded", async () => {
    const actions = standaloneActions();
    const { user } = setup(actions);
    const bytes = await gridToXlsx(pageGrid(LIAONING_AS_PRINTED).grid);
    const review = await openReview(user, new File([bytes as BlobPart], "辽宁统计表.xlsx", { type: XLSX }));
    const r = within(review);
    const rules = within(r.getByRole("list", { name: "校验规则" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent?.replace(/删除$/, "") ?? "");
    expect(rules).toEqual([expect.stringMatching(/^查处网络违法案件 = /), "移送公安机关案件 不超过 查处网络违法案件"]);
    expect((rules[0].match(/ \+ /g) ?? []).length).toBe(13);
    expect(r.queryByRole("list", { name: "需要核对的地方" })).toBeNull();
    expect(r.getByText(/下载的空白模板中带有这个模板/)).toBeInTheDocument();
    await user.click(r.getByRole("button", { name: "确认使用" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "核对新模板" })).toBeNull());
    await user.click(screen.getByRole("button", { name: "下载空白模板" }));
    const used: Template = (actions.downloadTemplate as jest.Mock).mock.calls[0][0].template;
    const liaoning = templates.find((t) => t.id === "liaoning-2019")!;
    expect(used.sections.flatMap((s) => s.items)).toHaveLength(liaoning.sections.flatMap((s) => s.items).length);
    expect(used.rules.map((x) => x.kind).sort()).toEqual(["at-most", "partition"]);

    await user.click(screen.getByRole("button", { name: "导出模板" }));
    expect(actions.exportTemplate).toHaveBeenCalledWith(used);
    expect(await screen.findByText(/已导出模板文件“.*（模板）.json”/)).toBeInTheDocument();
  });

  test("a template .json file goes through the same review", async () => {
    const { user } = setup(standaloneActions());
    const custom = { ...templates[1], id: "ganzhou-2024", title: "赣州 2024 统计表", year: 2024 };
    const review = await openReview(user, new File([JSON.stringify(custom)], "模板.json", { type: "application/json" }));
    expect(within(review).getByText(/已读取模板文件“模板.json”/)).toBeInTheDocument();
    await user.click(within(review).getByRole("button", { name: "确认使用" }));
    await waitFor(() => expect(screen.getByLabelText("统计表模板")).toHaveDisplayValue("【新导入】赣州 2024 统计表"));
  });
});

describe("broken attachments: a clear message naming the file, no review", () => {
  const cases: [string, () => File, RegExp][] = [
    [
      "a truncated .docx",
      () => {
        const full = pageToDocx(pageGrid(ganzhouAsPrinted()));
        return new File([full.subarray(0, Math.floor(full.length / 2)) as BlobPart], "附件2.docx", { type: DOCX });
      },
      /文件“附件2.docx”已损坏或不完整，无法读取/,
    ],
    [
      "a notice without its table",
      () => new File([docxPackage("<w:p><w:r><w:t>附件：统计表（略）</w:t></w:r></w:p>") as BlobPart], "通知.docx", { type: DOCX }),
      /文件“通知.docx”中没有表格/,
    ],
    [
      "a Word table without 项目 · 数量",
      () =>
        new File(
          [
            docxPackage(
              "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>备注</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            ) as BlobPart,
          ],
          "附件.docx",
          { type: DOCX },
        ),
      /文件“附件.docx”：找到了“项目”（表格第1行），但同一行没有“数量”列/,
    ],
    ["an old .doc", () => new File([ole2Bytes("WordDocument") as BlobPart], "附件.doc"), /文件“附件.doc”是旧版 Word 文档（.doc）.*另存为/],
    [
      "a bad template .json",
      () => new File(["{ not json"], "模板.json", { type: "application/json" }),
      /模板文件“模板.json”有问题.*不是有效的 JSON 文件/,
    ],
  ];
  test.each(cases)("%s", async (_, make, message) => {
    const { user } = setup();
    await user.upload(fileInput(), make());
    const alert = await screen.findByText(/^未能从“.+”导入模板$/, {}, { timeout: 15000 });
    expect(alert.closest("[aria-live]")).toHaveAttribute("aria-live", "polite");
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "核对新模板" })).toBeNull();
    expect(within(screen.getByLabelText("统计表模板")).getAllByRole("option")).toHaveLength(templates.length);
  });
});

describe("templates saved in the workbook (Excel)", () => {
  const learned: Template = { ...templates[1], id: "learned-2024-abc123", title: "江西2024网络市场监管专项行动情况统计表", year: 2024 };

  test("read on startup, listed as 【本工作簿】 and chosen when newest", async () => {
    const actions = excelActions({ readWorkbookTemplates: jest.fn(async () => [learned]) });
    setup(actions);
    await waitFor(() =>
      expect(screen.getByLabelText("统计表模板")).toHaveDisplayValue("【本工作簿】江西2024网络市场监管专项行动情况统计表"),
    );
    expect(screen.getByText(/标有“【本工作簿】”的模板随本工作簿保存/)).toBeInTheDocument();
    expect(actions.readWorkbookTemplates).toHaveBeenCalled();
  });

  test("a newly imported template becomes the workbook's once a table is inserted from it", async () => {
    const actions = excelActions({ insertTemplate: jest.fn(async () => ({ sheetName: "统计表", stored: true })) });
    const { user } = setup(actions);
    const review = await openReview(user, ganzhouDocx());
    await user.click(within(review).getByRole("button", { name: "确认使用" }));
    await waitFor(() => expect(screen.getByLabelText("统计表模板")).toHaveDisplayValue(/^【新导入】/));
    await user.click(screen.getByRole("button", { name: "插入统计表" }));
    expect(await screen.findByText(/这个模板已一起保存在本工作簿中/)).toBeInTheDocument();
    expect(screen.getByLabelText("统计表模板")).toHaveDisplayValue(/^【本工作簿】/);
  });

  test("a workbook that cannot be read does not stop the pane", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const actions = excelActions({ readWorkbookTemplates: jest.fn(async () => Promise.reject(new Error("busy"))) });
    setup(actions);
    await act(async () => undefined);
    expect(within(screen.getByLabelText("统计表模板")).getAllByRole("option")).toHaveLength(templates.length);
    warn.mockRestore();
  });
});

test("a county's filled-in workbook offered as a new template is named as a submission of the known one, not copied", async () => {
  const { user } = setup(standaloneActions());
  const bytes = await writeTemplateWorkbook(ganzhou, {
    header: { unit: "章贡区市场监督管理局", date: "11月20日" },
    values: validValues(ganzhou),
  });
  await user.upload(fileInput(), new File([new Uint8Array(bytes)], "章贡区.xlsx"));
  expect(
    await screen.findByText(
      `“章贡区.xlsx”是按已有模板《${ganzhou.title}》填好的报送文件（填报单位：章贡区市场监督管理局），不是新模板，不需要导入。要检查它请到“一键校验”，要汇总请到“汇总”。`,
      undefined,
      { timeout: 15000 },
    ),
  ).toBeInTheDocument();
  expect(screen.queryByRole("region", { name: "核对新模板" })).toBeNull();
  expect(within(screen.getByLabelText("统计表模板")).getAllByRole("option")).toHaveLength(templates.length);
});
