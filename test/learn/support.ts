/**
 * Test support for learning templates: the equivalence check, the seed tables as printed, and writers
 * that put a printed page (paragraphs, a table with merges, the footnote) into real .xlsx and .docx files.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import type { CellRange, CellValue, Grid } from "../../src/core/grid";
import { cellLabelKey } from "../../src/core/normalize";
import { programPath } from "../support/programs";
import type { Item, Rule, Template } from "../../src/templates/schema";

// ---------------------------------------------------------------------------------------------
// Equivalence: structure and rules compared by item (label, unit), never by ids

function itemKey(i: Item): string {
  return `${i.label}（${i.unit}）`;
}

function ruleKeys(t: Template): string[] {
  const byId = new Map<string, Item>();
  for (const s of t.sections) for (const i of s.items) byId.set(i.id, i);
  const k = (id: string) => {
    const i = byId.get(id);
    return i ? itemKey(i) : `?${id}`;
  };
  return t.rules
    .map((r: Rule) =>
      r.kind === "partition" ? `partition ${k(r.total)} = ${r.parts.map(k).sort().join(" + ")}` : `at-most ${k(r.item)} <= ${k(r.limit)}`,
    )
    .sort();
}

/**
 * Differences between two templates, empty when they are equivalent: the same sections in order (by
 * name), the same items in order with the same label, unit, group and inLabelCell, and the same rules.
 * Ids, titles, aliases, notes and header fields are not compared.
 */
export function differences(a: Template, b: Template): string[] {
  const out: string[] = [];
  const names = (t: Template) => t.sections.map((s) => s.name);
  if (JSON.stringify(names(a)) !== JSON.stringify(names(b))) out.push(`sections: ${names(a).join(",")} ≠ ${names(b).join(",")}`);
  const n = Math.min(a.sections.length, b.sections.length);
  for (let k = 0; k < n; k++) {
    const sa = a.sections[k];
    const sb = b.sections[k];
    const items = (s: typeof sa) =>
      s.items.map((i) => `${itemKey(i)}${i.group ? ` [${i.group}]` : ""}${i.inLabelCell ? " {inLabelCell}" : ""}`);
    const ia = items(sa);
    const ib = items(sb);
    for (let j = 0; j < Math.max(ia.length, ib.length); j++) {
      if (ia[j] !== ib[j]) out.push(`${sa.name} item ${j + 1}: ${ia[j] ?? "(none)"} ≠ ${ib[j] ?? "(none)"}`);
    }
  }
  const ra = ruleKeys(a);
  const rb = ruleKeys(b);
  for (const r of ra) if (!rb.includes(r)) out.push(`rule only in first: ${r}`);
  for (const r of rb) if (!ra.includes(r)) out.push(`rule only in second: ${r}`);
  return out;
}

export function equivalent(a: Template, b: Template): boolean {
  return differences(a, b).length === 0;
}

/** the item of `t` with this label and unit */
export function itemBy(t: Template, label: string, unit: string): Item {
  const found = t.sections.flatMap((s) => s.items).find((i) => i.label === label && i.unit === unit);
  if (!found) throw new Error(`no item ${label}（${unit}） in ${t.id}`);
  return found;
}

