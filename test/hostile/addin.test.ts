/**
 * Hostile text through the add-in's roll-up writer (Office.js, on the fake of test/excel): Office.js
 * rejects a string longer than 32,767 characters in a cell, so one county's 100,000-character remark
 * must not make the whole roll-up fail. The remark is shortened in 汇总表 with a marker, the warning is
 * returned to the pane and written to 报送情况, and the full text is there in pieces.
 */
import { AddinError, writeRollup } from "../../src/excel";
import { analyzeSheets } from "../../src/core/analyze";
import { EXCEL_CELL_MAX, REMARK_CUT_MARK } from "../../src/core/cell-text";
import { consolidate, type ReceivedInput } from "../../src/core/consolidate";
import { layoutTemplate } from "../../src/core/layout";
import { renderMessage } from "../../src/messages/zh-CN";
import { filledGrid, ganzhou, validValues } from "../support/fixtures";
import { ALL_APIS, BookModel, FakeContext, type SheetModel } from "../excel/fake-excel";

function county(unit: string, source: string, remarks: Record<string, string> = {}): ReceivedInput {
  const grid = filledGrid(ganzhou, { header: { unit, date: "11月20日", stage: "全面" }, values: validValues(ganzhou, 1), remarks });
  return analyzeSheets(source, [grid], [ganzhou], { wanted: ganzhou }).input;
}

