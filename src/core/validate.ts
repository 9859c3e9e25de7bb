import { compareDec, decimalPlaces, formatDec, isNegative, isWhole, subDec, sumDec, type Dec } from "./decimal";
import { countBySeverity, finding, type Finding } from "./findings";
import { formatReportDate, headerText, parseReportDate, parseStage, type Stage } from "./header";
import { readQuantity, isNotApplicableMark } from "./numbers";
import { isCellError, type CellValue } from "./grid";
import type { Submission } from "./read";
import type { RuleKind, RuleKindTable, RuleOf } from "../templates/schema";
import { itemDisplayLabel, itemKind, MAX_DECIMALS, type Item, type Section, type Template } from "../templates/schema";

export interface SectionSummary {
  sectionId: string;
  name: string;
  errors: number;
  warnings: number;
  notApplicable: boolean;
}

/** The verdict on one sheet: findings, and the values that passed, ready for consolidation. */
export interface Report {
  templateId: string;
  valid: boolean;
  stats: { errors: number; warnings: number; found: number; expected: number };
  findings: Finding[];
  sections: SectionSummary[];
  unit?: string;
  date?: string;
  stage?: Stage;
  /** canonical decimal text per item id, for every value that passed its checks */
  values: Record<string, string>;
  remarks: Record<string, string>;
  notApplicable: string[];
}

function shown(raw: CellValue): string {
  if (raw === null || raw === undefined) return "";
  if (isCellError(raw)) return raw.error;
  return String(raw);
}

function where(section: Section, item: Item, cell: string | undefined, raw?: CellValue) {
  return {
    sectionId: section.id,
    section: section.name,
    itemId: item.id,
    item: itemDisplayLabel(item),
    ...(cell ? { cell } : {}),
    ...(raw !== undefined ? { value: shown(raw) } : {}),
  };
}

/**
 * A value that passed its checks: a whole number of magnitude below 10^15 (the usual count, as a cell
 * gives it) as a JS number, which is exact; anything else as a Dec.
 */
type Val = number | Dec;

function toDec(v: Val): Dec {
  return typeof v === "number" ? { int: BigInt(v), scale: 0 } : v;
}

function formatVal(v: Val): string {
  return typeof v === "number" ? String(v) : formatDec(v);
}

/** Σ parts, or undefined when a part is not a number or the sum could leave the exact range of numbers */
function sumSmall(parts: readonly (Val | undefined)[]): number | undefined {
  let sum = 0;
  for (const p of parts) {
    if (typeof p !== "number") return undefined;
    sum += p;
    if (!Number.isSafeInteger(sum)) return undefined;
  }
  return sum;
}

/** Judges one quantity; returns its value when it may be counted. */
function checkEntry(section: Section, item: Item, cell: string, raw: CellValue, out: Finding[], inLabelCell = false): Val | undefined {
  // a whole number in a number cell: what readQuantity would make of it, without Dec arithmetic
  if (typeof raw === "number" && Number.isInteger(raw) && raw < 1e15 && raw > -1e15) {
    if (raw < 0) {
      out.push(finding("negative-value", where(section, item, cell, raw)));
      return undefined;
    }
    return raw;
  }
  return checkQuantity(section, item, cell, raw, out, inLabelCell);
}

function checkQuantity(section: Section, item: Item, cell: string, raw: CellValue, out: Finding[], inLabelCell: boolean): Dec | undefined {
  // where() only when there is something to report: most values pass
  const q = readQuantity(raw, item.unit);
  switch (q.kind) {
    case "blank":
      out.push(finding("blank-value", where(section, item, cell, raw)));
      return undefined;
    case "error":
      out.push(finding("formula-error", { ...where(section, item, cell, raw), value: q.error }));
      return undefined;
    case "not-a-number":
      out.push(finding("not-a-number", where(section, item, cell, raw)));
      return undefined;
  }
  const v = q.value;
  if (isNegative(v)) {
    out.push(finding("negative-value", where(section, item, cell, raw)));
    return undefined;
  }
  if (itemKind(item) === "count" && !isWhole(v)) {
    out.push(finding("fraction-in-count", where(section, item, cell, raw)));
    return undefined;
  }
  if (decimalPlaces(v) > MAX_DECIMALS) {
    out.push(finding("too-many-decimals", { ...where(section, item, cell, raw), maxDecimals: MAX_DECIMALS }));
    return undefined;
  }
  // a total written inside the label cell is text by nature: that is how the original attachment is filled in
  if (q.text !== undefined && !inLabelCell)
    out.push(finding("number-as-text", { ...where(section, item, cell, raw), readAs: formatDec(v) }));
  return v;
}

