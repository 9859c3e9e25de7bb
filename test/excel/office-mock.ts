/**
 * One worksheet as office-addin-mock's OfficeMockObject: a static object tree whose properties are
 * readable only after load() + sync(), with a counter on sync(). Used by test/excel/read.mock.test.ts
 * and by the bench's round-trip count (scripts/bench/office.ts).
 */
import { OfficeMockObject } from "office-addin-mock";

/** Office.js gives "" for empty cells and error values as text, with valueTypes telling them apart */
function officeValues(rows: readonly (readonly unknown[])[]): { values: unknown[][]; valueTypes: string[][] } {
  const width = Math.max(...rows.map((r) => r.length));
  const values = rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] === null || r[i] === undefined ? "" : r[i])));
  const valueTypes = values.map((r) =>
    r.map((v) => (v === "" ? "Empty" : typeof v === "number" ? "Double" : typeof v === "string" && v.startsWith("#") ? "Error" : "String")),
  );
  return { values, valueTypes };
}

/** the active sheet 统计表 holding `rows` (from A1), with merged areas when `merged` is given (ExcelApi 1.13) */
export function mockSheetContext(
  rows: readonly (readonly unknown[])[],
  merged?: string,
): { ctx: Excel.RequestContext; syncs: () => number } {
  const mergedAreas = merged === undefined ? undefined : { address: merged };
  const context = new OfficeMockObject({
    workbook: {
      worksheets: {
        sheet: {
          name: "统计表",
          visibility: "Visible",
          used: {
            ...officeValues(rows),
            rowIndex: 0,
            columnIndex: 0,
            ...(mergedAreas ? { merged: mergedAreas } : {}),
            getMergedAreasOrNullObject(this: { merged: unknown }) {
              return this.merged;
            },
          },
          getUsedRange(this: { used: unknown }) {
            return this.used;
          },
        },
        getActiveWorksheet(this: { sheet: unknown }) {
          return this.sheet;
        },
      },
    },
  });
  // isNullObject needs no load in Office.js
  if (mergedAreas)
    (
      context as unknown as { workbook: { worksheets: { sheet: { used: { merged: Record<string, unknown> } } } } }
    ).workbook.worksheets.sheet.used.merged.isNullObject = false;
  const counted = context as unknown as { sync: () => Promise<void> };
  const sync = counted.sync.bind(context);
  let n = 0;
  counted.sync = () => {
    n++;
    return sync();
  };
  return { ctx: context as unknown as Excel.RequestContext, syncs: () => n };
}
