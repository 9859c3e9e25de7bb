/**
 * Text rules for learning a table: splitting "清理网上违法有害信息（条）" into label and unit, reading
 * the case totals written inside a department cell ("市场监管局 查处网络违法案件 ____件；罚没款 ____万元。"),
 * tidying labels as typed in Word or Excel. Pure.
 */

const WS = /[\s\u00a0\u3000\u200b\ufeff]+/g;

/** all white space removed */
export function compact(text: string): string {
  return text.replace(WS, "");
}

/** Units seen in the campaign tables; an unknown unit is accepted but flagged for review. */
export const KNOWN_UNITS: readonly string[] = [
  "万元",
  "万条",
  "万次",
  "万件",
  "万个",
  "吨",
  "公斤",
  "千克",
  "元",
  "家",
  "家次",
  "条",
  "件",
  "个",
  "个次",
  "起",
  "批",
  "批次",
  "次",
  "户",
  "户次",
  "人",
  "人次",
  "名",
  "篇",
  "项",
  "场",
  "场次",
  "期",
  "份",
  "台",
  "套",
  "辆",
  "处",
  "款",
  "张",
  "单",
  "种",
];

const UNIT_CHARS = /^[\u4e00-\u9fffA-Za-z·/]{1,4}$/;

export function isKnownUnit(unit: string): boolean {
  return KNOWN_UNITS.includes(unit);
}

/** a short word that can be a unit: 1–4 Chinese characters or letters, no punctuation */
export function isPlausibleUnit(unit: string): boolean {
  return UNIT_CHARS.test(unit) && !/[、，,；;：:等和及与]/.test(unit);
}

/**
 * A label as it should be stored: white space next to Chinese characters removed (line wraps inside a
 * cell), other runs of white space collapsed, half-width parentheses made full-width like the printed
 * tables, a leading enumerator (1、 （一） 2.) dropped.
 */
export function tidyLabel(text: string): string {
  let t = text
    .replace(/[\u200b\ufeff]/g, "")
    .replace(/[\s\u00a0\u3000]+/g, " ")
    .trim();
  // drop spaces that touch a non-ASCII character: "网站和 APP" → "网站和APP", "查处网络 违法案件" → "查处网络违法案件"
  t = t.replace(/ (?=\P{ASCII})/gu, "").replace(/(?<=\P{ASCII}) /gu, "");
  t = t.replace(/\(/g, "（").replace(/\)/g, "）");
  t = t.replace(
    /^(?:[（]?[0-9０-９]{1,3}[）.、．]|[（]?[一二三四五六七八九十]{1,3}[）、．.]|[（][0-9０-９一二三四五六七八九十]{1,3}[）])\s*/,
    "",
  );
  return t.replace(/[：:]$/, "").trim();
}

export interface LabelUnit {
  label: string;
  /** undefined when the text ends in no unit */
  unit?: string;
}

/**
 * "处置违法违规互联网应用（网站、APP等）（家）" → label 处置违法违规互联网应用（网站、APP等）, unit 家.
 * Full-width or half-width parentheses, also mismatched ("（个次)"); a last parenthesis that is not a
 * unit ("（网站、APP等）") leaves the unit undefined. A missing closing parenthesis is accepted only
 * for a known unit ("案件（件").
 */
export function splitLabelUnit(text: string): LabelUnit {
  const t = text.replace(/[\u200b\ufeff]/g, "").trim();
  const m = /[（(]([^（）()]{1,12})[）)]?[\s。.]*$/.exec(t);
  if (m) {
    const unit = compact(m[1]);
    const closed = /[）)][\s。.]*$/.test(t);
    if (isPlausibleUnit(unit) && (closed || isKnownUnit(unit))) {
      const label = tidyLabel(t.slice(0, m.index));
      if (label) return { label, unit };
    }
  }
  return { label: tidyLabel(t) };
}

/** a total found inside a department cell */
export interface CellTotal {
  label: string;
  unit: string;
}

export interface DepartmentCell {
  /** the department as printed, e.g. 市场监管局; undefined when the cell holds only totals */
  name?: string;
  totals: CellTotal[];
}

