/**
 * The roll-up writer leaves the plain number and blank cells of 汇总明细's unit columns out of ExcelJS and
 * writes them into the sheet part afterwards (src/files/xlsx-write.ts, spliceCells): a national roll-up
 * has 90,000 of them. The workbook must be the one ExcelJS writes with every cell — every part the same,
 * byte for byte — for either template, with sections marked 不适用 (blank cells), remarks, rejected and
 * missing units, one unit, none, and many.
 */
import { strFromU8, unzipSync } from "fflate";
import { consolidate, type ReceivedInput } from "../../src/core/consolidate";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import type { Template } from "../../src/templates/schema";
import { validValues } from "../support/fixtures";

jest.setTimeout(60_000);

const now = new Date(2022, 10, 26, 10, 0, 0);

/** the parts of a workbook (folder entries, which have no content, left out) */
function parts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(
    Object.entries(files)
      .filter(([name]) => !name.endsWith("/"))
      .map(([name, data]) => [name, strFromU8(data)]),
  );
}

async function county(t: Template, unit: string, base: number, notApplicable: string[], remark?: string): Promise<ReceivedInput> {
  const values: Record<string, number> = validValues(t, base);
  for (const s of t.sections) if (notApplicable.includes(s.id)) for (const i of s.items) delete values[i.id];
  const remarks = remark ? { [t.sections[0].items[0].id]: remark } : {};
  const bytes = await writeTemplateWorkbook(t, { header: { unit, date: "11月20日" }, values, notApplicable, remarks });
  return analyzeWorkbookBytes(`${unit}.xlsx`, bytes, BUILTIN_TEMPLATES, t).input;
}

/** JSZip (ExcelJS) writes folder entries; the spliced workbook is zipped again by fflate, without them */
function zippedAgain(bytes: Uint8Array): boolean {
  return !Object.keys(unzipSync(bytes)).some((name) => name.endsWith("/"));
}

async function expectSameAsExcelJS(t: Template, inputs: ReceivedInput[], roster?: string[]) {
  const c = consolidate({ template: t, inputs, unit: "某市市场监督管理局", date: "11月26日", ...(roster ? { roster } : {}) });
  const plainBytes = await writeRollupWorkbook(t, c, { now, plainDetail: true });
  const splicedBytes = await writeRollupWorkbook(t, c, { now });
  expect(zippedAgain(plainBytes)).toBe(false);
  // from two units on, cells were left to the splice (and it did not fall back to the plain way)
  if (c.accepted.length >= 2) expect(zippedAgain(splicedBytes)).toBe(true);
  const plain = parts(plainBytes);
  const spliced = parts(splicedBytes);
  expect(Object.keys(spliced)).toEqual(Object.keys(plain));
  for (const name of Object.keys(plain)) expect({ name, xml: spliced[name] }).toEqual({ name, xml: plain[name] });
  return { c, detail: spliced["xl/worksheets/sheet2.xml"] };
}

describe.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))("%s", (_id, t) => {
  let inputs: ReceivedInput[];

  beforeAll(async () => {
    const ids = t.sections.map((s) => s.id);
    inputs = [
      await county(t, "甲县市场监督管理局", 1, []),
      await county(t, "乙县市场监督管理局", 2, [ids[1]]),
      await county(t, "丙县市场监督管理局", 3, [ids[0], ids[2]], "=SUM(A1) 也是文本"),
      await county(t, "丁县市场监督管理局", 4, [], "备注"),
    ];
  });

  test("several units, blank cells of sections marked 不适用, remarks, a missing unit", async () => {
    const { c, detail } = await expectSameAsExcelJS(t, inputs, ["甲县", "戊县"]);
    expect(c.accepted).toHaveLength(4);
    // blank cells in the unit columns (E onwards) were written after ExcelJS
    expect(detail).toMatch(/<c r="[F-H]\d+" s="\d+"\/>/);
  });

  test("rejected files beside them", async () => {
    // the same unit twice, with different figures: both held out
    const first = inputs[0];
    const changed = Object.fromEntries(Object.entries(first.report!.values).map(([k, v]) => [k, String(Number(v) + 1)]));
    const again: ReceivedInput = { ...first, source: "甲县（重发）.xlsx", report: { ...first.report!, values: changed } };
    const { c } = await expectSameAsExcelJS(t, [...inputs, again]);
    expect(c.rejected.map((r) => r.reason)).toEqual(["duplicate", "duplicate"]);
  });

  test("one unit, and none", async () => {
    await expectSameAsExcelJS(t, inputs.slice(2, 3));
    await expectSameAsExcelJS(t, []);
  });
});

test("many units (wide 汇总明细)", async () => {
  const t = BUILTIN_TEMPLATES.find((x) => x.id === "ganzhou-2022")!;
  const one = await county(t, "甲县市场监督管理局", 1, [t.sections[3].id]);
  const inputs: ReceivedInput[] = Array.from({ length: 300 }, (_, i) => ({
    ...one,
    source: `县${i}.xlsx`,
    report: { ...one.report!, unit: `第${i}县市场监督管理局` },
  }));
  const { c } = await expectSameAsExcelJS(t, inputs);
  expect(c.accepted).toHaveLength(300);
});
