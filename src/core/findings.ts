/**
 * The finding catalogue. Every problem the product reports is one of these codes; checks return
 * findings and never throw. Messages are rendered apart, in src/messages.
 */

export type Severity = "error" | "warning";
/** another Office format a received "workbook" turned out to be (told by the parts of its zip) */
export type OtherOfficeFormat = "xlsb" | "ods" | "docx" | "pptx" | "doc";
export type Family = "cell" | "section" | "rule" | "header" | "file" | "consolidation" | "review";

interface Where {
  severity: Severity;
  /** file the finding is about (set by front ends that read files) */
  file?: string;
  sheet?: string;
  sectionId?: string;
  /** department name as printed, e.g. 公安局 */
  section?: string;
  itemId?: string;
  /** item label with its unit, e.g. 清理网上违法有害信息（条） */
  item?: string;
  /** A1 address of the cell concerned */
  cell?: string;
  /** every cell concerned, when a finding covers several (`cell` is the first of them) */
  cells?: string[];
  /** the value found, as text */
  value?: string;
}

export type Finding = Where &
  (
    | { code: "blank-value" }
    | { code: "not-a-number" }
    | { code: "negative-value" }
    | { code: "fraction-in-count" }
    | { code: "too-many-decimals"; maxDecimals: number }
    | { code: "number-as-text"; readAs: string }
    | { code: "formula-error" }
    | { code: "item-missing" }
    | { code: "duplicate-item"; otherCell: string }
    | { code: "partition-mismatch"; ruleId: string; expected: string; actual: string; difference: string; parts: string[] }
    | { code: "at-most-exceeded"; ruleId: string; limitItem: string; limit: string; actual: string }
    | { code: "not-applicable-has-values" }
    | { code: "section-blank"; count: number }
    | { code: "missing-unit" }
    | { code: "missing-date" }
    | { code: "invalid-date" }
    | { code: "invalid-stage" }
    | { code: "file-empty" }
    | { code: "file-not-xlsx"; detected: "html" | "text" | OtherOfficeFormat | "unknown" }
    /** `wps`: named .et, WPS 表格's own format (the same kind of file as a legacy .xls) */
    | { code: "file-legacy-xls"; wps?: boolean }
    | { code: "file-encrypted" }
    | { code: "file-corrupt"; detail?: string }
    | { code: "file-too-large"; limitMiB: number; part?: string }
    | { code: "file-has-macros" }
    /** `looksLikeTable`: the sheet has a 数量 column and items with units — another year's or place's table */
    | { code: "not-a-statistics-table"; found: number; expected: number; templateTitle?: string; looksLikeTable?: boolean }
    | { code: "template-mismatch"; expectedTemplate: string; detectedTemplate: string }
    | { code: "several-tables"; sheets: string[] }
    | { code: "duplicate-unit"; unit: string; otherFiles: string[] }
    | { code: "missing-from-roster"; unit: string }
    | { code: "not-in-roster"; unit: string }
    | { code: "remark-truncated"; unit: string; length: number; limit: number; rollupCell?: string }
    | { code: "file-template-too-large"; problem: string }
    /** review (src/core/review.ts): a unit's cumulative 全面 figure below its own 中期 figure; `value` is this period's */
    | { code: "review-cumulative-decrease"; unit: string; previous: string; previousFile: string }
    /** review: a unit's figure far above the median of the other units' */
    | { code: "review-peer-outlier"; unit: string; median: string; factor: number; peers: number }
    /** review: a total of the roll-up (`unit` the roll-up's) changed by more than the threshold against an earlier report */
    | { code: "review-total-change"; unit: string; previous: string; changePercent: string; basis: "上期" | "去年"; previousFile: string }
    /** a sheet the workbook lists but whose worksheet the package does not hold; the other sheets are read */
    | { code: "file-sheet-skipped"; sheet: string; reason: "no-relationship" | "part-missing" }
    | { code: "duplicate-identical"; unit: string; otherFiles: string[] }
    | { code: "duplicate-chosen"; unit: string; otherFiles: string[] }
    | { code: "duplicate-not-chosen"; unit: string; chosenFile: string }
  );