/**
 * A department whose every item is blank (its colleagues have not sent their figures yet, or the
 * template was sent back unfilled) is one finding naming the department, not one per item.
 */
function collapseBlankSection(section: Section, findings: Finding[], start: number): void {
  const own = findings.length - start;
  if (section.items.length < 2 || own !== section.items.length) return;
  for (let i = start; i < findings.length; i++) if (findings[i].code !== "blank-value") return;
  const cells = findings.slice(start).flatMap((f) => (f.cell ? [f.cell] : []));
  findings.splice(
    start,
    own,
    finding("section-blank", {
      sectionId: section.id,
      section: section.name,
      count: own,
      ...(cells.length ? { cell: cells[0], cells } : {}),
    }),
  );
}

/** item id → section and item of a template, built once per template object */
const templateIndex = new WeakMap<Template, { sectionOf: Map<string, Section>; itemOf: Map<string, Item> }>();

function indexOf(template: Template): { sectionOf: Map<string, Section>; itemOf: Map<string, Item> } {
  let x = templateIndex.get(template);
  if (!x) {
    const sectionOf = new Map<string, Section>();
    const itemOf = new Map<string, Item>();
    for (const s of template.sections) for (const i of s.items) (sectionOf.set(i.id, s), itemOf.set(i.id, i));
    x = { sectionOf, itemOf };
    templateIndex.set(template, x);
  }
  return x;
}

/** what a rule's check reads and where it reports */
interface RuleContext {
  values: Record<string, Val>;
  sub: Submission;
  sectionOf: Map<string, Section>;
  itemOf: Map<string, Item>;
  findings: Finding[];
}

type RuleCheck<K extends RuleKind> = (rule: RuleOf<K>, ctx: RuleContext) => void;

/** the check of each rule kind (see src/templates/rule-kinds.ts): a new kind does not compile without one */
const RULE_CHECKS = {
  partition(rule, { values, sub, sectionOf, itemOf, findings }) {
    const total = values[rule.total];
    const parts = rule.parts.map((p) => values[p]);
    const totalNa = sub.notApplicable[sectionOf.get(rule.total)!.id];
    if (totalNa || total === undefined || parts.some((p) => p === undefined)) return;
    const small = typeof total === "number" ? sumSmall(parts) : undefined;
    if (small !== undefined && small === total) return;
    const actual = sumDec((parts as Val[]).map(toDec));
    if (compareDec(actual, toDec(total)) !== 0) {
      const section = sectionOf.get(rule.total)!;
      findings.push(
        finding("partition-mismatch", {
          ...where(section, itemOf.get(rule.total)!, sub.entries[rule.total]?.cell, formatVal(total)),
          ruleId: rule.id,
          expected: formatVal(total),
          actual: formatDec(actual),
          difference: formatDec(subDec(actual, toDec(total))),
          parts: rule.parts.map((p) => itemDisplayLabel(itemOf.get(p)!)),
        }),
      );
    }
  },
  "at-most"(rule, { values, sub, sectionOf, itemOf, findings }) {
    const v = values[rule.item];
    const limit = values[rule.limit];
    if (v === undefined || limit === undefined) return;
    if (typeof v === "number" && typeof limit === "number" ? v > limit : compareDec(toDec(v), toDec(limit)) > 0) {
      const section = sectionOf.get(rule.item)!;
      findings.push(
        finding("at-most-exceeded", {
          ...where(section, itemOf.get(rule.item)!, sub.entries[rule.item]?.cell, formatVal(v)),
          ruleId: rule.id,
          limitItem: itemDisplayLabel(itemOf.get(rule.limit)!),
          limit: formatVal(limit),
          actual: formatVal(v),
        }),
      );
    }
  },
} satisfies RuleKindTable<{ [K in RuleKind]: RuleCheck<K> }>;

