/**
 * 300 seeded mutations of valid workbooks (bit flips, truncations, inserted/deleted/zeroed bytes, extreme
 * zip header fields, XML damage recompressed, bits flipped inside the recompressed sheet). None may
 * throw, hang or reach an unexpected exception inside the reader; each ends valid, invalid, not a table,
 * or unreadable with a Chinese message naming the file. Reproduce with HOSTILE_FUZZ_SEED=<seed>.
 */
import { readWorkbook } from "../../src/files/xlsx-read";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { METADATA_SHEET } from "../../src/core/metadata";
import { analyzeSheets } from "../../src/core/analyze";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou } from "../support/fixtures";
import { classify } from "./support/corpus";
import { fuzzBases } from "./support/fuzz-bases";
import { fuzzSeed, mutants, type Mutant } from "./support/fuzz";

const COUNT = 300;
const seed = fuzzSeed();

let cases: Mutant[];
beforeAll(async () => {
  cases = mutants(await fuzzBases(), seed, COUNT);
}, 30_000);

test(`${COUNT} mutants (seed ${seed}): no throw, no unexpected exception, every one classified with Chinese messages`, () => {
  const outcomes: Record<string, number> = {};
  const kinds: Record<string, number> = {};
  let slowest = { ms: 0, how: "" };
  const t0 = performance.now();
  for (const m of cases) {
    const file = `变异${m.index}（${m.base}）.xlsx`;
    const where = `seed ${seed} #${m.index} ${m.base}: ${m.how}`;
    const start = performance.now();

    // the reader on its own: a failure must be one it meant (not "unreadable (TypeError …)")
    const read = readWorkbook(m.bytes);
    if (!read.ok) {
      kinds[read.failure.kind] = (kinds[read.failure.kind] ?? 0) + 1;
      const detail = "detail" in read.failure ? (read.failure.detail ?? "") : "";
      expect({ where, detail: detail.startsWith("unreadable (") ? detail : "ok" }).toEqual({ where, detail: "ok" });
    } else {
      kinds.read = (kinds.read ?? 0) + 1;
      // the core on what was read, without the catch-all of analyzeWorkbookBytes
      const grids = read.workbook.sheets.filter((g) => g.sheetName !== METADATA_SHEET);
      expect(() => analyzeSheets(file, grids, BUILTIN_TEMPLATES, { wanted: ganzhou })).not.toThrow();
    }

    const a = analyzeWorkbookBytes(file, m.bytes, BUILTIN_TEMPLATES, ganzhou);
    const cls = classify(a.input);
    outcomes[cls] = (outcomes[cls] ?? 0) + 1;
    const findings = [...a.input.findings, ...(a.input.report?.findings ?? [])];
    if (cls !== "valid") expect({ where, errors: findings.some((f) => f.severity === "error") }).toEqual({ where, errors: true });
    for (const f of findings) {
      expect(f.file).toBe(file);
      const msg = renderMessage(f);
      expect({ where, chinese: /[\u4e00-\u9fff]/.test(msg), bad: /undefined|NaN|\[object /.test(msg) }).toEqual({
        where,
        chinese: true,
        bad: false,
      });
      if (f.cell) expect(msg).toContain(f.cell);
    }
    const ms = performance.now() - start;
    if (ms > slowest.ms) slowest = { ms, how: where };
  }
  console.log(
    `fuzz seed ${seed}: ${COUNT} mutants in ${Math.round(performance.now() - t0)} ms; outcomes ${JSON.stringify(outcomes)}; ` +
      `reader ${JSON.stringify(kinds)}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.how})`,
  );
  expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(COUNT);
  // the mutations reach every stage: some still valid, some unreadable, some read but judged
  expect(outcomes.unreadable).toBeGreaterThan(0);
  expect((outcomes.valid ?? 0) + (outcomes.invalid ?? 0) + (outcomes["not-a-table"] ?? 0)).toBeGreaterThan(0);
}, 60_000);
