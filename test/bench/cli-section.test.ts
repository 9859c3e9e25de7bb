/**
 * The bench's "cli" section (scripts/bench/cli.ts): the installed command over a corpus, in a child
 * process, with its peak RSS read at exit. Behaviour only: that it runs the real command and reports what
 * it measured; no figure is asserted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { benchCli } from "../../scripts/bench/cli";
import { generateCorpus } from "../../scripts/bench/corpus";
import { findBuiltinTemplate } from "../../src/templates";

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-bench-cli-"));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("consolidates every file of the corpus with the installed command and reports time and peak RSS", async () => {
  const corpus = await generateCorpus(path.join(dir, "files"), 5, findBuiltinTemplate("ganzhou-2022")!, 11);
  const log: string[] = [];
  const r = await benchCli(corpus.dir, path.join(dir, "cli"), 1, (s) => log.push(s));
  expect(r.files).toBe(5);
  expect(r.runs).toHaveLength(1);
  expect(r.runs[0].exitCode).toBe(0);
  expect(r.accepted).toBe(5);
  expect(r.outputBytes).toBeGreaterThan(0);
  expect(r.peakRss).toBeGreaterThan(0);
  expect(r.bestMs).toBeGreaterThan(0);
  expect(log.join("\n")).toContain("consolidate 5 files");
  expect(fs.existsSync(path.join(dir, "cli", "汇总.xlsx"))).toBe(true);
}, 60_000);