export type FindingCode = Finding["code"];

export const CATALOGUE: Record<FindingCode, { family: Family; severity: Severity }> = {
  "blank-value": { family: "cell", severity: "error" },
  "not-a-number": { family: "cell", severity: "error" },
  "negative-value": { family: "cell", severity: "error" },
  "fraction-in-count": { family: "cell", severity: "error" },
  "too-many-decimals": { family: "cell", severity: "error" },
  "number-as-text": { family: "cell", severity: "warning" },
  "formula-error": { family: "cell", severity: "error" },
  "item-missing": { family: "cell", severity: "error" },
  "duplicate-item": { family: "cell", severity: "error" },
  "partition-mismatch": { family: "rule", severity: "error" },
  "at-most-exceeded": { family: "rule", severity: "error" },
  "not-applicable-has-values": { family: "section", severity: "error" },
  "section-blank": { family: "section", severity: "error" },
  "missing-unit": { family: "header", severity: "error" },
  "missing-date": { family: "header", severity: "error" },
  "invalid-date": { family: "header", severity: "warning" },
  "invalid-stage": { family: "header", severity: "warning" },
  "file-empty": { family: "file", severity: "error" },
  "file-not-xlsx": { family: "file", severity: "error" },
  "file-legacy-xls": { family: "file", severity: "error" },
  "file-encrypted": { family: "file", severity: "error" },
  "file-corrupt": { family: "file", severity: "error" },
  "file-too-large": { family: "file", severity: "error" },
  "file-has-macros": { family: "file", severity: "warning" },
  "not-a-statistics-table": { family: "file", severity: "error" },
  "template-mismatch": { family: "file", severity: "error" },
  "several-tables": { family: "file", severity: "warning" },
  "duplicate-unit": { family: "consolidation", severity: "error" },
  "missing-from-roster": { family: "consolidation", severity: "error" },
  "not-in-roster": { family: "consolidation", severity: "warning" },
  "remark-truncated": { family: "consolidation", severity: "warning" },
  "file-template-too-large": { family: "file", severity: "error" },
  "review-cumulative-decrease": { family: "review", severity: "warning" },
  "review-peer-outlier": { family: "review", severity: "warning" },
  "review-total-change": { family: "review", severity: "warning" },
  "file-sheet-skipped": { family: "file", severity: "warning" },
  "duplicate-identical": { family: "consolidation", severity: "warning" },
  "duplicate-chosen": { family: "consolidation", severity: "warning" },
  "duplicate-not-chosen": { family: "consolidation", severity: "warning" },
};

type Payload<C extends FindingCode> = Omit<Extract<Finding, { code: C }>, "code" | "severity"> & { severity?: Severity };

/** builds a finding with the catalogue's severity unless one is given */
export function finding<C extends FindingCode>(code: C, fields: Payload<C>): Extract<Finding, { code: C }> {
  return { severity: CATALOGUE[code].severity, ...fields, code } as unknown as Extract<Finding, { code: C }>;
}

/** the cells a finding is about: all of `cells` when it covers several, else its `cell` */
export function cellsOf(f: Finding): string[] {
  return f.cells ?? (f.cell ? [f.cell] : []);
}

export function familyOf(f: Finding): Family {
  return CATALOGUE[f.code].family;
}

export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) f.severity === "error" ? errors++ : warnings++;
  return { errors, warnings };
}

/** flatten(findings, ["cell", "code"]) → [["D12", "partition-mismatch"]]: short, readable test assertions */
export function flatten<K extends string>(findings: readonly Finding[], fields: readonly K[]): unknown[][] {
  return findings.map((f) => fields.map((k) => (f as unknown as Record<string, unknown>)[k]));
}
