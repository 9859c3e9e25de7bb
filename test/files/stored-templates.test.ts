/**
 * A template learned in Excel travels in the workbook's `_cs_tpl_…` sheet (written by the add-in,
 * src/excel/stored-templates.ts). The file readers (web page, command line) use it too: a county that
 * inserted this year's table from a learned template can send the workbook to a city using the web page.
 * The workbook is written by openpyxl, the way Excel would leave it: no metadata sheet of ours, no names.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { metadataRows } from "../../src/core/metadata";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { parseTemplate } from "../../src/messages/template-zh-CN";
import type { Template } from "../../src/templates/schema";
import { filledGrid, ganzhou, validValues } from "../support/fixtures";
import { python } from "../support/independent";
import { requirePrograms } from "../support/programs";

const WRITE = String.raw`
import sys, json, openpyxl
spec = json.load(sys.stdin)
wb = openpyxl.Workbook()
first = True
for sheet in spec["sheets"]:
    ws = wb.active if first else wb.create_sheet()
    first = False
    ws.title = sheet["name"]
    for r, row in enumerate(sheet["rows"]):
        for c, v in enumerate(row):
            if v is not None:
                ws.cell(row=r + 1, column=c + 1, value=v)
    if sheet.get("veryHidden"):
        ws.sheet_state = "veryHidden"
wb.save(sys.argv[1])
`;

/** next year's table: the 2022 one with an item added, under its own id */
function learned(): Template {
  const raw = {
    ...ganzhou,
    id: "wangjian-2026",
    title: "2026 网络市场监管专项行动情况统计表",
    year: 2026,
    sections: ganzhou.sections.map((s, i) =>
      i === ganzhou.sections.length - 1
        ? { ...s, items: [...s.items, { id: "market_livestream_marketing", label: "查处网络直播营销违法案件", unit: "件" }] }
        : s,
    ),
  };
  const parsed = parseTemplate(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.template;
}

requirePrograms("openpyxl").describe("templates stored with the workbook by the add-in", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-stored-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const template = learned();
  const values = { ...validValues(template), market_livestream_marketing: 7 };
  const table = filledGrid(template, { header: { unit: "章贡区市场监督管理局", date: "11月20日" }, values }, { names: false });

  function write(name: string, withStored: boolean): Uint8Array {
    const file = path.join(dir, name);
    const sheets = [{ name: "统计表", rows: table.rows }];
    if (withStored)
      sheets.push({ name: "_cs_tpl_0badc0de", rows: metadataRows(template, "template"), veryHidden: true } as (typeof sheets)[number]);
    python(WRITE, [file], JSON.stringify({ sheets }));
    return new Uint8Array(fs.readFileSync(file));
  }

  test("the stored template is used: the table is read and validated by it, and the stored sheet is not a table", () => {
    const a = analyzeWorkbookBytes("章贡区.xlsx", write("with.xlsx", true), BUILTIN_TEMPLATES);
    const report = a.input.report!;
    expect(report.templateId).toBe("wangjian-2026");
    expect(report.valid).toBe(true);
    expect(report.values.market_livestream_marketing).toBe("7");
    expect(report.unit).toBe("章贡区市场监督管理局");
    expect(a.input.findings).toEqual([]);
    expect(report.findings.every((f) => !("sheet" in f) || f.sheet === "统计表")).toBe(true);
  });

  test("without the stored sheet the same table is not this year's: the built-in 2022 table is all that fits", () => {
    const a = analyzeWorkbookBytes("章贡区.xlsx", write("without.xlsx", false), BUILTIN_TEMPLATES);
    expect(a.input.report?.templateId).not.toBe("wangjian-2026");
  });

  test("a damaged stored sheet only means the template does not travel", () => {
    const file = path.join(dir, "damaged.xlsx");
    const rows = metadataRows(template, "template").map((r) => (r[0] === "templateJson" ? [r[0], "{ not json"] : r));
    python(
      WRITE,
      [file],
      JSON.stringify({
        sheets: [
          { name: "统计表", rows: table.rows },
          { name: "_cs_tpl_0badc0de", rows, veryHidden: true },
        ],
      }),
    );
    const a = analyzeWorkbookBytes("章贡区.xlsx", new Uint8Array(fs.readFileSync(file)), BUILTIN_TEMPLATES);
    expect(a.input.report?.templateId).not.toBe("wangjian-2026");
    expect(a.input.findings.map((f) => f.code)).not.toContain("file-corrupt");
  });
});
