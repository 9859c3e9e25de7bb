/** Label, unit and department-cell parsing as typed in Word, WPS and Excel. */
import { parseDepartmentCell, splitLabelUnit, tidyLabel } from "../../src/learn/text";

test.each([
  ["清理网上违法有害信息（条）", "清理网上违法有害信息", "条"],
  ["清理网上违法违规信息（万条）", "清理网上违法违规信息", "万条"],
  ["处置违法违规互联网应用（网站、APP等）（家）", "处置违法违规互联网应用（网站、APP等）", "家"],
  ["已提请关闭网站（个次)", "已提请关闭网站", "个次"],
  ["网络销售假冒伪劣商品案件(件）", "网络销售假冒伪劣商品案件", "件"],
  ["检查邮政企业、快递企业(家次)", "检查邮政企业、快递企业", "家次"],
  ["查处不履行网络安全管理主体责任的网站和 APP（个）", "查处不履行网络安全管理主体责任的网站和APP", "个"],
  ["查处网络\n违法案件（件）", "查处网络违法案件", "件"],
  ["1、查获跨境侵权邮包（ 批次 ）", "查获跨境侵权邮包", "批次"],
  ["（一）案值（万元）", "案值", "万元"],
  ["案值(万元)。", "案值", "万元"],
  ["处置违法违规互联网应用(网站、APP等)(家)", "处置违法违规互联网应用（网站、APP等）", "家"],
  ["查处“三无”外卖案件（件", "查处“三无”外卖案件", "件"],
  ["Open API calls（万次）", "Open API calls", "万次"],
])("%s → %s · %s", (text, label, unit) => {
  expect(splitLabelUnit(text)).toEqual({ label, unit });
});

test.each([
  ["处置违法违规互联网应用（网站、APP等）", "处置违法违规互联网应用（网站、APP等）"],
  ["按主要违法行为问题分类", "按主要违法行为问题分类"],
  ["其中", "其中"],
  ["查处网络违法案件", "查处网络违法案件"],
])("no unit: %s", (text, label) => {
  expect(splitLabelUnit(text)).toEqual({ label });
});

test("tidyLabel keeps spaces between Latin words only", () => {
  expect(tidyLabel("  网站和 APP  平台 ")).toBe("网站和APP平台");
  expect(tidyLabel("Open  API calls")).toBe("Open API calls");
  expect(tidyLabel("二、市场监管部门：")).toBe("市场监管部门");
});

test.each([
  ["公安部门", { name: "公安部门", totals: [] }],
  ["网信办", { name: "网信办", totals: [] }],
  ["海关 部门", { name: "海关部门", totals: [] }],
  [
    "市场监管局 查处网络 违法案件 ____件； 罚没款 ____万 元。",
    {
      name: "市场监管局",
      totals: [
        { label: "查处网络违法案件", unit: "件" },
        { label: "罚没款", unit: "万元" },
      ],
    },
  ],
  [
    "市场监管局\n查处网络违法案件\n____件；\n罚没款\n____万元。",
    {
      name: "市场监管局",
      totals: [
        { label: "查处网络违法案件", unit: "件" },
        { label: "罚没款", unit: "万元" },
      ],
    },
  ],
  [
    "市场监管部门查处网络违法案件____件；罚没款____万元",
    {
      name: "市场监管部门",
      totals: [
        { label: "查处网络违法案件", unit: "件" },
        { label: "罚没款", unit: "万元" },
      ],
    },
  ],
  [
    "查处网络违法案件\n      件；\n移送公安机关案件\n      件；\n罚没款 \n      万元",
    {
      totals: [
        { label: "查处网络违法案件", unit: "件" },
        { label: "移送公安机关案件", unit: "件" },
        { label: "罚没款", unit: "万元" },
      ],
    },
  ],
  [
    "查处网络违法案件 12 件；移送公安机关案件 3 件；罚没款 4.5 万元",
    {
      totals: [
        { label: "查处网络违法案件", unit: "件" },
        { label: "移送公安机关案件", unit: "件" },
        { label: "罚没款", unit: "万元" },
      ],
    },
  ],
  [
    "查处网络违法案件件；罚没款万元",
    {
      totals: [
        { label: "查处网络违法案件", unit: "件" },
        { label: "罚没款", unit: "万元" },
      ],
    },
  ],
  ["市场监管局；查处网络违法案件 ____件", { name: "市场监管局", totals: [{ label: "查处网络违法案件", unit: "件" }] }],
])("department cell %j", (text, expected) => {
  expect(parseDepartmentCell(text)).toEqual(expected);
});