/** values keyed by the ids of `from`, re-keyed to the ids of the equivalent template `to` */
export function rekey<V>(values: Record<string, V>, from: Template, to: Template): Record<string, V> {
  const out: Record<string, V> = {};
  const byId = new Map(from.sections.flatMap((s) => s.items).map((i) => [i.id, i]));
  for (const [id, v] of Object.entries(values)) {
    const i = byId.get(id);
    if (!i) throw new Error(`unknown id ${id}`);
    out[itemBy(to, i.label, i.unit).id] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A printed page: paragraphs above, the table, paragraphs below

export type SpecRow = string | { group: string; rows: string[] };

export interface PageSpec {
  before: string[];
  /** 其中 as its own merged column, or a sub-header row repeating 数量 · 备注 */
  style: "column" | "header-row";
  /** the 项目 header cell as printed ("项   目") */
  itemHeader?: string;
  sections: { dept: string; rows: SpecRow[] }[];
  after: string[];
}

export interface Page {
  grid: Grid;
  /** first and last row of the table in the grid */
  first: number;
  last: number;
  width: number;
}

/** the page as one grid, the way a sheet typed from the attachment would look */
export function pageGrid(spec: PageSpec, values: Record<string, CellValue> = {}): Page {
  const width = spec.style === "column" ? 5 : 4;
  const labelCols = width - 2;
  const rows: CellValue[][] = [];
  const merges: CellRange[] = [];
  for (const p of spec.before) rows.push([p]);
  const first = rows.length;
  const head: CellValue[] = Array(width).fill(null);
  head[0] = spec.itemHeader ?? "项目";
  head[labelCols] = "数量";
  head[labelCols + 1] = "备注";
  rows.push(head);
  merges.push({ r1: first, c1: 0, r2: first, c2: labelCols - 1 });
  const v = (label: string) => (label in values ? values[label] : null);
  for (const section of spec.sections) {
    const top = rows.length;
    for (const entry of section.rows) {
      if (typeof entry === "string") {
        const r = rows.length;
        rows.push(spec.style === "column" ? [null, entry, null, v(entry), null] : [null, entry, v(entry), null]);
        if (spec.style === "column") merges.push({ r1: r, c1: 1, r2: r, c2: 2 });
        continue;
      }
      if (spec.style === "header-row") {
        rows.push([null, entry.group, "数量", "备注"]);
        for (const label of entry.rows) rows.push([null, label, v(label), null]);
      } else {
        const g = rows.length;
        entry.rows.forEach((label, k) => rows.push([null, k === 0 ? entry.group : null, label, v(label), null]));
        if (entry.rows.length > 1) merges.push({ r1: g, c1: 1, r2: rows.length - 1, c2: 1 });
      }
    }
    rows[top][0] = section.dept;
    if (rows.length - 1 > top) merges.push({ r1: top, c1: 0, r2: rows.length - 1, c2: 0 });
  }
  const last = rows.length - 1;
  for (const p of spec.after) rows.push([p]);
  return { grid: { sheetName: "Sheet1", rows, merges }, first, last, width };
}

/** a grid from test/support/attachment-grid.ts split into page parts: the table runs from 项目 to before 注： */
export function pageOf(grid: Grid): Page {
  const text = (r: number) => grid.rows[r].find((v): v is string => typeof v === "string") ?? "";
  const first = grid.rows.findIndex((row) => row.some((v) => typeof v === "string" && cellLabelKey(v) === "项目"));
  let last = grid.rows.length - 1;
  while (last > first && /^注/.test(text(last).trim())) last--;
  let width = 0;
  for (let r = first; r <= last; r++) width = Math.max(width, grid.rows[r].length);
  for (const m of grid.merges) if (m.r1 >= first && m.r2 <= last) width = Math.max(width, m.c2 + 1);
  return { grid, first, last, width };
}

// ---------------------------------------------------------------------------------------------
// Writers

/** the grid as an .xlsx written by ExcelJS, merges included */
export async function gridToXlsx(grid: Grid): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(grid.sheetName);
  grid.rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null || v === undefined) return;
      ws.getCell(r + 1, c + 1).value = typeof v === "object" ? { error: v.error as ExcelJS.CellErrorValue["error"] } : v;
    }),
  );
  for (const m of grid.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** runs the way Word writes them: text split over several runs, tabs as w:tab, the odd proofErr */
function runs(text: string): string {
  let out = "";
  const parts = text.split("\t");
  parts.forEach((part, k) => {
    if (k > 0) out += `<w:r><w:tab/></w:r>`;
    for (let i = 0; i < part.length; i += 4) {
      const chunk = part.slice(i, i + 4);
      if (i === 4) out += `<w:proofErr w:type="spellStart"/>`;
      out += `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">${esc(chunk)}</w:t></w:r>`;
      if (i === 4) out += `<w:proofErr w:type="spellEnd"/>`;
    }
  });
  return out;
}

function paragraph(text: string, center = false): string {
  return `<w:p><w:pPr>${center ? `<w:jc w:val="center"/>` : ""}<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:pPr>${runs(text)}</w:p>`;
}

export interface DocxOptions {
  /** put the rows above and below into the document as paragraphs (default true) */
  paragraphs?: boolean;
  /** extra body XML after the table */
  extraBody?: string;
}

/**
 * The page as a .docx written by hand (fflate): paragraphs above and below the table, the table with
 * w:gridSpan for horizontal merges and w:vMerge restart/continue for vertical ones, a cell's lines as
 * separate paragraphs.
 */
export function pageToDocx(page: Page, options: DocxOptions = {}): Uint8Array {
  const { grid, first, last, width } = page;
  const text = (v: CellValue | undefined) => (v === null || v === undefined ? "" : typeof v === "object" ? v.error : String(v));
  const mergeAt = (r: number, c: number) => grid.merges.find((m) => m.r1 <= r && r <= m.r2 && m.c1 <= c && c <= m.c2);
  let body = "";
  const para = (r: number) => grid.rows[r].map(text).filter(Boolean).join("\t");
  if (options.paragraphs !== false) for (let r = 0; r < first; r++) body += paragraph(para(r), r === first - 2);
  body += `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`;
  for (let c = 0; c < width; c++) body += `<w:gridCol w:w="${c === width - 3 ? 4000 : 1500}"/>`;
  body += `</w:tblGrid>`;
  for (let r = first; r <= last; r++) {
    body += `<w:tr>${r === first ? `<w:trPr><w:tblHeader/></w:trPr>` : ""}`;
    for (let c = 0; c < width; c++) {
      const m = mergeAt(r, c);
      if (m && c !== m.c1) continue;
      const span = m ? m.c2 - m.c1 + 1 : 1;
      const vm = m && m.r2 > m.r1 ? (r === m.r1 ? `<w:vMerge w:val="restart"/>` : `<w:vMerge/>`) : "";
      const tcPr = `<w:tcPr><w:tcW w:w="${1500 * span}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ""}${vm}<w:vAlign w:val="center"/></w:tcPr>`;
      const value = m && r !== m.r1 ? "" : text(grid.rows[r][c]);
      const paras =
        value === ""
          ? `<w:p/>`
          : value
              .split("\n")
              .map((l) => paragraph(l))
              .join("");
      body += `<w:tc>${tcPr}${paras}</w:tc>`;
    }
    body += `</w:tr>`;
  }
  body += `</w:tbl>`;
  if (options.paragraphs !== false) for (let r = last + 1; r < grid.rows.length; r++) body += paragraph(para(r));
  body += options.extraBody ?? "";
  return docxPackage(body);
}

/** a minimal, valid .docx around this body XML */
export function docxPackage(body: string, extra: Record<string, string> = {}): Uint8Array {
  const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
  return zipSync({
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    "word/document.xml": strToU8(doc),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
  });
}

const PYTHON = programPath("python3");

const PY_WRITER = `
import json, sys, docx
spec = json.load(sys.stdin)
d = docx.Document()
for p in spec["before"]:
    d.add_paragraph(p)
t = d.add_table(rows=len(spec["rows"]), cols=spec["cols"])
t.style = "Table Grid"
for m in spec["merges"]:
    t.cell(m["r1"], m["c1"]).merge(t.cell(m["r2"], m["c2"]))
for r, row in enumerate(spec["rows"]):
    for c, v in enumerate(row):
        if v is None or v == "":
            continue
        cell = t.cell(r, c)
        lines = str(v).split("\\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
for p in spec["after"]:
    d.add_paragraph(p)
d.save(spec["out"])
`;

/**
 * The page as a .docx written by python-docx (its merges give w:gridSpan and w:vMerge). Needs
 * /usr/bin/python3 with the apt package python3-docx, which .ci/run installs.
 */
export function pageToDocxWithPython(page: Page): Uint8Array {
  const { grid, first, last, width } = page;
  const text = (v: CellValue | undefined) => (v === null || v === undefined ? null : typeof v === "object" ? v.error : String(v));
  const line = (r: number) => grid.rows[r].map(text).filter(Boolean).join("\t");
  const dir = mkdtempSync(join(tmpdir(), "learn-docx-"));
  try {
    const out = join(dir, "page.docx");
    const rows: (string | null)[][] = [];
    for (let r = first; r <= last; r++) rows.push(Array.from({ length: width }, (_, c) => text(grid.rows[r][c])));
    const spec = {
      before: Array.from({ length: first }, (_, r) => line(r)),
      after: Array.from({ length: grid.rows.length - last - 1 }, (_, k) => line(last + 1 + k)),
      rows,
      cols: width,
      merges: grid.merges
        .filter((m) => m.r1 >= first && m.r2 <= last)
        .map((m) => ({ r1: m.r1 - first, c1: m.c1, r2: m.r2 - first, c2: m.c2 })),
      out,
    };
    const r = spawnSync(PYTHON, ["-c", PY_WRITER], { input: JSON.stringify(spec), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`python-docx failed: ${r.stderr}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The tables as printed in the campaign documents (seeds 002 and 003), quirks kept:
// "（个次)" with mismatched parentheses, "网站和 APP", line wraps in the department cell.

const FOOTNOTE_LN =
  "注：如查处的同一网络违法案件属于同时违反多个法律法规的，原则上按照涉及的最主要的违法问题进行分类（不重复计算），并请在备注中予以说明。";
const FOOTNOTE_GZ =
  "注：如查处的同一网络违法案件属于同时违反多个法律法规的，原则上按照涉及的最主要的违法问题进行分类（不重复计算），请在备注中予以说明。";

export const LIAONING_AS_PRINTED: PageSpec = {
  before: ["附件", "辽宁省2019网络市场监管专项行动", "情况统计表", "填报单位：\t\t  \t\t        填报日期： \t月   日"],
  style: "header-row",
  itemHeader: "项   目",
  sections: [
    { dept: "通信管理部门", rows: ["处置违法违规互联网应用（网站、APP等）（家）"] },
    {
      dept: "公安部门",
      rows: ["清理网上违法有害信息（条）", "查办网络违法案件（件）", "查处违法违规网络平台（个）", "打击网络犯罪案件（起）"],
    },
    { dept: "海关部门", rows: ["查获跨境侵权邮包（批次）", "案值（万元）"] },
    {
      dept: "市场监管部门",
      rows: [
        "网上检查网站、网店（个次）",
        "实地检查网站、网店经营者（个次）",
        "督促网络交易平台删除违法商品信息（条）",
        "责令整改网站（个次）",
        "已提请关闭网站（个次)",
        "已责令停止平台服务的网店（个次）",
      ],
    },
    { dept: "网信部门", rows: ["清理网上违法违规信息（万条）", "督促互联网企业关闭违法违规账号（个）"] },
    { dept: "邮政管理部门", rows: ["检查邮政企业、快递企业（家次）", "查处违法违规行为（次）"] },
    {
      dept: "查处网络违法案件\n      件；\n移送公安机关案件\n      件；\n罚没款 \n      万元",
      rows: [
        {
          group: "按主要违法行为问题分类",
          rows: [
            "网络销售假冒伪劣商品案件（件)",
            "电子商务平台未履行平台义务案件（件）",
            "电子商务经营者未履行市场主体公示义务案件（件）",
            "无证生产电子商务产品案件（件）",
            "缺乏资质经营食品案件（件）",
            "网络销售非法添加、滥添加食品案件（件）",
            "互联网不正当竞争案件（件）",
            "不正当价格行为案件（件）",
            "虚假违法互联网广告案件（件）",
            "侵害网络消费者合法权益案件（件）",
            "侵害公民个人信息案件（件）",
            "合同违法违规案件（件）",
            "网络销售禁售、限售物品案件（件）",
            "其他违法违规案件（件）",
          ],
        },
      ],
    },
  ],
  after: [FOOTNOTE_LN],
};

export function ganzhouAsPrinted(marketCell = "市场监管局 查处网络 违法案件 ____件； 罚没款 ____万 元。"): PageSpec {
  return {
    before: ["附件", "赣州 2022 网络市场监管专项行动情况统计表", "填报单位：", "填报日期： 月 日"],
    style: "column",
    sections: [
      { dept: "网信办", rows: ["清理网上违法违规信息（万条）", "处置网站平台违法违规账号（个）"] },
      {
        dept: "公安局",
        rows: [
          "查处相关网络违法案件（件）",
          "督促互联网企业关停违法违规账号（个）",
          "查处不履行网络安全管理主体责任的网站和 APP（个）",
          "清理网上违法有害信息（条）",
        ],
      },
      { dept: "赣州海关", rows: ["寄递渠道查获侵权货物（批次）", "寄递渠道查获侵权货物（件）", "进口环节查获含金银箔粉食品（吨）"] },
      {
        dept: "林业局",
        rows: [
          "向公安机关、市场监管部门、网信部门和邮政部门提交网上非法交易野生动植物线索数量（条）",
          "配合公安机关、市场监管部门、网信部门和邮政部门查处网上非法交易野生动植物案件数量（件）",
        ],
      },
      { dept: "邮政局", rows: ["查处违法违规行为（次）"] },
      {
        dept: marketCell,
        rows: [
          "督促网络交易平台删除违法商品信息（条）",
          "责令整改网站（个次）",
          "已提请关闭网站（个次）",
          "已责令停止平台服务的网店（个次）",
          "开展网售“一老一小”用品抽查（批次）",
          "查处网售“一老一小”用品质量案件（件）",
          "查处“三无”外卖案件（件）",
          "查处“三假”直播案件（件）",
          {
            group: "其中",
            rows: ["查处不正当价格行为案件（件）", "查处不正当竞争案件（件）", "查处其他违法违规案件（件）", "移送公安机关案件（件）"],
          },
          "列入严重违法失信名单市场主体（户）",
        ],
      },
    ],
    after: [FOOTNOTE_GZ],
  };
}

/** the 2023 campaign (促发展保安全, seed 004): its departments, with the case totals in the market cell */
export const JIANGXI_2023: PageSpec = {
  before: ["附件", "江西2023网络市场监管促发展保安全专项行动情况统计表", "填报单位：\t\t\t填报日期：\t月\t日"],
  style: "column",
  sections: [
    { dept: "网信部门", rows: ["清理网上违法违规信息（万条）", "处置违法违规账号（个）"] },
    { dept: "电信主管部门", rows: ["处置违法违规互联网应用（网站、APP等）（家）"] },
    { dept: "公安部门", rows: ["侦办网络违法犯罪案件（起）", "清理网上违法有害信息（条）", "抓获犯罪嫌疑人（人）"] },
    {
      dept: "市场监管部门\n查处网络违法案件 ____件；罚没款 ____万元",
      rows: [
        "督促网络交易平台删除违法商品信息（条）",
        "责令整改网站（个次）",
        "查处无底线网络营销案件（件）",
        "查处网售食品药品违法案件（件）",
        "查处网售“三无”儿童和学生用品案件（件）",
        "查处侵害网络消费者合法权益案件（件）",
        {
          group: "其中",
          rows: [
            "查处恶意侵害网络经营者信誉案件（件）",
            "查处网络禁限售商品案件（件）",
            "查处其他违法违规案件（件）",
            "移送公安机关案件（件）",
          ],
        },
        "列入严重违法失信名单经营主体（户）",
      ],
    },
  ],
  after: [FOOTNOTE_GZ],
};
