import { AddinError, asStructureError, isAddinError, toAddinError } from "../../src/excel/errors";
import { capabilities, officeIsSetSupported } from "../../src/excel/requirements";
import { upTo } from "./fake-excel";

const office = (code: string, message = "Excel said no") => Object.assign(new Error(message), { name: "RichApi.Error", code });

test.each([
  ["AccessDenied", "protected", /撤消工作表保护/],
  ["InvalidOperation", "invalid-operation", /受保护|合并单元格/],
  ["InvalidOperationInCellEditMode", "cell-edit-mode", /结束编辑/],
  ["ItemAlreadyExists", "name-conflict", /同名.*刷新/],
  ["ItemNotFound", "not-found", /找不到/],
  ["ApiNotFound", "unsupported", /版本/],
  ["RequestPayloadSizeLimitExceeded", "too-large", /上限.*不必减少文件/],
  ["GeneralException", "general", /稍候重试/],
  ["InvalidArgument", "invalid-argument", /参数无效/],
  ["Conflict", "conflict", /同时编辑/],
  ["ActivityLimitReached", "busy", /繁忙/],
  ["SomethingNew", "excel", /Excel 无法完成/],
])("Office.js %s → %s, in Chinese, keeping Excel's words", (officeCode, code, message) => {
  const e = toAddinError(office(officeCode));
  expect(e).toBeInstanceOf(AddinError);
  expect(e).toMatchObject({ code, officeCode, detail: "Excel said no" });
  expect(e.message).toMatch(message);
  expect(e.cause).toBeDefined();
});

test("a bug is 'unexpected', an AddinError passes through, recognised by shape across bundles", () => {
  expect(toAddinError(new TypeError("x is undefined"))).toMatchObject({ code: "unexpected", detail: "x is undefined" });
  const mine = new AddinError("rollup-exists");
  expect(toAddinError(mine)).toBe(mine);
  expect(isAddinError({ name: "AddinError", code: "protected", message: "…" })).toBe(true);
  expect(isAddinError(new Error("AddinError"))).toBe(false);
});

test("capabilities by requirement set; no Office means nothing optional", () => {
  expect(capabilities(upTo("1.7"))).toEqual({
    names: true,
    protection: true,
    autofit: true,
    conditionalFormats: true,
    freezePanes: true,
    chartCategories: true,
    chartAxisPosition: false,
    dataValidation: false,
    mergedAreas: false,
    charts: true,
  });
  expect(capabilities(upTo("1.1"))).toMatchObject({ names: false, protection: false, conditionalFormats: false, charts: true });
  expect(
    capabilities(() => {
      throw new Error("no");
    }),
  ).toMatchObject({ charts: false, names: false });
  expect(officeIsSetSupported("ExcelApi", "1.1")).toBe(false);
});

test("AccessDenied while adding sheets names the workbook's structure protection", () => {
  expect(asStructureError(toAddinError(office("AccessDenied")))).toMatchObject({
    code: "structure-protected",
    officeCode: "AccessDenied",
    message: expect.stringMatching(/保护工作簿/),
  });
  const other = toAddinError(office("Conflict"));
  expect(asStructureError(other)).toBe(other);
});
