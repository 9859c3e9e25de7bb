/**
 * The hostile corpus through the command line: every case answered with its exit status and a Chinese
 * message naming the file (and cell), never a stack trace; one consolidate over the whole corpus accepts
 * exactly the valid files and rejects the others with reasons; received files are never written to; the
 * roll-up keeps received text as text. Most runs go through main() in process (fast); the installed entry
 * point (bin/campaign-stats.js) is spawned for the whole corpus and for fuzz mutants.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/cli";
import { bufferIo } from "../../src/cli/io";
import type { ValidateJson } from "../../src/cli/commands/validate";
import type { ConsolidateJson } from "../../src/cli/commands/consolidate";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou } from "../support/fixtures";
import { buildCorpus, classify, tableGrid, type Case } from "./support/corpus";
import { gridsToXlsx } from "./support/sheet-xml";
import { jsonText, terminalText } from "../../src/cli/terminal";
import { fuzzBases } from "./support/fuzz-bases";
import { fuzzSeed, mutants } from "./support/fuzz";
import { writtenCells, SAFE_FORMULA } from "./support/output-check";

jest.setTimeout(90_000);

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin/campaign-stats.js");
const STACK = /^\s+at .+[:(]\d+/m;
const CJK = /[\u4e00-\u9fff]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let dir: string;
let received: string;
let corpus: Case[];
let fingerprints: Map<string, { sha: string; mtimeMs: number; size: number }>;
let fuzzFiles: string[];

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const fileOf = (c: Case) => join(received, c.file);

function fingerprint(): Map<string, { sha: string; mtimeMs: number; size: number }> {
  const out = new Map<string, { sha: string; mtimeMs: number; size: number }>();
  for (const name of readdirSync(received).sort()) {
    const p = join(received, name);
    const st = statSync(p);
    out.set(name, { sha: sha(readFileSync(p)), mtimeMs: st.mtimeMs, size: st.size });
  }
  return out;
}

async function run(...argv: string[]) {
  const io = bufferIo();
  const status = await main(argv, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

function spawnBin(args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 80_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Math.round(performance.now() - t0), signal: r.signal };
}

/** nothing a user should not see: no stack trace, no JS error name */
function expectClean(text: string): void {
  expect(text).not.toMatch(STACK);
  expect(text).not.toMatch(/\b(Type|Range|Syntax|Reference)?Error:/);
  expect(text).not.toMatch(/程序内部错误/);
}

const timings: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cs-hostile-"));
  received = join(dir, "received");
  mkdirSync(received);
  mkdirSync(join(dir, "out"));
  corpus = await buildCorpus({ noiseRows: 20_000 }); // 100 001 rows are timed in corpus.test.ts
  for (const c of corpus) writeFileSync(fileOf(c), c.bytes);
  // ten fuzz mutants that no longer pass, for the spawned command line
  const fuzzDir = join(dir, "fuzz");
  mkdirSync(fuzzDir);
  const seed = fuzzSeed() + 1;
  fuzzFiles = [];
  for (const m of mutants(await fuzzBases(), seed, 200)) {
    if (fuzzFiles.length === 10) break;
    const name = `变异${m.index}.xlsx`;
    if (classify(analyzeWorkbookBytes(name, m.bytes, BUILTIN_TEMPLATES, ganzhou).input) === "valid") continue;
    writeFileSync(join(fuzzDir, name), m.bytes);
    fuzzFiles.push(name);
  }
  fingerprints = fingerprint();
}, 60_000);

afterAll(() => {
  if (timings.length) console.log("hostile corpus through the command line:\n" + timings.join("\n"));
  rmSync(dir, { recursive: true, force: true });
});

describe("validate, one file at a time (in process)", () => {
  test("every case: exit status, the file named, Chinese messages with their cells, no stack trace", async () => {
    for (const c of corpus) {
      const r = await run("validate", fileOf(c), "--template", "ganzhou-2022");
      const out = r.stdout + r.stderr;
      const want = c.expect.classification === "valid" ? 0 : 1;
      expect({ file: c.file, status: r.status }).toEqual({ file: c.file, status: want });
      expect(out).toContain(c.file);
      expect(out).toMatch(CJK);
      expectClean(out);
      for (const [, cell] of c.expect.cells ?? [])
        expect({ file: c.file, cell, shown: out.includes(`（${cell}）`) }).toEqual({ file: c.file, cell, shown: true });
    }
  });

  test("--json: one entry per file, valid as expected, every issue with a Chinese message", async () => {
    const r = await run("validate", ...corpus.map(fileOf), "--template", "ganzhou-2022", "--json");
    expect(r.status).toBe(1);
    expectClean(r.stderr);
    const json = JSON.parse(r.stdout) as ValidateJson;
    expect(json.files.map((f) => f.file)).toEqual(corpus.map(fileOf));
    json.files.forEach((f, i) => {
      const c = corpus[i];
      expect({ file: c.file, valid: f.valid }).toEqual({ file: c.file, valid: c.expect.classification === "valid" });
      if (!f.valid) expect(f.issues.some((x) => x.severity === "error")).toBe(true);
      for (const issue of f.issues) expect(issue.message).toMatch(CJK);
      for (const [code, cell] of c.expect.cells ?? []) expect(f.issues.some((x) => x.code === code && x.cell === cell)).toBe(true);
    });
  });

  test("without --template the other campaign's table passes (it is a valid 辽宁 2019 table)", async () => {
    const c = corpus.find((x) => x.id === "wrong-campaign")!;
    const r = await run("validate", fileOf(c));
    expect(r.status).toBe(0);
  });
});

