/**
 * A learned template travels with the workbook: inserting a table from it saves it in a veryHidden sheet
 * (in the insert's two syncs), and the pane of a colleague who opens the workbook reads it back on
 * startup (two syncs) — then validates a sheet made from it (two syncs). Against the fake Excel.
 */
import {
  insertTemplateSheet,
  isUserSheet,
  listSheets,
  queueMetadata,
  readWorkbookTemplates,
  storedSheetName,
  validateSheet,
} from "../../src/excel";
import { METADATA_SHEET, readMetadata } from "../../src/core/metadata";
import { learnFromAttachment } from "../../src/learn";
import { learnProblemText } from "../../src/messages/learn-zh-CN";
import { BUILTIN_TEMPLATES, type Template } from "../../src/templates";
import { ganzhou } from "../support/fixtures";
import { ganzhouAsPrinted, JIANGXI_2023, pageGrid, pageToDocx } from "../learn/support";
import { ALL_APIS, BookModel, FakeContext, type SheetModel } from "./fake-excel";

const builtinIds = BUILTIN_TEMPLATES.map((t) => t.id);

function learned(spec = JIANGXI_2023): Template {
  const r = learnFromAttachment("附件.docx", pageToDocx(pageGrid(spec)));
  if (!r.ok) throw new Error(r.problems.map(learnProblemText).join("\n"));
  return r.template;
}

function workbook(...names: string[]): BookModel {
  const book = new BookModel();
  for (const n of names.length ? names : ["Sheet1"]) book.addSheet(n);
  return book;
}

/** the rows of a sheet as the file reader would see them */
function rowsOf(sheet: SheetModel): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const [k, cell] of sheet.cells) {
    const [r, c] = k.split(",").map(Number);
    (rows[r] ??= [])[c] = cell.value === "" ? null : (cell.value as string | number);
  }
  return Array.from(rows, (r) => Array.from(r ?? [], (v) => v ?? null));
}

async function insert(book: BookModel, template: Template, storeTemplate: boolean, unit = "") {
  const ctx = new FakeContext(book);
  const result = await insertTemplateSheet(ctx.asContext(), template, unit ? { header: { unit } } : {}, {
    isSetSupported: ALL_APIS,
    storeTemplate,
  });
  return { ctx, result };
}

async function readBack(book: BookModel) {
  const ctx = new FakeContext(book);
  const found = await readWorkbookTemplates(ctx.asContext(), builtinIds);
  return { ctx, found };
}

test("inserting from a learned template saves it in a veryHidden sheet, still in two syncs", async () => {
  const book = workbook();
  const t = learned();
  const { ctx, result } = await insert(book, t, true, "南昌市东湖区市场监督管理局");
  expect(ctx.syncCount).toBe(2);
  expect(result).toMatchObject({ sheetName: "统计表", storedIn: storedSheetName(t.id) });
  const stored = book.sheet(storedSheetName(t.id));
  expect(stored.visibility).toBe("VeryHidden");
  // the same rows as the metadata sheet: the file reader's readMetadata parses it
  expect(readMetadata([{ sheetName: METADATA_SHEET, rows: rowsOf(stored), merges: [] }])).toMatchObject({
    kind: "template",
    templateId: t.id,
    template: t,
  });
  // a new workbook: the metadata sheet carries it too, as the file writer's would
  expect(readMetadata([{ sheetName: METADATA_SHEET, rows: rowsOf(book.sheet(METADATA_SHEET)), merges: [] }])?.template).toEqual(t);
  // never offered as a sheet to pick
  expect(isUserSheet(storedSheetName(t.id))).toBe(false);
  expect((await listSheets(new FakeContext(book).asContext())).map((s) => s.name)).toEqual(["Sheet1", "统计表"]);
});

test("a colleague opening the workbook gets it on startup (two syncs), and it validates the sheet (two syncs)", async () => {
  const book = workbook();
  const t = learned();
  await insert(book, t, true, "南昌市东湖区市场监督管理局");
  const { ctx, found } = await readBack(book);
  expect(ctx.syncCount).toBe(2);
  expect(found).toEqual([{ template: t, sheet: storedSheetName(t.id) }]);

  // the colleague's pane: built-ins plus the workbook's
  const v = new FakeContext(book);
  const validation = await validateSheet(v.asContext(), [...BUILTIN_TEMPLATES, found[0].template], {
    isSetSupported: ALL_APIS,
    sheetName: "统计表",
  });
  expect(v.syncCount).toBeLessThanOrEqual(2);
  expect(validation.analysis.match?.template.id).toBe(t.id);
  expect(validation.analysis.input.report?.unit).toBe("南昌市东湖区市场监督管理局");
});

