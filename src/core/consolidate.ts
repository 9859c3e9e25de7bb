import { addDec, decToNumber, formatDec, parseDec, scanShortDecimal, ZERO, type Dec } from "./decimal";
import { familyOf, finding, type Finding } from "./findings";
import type { Stage } from "./header";
import type { SheetFill } from "./layout";
import { unitKey } from "./normalize";
import type { Report } from "./validate";
import type { Template } from "../templates/schema";

/** One received file after reading and validation. `report` is absent when no table could be read. */
export interface ReceivedInput {
  source: string;
  report?: Report;
  /** file-level findings (unreadable, not a table, several tables, macros …) */
  findings: Finding[];
  /** the file's modification time, set by front ends (shown beside duplicate copies) */
  modified?: string;
}

export interface ConsolidateOptions {
  template: Template;
  inputs: readonly ReceivedInput[];
  /** 填报单位 of the roll-up, e.g. 赣州市市场监督管理局 */
  unit: string;
  /** 填报日期 of the roll-up, e.g. 11月26日 */
  date: string;
  stage?: Stage;
  /** the units expected to report; missing ones are listed as 未报送 */
  roster?: readonly string[];
  /** sources chosen among differing copies of one unit: exactly that copy is added up */
  keep?: readonly string[];
}

/** one item on which copies of the same unit differ; values by source, undefined where a copy left it out */
export interface DuplicateDifference {
  sectionId: string;
  itemId: string;
  section: string;
  item: string;
  values: Record<string, string | undefined>;
}

/** a unit that sent more than one readable copy */
export interface DuplicateGroup {
  unit: string;
  copies: { source: string; date?: string; modified?: string }[];
  /** same figures, remarks and 不适用 sections: counted once */
  identical: boolean;
  /** the copy added up: the first identical one, or the one chosen with `keep`; absent while held out */
  kept?: string;
  differences: DuplicateDifference[];
}

export interface Coverage {
  /** roster size, or (without a roster) the units and files seen */
  expected: number;
  accepted: number;
  /** files rejected for a reason other than duplication */
  rejected: number;
  /** units held out because their copies differ and none was chosen */
  duplicate: number;
  missing: number;
}

export interface Contribution {
  source: string;
  unit: string;
  values: Record<string, string>;
  remarks: Record<string, string>;
  notApplicable: string[];
  warnings: Finding[];
}

export type RejectionReason = "unreadable" | "not-a-table" | "invalid" | "duplicate";

export interface Rejection {
  source: string;
  unit?: string;
  reason: RejectionReason;
  findings: Finding[];
}

export interface Consolidation {
  templateId: string;
  accepted: Contribution[];
  rejected: Rejection[];
  /** roster units nobody reported for */
  missing: string[];
  /** totals per item id (exact decimal text), for items at least one accepted unit reported */
  totals: Record<string, string>;
  /** remarks per item id, each prefixed with its unit: "章贡区：……；南康区：……" */
  remarks: Record<string, string>;
  /** sections every accepted unit marked 不适用 */
  notApplicable: string[];
  /** the roll-up, ready for the layout: itself a valid submission of the same template */
  rollup: SheetFill;
  /** findings about the batch itself (未报送, not in roster) */
  findings: Finding[];
  duplicates: DuplicateGroup[];
  coverage: Coverage;
  /** some unit is missing, rejected or held out: the roll-up must not go upward looking complete */
  partial: boolean;
}

function rejectionReason(findings: readonly Finding[]): RejectionReason | undefined {
  const fileErrors = findings.filter((f) => f.severity === "error" && familyOf(f) === "file");
  if (fileErrors.length === 0) return undefined;
  return fileErrors.some((f) => f.code === "not-a-statistics-table" || f.code === "template-mismatch") ? "not-a-table" : "unreadable";
}

function rosterMatch(unit: string, roster: readonly string[]): string | undefined {
  const k = unitKey(unit);
  const exact = roster.find((r) => unitKey(r) === k);
  if (exact) return exact;
  // 章贡区市场监督管理局 reports for roster entry 章贡区: the longest roster name contained wins
  return roster.filter((r) => unitKey(r) && k.includes(unitKey(r))).sort((a, b) => unitKey(b).length - unitKey(a).length)[0];
}

/**
 * Adds up the accepted submissions exactly. Rejected files never contribute; units reported twice are
 * all held out; the result does not depend on the order of the inputs.
 */
