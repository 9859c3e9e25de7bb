import type { Grid } from "./grid";
import { finding, type Finding } from "./findings";
import { expectedItems, maxFound, readSubmission, SheetIndex, type Submission } from "./read";
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
  return rankSheets(grids, templates, false);
}

function matchOf(grid: Grid, index: SheetIndex, template: Template): SheetMatch {
  const submission = readSubmission(index, template);
  return { grid, template, submission, score: submission.found / submission.expected };
}

/**
 * matchSheets; with `firstMayWin`, a pair that cannot come first is left out: once the first template
 * reads some sheet completely (score 1, with a 填报单位), another template is read on a sheet only if it
 * could score 1 there too (maxFound: an upper bound on the items it could find). A workbook we wrote
 * names its template, which the caller puts first, so the other templates are rarely read at all.
 * The pairs left out all score below 1: they come after that complete match in the order, whatever
 * else is in the list, so the best match and everything detectTable concludes from it are unchanged.
 */
function rankSheets(grids: readonly Grid[], templates: readonly Template[], firstMayWin: boolean): SheetMatch[] {
  const indexes = grids.map((g) => new SheetIndex(g));
  // by sheet, then by template: the order matchSheets has always listed them in (the sort is stable)
  const bySheet: SheetMatch[][] = grids.map((grid, i) => (templates.length > 0 ? [matchOf(grid, indexes[i], templates[0])] : []));
  const firstWins = firstMayWin && bySheet.some((m) => m.length > 0 && m[0].score === 1 && hasUnit(m[0]) === 1);
  let skipped = false;
  for (let t = 1; t < templates.length; t++) {
    const template = templates[t];
    for (let i = 0; i < grids.length; i++) {
      if (firstWins && maxFound(indexes[i], template) < expectedItems(template)) {
        skipped = true;
        continue;
      }
      bySheet[i].push(matchOf(grids[i], indexes[i], template));
    }
  }
  // at equal score a sheet with a 填报单位 wins: the roll-up's detail sheet lists every item too, but is no submission
  const matches = bySheet
    .flat()
    .sort(
      (a, b) =>
        b.score - a.score ||
        hasUnit(b) - hasUnit(a) ||
        Number(!!a.grid.hidden) - Number(!!b.grid.hidden) ||
        b.submission.found - a.submission.found,
    );
  // another template came first after all: its pairs left out may matter (several-tables), so list them all
  if (skipped && matches[0].template !== templates[0]) return rankSheets(grids, templates, false);
  return matches;
}

const UNIT_SUFFIX = /[（(][^（）()]{1,4}[）)]\s*$/;

/**
 * A sheet shaped like a campaign statistics table even though no template matches it: a 数量 heading and
 * at least three labels ending in a unit, as in “查处案件（件）”.
 */
export function looksLikeStatisticsTable(grid: Grid): boolean {
  let quantity = false;
  let units = 0;
  for (const row of grid.rows) {
    for (const v of row ?? []) {
      if (typeof v !== "string") continue;
      const t = v.replace(/\s+/g, "");
      if (t === "数量" || t === "数值") quantity = true;
      else if (UNIT_SUFFIX.test(t)) units++;
    }
    if (quantity && units >= 3) return true;
  }
  return false;
}

function hasUnit(m: SheetMatch): number {
  return Number(m.submission.header.unit !== undefined);
}

export type Detection = { ok: true; match: SheetMatch; findings: Finding[] } | { ok: false; findings: Finding[] };

/**
 * Finds the statistics table among a workbook's sheets. With `wanted`, only that template is accepted;
 * a sheet that matches another template better is reported as the wrong table.
 */
export function detectTable(grids: readonly Grid[], templates: readonly Template[], wanted?: Template): Detection {
  const all = rankSheets(grids, wanted && !templates.includes(wanted) ? [...templates, wanted] : templates, wanted === undefined);
  const candidates = wanted ? all.filter((m) => m.template === wanted) : all;
  const best = candidates[0];
  if (!best || best.score < MIN_SCORE) {
    const other = all.find((m) => m.score >= MIN_SCORE);
    if (wanted && other) {
      return {
        ok: false,
        findings: [
          finding("template-mismatch", {
            expectedTemplate: wanted.title,
            detectedTemplate: other.template.title,
            sheet: other.grid.sheetName,
          }),
        ],
      };
    }
    const closest = best ?? all[0];
    return {
      ok: false,
      findings: [
        finding("not-a-statistics-table", {
          found: closest?.submission.found ?? 0,
          expected: closest?.submission.expected ?? 0,
          ...(closest ? { templateTitle: closest.template.title } : {}),
          ...(grids.some(looksLikeStatisticsTable) ? { looksLikeTable: true } : {}),
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