test("a workbook that already has the metadata sheet (a built-in table) keeps it and gains the learned one", async () => {
  const book = workbook();
  await insert(book, ganzhou, false);
  const before = rowsOf(book.sheet(METADATA_SHEET));
  const t = learned();
  const { ctx } = await insert(book, t, true);
  expect(ctx.syncCount).toBe(2);
  expect(rowsOf(book.sheet(METADATA_SHEET))).toEqual(before);
  expect(book.sheetNames).toEqual(["Sheet1", "统计表", METADATA_SHEET, "统计表 (2)", storedSheetName(t.id)]);
  // the built-in in the metadata sheet is not offered again
  expect((await readBack(book)).found.map((f) => f.template.id)).toEqual([t.id]);
});

test("built-in tables are not saved; a workbook without templates is read in one sync", async () => {
  const book = workbook();
  const { ctx, found } = await readBack(book);
  expect([ctx.syncCount, found]).toEqual([1, []]);
  await insert(book, ganzhou, false);
  expect(book.sheetNames.filter((n) => n.startsWith("_cs_tpl_"))).toEqual([]);
  expect((await readBack(book)).found).toEqual([]);
});

test("inserting again from the corrected template rewrites its sheet: one sheet per template", async () => {
  const book = workbook();
  const t = learned();
  await insert(book, t, true);
  const corrected: Template = {
    ...t,
    title: "江西2023网络市场监管促发展保安全专项行动情况统计表（修订）",
    sections: t.sections.map((s, i) => (i === 0 ? { ...s, items: s.items.map((it, k) => (k === 0 ? { ...it, unit: "条" } : it)) } : s)),
  };
  const { ctx } = await insert(book, corrected, true);
  expect(ctx.syncCount).toBe(2);
  expect(book.sheetNames.filter((n) => n.startsWith("_cs_tpl_"))).toEqual([storedSheetName(t.id)]);
  // the stored sheet wins over the metadata sheet's older copy
  expect((await readBack(book)).found).toEqual([{ template: corrected, sheet: storedSheetName(t.id) }]);
});

test("two learned templates, and a roll-up rewriting the metadata sheet, keep both", async () => {
  const book = workbook();
  const a = learned();
  const b = learned(ganzhouAsPrinted());
  await insert(book, a, true);
  await insert(book, b, true);
  const ctx = new FakeContext(book);
  queueMetadata(ctx.asContext(), true, ganzhou, "rollup", { unit: "赣州市市场监督管理局" });
  await ctx.sync();
  expect((await readBack(book)).found.map((f) => f.template.id).sort()).toEqual([a.id, b.id].sort());
});

test("a damaged template sheet is skipped, the others still read", async () => {
  const book = workbook();
  const t = learned();
  await insert(book, t, true);
  const junk = book.addSheet(storedSheetName("learned-2020-zzzzzz"));
  junk.visibility = "VeryHidden";
  junk.fill([
    ["generator", "campaign-stats"],
    ["templateJson", '{"id": "learned-2020-zzzzzz", "title": '],
  ]);
  expect((await readBack(book)).found.map((f) => f.template.id)).toEqual([t.id]);
});

test("a workbook whose structure is protected: the insert fails in Chinese, nothing half-written", async () => {
  const book = workbook();
  const t = learned();
  const ctx = new FakeContext(book);
  ctx.failWhen(`Worksheets.add(${storedSheetName(t.id)})`, "AccessDenied");
  const error = await insertTemplateSheet(ctx.asContext(), t, {}, { isSetSupported: ALL_APIS, storeTemplate: true }).catch((e) => e);
  expect(error).toMatchObject({ code: "structure-protected" });
  expect(book.sheetNames.filter((n) => !n.startsWith("_"))).toEqual(["Sheet1"]);
});

test("a built-in changed and imported under its own id travels too, and replaces the built-in for the colleague", async () => {
  const book = workbook();
  const changed: Template = { ...ganzhou, title: "赣州 2022 统计表（本市调整）" };
  await insert(book, changed, true);
  // the metadata sheet holds it as well, but only the stored sheet is trusted for a built-in id
  expect((await readBack(book)).found).toEqual([{ template: changed, sheet: storedSheetName(ganzhou.id) }]);
});
