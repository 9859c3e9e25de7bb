/**
 * A learned template carries only the header fields its original prints: the 2023 attachment has
 * 填报单位 and 填报日期, no 报告阶段. Such a template still works end to end when the clerk picks a stage
 * (the pane and the CLI offer 报告阶段 for every template): the blank table, the Excel insert and roll-up
 * simply have no 报告阶段 row, and the roll-up's totals are right (read back with openpyxl).
 */
import { learnProblemText } from "../../src/messages/learn-zh-CN";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate } from "../../src/core/consolidate";
import { layoutTemplate, layoutToGrid } from "../../src/core/layout";
import { insertTemplateSheet, writeRollup } from "../../src/excel";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { learnFromAttachment } from "../../src/learn/learn";
import type { Template } from "../../src/templates";
import { ALL_APIS, BookModel, FakeContext } from "../excel/fake-excel";
import { python } from "../support/independent";
import { JIANGXI_2023, pageGrid, pageToDocx } from "./support";

function learned2023(): Template {
  const r = learnFromAttachment("附件2.docx", pageToDocx(pageGrid(JIANGXI_2023)));
  if (!r.ok) throw new Error(r.problems.map(learnProblemText).join("\n"));
  return r.template;
}

const t = learned2023();
const items = t.sections.flatMap((s) => s.items);
const id = (label: string) => items.find((i) => i.label === label)!.id;

/** a county's figures: every item 1, the case total the sum of its seven categories */
function figures(base: number): Record<string, number> {
  const values: Record<string, number> = Object.fromEntries(items.map((i) => [i.id, base]));
  values[id("查处网络违法案件")] = 7 * base;
  return values;
}

/** every text cell of every sheet, and the 汇总表's named inputs, as openpyxl reads the file */
function readWithOpenpyxl(bytes: Uint8Array): { texts: string[]; values: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "cs-header-"));
  try {
    const file = join(dir, "book.xlsx");
    writeFileSync(file, bytes);
    const out = python(
      String.raw`
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
texts = [str(c.value) for ws in wb.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
values = {}
for name in wb.defined_names.definedName if hasattr(wb.defined_names, "definedName") else wb.defined_names.values():
    if name.name.startswith("cs_"):
        for sheet, ref in name.destinations:
            if sheet == "汇总表":
                v = wb[sheet][ref.replace("$", "")].value
                values[name.name[3:]] = None if v is None else str(v)
print(json.dumps({"texts": texts, "values": values}, ensure_ascii=False))
`,
      [file],
    );
    return JSON.parse(out) as { texts: string[]; values: Record<string, string> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the learned 2023 template has the original's header fields only", () => {
  expect(t.header).toEqual(["unit", "date"]);
});

test("its blank table, asked for with a stage, has no 报告阶段 (openpyxl)", async () => {
  const { texts } = readWithOpenpyxl(await writeTemplateWorkbook(t, { header: { unit: "南昌县市场监督管理局", stage: "全面" } }));
  expect(texts.some((x) => x.includes("填报单位"))).toBe(true);
  expect(texts.some((x) => x.includes("报告阶段") || x.includes("联系人") || x.includes("联系电话"))).toBe(false);
});

test("a roll-up with a stage chosen: totals right, no 报告阶段, and a valid submission one level up (openpyxl)", async () => {
  const inputs = [1, 2].map((base, k) => {
    const grid = layoutToGrid(
      layoutTemplate(t, { header: { unit: `${["南昌县", "进贤县"][k]}市场监督管理局`, date: "11月20日" }, values: figures(base) }),
    );
    return analyzeSheets(`${k}.xlsx`, [grid], [t], { wanted: t }).input;
  });
  const c = consolidate({ template: t, inputs, unit: "南昌市市场监督管理局", date: "11月26日", stage: "全面" });
  expect(c.rejected).toEqual([]);
  expect(c.accepted).toHaveLength(2);
  const { texts, values } = readWithOpenpyxl(await writeRollupWorkbook(t, c));
  expect(texts.some((x) => x.includes("报告阶段"))).toBe(false);
  expect(values[id("查处网络违法案件")]).toBe("21");
  expect(values[id("移送公安机关案件")]).toBe("3");
  const again = analyzeSheets("roll-up", [layoutToGrid(layoutTemplate(t, c.rollup))], [t], { wanted: t }).input;
  expect(again.report?.findings).toEqual([]);
  expect(again.report?.valid).toBe(true);
});

test("Excel: inserted with a stage chosen and rolled up, no 报告阶段 cell and no stage drop-down", async () => {
  const ctx = new FakeContext(new BookModel());
  ctx.book.addSheet("Sheet1");
  await insertTemplateSheet(ctx.asContext(), t, { header: { unit: "南昌县市场监督管理局", stage: "全面" } }, { isSetSupported: ALL_APIS });
  const sheet = ctx.book.sheet("统计表");
  const texts = [...sheet.cells.values()].map((cell) => String(cell.value));
  expect(texts.some((x) => x.includes("填报单位"))).toBe(true);
  expect(texts.some((x) => x.includes("报告阶段"))).toBe(false);
  // the drop-downs are the quantities' number checks only
  expect(sheet.validations.every((v) => !JSON.stringify(v.rule).includes("中期"))).toBe(true);

  const grid = layoutToGrid(layoutTemplate(t, { header: { unit: "南昌县市场监督管理局", date: "11月20日" }, values: figures(1) }));
  const c = consolidate({
    template: t,
    inputs: [analyzeSheets("南昌县.xlsx", [grid], [t], { wanted: t }).input],
    unit: "南昌市市场监督管理局",
    date: "11月26日",
    stage: "中期",
  });
  const result = await writeRollup(ctx.asContext(), t, c, { replace: false, isSetSupported: ALL_APIS });
  expect(result.sheets).toEqual(["汇总表", "汇总明细", "报送情况"]);
  const rollupTexts = [...ctx.book.sheet("汇总表").cells.values()].map((cell) => String(cell.value));
  expect(rollupTexts.some((x) => x.includes("报告阶段"))).toBe(false);
  expect(rollupTexts).toContain("南昌市市场监督管理局");
});