export function consolidate(opts: ConsolidateOptions): Consolidation {
  const { template } = opts;
  const roster = (opts.roster ?? []).map((r) => r.trim()).filter(Boolean);
  const rejected: Rejection[] = [];
  const readable: (ReceivedInput & { report: Report })[] = [];

  for (const input of opts.inputs) {
    const reason = rejectionReason(input.findings);
    if (reason || !input.report) {
      rejected.push({ source: input.source, reason: reason ?? "unreadable", findings: [...input.findings] });
      continue;
    }
    readable.push(input as ReceivedInput & { report: Report });
  }

  const byUnit = new Map<string, (ReceivedInput & { report: Report })[]>();
  for (const input of readable) {
    const key = input.report.unit ? unitKey(input.report.unit) : `\u0000${input.source}`;
    byUnit.set(key, [...(byUnit.get(key) ?? []), input]);
  }

  const accepted: Contribution[] = [];
  const duplicates: DuplicateGroup[] = [];
  const keep = new Set(opts.keep ?? []);
  const accept = (input: ReceivedInput & { report: Report }, note?: Finding) => {
    const r = input.report;
    if (!r.valid || r.templateId !== template.id) {
      rejected.push({
        source: input.source,
        ...(r.unit ? { unit: r.unit } : {}),
        reason: "invalid",
        findings: [...input.findings, ...r.findings],
      });
      return;
    }
    accepted.push({
      source: input.source,
      unit: r.unit!,
      values: { ...r.values },
      remarks: { ...r.remarks },
      notApplicable: [...r.notApplicable],
      warnings: [...(note ? [note] : []), ...input.findings, ...r.findings.filter((f) => f.severity === "warning")],
    });
  };
  for (const unsorted of byUnit.values()) {
    if (unsorted.length === 1) {
      accept(unsorted[0]);
      continue;
    }
    const group = [...unsorted].sort((a, b) => cmp(a.source, b.source));
    const unit = group[0].report.unit!;
    const differences = differencesOf(template, group);
    const identical = differences.length === 0 && group.every((g) => sameFill(g.report, group[0].report));
    const chosen = identical ? group[0] : group.find((g) => keep.has(g.source));
    duplicates.push({
      unit,
      copies: group.map((g) => ({
        source: g.source,
        ...(g.report.date ? { date: g.report.date } : {}),
        ...(g.modified ? { modified: g.modified } : {}),
      })),
      identical,
      ...(chosen ? { kept: chosen.source } : {}),
      differences,
    });
    for (const input of group) {
      const others = group.filter((g) => g !== input).map((g) => g.source);
      if (input === chosen) {
        accept(input, finding(identical ? "duplicate-identical" : "duplicate-chosen", { unit, otherFiles: others, file: input.source }));
        continue;
      }
      if (identical) continue; // the same figures: counted once, through the first copy
      rejected.push({
        source: input.source,
        unit: input.report.unit,
        reason: "duplicate",
        findings: [
          chosen
            ? finding("duplicate-not-chosen", { unit, chosenFile: chosen.source, file: input.source })
            : finding("duplicate-unit", { unit, otherFiles: others, file: input.source }),
          ...input.findings,
          ...input.report.findings,
        ],
      });
    }
  }

  // sort keys of each unit name, computed once (a comparator runs n log n times)
  const orderKeys = new Map<string, { index: number; key: string }>();
  const orderKey = (unit: string) => {
    let k = orderKeys.get(unit);
    if (!k) {
      const m = rosterMatch(unit, roster);
      k = { index: m === undefined ? roster.length : roster.indexOf(m), key: unitKey(unit) };
      orderKeys.set(unit, k);
    }
    return k;
  };
  const byOrder = (a: { unit?: string; source: string }, b: { unit?: string; source: string }) => {
    const ka = orderKey(a.unit ?? "");
    const kb = orderKey(b.unit ?? "");
    return ka.index - kb.index || cmp(ka.key, kb.key) || cmp(a.source, b.source);
  };
  accepted.sort(byOrder);
  rejected.sort(byOrder);

  const findings: Finding[] = [];
  const claimed = new Set<string>();
  for (const input of readable) {
    const m = input.report.unit ? rosterMatch(input.report.unit, roster) : undefined;
    if (m) claimed.add(m);
  }
  const missing = roster.filter((r) => !claimed.has(r));
  for (const unit of missing) findings.push(finding("missing-from-roster", { unit }));
  if (roster.length > 0) {
    for (const a of accepted) if (!rosterMatch(a.unit, roster)) findings.push(finding("not-in-roster", { unit: a.unit, file: a.source }));
  }

  const sums: Record<string, Dec> = {};
  const remarkLists: Record<string, string[]> = {};
  // Exact sums. The usual value ("12", "3.25") is added as a JS number of 10^-4 units, exact while the sum
  // stays a safe integer (it is moved into the Dec before it could leave that range); the rest as Dec.
  const small: Record<string, number> = {};
  for (const a of accepted) {
    for (const itemId in a.values) {
      const text = a.values[itemId];
      sums[itemId] ??= ZERO;
      const u = smallUnits(text);
      if (u === undefined) {
        sums[itemId] = addDec(sums[itemId], parseDec(text)!);
        continue;
      }
      const s = small[itemId] ?? 0;
      if (Math.abs(s) + Math.abs(u) > Number.MAX_SAFE_INTEGER) {
        sums[itemId] = addDec(sums[itemId], { int: BigInt(s), scale: SMALL_SCALE });
        small[itemId] = u;
      } else small[itemId] = s + u;
    }
    for (const [itemId, remark] of Object.entries(a.remarks)) (remarkLists[itemId] ??= []).push(`${a.unit}：${remark.trim()}`);
  }
  for (const itemId in small) sums[itemId] = addDec(sums[itemId], { int: BigInt(small[itemId]), scale: SMALL_SCALE });
  const notApplicable = accepted.length
    ? template.sections.filter((s) => accepted.every((a) => a.notApplicable.includes(s.id))).map((s) => s.id)
    : [];
  const totals: Record<string, string> = {};
  for (const s of template.sections) {
    if (notApplicable.includes(s.id) || accepted.length === 0) continue;
    for (const i of s.items) {
      sums[i.id] ??= ZERO;
      totals[i.id] = formatDec(sums[i.id]);
    }
  }
  const remarks = Object.fromEntries(Object.entries(remarkLists).map(([k, v]) => [k, v.join("；")]));

  const heldOutUnits = new Set(duplicates.filter((d) => d.kept === undefined).map((d) => unitKey(d.unit)));
  const coverage: Coverage = {
    expected: 0,
    accepted: accepted.length,
    rejected: rejected.filter((r) => r.reason !== "duplicate").length,
    duplicate: heldOutUnits.size,
    missing: missing.length,
  };
  coverage.expected = roster.length || coverage.accepted + coverage.rejected + coverage.duplicate;

  return {
    templateId: template.id,
    accepted,
    rejected,
    missing,
    totals,
    remarks,
    notApplicable,
    rollup: {
      header: { unit: opts.unit, date: opts.date, ...(opts.stage ? { stage: opts.stage } : {}) },
      values: Object.fromEntries(
        Object.entries(sums)
          .filter(([k]) => k in totals)
          .map(([k, v]) => [k, decToNumber(v)]),
      ),
      remarks,
      notApplicable,
    },
    findings,
    duplicates,
    coverage,
    partial: coverage.rejected + coverage.duplicate + coverage.missing > 0,
  };
}