/** One-click validation of a sheet read against its template. */
export function validate(template: Template, sub: Submission): Report {
  const findings: Finding[] = [];
  const values: Record<string, Val> = {};
  const remarks: Record<string, string> = {};
  const { sectionOf, itemOf } = indexOf(template);

  const unitRead = sub.header.unit;
  const unit = headerText(unitRead?.raw);
  if (!unit) findings.push(finding("missing-unit", unitRead ? { cell: unitRead.cell } : {}));
  const dateRead = sub.header.date;
  const dateText = headerText(dateRead?.raw);
  const date = dateRead ? parseReportDate(dateRead.raw) : undefined;
  if (!dateText) findings.push(finding("missing-date", dateRead ? { cell: dateRead.cell } : {}));
  else if (!date) findings.push(finding("invalid-date", { cell: dateRead!.cell, value: dateText }));
  const stageRead = sub.header.stage;
  const stageText = headerText(stageRead?.raw);
  const stage = stageRead ? parseStage(stageRead.raw) : undefined;
  if (stageText && !stage) findings.push(finding("invalid-stage", { cell: stageRead!.cell, value: stageText }));

  for (const section of template.sections) {
    const na = sub.notApplicable[section.id];
    const sectionStart = findings.length;
    for (const item of section.items) {
      const e = sub.entries[item.id];
      if (!e) {
        findings.push(finding("item-missing", where(section, item, undefined)));
        continue;
      }
      if (e.remark && !(na && /^不适用$/.test(e.remark.trim()))) remarks[item.id] = e.remark;
      if (na) {
        const q = readQuantity(e.raw, item.unit);
        if (q.kind !== "blank" && !isNotApplicableMark(e.raw))
          findings.push(finding("not-applicable-has-values", where(section, item, e.cell, e.raw)));
        continue;
      }
      const v = checkEntry(section, item, e.cell, e.raw, findings, e.inLabelCell);
      if (v !== undefined) values[item.id] = v;
    }
    if (!na) collapseBlankSection(section, findings, sectionStart);
  }
  for (const d of sub.duplicates) {
    const section = sectionOf.get(d.itemId)!;
    findings.push(finding("duplicate-item", { ...where(section, itemOf.get(d.itemId)!, d.cell), otherCell: d.otherCell }));
  }

  const ctx: RuleContext = { values, sub, sectionOf, itemOf, findings };
  for (const rule of template.rules) (RULE_CHECKS[rule.kind] as RuleCheck<RuleKind>)(rule as never, ctx);

  const sections: SectionSummary[] = template.sections.map((s) => {
    const own = findings.length === 0 ? findings : findings.filter((f) => f.sectionId === s.id);
    return { sectionId: s.id, name: s.name, ...countBySeverity(own), notApplicable: !!sub.notApplicable[s.id] };
  });
  const texts: Record<string, string> = {};
  for (const k in values) texts[k] = formatVal(values[k]);
  const counts = countBySeverity(findings);
  return {
    templateId: template.id,
    valid: counts.errors === 0,
    stats: { ...counts, found: sub.found, expected: sub.expected },
    findings,
    sections,
    ...(unit ? { unit } : {}),
    ...(date ? { date: formatReportDate(date) } : {}),
    ...(stage ? { stage } : {}),
    values: texts,
    remarks,
    notApplicable: Object.keys(sub.notApplicable),
  };
}

/** findings of one section, in sheet order, for the per-department view */
export function findingsBySection(template: Template, report: Report): { section: SectionSummary; findings: Finding[] }[] {
  return report.sections.map((section) => ({ section, findings: report.findings.filter((f) => f.sectionId === section.sectionId) }));
}
