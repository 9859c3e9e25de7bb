/**
 * The bench corpus: N county workbooks of the ganzhou-2022 统计表, each filled with random valid values
 * (partitions add up, at-most rules kept, decimals ≤ 4 places) and its own 填报单位.
 *
 * One workbook is written by the product's writer (src/files/xlsx-write.ts `writeTemplateWorkbook`, ExcelJS)
 * with placeholder values; every other file is derived from it by
 * rewriting the worksheet and shared-strings XML and zipping again with fflate, so 3,000 files take a
 * few seconds. Node only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import type { SheetFill } from "../../src/core/layout";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { findBuiltinTemplate } from "../../src/templates";
import { itemKind, type Template } from "../../src/templates/schema";

/** seeded PRNG (mulberry32): the same corpus for the same seed */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random valid values for every item of the template, as the text written into `<v>`. */
export function randomValues(template: Template, rand: () => number): Record<string, string> {
  const num: Record<string, number> = {};
  const text: Record<string, string> = {};
  const items = template.sections.flatMap((s) => s.items);
  for (const item of items) {
    if (itemKind(item) === "decimal") {
      const places = Math.floor(rand() * 5); // 0…4
      const v = Math.round(rand() * 500 * 10 ** places) / 10 ** places;
      num[item.id] = v;
      text[item.id] = String(v);
    } else {
      const v = rand() < 0.15 ? 0 : Math.floor(rand() * 400);
      num[item.id] = v;
      text[item.id] = String(v);
    }
  }
  for (const rule of template.rules) {
    if (rule.kind !== "partition") continue;
    // parts are whole counts in both built-in templates; a decimal total would need exact addition here
    const sum = rule.parts.reduce((s, p) => s + num[p], 0);
    num[rule.total] = sum;
    text[rule.total] = String(sum);
  }
  for (const rule of template.rules) {
    if (rule.kind !== "at-most") continue;
    const v = Math.floor(rand() * (num[rule.limit] + 1));
    num[rule.item] = v;
    text[rule.item] = String(v);
  }
  return text;
}

const PLACES = [
  "章贡",
  "南康",
  "赣县",
  "信丰",
  "大余",
  "上犹",
  "崇义",
  "安远",
  "龙南",
  "定南",
  "全南",
  "宁都",
  "于都",
  "兴国",
  "会昌",
  "寻乌",
  "石城",
  "瑞金",
];
const EXTRA = "东西南北中新上下前后左右长平安和兴旺丰乐福康宁泰昌盛华清明远德仁义礼信";
const SUFFIXES = ["区", "县", "市"];

/** A distinct, plausible 填报单位 for county number i (distinct for every i, also by unitKey). */
export function unitName(i: number): string {
  const a = i % PLACES.length;
  const rest = Math.floor(i / PLACES.length);
  const b = rest % (EXTRA.length + 1); // 0: no extra character
  const c = Math.floor(rest / (EXTRA.length + 1)); // 0: no number
  return `${PLACES[a]}${b ? EXTRA[b - 1] : ""}${c ? c + 1 : ""}${SUFFIXES[i % 3]}市场监督管理局`;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const UNIT_PLACEHOLDER = "〔填报单位占位〕";
const VALUE_BASE = 7_000_000;

/** The one ExcelJS-written workbook (the product's own writer), with placeholder values VALUE_BASE + k and the unit placeholder. */
export async function writeBaseWorkbook(template: Template): Promise<Uint8Array> {
  const items = template.sections.flatMap((s) => s.items);
  const fill: SheetFill = {
    header: { unit: UNIT_PLACEHOLDER, date: "11月26日", stage: "全面", contact: "李明", phone: "0797-8123456" },
    values: Object.fromEntries(items.map((item, k) => [item.id, VALUE_BASE + k])),
    remarks: {},
  };
  return writeTemplateWorkbook(template, fill);
}

/** Turns the base workbook into a cheap factory of county files. */
export function makeDeriver(base: Uint8Array, template: Template): (values: Record<string, string>, unit: string) => Uint8Array {
  const entries = unzipSync(base);
  const items = template.sections.flatMap((s) => s.items);
  const placeholderIndex = new Map(items.map((item, k) => [String(VALUE_BASE + k), item.id]));
  let sheetPath: string | undefined;
  let segments: string[] = [];
  let slots: string[] = [];
  for (const [name, data] of Object.entries(entries)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const xml = strFromU8(data);
    const parts = xml.split(/<v>(7\d{6})<\/v>/);
    if (parts.length < 3) continue;
    sheetPath = name;
    segments = [];
    slots = [];
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) segments.push(parts[i]);
      else {
        const id = placeholderIndex.get(parts[i]);
        if (!id) throw new Error(`bench corpus: unexpected placeholder ${parts[i]}`);
        slots.push(id);
      }
    }
  }
  if (!sheetPath) throw new Error("bench corpus: the base workbook has no sheet with the placeholder values");
  if (slots.length !== items.length) throw new Error(`bench corpus: found ${slots.length} of ${items.length} value cells`);
  const unitParts: { path: string; before: string; after: string }[] = [];
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith(".xml")) continue;
    const xml = strFromU8(data);
    const k = xml.indexOf(UNIT_PLACEHOLDER);
    if (k >= 0) unitParts.push({ path: name, before: xml.slice(0, k), after: xml.slice(k + UNIT_PLACEHOLDER.length) });
  }
  if (unitParts.length === 0) throw new Error("bench corpus: the base workbook does not hold the unit placeholder");
  const sheet = sheetPath;
  return (values, unit) => {
    let xml = segments[0];
    for (let i = 0; i < slots.length; i++) xml += `<v>${values[slots[i]]}</v>${segments[i + 1]}`;
    const files: Zippable = { ...entries, [sheet]: strToU8(xml) };
    for (const u of unitParts) files[u.path] = strToU8(u.before + xmlEscape(unit) + u.after);
    return zipSync(files, { level: 6 });
  };
}

export interface Corpus {
  dir: string;
  paths: string[];
  /** what wrote the one real workbook the others are derived from */
  writer: string;
  bytesTotal: number;
  generateMs: number;
  /** the ExcelJS-written base, for reference */
  baseBytes: number;
}

/** Writes `count` county workbooks into `dir` (created). */
export async function generateCorpus(dir: string, count: number, template: Template, seed = 2022): Promise<Corpus> {
  const t0 = performance.now();
  fs.mkdirSync(dir, { recursive: true });
  const base = await writeBaseWorkbook(template);
  const derive = makeDeriver(base, template);
  const rand = rng(seed);
  const paths: string[] = [];
  let bytesTotal = 0;
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const bytes = derive(randomValues(template, rand), unitName(i));
    const p = path.join(dir, `county-${String(i + 1).padStart(width, "0")}.xlsx`);
    fs.writeFileSync(p, bytes);
    paths.push(p);
    bytesTotal += bytes.length;
  }
  return { dir, paths, writer: "writeTemplateWorkbook (ExcelJS)", bytesTotal, generateMs: performance.now() - t0, baseBytes: base.length };
}

/** for a quick look: `tsx scripts/bench/corpus.ts DIR N` */
if (require.main === module) {
  void (async () => {
    const c = await generateCorpus(process.argv[2] ?? "/tmp/cs-corpus", Number(process.argv[3] ?? 5), findBuiltinTemplate("ganzhou-2022")!);
    console.log({ ...c, paths: c.paths.length, avgBytes: Math.round(c.bytesTotal / c.paths.length) });
  })();
}