// a remark of 100 000 characters ending in an emoji, so a careless cut could split a surrogate pair
const LONG = "情况说明😀".repeat(100_000 / 6) + "结尾";
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test("a 100,000-character remark: every cell within Excel's limit, the remark shortened with a marker, nothing lost", async () => {
  const inputs = [
    county("章贡区", "章贡区.xlsx", { police_cases: "本区说明" }),
    county("信丰县", "信丰县.xlsx", { police_cases: LONG }),
    county("南康区", "南康区.xlsx", { police_cases: "南康说明" }),
  ];
  const c = consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日", stage: "全面" });
  expect(c.accepted).toHaveLength(3);
  const book = new BookModel();
  book.addSheet("说明").fill([["别动"]]);
  const ctx = new FakeContext(book);
  const result = await writeRollup(ctx.asContext(), ganzhou, c, { replace: false, isSetSupported: ALL_APIS });
  expect(ctx.syncCount).toBe(3);

  // no cell Office.js would refuse, and no lone surrogate anywhere
  for (const sheet of book.sheets) {
    for (const [at, cell] of sheet.cells) {
      if (typeof cell.value !== "string") continue;
      expect({ sheet: sheet.name, at, tooLong: cell.value.length > EXCEL_CELL_MAX }).toEqual({ sheet: sheet.name, at, tooLong: false });
      expect({ sheet: sheet.name, at, wellFormed: !LONE_SURROGATE.test(cell.value) }).toEqual({ sheet: sheet.name, at, wellFormed: true });
    }
  }

  // 汇总表: every unit's remark is there, the long one shortened with the marker
  const address = layoutTemplate(ganzhou).names.cs_police_cases.replace("C", "D");
  const remark = String(book.sheet("汇总表").value(address));
  expect(remark).toContain("章贡区：本区说明");
  expect(remark).toContain("南康区：南康说明");
  expect(remark).toContain(`信丰县：${LONG.slice(0, 100)}`);
  expect(remark).toContain(REMARK_CUT_MARK);

  // the pane gets the warning, in Chinese, naming the unit, the file and the 汇总表 cell
  expect(result.warnings).toHaveLength(1);
  const w = result.warnings![0];
  expect(w).toMatchObject({
    code: "remark-truncated",
    severity: "warning",
    file: "信丰县.xlsx",
    unit: "信丰县",
    length: LONG.length,
    rollupCell: address,
  });
  expect(renderMessage(w)).toMatch(new RegExp(`信丰县.*${LONG.length}.*${address}`));

  // 报送情况: the warning row, and the full text in pieces that put back together give the remark
  const status = book.sheet("报送情况");
  const rows = new Map<number, Record<number, string>>();
  for (const [k, cell] of status.cells) {
    const [r, col] = k.split(",").map(Number);
    rows.set(r, { ...(rows.get(r) ?? {}), [col]: String(cell.value) });
  }
  const ordered = [...rows.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
  expect(ordered.some((r) => r[1] === "信丰县" && r[3] === "提醒" && (r[5] ?? "").includes("备注共"))).toBe(true);
  const pieces = ordered.filter((r) => (r[0] ?? "").startsWith("备注全文（") && r[1] === "信丰县");
  expect(pieces.length).toBeGreaterThan(1);
  const joined = pieces.map((r) => r[5]).join("");
  expect({ length: joined.length, same: joined === LONG }).toEqual({ length: LONG.length, same: true });
  // the user's sheet untouched
  expect(book.sheet("说明").value("A1")).toBe("别动");
});

test("no long remark: no warnings, the result as before", async () => {
  const c = consolidate({
    template: ganzhou,
    inputs: [county("章贡区", "章贡区.xlsx", { police_cases: "短" })],
    unit: "市",
    date: "11月26日",
  });
  const book = new BookModel();
  book.addSheet("Sheet1");
  const result = await writeRollup(new FakeContext(book).asContext(), ganzhou, c, { replace: false, isSetSupported: ALL_APIS });
  expect(result.warnings).toBeUndefined();
});

describe("Office.js failing while the hostile roll-up is written: a Chinese message, the workbook as it was", () => {
  const snapshot = (s: SheetModel) =>
    JSON.stringify({ name: s.name, cells: [...s.cells], merges: s.merges, cfs: s.cfs, vis: s.visibility, names: [...s.names] });
  const hostile = () =>
    consolidate({
      template: ganzhou,
      inputs: [
        county("信丰县", "信丰县.xlsx", { police_cases: LONG }),
        county('=HYPERLINK("http://evil.example/","上犹县")', "=1+1.xlsx", { police_info: "@SUM(1+1)" }),
      ],
      unit: "赣州市市场监督管理局",
      date: "11月26日",
    });
  async function withPrevious(): Promise<BookModel> {
    const book = new BookModel();
    book.addSheet("市本级").fill([["我的数", 1]]);
    await writeRollup(
      new FakeContext(book).asContext(),
      ganzhou,
      consolidate({ template: ganzhou, inputs: [county("章贡区", "章贡区.xlsx")], unit: "市", date: "11月26日" }),
      { replace: false, isSetSupported: ALL_APIS },
    );
    return book;
  }

  test.each([
    [
      "the workbook structure is protected (AccessDenied adding a sheet)",
      (d: string) => d.startsWith("Worksheets.add("),
      "AccessDenied",
      "structure-protected",
    ],
    [
      "a sheet of that name appeared meanwhile (ItemAlreadyExists renaming into place)",
      (d: string) => d.endsWith(".name=汇总明细"),
      "ItemAlreadyExists",
      "name-conflict",
    ],
    [
      "an API the host does not have after all (ApiNotFound adding the chart)",
      (d: string) => d.includes(".charts.add("),
      "ApiNotFound",
      "unsupported",
    ],
    [
      "Excel on the web refuses the batch (RequestPayloadSizeLimitExceeded)",
      (d: string) => d.includes("values="),
      "RequestPayloadSizeLimitExceeded",
      "too-large",
    ],
    [
      "a value Excel will not take (InvalidArgument)",
      (d: string) => d.includes("报送情况") && d.includes("values="),
      "InvalidArgument",
      undefined,
    ],
  ])("%s", async (_what, match, officeCode, code) => {
    const book = await withPrevious();
    const before = book.sheets.map(snapshot);
    const ctx = new FakeContext(book);
    ctx.failWhen(match, officeCode);
    const error = await writeRollup(ctx.asContext(), ganzhou, hostile(), { replace: true, isSetSupported: ALL_APIS }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AddinError);
    expect((error as AddinError).message).toMatch(/[\u4e00-\u9fff]/);
    if (code) expect(error).toMatchObject({ code, officeCode });
    expect(book.sheets.map(snapshot)).toEqual(before);
  });
});
