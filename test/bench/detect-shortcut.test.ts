/**
 * detectTable leaves out the templates that cannot beat a complete match of the first template (see
 * rankSheets in src/core/detect.ts). Whatever the sheets and the order of the templates, the detection
 * is the one the full ranking of every (sheet, template) pair gives.
 */
import { detectTable, matchSheets, MIN_SCORE, type Detection } from "../../src/core/detect";
import { finding, type Finding } from "../../src/core/findings";
import type { Grid } from "../../src/core/grid";
import { consolidate } from "../../src/core/consolidate";
import { analyzeSheets } from "../../src/core/analyze";
import { layoutDetail } from "../../src/core/rollup-layout";
import type { Template } from "../../src/templates/schema";
import { attachmentGrid } from "../support/attachment-grid";
import { filledGrid, ganzhou, liaoning, validValues } from "../support/fixtures";

/** detectTable as it was: every pair ranked */
function reference(grids: readonly Grid[], templates: readonly Template[]): Detection {
  const all = matchSheets(grids, templates);
  const best = all[0];
  if (!best || best.score < MIN_SCORE) {
    const closest = best ?? all[0];
    return {
      ok: false,
      findings: [
        finding("not-a-statistics-table", {
          found: closest?.submission.found ?? 0,
          expected: closest?.submission.expected ?? 0,
          ...(closest ? { templateTitle: closest.template.title } : {}),
        }),
      ],
    };
  }
  const findings: Finding[] = [];
  const alike = all.filter(
    (m) => m.template === best.template && m.score >= MIN_SCORE && m.grid !== best.grid && m.submission.header.unit !== undefined,
  );
  if (alike.length > 0) findings.push(finding("several-tables", { sheets: [best.grid.sheetName, ...alike.map((m) => m.grid.sheetName)] }));
  return { ok: true, match: best, findings };
}

const header = (unit: string) => ({ unit, date: "11月20日" });

function sheets(): Record<string, Grid[]> {
  const g = { ...filledGrid(ganzhou, { header: header("章贡区"), values: validValues(ganzhou) }), sheetName: "赣州" };
  const gNoNames = {
    ...filledGrid(ganzhou, { header: header("南康区"), values: validValues(ganzhou) }, { names: false }),
    sheetName: "无名称",
  };
  const l = { ...filledGrid(liaoning, { header: header("沈阳市"), values: validValues(liaoning) }), sheetName: "辽宁" };
  const lAttach = { ...attachmentGrid(liaoning, { unit: "大连市", date: "11月21日", values: validValues(liaoning) }), sheetName: "附件" };
  const half = { ...g, sheetName: "半张", rows: g.rows.slice(0, Math.ceil(g.rows.length * 0.6)), names: undefined };
  const hidden = { ...g, sheetName: "旧表", hidden: true };
  // both tables on one sheet, one under the other
  const both: Grid = { sheetName: "两表", rows: [...gNoNames.rows, [], ...lAttach.rows], merges: [] };
  const inputs = ["信丰县", "龙南市"].map(
    (u) => analyzeSheets(u, [filledGrid(ganzhou, { header: header(u), values: validValues(ganzhou) })], [ganzhou]).input,
  );
  const c = consolidate({ template: ganzhou, inputs, unit: "赣州市", date: "11月26日" });
  const rollup = { ...filledGrid(ganzhou, c.rollup), sheetName: "汇总表" };
  const t = layoutDetail(ganzhou, c);
  const detail: Grid = {
    sheetName: "明细",
    merges: [],
    rows: t.rows.map((r) => r.map((x) => (typeof x === "object" && x !== null ? x.value : x))),
  };
  return {
    ganzhou: [g],
    "ganzhou without names": [gNoNames],
    liaoning: [l],
    "liaoning attachment": [lAttach],
    "two counties": [g, { ...g, sheetName: "赣州2" }],
    "hidden decoy": [hidden, g],
    "half a table and the table": [half, gNoNames],
    "both campaigns": [g, l],
    "both tables on one sheet": [both],
    "both tables on one sheet and the liaoning table": [both, l],
    "roll-up and its detail": [detail, rollup],
    nothing: [{ sheetName: "空", rows: [["姓名", "工资"]], merges: [] }],
  };
}

test.each(Object.entries(sheets()))("%s: the detection of the full ranking, in either order of the templates", (_name, grids) => {
  for (const templates of [
    [ganzhou, liaoning],
    [liaoning, ganzhou],
  ]) {
    expect(detectTable(grids, templates)).toEqual(reference(grids, templates));
  }
});
