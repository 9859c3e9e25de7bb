/**
 * What the pane reads from a consolidation beyond the sums: the duplicate copies of a unit, what the
 * roll-up covers, and whether it is partial. Declared here as the core (issue 13) provides them, optional,
 * so the pane shows nothing of a part the core has not filled in.
 */
import type { Consolidation } from "../core/consolidate";

export interface DuplicateCopy {
  source: string;
  /** 填报日期 as written in the file */
  date?: string;
  /** the file's last-modified time (ms since 1970) */
  modified?: number;
}

export interface DuplicateGroup {
  unit: string;
  copies: DuplicateCopy[];
  /** same figures in every copy: counted once */
  identical: boolean;
  /** the copy chosen (采用这份 / --keep) */
  kept?: string;
  /** the items whose figures differ, with each copy's value */
  differences: { section: string; item: string; values: Record<string, string | undefined> }[];
}

export interface Coverage {
  expected: number;
  accepted: number;
  rejected: number;
  duplicate: number;
  missing: number;
}

type Extras = { duplicates?: readonly DuplicateGroup[]; coverage?: Coverage; partial?: boolean };

/** the duplicate groups; from a core that does not report them, the held-out files grouped by unit */
export function duplicatesOf(c: Consolidation): readonly DuplicateGroup[] {
  const given = (c as Consolidation & Extras).duplicates;
  if (given) return given;
  const byUnit = new Map<string, DuplicateCopy[]>();
  for (const r of c.rejected) if (r.reason === "duplicate") byUnit.set(r.unit ?? "", [...(byUnit.get(r.unit ?? "") ?? []), { source: r.source }]);
  return [...byUnit].map(([unit, copies]) => ({ unit, copies, identical: false, differences: [] }));
}

export function coverageOf(c: Consolidation): { partial: boolean; coverage?: Coverage } {
  const x = c as Consolidation & Extras;
  return { partial: !!x.partial, ...(x.coverage ? { coverage: x.coverage } : {}) };
}
