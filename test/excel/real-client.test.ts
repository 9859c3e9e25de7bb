import { writeRollup } from "../../src/excel";
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate, type ReceivedInput } from "../../src/core/consolidate";
import { EXCEL_CELL_MAX } from "../../src/core/cell-text";
import { filledGrid, ganzhou, validValues } from "../support/fixtures";
import { upTo } from "./fake-excel";
import { RealClient, sheetsAnswer } from "./real-client";

function county(i: number, remark?: string): ReceivedInput {
  const unit = `第${i + 1}县市场监督管理局`;
  const grid = filledGrid(ganzhou, { header: { unit, date: "11月20日", stage: "全面" }, values: validValues(ganzhou, (i % 7) + 1), ...(remark ? { remarks: { police_cases: remark } } : {}) });
  return analyzeSheets(`${unit}.xlsx`, [grid], [ganzhou], { wanted: ganzhou }).input;
}

test("measure", async () => {
  for (const [n, len] of [[200, 0], [200, 2000], [3000, EXCEL_CELL_MAX]] as const) {
    const remark = len ? "备".repeat(len) : undefined;
    const inputs = Array.from({ length: n }, (_, i) => county(i, remark));
    const c = consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日", stage: "全面" });
    const client = new RealClient(sheetsAnswer(["Sheet1"]));
    client.enforceLimit = false;
    await writeRollup(client.context(), ganzhou, c, { replace: false, isSetSupported: upTo("1.20") });
    console.log(n, len, client.requests.map((r) => `${(r.bytes / 1024).toFixed(0)}KiB/${r.actions}`).join(" "));
  }
});