/** the items on which the copies of one unit differ, in template order */
function differencesOf(template: Template, group: readonly (ReceivedInput & { report: Report })[]): DuplicateDifference[] {
  const out: DuplicateDifference[] = [];
  for (const s of template.sections) {
    for (const i of s.items) {
      const values = Object.fromEntries(group.map((g) => [g.source, g.report.values[i.id]]));
      // report values are canonical decimal texts ("12", "3.25"), so equal figures are equal strings
      if (new Set(Object.values(values)).size > 1) out.push({ sectionId: s.id, itemId: i.id, section: s.name, item: i.label, values });
    }
  }
  return out;
}

function sameFill(a: Report, b: Report): boolean {
  const remarks = (r: Report) =>
    JSON.stringify(
      Object.entries(r.remarks)
        .map(([k, v]) => [k, v.trim()])
        .sort(),
    );
  return remarks(a) === remarks(b) && [...a.notApplicable].sort().join() === [...b.notApplicable].sort().join() && a.valid === b.valid;
}

/** the scale of smallUnits: 10^-4, the most decimals a value may have */
const SMALL_SCALE = 4;
const UNITS_PER = [10000, 1000, 100, 10, 1];

/**
 * A canonical value text ("12", "-3.25": at most 15 digits, at most 4 decimals) as a whole number of
 * 10^-4 units, when that is a safe integer; undefined for any other text (added as a Dec instead).
 */
function smallUnits(text: string): number | undefined {
  const scanned = scanShortDecimal(text);
  if (!scanned || scanned.decimals > SMALL_SCALE) return undefined;
  const u = scanned.digits * UNITS_PER[scanned.decimals];
  if (!Number.isSafeInteger(u)) return undefined;
  return scanned.negative ? -u : u;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
