/**
 * analyzeFilesInParallel (src/cli/parallel.ts) gives exactly what the one-thread path gives, file by
 * file and in the order of the paths, whether it uses worker threads or not. Behaviour only: no timing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { consolidate, type ReceivedInput } from "../../src/core";
import { analyzeFilesInParallel } from "../../src/cli/parallel";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES, findBuiltinTemplate } from "../../src/templates";
import { generateCorpus } from "../../scripts/bench/corpus";

const ganzhou = findBuiltinTemplate("ganzhou-2022")!;
const liaoning = findBuiltinTemplate("liaoning-2019")!;

let dir: string;
let paths: string[];
let sources: string[];

function sequential(wanted?: typeof ganzhou): ReceivedInput[] {
  return paths.map((p, i) => analyzeWorkbookBytes(sources[i], fs.readFileSync(p), BUILTIN_TEMPLATES, wanted).input);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-parallel-"));
  const corpus = await generateCorpus(dir, 18, ganzhou, 7);
  // a county that sent its file twice, and two files that are no workbook at all
  const twice = path.join(dir, "county-03-again.xlsx");
  fs.copyFileSync(corpus.paths[2], twice);
  const empty = path.join(dir, "empty.xlsx");
  fs.writeFileSync(empty, "");
  const csv = path.join(dir, "numbers.xlsx");
  fs.writeFileSync(csv, "项目,数量\n查处网络违法案件,12\n");
  paths = [...corpus.paths.slice(0, 10), twice, empty, ...corpus.paths.slice(10), csv];
  sources = paths.map((p) => path.basename(p));
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("worker threads give the same inputs as one thread, in the order of the paths", async () => {
  const expected = sequential();
  const got = await analyzeFilesInParallel(paths, BUILTIN_TEMPLATES, { workers: 2, sources });
  expect(got).toEqual(expected);
  expect(got.map((i) => i.source)).toEqual(sources);
  // the corpus is valid; the two odd files are refused with a file finding
  expect(got.filter((i) => i.report?.valid).length).toBe(19);
  expect(got.find((i) => i.source === "empty.xlsx")!.findings.map((f) => f.code)).toEqual(["file-empty"]);
  expect(got.find((i) => i.source === "numbers.xlsx")!.findings.map((f) => f.code)).toEqual(["file-not-xlsx"]);
}, 60_000);

test("the same consolidation either way, the county sent twice held out", async () => {
  const inThread = await analyzeFilesInParallel(paths, BUILTIN_TEMPLATES, { workers: 0, sources });
  const inWorkers = await analyzeFilesInParallel(paths, BUILTIN_TEMPLATES, { workers: 3, prefetch: 0, sources });
  const opts = { template: ganzhou, unit: "赣州市市场监督管理局", date: "11月30日" };
  const a = consolidate({ ...opts, inputs: inThread });
  const b = consolidate({ ...opts, inputs: inWorkers });
  expect(b).toEqual(a);
  // the county's two identical copies count once
  expect(a.accepted).toHaveLength(18);
  expect(a.duplicates.map((d) => [d.copies.map((x) => x.source).sort(), d.identical])).toEqual([
    [["county-03-again.xlsx", "county-03.xlsx"], true],
  ]);
}, 60_000);

test("a wanted template reaches the workers", async () => {
  const got = await analyzeFilesInParallel(paths.slice(0, 4), BUILTIN_TEMPLATES, {
    workers: 2,
    wanted: liaoning,
    sources: sources.slice(0, 4),
  });
  expect(got.map((i) => i.findings.map((f) => f.code))).toEqual(
    sequential(liaoning)
      .slice(0, 4)
      .map((i) => i.findings.map((f) => f.code)),
  );
  expect(got.every((i) => i.findings.some((f) => f.code === "template-mismatch"))).toBe(true);
}, 60_000);

test("a path that cannot be read rejects with the fs error", async () => {
  const missing = path.join(dir, "missing.xlsx");
  await expect(analyzeFilesInParallel([paths[0], missing], BUILTIN_TEMPLATES, { workers: 2 })).rejects.toMatchObject({ code: "ENOENT" });
  await expect(analyzeFilesInParallel([paths[0], missing], BUILTIN_TEMPLATES, { workers: 0 })).rejects.toMatchObject({ code: "ENOENT" });
}, 60_000);