describe("the installed command on the whole corpus (spawned)", () => {
  test("validate received/*: exit 1, every file named with ✓ or ✗, never a stack trace", () => {
    const r = spawnBin(["validate", "received/*", "--template", "ganzhou-2022"]);
    timings.push(`  validate received/* (${corpus.length} files): ${r.ms} ms, exit ${r.status}`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expectClean(r.stdout + r.stderr);
    for (const c of corpus) {
      const mark = c.expect.classification === "valid" ? "✓" : "✗";
      expect({ file: c.file, line: r.stdout.includes(`${mark} ${join("received", c.file)}：`) }).toEqual({ file: c.file, line: true });
    }
    expect(r.stdout).toContain(`共检查 ${corpus.length} 个文件`);
  });

  test("consolidate received/*: the valid files are accepted, every other rejected with its reason; the roll-up is written", () => {
    const r = spawnBin([
      "consolidate",
      "received/*",
      "--template",
      "ganzhou-2022",
      "--unit",
      "赣州市市场监督管理局",
      "--date",
      "11月26日",
      "--stage",
      "全面",
      "-o",
      "out/汇总.xlsx",
    ]);
    timings.push(`  consolidate received/* (${corpus.length} files): ${r.ms} ms, exit ${r.status}`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    const out = r.stdout + r.stderr;
    expectClean(out);
    for (const c of corpus) expect({ file: c.file, named: out.includes(c.file) }).toEqual({ file: c.file, named: true });
    expect(statSync(join(dir, "out/汇总.xlsx")).size).toBeGreaterThan(0);
  });

  test("consolidate --json: accepted and rejected exactly as the corpus says, each rejection with Chinese reasons", async () => {
    const r = await run(
      "consolidate",
      ...corpus.map(fileOf),
      "--template",
      "ganzhou-2022",
      "--unit",
      "赣州市市场监督管理局",
      "--date",
      "11月26日",
      "-o",
      join(dir, "out/汇总-json.xlsx"),
      "--json",
    );
    expect(r.status).toBe(1);
    expectClean(r.stderr);
    const json = JSON.parse(r.stdout) as ConsolidateJson;
    const accepted = corpus.filter((c) => c.expect.classification === "valid" && !c.id.startsWith("duplicate")).map(fileOf);
    expect(json.accepted.map((a) => a.file).sort()).toEqual(accepted.sort());
    const rejected = corpus.filter((c) => !accepted.includes(fileOf(c)));
    expect(json.rejected.map((x) => x.file).sort()).toEqual(rejected.map(fileOf).sort());
    for (const x of json.rejected) {
      expect(x.issues.some((i) => i.severity === "error")).toBe(true);
      for (const i of x.issues) expect(i.message).toMatch(CJK);
    }
    // the unit whose remark was too long for 汇总表 says so; the others carry no warnings entry
    const long = corpus.find((c) => c.id === "long-text")!;
    for (const a of json.accepted) {
      if (a.file === fileOf(long)) expect(a.warnings?.map((w) => w.code)).toEqual(["remark-truncated", "remark-truncated"]);
      else expect(a.warnings).toBeUndefined();
    }
    const dup = json.rejected.filter((x) => x.issues.some((i) => i.code === "duplicate-unit")).map((x) => x.file);
    expect(dup.sort()).toEqual(
      corpus
        .filter((c) => c.id.startsWith("duplicate"))
        .map(fileOf)
        .sort(),
    );
  });

  test("the roll-up written by the command line: no formula holds received text; received text is in string cells", () => {
    const cells = writtenCells(new Uint8Array(readFileSync(join(dir, "out/汇总.xlsx"))));
    for (const cell of cells)
      if (cell.f !== undefined)
        expect({ ref: `${cell.part}!${cell.ref}`, f: cell.f, safe: SAFE_FORMULA.test(cell.f) }).toEqual({
          ref: `${cell.part}!${cell.ref}`,
          f: cell.f,
          safe: true,
        });
    // eslint-disable-next-line no-control-regex
    const strip = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, "");
    for (const h of corpus.flatMap((c) => c.hostileText ?? [])) {
      const key = strip(h.trim()).slice(0, 60);
      const holders = cells.filter((c) => strip(c.text).includes(key));
      expect({ text: key.slice(0, 30), written: holders.length > 0 }).toEqual({ text: key.slice(0, 30), written: true });
      for (const c of holders)
        expect({ ref: `${c.part}!${c.ref}`, t: c.t, f: c.f }).toEqual({
          ref: `${c.part}!${c.ref}`,
          t: expect.stringMatching(/^(s|inlineStr)$/),
          f: undefined,
        });
    }
  });

  test("fuzz mutants through the command line: exit 1, each named, no stack trace", () => {
    expect(fuzzFiles).toHaveLength(10);
    const r = spawnBin(["validate", "fuzz/*", "--template", "ganzhou-2022"]);
    timings.push(`  validate fuzz/* (10 mutants, seed ${fuzzSeed() + 1}): ${r.ms} ms, exit ${r.status}`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expectClean(r.stdout + r.stderr);
    for (const f of fuzzFiles) expect(r.stdout).toContain(`✗ ${join("fuzz", f)}：`);
  });

  test("an output named like a received file, or a link to one, never writes through to it", async () => {
    const c = corpus.find((x) => x.id === "valid-exceljs")!;
    const same = await run("consolidate", fileOf(c), "--template", "ganzhou-2022", "--unit", "赣州市", "-o", fileOf(c), "--force");
    expect(same.status).toBe(2);
    expect(same.stderr).toMatch(/只读不改/);
    const link = join(dir, "out", "link.xlsx");
    symlinkSync(fileOf(c), link);
    const viaLink = await run("consolidate", fileOf(c), "--template", "ganzhou-2022", "--unit", "赣州市", "-o", link, "--force");
    expectClean(viaLink.stdout + viaLink.stderr);
    // either refused, or the link itself replaced by the roll-up: the received file is checked below ("afterwards")
    if (viaLink.status !== 2) expect(lstatSync(link).isSymbolicLink()).toBe(false);
  });

  test("no terminal control characters from received files reach the terminal; they are shown visibly", async () => {
    const c = corpus.find((x) => x.id === "control-chars")!;
    const r = await run("validate", fileOf(c), "--template", "ganzhou-2022");
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    expect(r.stdout).toContain("会昌县\u241b[2J\u241b]52;c;ZXZpbA==\u2407"); // ␛[2J␛]52;c;…␇
    const all = await run(
      "consolidate",
      ...corpus.map(fileOf),
      "--template",
      "ganzhou-2022",
      "--unit",
      "赣州市市场监督管理局",
      "--date",
      "11月26日",
      "-o",
      join(dir, "out/汇总-esc.xlsx"),
    );
    expect(all.stdout + all.stderr).not.toMatch(CONTROL);
    expect(all.stdout).toContain("会昌县\u241b[2J");
    // the 100k-character remark: shortened in 汇总表, and the command line says so
    expect(all.stdout).toMatch(/“信丰县”.+的备注共 \d+ 字，超过 Excel 单元格上限（32767 字），汇总表 D\d+ 中只保留了开头部分/);
  });

  test("a received file name, sheet name or value with controls, line breaks or bidi overrides prints as one visible line", async () => {
    const nasty = "\u001b[2J\r✓ 伪造.xlsx：通过\u202e\u009b";
    const file = join(dir, "out", "坏\u001b]0;标题\u0007名.xlsx");
    writeFileSync(file, corpus.find((x) => x.id === "wrong-values")!.bytes);
    const valueFile = join(dir, "out", "值.xlsx");
    writeFileSync(valueFile, gridsToXlsx([{ grid: tableGrid(ganzhou, "寻乌县\u202e", { values: { police_info: `若干${nasty}` } }) }]));
    const r = await run("validate", file, valueFile, join(dir, "out", "不存在\u001b[31m.xlsx"), "--template", "ganzhou-2022");
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    expect(r.stdout + r.stderr).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(r.stdout).toContain("坏\u241b]0;标题\u2407名.xlsx");
    expectClean(r.stdout + r.stderr);
    // a value typed into a cell: the message quotes it on one line, no line of its own starts with ✓
    expect(r.stdout).toMatch(/不是数字/);
    expect(r.stdout).not.toMatch(/^✓ 伪造/m);
    expect(r.stdout).toContain("寻乌县\ufffd");
    expect(terminalText(nasty)).toBe("\u241b[2J\u240d✓ 伪造.xlsx：通过\ufffd\ufffd");
    rmSync(file);
    rmSync(valueFile);
  });

  test("--json stays valid and exact: controls escaped as \\uXXXX, C1 and bidi controls too", async () => {
    const c = corpus.find((x) => x.id === "control-chars")!;
    const r = await run("validate", fileOf(c), "--template", "ganzhou-2022", "--json");
    expect(r.stdout).not.toMatch(CONTROL);
    const json = JSON.parse(r.stdout) as ValidateJson;
    expect(json.files[0].unit).toBe("会昌县\u001b[2J\u001b]52;c;ZXZpbA==\u0007");
    const value = { s: "a\u009bb\u202ec\u2028d\u007fe\u001bf中文“引号”" };
    const text = jsonText(value);
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toMatch(/[\u202a-\u202e\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("afterwards", () => {
  test("the received files were never written to: same bytes, same modification time, nothing added", () => {
    expect(fingerprint()).toEqual(fingerprints);
  });
});
