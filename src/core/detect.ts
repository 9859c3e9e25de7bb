import type { Grid } from "./grid";
import { finding, type Finding } from "./findings";
import { readSubmission, SheetIndex, type Submission } from "./read";
import type { Template } from "../templates/schema";

export interface SheetMatch {
  grid: Grid;
  template: Template;
  submission: Submission;
  /** share of the template's items found in the sheet, 0…1 */
  score: number;
}

/** a sheet is taken for a statistics table when at least this share of its template's items is found */
export const MIN_SCORE = 0.5;

/** every (sheet, template) pair, best first: visible sheets before hidden ones at equal score */
export function matchSheets(grids: readonly Grid[], templates: readonly Template[]): SheetMatch[] {
  const matches: SheetMatch[] = [];
  for (const grid of grids) {
    const index = new SheetIndex(grid);
    for (const template of templates) {
      const submission = readSubmission(index, template);
      matches.push({ grid, template, submission, score: submission.found / submission.expected });
    }
  }
  // at equal score a sheet with a 填报单位 wins: the roll-up's detail sheet lists every item too, but is no submission
  const hasUnit = (m: SheetMatch) => Number(m.submission.header.unit !== undefined);
  return matches.sort(
    (a, b) => b.score - a.score || hasUnit(b) - hasUnit(a) || Number(!!a.grid.hidden) - Number(!!b.grid.hidden) || b.submission.found - a.submission.found,
  );
}

export type Detection = { ok: true; match: SheetMatch; findings: Finding[] } | { ok: false; findings: Finding[] };

/**
 * Finds the statistics table among a workbook's sheets. With `wanted`, only that template is accepted;
 * a sheet that matches another template better is reported as the wrong table.
 */
export function detectTable(grids: readonly Grid[], templates: readonly Template[], wanted?: Template): Detection {
  const all = matchSheets(grids, wanted && !templates.includes(wanted) ? [...templates, wanted] : templates);
  const candidates = wanted ? all.filter((m) => m.template === wanted) : all;
  const best = candidates[0];
  if (!best || best.score < MIN_SCORE) {
    const other = all.find((m) => m.score >= MIN_SCORE);
    if (wanted && other) {
      return { ok: false, findings: [finding("template-mismatch", { expectedTemplate: wanted.title, detectedTemplate: other.template.title, sheet: other.grid.sheetName })] };
    }
    const closest = best ?? all[0];
    return {
      ok: false,
      findings: [
        finding("not-a-statistics-table", {
          found: closest?.submission.found ?? 0,
          expected: closest?.submission.expected ?? 0,
          ...(closest ? { templateTitle: closest.template.title } : {}),
        }),
      ],
    };
  }
  const findings: Finding[] = [];
  const alike = candidates.filter(
    (m) => m.template === best.template && m.score >= MIN_SCORE && m.grid !== best.grid && m.submission.header.unit !== undefined,
  );
  if (alike.length > 0) findings.push(finding("several-tables", { sheets: [best.grid.sheetName, ...alike.map((m) => m.grid.sheetName)] }));
  return { ok: true, match: best, findings };
}
