/**
 * 上期/去年报表 in the pane and the web page: real .xlsx bytes through file-actions (the reader and the
 * writer for real, downloads captured).
 */
import { consolidate } from "../../src/core/consolidate";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { readWorkbook } from "../../src/files/xlsx-read";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { filledInput, ganzhou, validValues } from "../support/fixtures";

jest.mock("../../src/taskpane/lazy", () => ({
  loadReader: () => Promise.resolve(jest.requireActual("../../src/files/workbook")),
  loadLegacyHelpers: () => Promise.resolve(jest.requireActual("../../src/files/legacy-load")),
  loadWriter: () => Promise.resolve(jest.requireActual("../../src/files/xlsx-write")),
  loadPrevious: () => Promise.resolve(jest.requireActual("../../src/files/previous")),
  spawnReadWorker: () => {
    throw new Error("no worker in jest");
  },
}));
jest.mock("../../src/taskpane/download", () => ({
  ...jest.requireActual("../../src/taskpane/download"),
  downloadBytes: jest.fn(),
}));
import { createFileActions } from "../../src/taskpane/file-actions";
import { downloadBytes } from "../../src/taskpane/download";

jest.setTimeout(60000);

const COUNTIES = ["章贡区", "南康区", "赣县区", "信丰县"];
const file = (bytes: Uint8Array, name: string) => new File([bytes as BlobPart], name);

/** the 中期 roll-up of four counties, as the add-in wrote it in June */
async function midTermRollup(): Promise<Uint8Array> {
  const inputs = COUNTIES.map((u, k) =>
    filledInput(
      ganzhou,
      { header: { unit: `${u}市场监督管理局`, date: "6月20日", stage: "中期" }, values: validValues(ganzhou, k + 1) },
      `${u}.xlsx`,
    ),
  );
  return writeRollupWorkbook(
    ganzhou,
    consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "6月25日", stage: "中期" }),
  );
}

/** 全面: twice the 中期 figures, but 南康区's 清理网上违法有害信息 below its 中期 */
async function finalFiles(): Promise<File[]> {
  return Promise.all(
    COUNTIES.map(async (u, k) => {
      const mid = validValues(ganzhou, k + 1);
      const values = Object.fromEntries(Object.entries(mid).map(([id, n]) => [id, n * 2]));
      if (u === "南康区") values.police_info = mid.police_info - 1;
      return file(
        await writeTemplateWorkbook(ganzhou, { header: { unit: `${u}市场监督管理局`, date: "11月20日", stage: "全面" }, values }),
        `${u}.xlsx`,
      );
    }),
  );
}

test("file-actions: the 中期 roll-up as 上期 gives the reminder, 对比 and 汇总说明 in the download; an unusable file is named", async () => {
  const actions = createFileActions();
  const outcome = await actions.consolidate({
    template: ganzhou,
    templates: BUILTIN_TEMPLATES,
    files: await finalFiles(),
    unit: "赣州市市场监督管理局",
    date: "11月26日",
    stage: "全面",
    roster: [],
    previousFiles: [file(await midTermRollup(), "中期汇总.xlsx"), file(new TextEncoder().encode("<html></html>"), "说明.xls")],
  });
  const beyond = outcome.beyond!;
  expect(beyond.findings.map((f) => [f.code, f.code === "review-cumulative-decrease" ? f.unit : null, f.itemId])).toEqual([
    ["review-cumulative-decrease", "南康区市场监督管理局", "police_info"],
  ]);
  expect(outcome.consolidation.accepted.find((a) => a.unit === "南康区市场监督管理局")!.warnings.map((f) => f.code)).toEqual([
    "review-cumulative-decrease",
  ]);
  expect(beyond.unusable).toEqual([expect.stringMatching(/^“说明.xls”不能作为上期\/去年报表：.*网页/)]);
  expect(beyond.comparison?.basis).toBe("上期");
  expect(beyond.comparison?.rows.find((r) => r.itemId === "cases_total")).toMatchObject({
    value: outcome.consolidation.totals.cases_total,
    changePercent: "100",
  });

  await actions.downloadRollup(ganzhou, outcome.consolidation, beyond.extraSheets);
  const read = readWorkbook((downloadBytes as jest.Mock).mock.calls.at(-1)[0]);
  if (!read.ok) throw new Error("unreadable download");
  expect(read.workbook.sheets.map((s) => s.sheetName)).toEqual(
    expect.arrayContaining(["汇总表", "汇总明细", "报送情况", "对比", "汇总说明"]),
  );
  expect(read.workbook.sheets.find((s) => s.sheetName === "汇总说明")!.rows[1][0]).toBe(beyond.paragraph);
  const status = read.workbook.sheets.find((s) => s.sheetName === "报送情况")!;
  expect(status.rows.some((r) => r[1] === "南康区市场监督管理局" && String(r[5]).includes("少于其中期报告"))).toBe(true);
});