/** ends of department names: 市场监管局, 公安部门, 网信办, 赣州海关, 林业办公室 … */
const DEPT_END = /(?:局|部门|办公室|办|委员会|委|厅|海关|中心|支队|大队|分局|管理处|署|院)$/;
/** blank to fill in: underscores (also full-width), or a number already written */
const BLANK = /[_＿]{2,}|[_＿]*[0-9０-９][0-9０-９,，.．]*[_＿]*/g;

function lastBlank(s: string): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  for (const m of s.matchAll(BLANK)) found = { start: m.index!, end: m.index! + m[0].length };
  return found;
}

/** "查处网络违法案件 ____件" / "罚没款 \n 万元" / "查处网络违法案件 12 件" → label and unit */
function parseTotal(segment: string, strictUnit: boolean): { labelRaw: string; unit: string } | undefined {
  const s = segment.replace(/[\u200b\ufeff]/g, "").trim();
  if (!s) return undefined;
  const b = lastBlank(s);
  if (b && b.start > 0) {
    const unit = compact(s.slice(b.end)).replace(/[。.]$/, "");
    if (isPlausibleUnit(unit) && compact(s.slice(0, b.start))) return { labelRaw: s.slice(0, b.start), unit };
  }
  // no underscores: the blank is white space ("查处网络违法案件\n      件")
  const ws = /^([\s\S]*\S)[\s\u00a0\u3000]+(\S{1,4})$/.exec(s);
  if (ws) {
    const unit = ws[2].replace(/[。.]$/, "");
    if (isKnownUnit(unit)) return { labelRaw: ws[1], unit };
  }
  if (!strictUnit) {
    const c = compact(s).replace(/[。.]$/, "");
    const unit = [...KNOWN_UNITS].sort((a, b2) => b2.length - a.length).find((u) => c.endsWith(u) && c.length - u.length >= 2);
    if (unit) return { labelRaw: c.slice(0, c.length - unit.length), unit };
  }
  return undefined;
}

/** splits "市场监管局 查处网络违法案件" into the department and the total's label */
function splitDepartment(labelRaw: string): { name?: string; label: string } {
  const tokens = labelRaw
    .trim()
    .split(/[\s\u00a0\u3000]+/)
    .filter(Boolean);
  let acc = "";
  for (let i = 0; i < tokens.length - 1; i++) {
    acc += tokens[i];
    if (DEPT_END.test(acc)) return { name: acc, label: compact(tokens.slice(i + 1).join("")) };
  }
  const c = compact(labelRaw);
  const m = /^(.{2,12}?(?:局|部门|办公室|办|委员会|厅|海关))(.{2,})$/.exec(c);
  if (m && !/^(查|移送|罚没|案)/.test(m[1])) return { name: m[1], label: m[2] };
  return { label: c };
}

/**
 * A department cell: its name, and the case totals written into it. "公安部门" → name only;
 * "市场监管局\n查处网络违法案件 ____件；罚没款 ____万元。" → 市场监管局 with two totals;
 * "查处网络违法案件  件；移送公安机关案件  件；罚没款  万元" → no name, three totals.
 */
export function parseDepartmentCell(text: string): DepartmentCell {
  const segments = text.split(/[；;。，,]/).filter((s) => compact(s));
  const several = segments.length > 1;
  const parsed = segments.map((s) => parseTotal(s, !several));
  if (parsed.every((p) => p === undefined)) return { name: tidyLabel(text), totals: [] };
  const totals: CellTotal[] = [];
  let name: string | undefined;
  parsed.forEach((p, i) => {
    if (!p) return;
    let labelRaw = p.labelRaw;
    if (i === 0 || (name === undefined && totals.length === 0)) {
      const d = splitDepartment(labelRaw);
      if (d.name) name = tidyLabel(d.name);
      labelRaw = d.label;
    }
    const label = tidyLabel(compact(labelRaw));
    if (label) totals.push({ label, unit: p.unit });
  });
  // text before the first total that is not a total itself (e.g. "市场监管局" on its own line before "；")
  if (name === undefined && parsed[0] === undefined) name = tidyLabel(compact(segments[0]));
  return { ...(name ? { name } : {}), totals };
}
