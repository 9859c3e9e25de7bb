/**
 * The hidden sheet our writers add to every workbook: which template (id, version, and the template
 * itself, so a learned template travels with the workbook) and what the workbook is (a blank or filled
 * template, or a roll-up). Machine data: keys are identifiers, the sheet is veryHidden.
 */
import type { CellValue, Grid } from "./grid";
import {
  BUILTIN_TEMPLATES,
  checkTemplate,
  checkTemplateText,
  templateTextIssue,
  TEMPLATE_LIMITS,
  type Template,
  type TemplateIssue,
} from "../templates";

export const METADATA_SHEET = "_campaign_stats";
/**
 * Prefix of the veryHidden sheets in which the add-in saves learned or imported templates, one each, with
 * the rows of the metadata sheet (src/excel/stored-templates.ts); the file readers use them too.
 */
export const STORED_TEMPLATE_PREFIX = "_cs_tpl_";

/** Excel keeps at most 32,767 characters in a cell; the template JSON is split below that. */
const CHUNK = 30000;

export type WorkbookKind = "template" | "rollup";

export interface WorkbookMetadata {
  kind?: WorkbookKind;
  templateId?: string;
  templateVersion?: number;
  /** the template the workbook was written from, when it parses */
  template?: Template;
  /** 填报单位 of a roll-up */
  unit?: string;
  /** the embedded template exceeds a size cap (TEMPLATE_LIMITS): a hostile workbook, refused */
  templateProblem?: TemplateIssue;
}

/** Rows of the metadata sheet: one key a row, the value in the next column(s). */
export function metadataRows(template: Template, kind: WorkbookKind, extra: { unit?: string } = {}): string[][] {
  const json = JSON.stringify(template);
  const chunks: string[] = [];
  for (let i = 0; i < json.length; i += CHUNK) chunks.push(json.slice(i, i + CHUNK));
  return [
    ["generator", "campaign-stats"],
    ["kind", kind],
    ["templateId", template.id],
    ["templateVersion", String(template.version)],
    ...(extra.unit ? [["unit", extra.unit]] : []),
    ["templateJson", ...chunks],
  ];
}

function text(v: CellValue | undefined): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

/** Reads the metadata sheet of a workbook, if it has one written by us. Never throws. */
export function readMetadata(grids: readonly Grid[]): WorkbookMetadata | undefined {
  const sheet = grids.find((g) => g.sheetName === METADATA_SHEET);
  return sheet ? readMetadataSheet(sheet) : undefined;
}

export function isStoredTemplateSheetName(name: string): boolean {
  return name.toLowerCase().startsWith(STORED_TEMPLATE_PREFIX);
}

/**
 * The templates the add-in saved in the workbook's `_cs_tpl_…` sheets (a damaged or oversized one is left
 * out: it only means that template does not travel). Never throws.
 */
export function readStoredTemplates(grids: readonly Grid[]): Template[] {
  const templates: Template[] = [];
  for (const g of grids) {
    if (!isStoredTemplateSheetName(g.sheetName)) continue;
    const t = readMetadataSheet(g)?.template;
    if (t && !templates.some((x) => x.id === t.id)) templates.push(t);
  }
  return templates;
}

function readMetadataSheet(sheet: Grid): WorkbookMetadata | undefined {
  const rows = new Map<string, CellValue[]>();
  for (const row of sheet.rows) {
    const key = text(row?.[0]);
    if (key && !rows.has(key)) rows.set(key, row.slice(1));
  }
  if (text(rows.get("generator")?.[0]) !== "campaign-stats") return undefined;
  const meta: WorkbookMetadata = {};
  const kind = text(rows.get("kind")?.[0]);
  if (kind === "template" || kind === "rollup") meta.kind = kind;
  const id = text(rows.get("templateId")?.[0]);
  if (id) meta.templateId = id;
  const version = Number(text(rows.get("templateVersion")?.[0]));
  if (Number.isInteger(version) && version > 0) meta.templateVersion = version;
  const unit = text(rows.get("unit")?.[0]);
  if (unit) meta.unit = unit;
  const chunks = rows.get("templateJson") ?? [];
  const json = joinChunks(chunks);
  if (json) {
    // size caps before parsing (length, nesting); the schema's caps (sections, items …) when it fails
    // a text seen before passed the caps already (only such texts are kept in parsedTemplates)
    const tooBig = parsedTemplates.has(json) ? undefined : templateTextIssue(json);
    const template = tooBig ? undefined : embeddedTemplate(json);
    if (template) meta.template = template;
    else {
      const problem = tooBig ?? limitProblem(json);
      if (problem) meta.templateProblem = problem;
    }
  }
  return meta;
}

/** the template JSON chunks joined; stops just past TEMPLATE_LIMITS.jsonChars (never builds a huge string) */
function joinChunks(chunks: readonly CellValue[]): string {
  if (chunks.length === 1) return text(chunks[0]) ?? "";
  let json = "";
  for (const v of chunks) {
    json += text(v) ?? "";
    if (json.length > TEMPLATE_LIMITS.jsonChars) break;
  }
  return json;
}

/** the size cap an embedded template that failed to load exceeds, if that is why */
function limitProblem(json: string): TemplateIssue | undefined {
  const r = checkTemplateText(json);
  return r.ok ? undefined : r.issues.find((p) => p.limit);
}

/**
 * Parsed embedded templates by their exact JSON text: a batch of workbooks written from the same
 * template carries the same text, which is parsed (and checked by the schema) once. Bounded: the
 * oldest entry goes when it is full. A text that does not parse is remembered as null.
 */
const parsedTemplates = new Map<string, Template | null>();
const MAX_PARSED_TEMPLATES = 16;
/** texts longer than this are parsed each time rather than kept (a real template is a few KB) */
const MAX_CACHED_JSON = 64 * 1024;

function embeddedTemplate(json: string): Template | undefined {
  const hit = parsedTemplates.get(json);
  if (hit !== undefined) return hit ?? undefined;
  let template: Template | null = null;
  try {
    const parsed = checkTemplate(JSON.parse(json));
    if (parsed.ok) template = builtinTwin(parsed.template) ?? parsed.template;
  } catch {
    // a damaged metadata sheet only means the template does not travel
  }
  if (json.length <= MAX_CACHED_JSON) {
    if (parsedTemplates.size >= MAX_PARSED_TEMPLATES) parsedTemplates.delete(parsedTemplates.keys().next().value!);
    // a copy of the key: the text may be a slice of the whole shared-strings part
    parsedTemplates.set((" " + json).slice(1), template);
  }
  return template ?? undefined;
}

/** the built-in template equal to this one (same id, version and content), so both are the same object */
function builtinTwin(t: Template): Template | undefined {
  const b = BUILTIN_TEMPLATES.find((x) => x.id === t.id && x.version === t.version);
  return b && JSON.stringify(b) === JSON.stringify(t) ? b : undefined;
}
