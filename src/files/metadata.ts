/**
 * The hidden sheet our writers add to every workbook: which template (id, version, and the template
 * itself, so a learned template travels with the workbook) and what the workbook is (a blank or filled
 * template, or a roll-up). Machine data: keys are identifiers, the sheet is veryHidden.
 */
import type { CellValue, Grid } from "../core/grid";
import { parseTemplate, type Template } from "../templates";

export const METADATA_SHEET = "_campaign_stats";

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
  if (!sheet) return undefined;
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
  const json = (rows.get("templateJson") ?? []).map((v) => text(v) ?? "").join("");
  if (json) {
    try {
      const parsed = parseTemplate(JSON.parse(json));
      if (parsed.ok) meta.template = parsed.template;
    } catch {
      // a damaged metadata sheet only means the template does not travel
    }
  }
  return meta;
}
