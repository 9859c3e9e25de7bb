/**
 * Our written workbooks opened by an independent reader, openpyxl (/usr/bin/python3, python3-openpyxl):
 * labels where the layout puts them, merged ranges, defined names, protection, remark cells as strings
 * (a remark "=HYPERLINK(…)" is not a formula), and the roll-up's detail totals as real formulas.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { analyzeSheets } from "../../src/core/analyze";
import { consolidate } from "../../src/core/consolidate";
import { rangeToA1, toA1 } from "../../src/core/grid";
import { layoutTemplate, nameForItem } from "../../src/core/layout";
import { ROLLUP_SHEETS } from "../../src/core/rollup-layout";
import { METADATA_SHEET } from "../../src/core/metadata";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { filledGrid, ganzhou, validValues } from "../support/fixtures";
import { python } from "../support/independent";
import { requirePrograms } from "../support/programs";

jest.setTimeout(60000);

const withOpenpyxl = requirePrograms("openpyxl");

interface SheetDump {
  state: string;
  merged: string[];
  cells: Record<string, [string | number | boolean | null, string]>;
  protected: boolean;
  unlocked: string[];
  printTitleRows: string | null;
  paperSize: string | number | null;
  orientation: string | null;
  fitToWidth: number | null;
  fitToHeight: number | null;
}

interface Dump {
  sheets: string[];
  names: Record<string, string>;
  byName: Record<string, SheetDump>;
}

const DUMP = String.raw`
import sys, json
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
names = {}
dn = wb.defined_names
items = dn.definedName if hasattr(dn, "definedName") else list(dn.values())
for d in items:
    names[d.name] = d.attr_text
out = {"sheets": wb.sheetnames, "names": names, "byName": {}}
for ws in wb.worksheets:
    cells = {}
    unlocked = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                cells[c.coordinate] = [c.value, c.data_type]
            if c.protection is not None and c.protection.locked is False:
                unlocked.append(c.coordinate)
    ps = ws.page_setup
    out["byName"][ws.title] = {
        "state": ws.sheet_state,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "cells": cells,
        "protected": bool(ws.protection.sheet),
        "unlocked": unlocked,
        "printTitleRows": ws.print_title_rows,
        "paperSize": ps.paperSize,
        "orientation": ps.orientation,
        "fitToWidth": ps.fitToWidth,
        "fitToHeight": ps.fitToHeight,
    }
print(json.dumps(out, ensure_ascii=False, default=str))
`;

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "cs-write-openpyxl-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dump(bytes: Uint8Array, name: string): Dump {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return JSON.parse(python(DUMP, [file])) as Dump;
}

const REMARK = '=HYPERLINK("http://x","y")';

withOpenpyxl.describe.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))("%s", (id, template) => {
  test("the template: labels, merges, names, protection and text remarks as openpyxl reads them", async () => {
    const firstItem = template.sections[0].items[0].id;
    const bytes = await writeTemplateWorkbook(template, { remarks: { [firstItem]: REMARK } });
    const d = dump(bytes, `${id}.xlsx`);
    expect(d.sheets).toEqual(["统计表", METADATA_SHEET]);
    expect(d.byName[METADATA_SHEET].state).toBe("veryHidden");
    const s = d.byName["统计表"];
    const layout = layoutTemplate(template);

    for (const c of layout.cells) {
      if (typeof c.value !== "string" || c.role === "remark-input") continue;
      expect([toA1(c.row, c.col), s.cells[toA1(c.row, c.col)]]).toEqual([toA1(c.row, c.col), [c.value, "s"]]);
    }
    const labels = Object.values(s.cells).map(([v]) => v);
    for (const sec of template.sections) for (const i of sec.items) expect(labels).toContain(`${i.label}（${i.unit}）`);
    expect(s.merged).toEqual(layout.merges.map(rangeToA1).sort());

    for (const [name, at] of Object.entries(layout.names)) {
      expect(d.names[name].replace(/'/g, "")).toBe(`统计表!${at.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2")}`);
    }
    const remarkAt = layout.names[nameForItem(firstItem)].replace(/^C/, "D");
    expect(s.cells[remarkAt]).toEqual([REMARK, "s"]);

    expect(s.protected).toBe(true);
    const inputs = layout.cells.filter((c) => c.role.endsWith("-input")).map((c) => toA1(c.row, c.col));
    expect(s.unlocked.sort()).toEqual(inputs.sort());
    expect([String(s.paperSize), s.orientation, s.fitToWidth, s.fitToHeight]).toEqual(["9", "portrait", 1, 0]);
    const header = layout.cells.find((c) => c.role === "column-header")!.row + 1;
    expect(s.printTitleRows?.replace(/\$/g, "")).toBe(`${header}:${header}`);
  });
});

withOpenpyxl.test("the roll-up: sheets, totals as SUM formulas, remarks and unit names as strings", async () => {
  const inputs = ["章贡区", "=南康区"].map(
    (unit, n) =>
      analyzeSheets(
        `${unit}.xlsx`,
        [
          filledGrid(ganzhou, {
            header: { unit, date: "11月20日" },
            values: validValues(ganzhou, n + 1),
            remarks: { police_info: REMARK },
          }),
        ],
        BUILTIN_TEMPLATES,
      ).input,
  );
  const c = consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日" });
  const d = dump(await writeRollupWorkbook(ganzhou, c), "rollup.xlsx");
  expect(d.sheets).toEqual([ROLLUP_SHEETS.rollup, ROLLUP_SHEETS.detail, ROLLUP_SHEETS.status, METADATA_SHEET]);
  expect(d.names.cs_unit.replace(/'/g, "")).toBe(`${ROLLUP_SHEETS.rollup}!$B$2`);

  const rollup = d.byName[ROLLUP_SHEETS.rollup];
  expect(rollup.cells.B2).toEqual(["赣州市市场监督管理局", "s"]);
  const remarkCell = Object.values(rollup.cells).find(([v]) => typeof v === "string" && v.includes("HYPERLINK"));
  expect(remarkCell).toEqual([`=南康区：${REMARK}；章贡区：${REMARK}`, "s"]);

  const detail = d.byName[ROLLUP_SHEETS.detail];
  expect(detail.cells.E1).toEqual(["=南康区", "s"]);
  const itemRows = ganzhou.sections.flatMap((s) => s.items).length;
  for (let r = 2; r <= itemRows + 1; r++) expect(detail.cells[`D${r}`]).toEqual([`=SUM(E${r}:F${r})`, "f"]);
  for (const [addr, [v, t]] of Object.entries(detail.cells))
    if (!addr.startsWith("D") || addr === "D1") expect([addr, t]).toEqual([addr, typeof v === "number" ? "n" : "s"]);
  const status = d.byName[ROLLUP_SHEETS.status];
  expect(Object.values(status.cells).every(([, t]) => t === "s")).toBe(true);
});

test("a partial roll-up: a 说明 line under the 汇总表 names what it lacks; 汇总明细 headed by place names, printed landscape across pages", async () => {
  const county = (unit: string, n: number, source = `${unit}.xlsx`) => ({
    ...analyzeSheets(
      source,
      [filledGrid(ganzhou, { header: { unit, date: "11月20日" }, values: validValues(ganzhou, n) })],
      BUILTIN_TEMPLATES,
    ).input,
    source,
  });
  const inputs = [
    county("章贡区市场监督管理局", 1),
    county("瑞金市市场监督管理局", 2),
    county("瑞金市市场监督管理局", 3, "瑞金市-改.xlsx"),
  ];
  const roster = ["章贡区", "瑞金市", "南康区"];
  const c = consolidate({ template: ganzhou, inputs, roster, unit: "赣州市市场监督管理局", date: "11月26日" });
  expect(c.partial).toBe(true);
  const d = dump(await writeRollupWorkbook(ganzhou, c), "partial.xlsx");
  const note = Object.values(d.byName[ROLLUP_SHEETS.rollup].cells).find(([v]) => typeof v === "string" && v.startsWith("说明：本表"));
  expect(note?.[0]).toBe("说明：本表汇总 1 个单位；未汇总：瑞金市市场监督管理局（重复报送，未选定）；未报送：南康区。");
  const detail = d.byName[ROLLUP_SHEETS.detail];
  expect(detail.cells.E1).toEqual(["章贡区", "s"]);
  expect(detail.orientation).toBe("landscape");
  expect(detail.printTitleRows).toBe("$1:$1");
  expect([detail.fitToWidth, detail.fitToHeight]).toEqual([1, 0]);
  const status = Object.values(d.byName[ROLLUP_SHEETS.status].cells).map(([v]) => v);
  expect(status).toContain("章贡区市场监督管理局");

  const kept = consolidate({
    template: ganzhou,
    inputs,
    roster: ["章贡区", "瑞金市"],
    keep: ["瑞金市-改.xlsx"],
    unit: "赣州市市场监督管理局",
    date: "11月26日",
  });
  expect(kept.partial).toBe(false);
  const k = dump(await writeRollupWorkbook(ganzhou, kept), "kept.xlsx");
  expect(Object.values(k.byName[ROLLUP_SHEETS.rollup].cells).some(([v]) => typeof v === "string" && v.startsWith("说明：本表"))).toBe(
    false,
  );
  const kStatus = Object.values(k.byName[ROLLUP_SHEETS.status].cells).map(([v]) => String(v));
  expect(kStatus.some((v) => v.includes("已采用 瑞金市-改.xlsx（另一份 瑞金市市场监督管理局.xlsx 未采用）"))).toBe(true);
});
