/** The valid workbooks the fuzz mutates: written by ExcelJS, by our own writer, by hand, and in the attachment's layout. */
import { writeTemplateWorkbook } from "../../../src/files/xlsx-write";
import { ganzhou, liaoning, validValues } from "../../support/fixtures";
import { attachmentGrid } from "../../support/attachment-grid";
import { exceljsWorkbook, filledFill, tableGrid } from "./corpus";
import { gridsToXlsx } from "./sheet-xml";

export async function fuzzBases(): Promise<Record<string, Uint8Array>> {
  return {
    exceljs: await exceljsWorkbook([{ grid: tableGrid(ganzhou, "章贡区") }]),
    writer: await writeTemplateWorkbook(ganzhou, filledFill(ganzhou, "南康区"), { now: new Date(Date.UTC(2022, 10, 20)) }),
    crafted: gridsToXlsx([
      { grid: tableGrid(ganzhou, "大余县", { remarks: { police_info: "=1+1" } }) },
      { grid: tableGrid(liaoning, "辽宁县", {}, "辽宁"), state: "hidden" },
    ]),
    attachment: gridsToXlsx([{ grid: attachmentGrid(ganzhou, { unit: "宁都县", date: "11月20日", values: validValues(ganzhou) }) }]),
  };
}
