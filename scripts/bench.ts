/**
 * npm run bench [-- --files N] [--json] [--rounds R] [--sample S] [--loads L] [--workers W] [--cli-runs K] [--skip a,b] [--keep]
 *
 * Performance figures and budgets of campaign-stats, measured in one run on the same generated files
 * (the ganzhou-2022 table filled with random valid values, one per county). Not part of `npm test`: the
 * figures are ratios and sizes of one run on a noisy machine, never timed assertions.
 *
 *   corpus    N county workbooks: one written by ExcelJS (writeTemplateWorkbook), the rest derived from it
 *   reading   ms/file: fflate floor · readWorkbook · our pipeline · ExcelJS load · SheetJS read (interleaved rounds, medians)
 *   stream    all N files in a child process (compiled JS): one thread, then worker threads, alternating,
 *             twice each; best time, peak RSS (VmHWM: the whole process, worker threads included)
 *   cli       the installed command, `campaign-stats consolidate <files>/*.xlsx … -o 汇总.xlsx`, over all N
 *             files in a fresh child process (through tsx, as after npm ci), twice: wall time, peak RSS
 *   office    Office.js round trips (context.sync calls) per operation, with office-addin-mock
 *   bundle    task pane production build (in a child process): gzipped initial vs lazy chunks, reading
 *             path, ExcelJS placement; and the bench page build (scripts/bench-page)
 *   browser   headless Chromium: first render of taskpane.html; the pipeline in the page vs in Node
 *
 * Exits 1 when a budget is missed, 2 when a section failed to run; a section whose subject is not built
 * yet reports "not available" and does not fail the run. Progress goes to stderr; --json prints one JSON
 * document on stdout (`npm run -s bench -- --json`: -s keeps npm's own banner off stdout).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findBuiltinTemplate } from "../src/templates";
import { benchBrowser, type BrowserResult } from "./bench/browser";
import { benchBundleInChild, type BundleResult } from "./bench/bundle";
import { benchCli, type CliResult } from "./bench/cli";
import { generateCorpus, type Corpus } from "./bench/corpus";
import { benchOffice, type OfficeResult } from "./bench/office";
import { analyzeOne, BENCH_TEMPLATE_ID } from "./bench/pipeline";
import { benchReading, type ReadingResult } from "./bench/reading";
import { benchStream, compileForNode, type StreamMode, type StreamResult } from "./bench/stream";
import { errorText, NotAvailable, round } from "./bench/util";

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  files: number;
  json: boolean;
  rounds: number;
  sample: number;
  loads: number;
  workers: number;
  streamRuns: number;
  cliRuns: number;
  skip: Set<string>;
  keep: boolean;
}

const SECTIONS = ["reading", "stream", "cli", "office", "bundle", "browser"] as const;
type SectionName = (typeof SECTIONS)[number];

function usage(message?: string): never {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    "usage: npm run bench -- [--files N (200)] [--json] [--rounds R (5)] [--sample S (200)] [--loads L (5)] [--workers W (cores)] [--stream-runs K (2)] [--cli-runs K (2)] [--skip " +
      SECTIONS.join(",") +
      "] [--keep]\n",
  );
  process.exit(message ? 2 : 0);
}

function parseArgs(argv: string[]): Options {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const o: Options = {
    files: 200,
    json: false,
    rounds: 5,
    sample: 200,
    loads: 5,
    workers: Math.max(2, Math.min(cores, 8)),
    streamRuns: 2,
    cliRuns: 2,
    skip: new Set(),
    keep: false,
  };
  const int = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`${name} needs a whole number ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--files":
        o.files = int(flag, value(), 1);
        break;
      case "--rounds":
        o.rounds = int(flag, value(), 1);
        break;
      case "--sample":
        o.sample = int(flag, value(), 1);
        break;
      case "--loads":
        o.loads = int(flag, value(), 1);
        break;
      case "--workers":
        o.workers = int(flag, value(), 1);
        break;
      case "--stream-runs":
        o.streamRuns = int(flag, value(), 1);
        break;
      case "--cli-runs":
        o.cliRuns = int(flag, value(), 1);
        break;
      case "--skip":
        for (const s of (value() ?? "").split(",").filter(Boolean)) {
          if (!(SECTIONS as readonly string[]).includes(s)) usage(`unknown section "${s}"`);
          o.skip.add(s);
        }
        break;
      case "--json":
        o.json = true;
        break;
      case "--keep":
        o.keep = true;
        break;
      case "--help":
      case "-h":
        usage();
        break;
      default:
        usage(`unknown option ${a}`);
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Sections and budgets

type Section<T> = { status: "ok"; ms: number; result: T } | { status: "not-available" | "skipped" | "error"; ms: number; reason: string };

interface Budget {
  id: string;
  what: string;
  value: number | boolean | null;
  limit: string;
  unit: string;
  /** null: not measured (section not available, skipped or failed) */
  pass: boolean | null;
  note?: string;
}

const KiB = 1024;
const MiB = 1024 * 1024;

async function section<T>(name: SectionName, opts: Options, log: (s: string) => void, fn: () => Promise<T>): Promise<Section<T>> {
  if (opts.skip.has(name)) return { status: "skipped", ms: 0, reason: "--skip" };
  log(`${name} …`);
  const t0 = performance.now();
  try {
    const result = await fn();
    return { status: "ok", ms: performance.now() - t0, result };
  } catch (err) {
    const ms = performance.now() - t0;
    if (err instanceof NotAvailable) {
      log(`  not available: ${err.message}`);
      return { status: "not-available", ms, reason: err.message };
    }
    log(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { status: "error", ms, reason: errorText(err) };
  }
}

function ok<T>(s: Section<T> | undefined): T | undefined {
  return s && s.status === "ok" ? s.result : undefined;
}

function budgets(r: Sections): Budget[] {
  const out: Budget[] = [];
  const reading = ok(r.reading);
  out.push({
    id: "pipeline-vs-floor",
    what: "pipeline time / fflate floor",
    value: reading ? round(reading.ratios.pipelineOverFloor, 2) : null,
    limit: "≤ 5",
    unit: "×",
    pass: reading ? reading.ratios.pipelineOverFloor <= 5 : null,
  });
  out.push({
    id: "exceljs-vs-pipeline",
    what: "ExcelJS load time / pipeline time",
    value: reading ? round(reading.ratios.exceljsOverPipeline, 2) : null,
    limit: "≥ 4",
    unit: "×",
    pass: reading ? reading.ratios.exceljsOverPipeline >= 4 : null,
  });
  out.push({
    id: "sheetjs-vs-pipeline",
    what: "SheetJS XLSX.read time / pipeline time",
    value: reading ? round(reading.ratios.sheetjsOverPipeline, 2) : null,
    limit: "≥ 3",
    unit: "×",
    pass: reading ? reading.ratios.sheetjsOverPipeline >= 3 : null,
  });
  const stream = ok(r.stream);
  const peak = stream ? Math.max(stream.single.peakRss, stream.parallel.peakRss) : undefined;
  out.push({
    id: "peak-rss",
    what: `peak RSS, ${stream ? stream.parallel.files : "N"} files, incl. workers`,
    value: peak === undefined ? null : round(peak / MiB, 1),
    limit: "≤ 300",
    unit: "MiB",
    pass: peak === undefined ? null : peak <= 300 * MiB,
  });
  const cli = ok(r.cli);
  out.push({
    id: "cli-peak-rss",
    what: `peak RSS of campaign-stats consolidate, ${cli ? cli.files : "N"} files`,
    value: cli ? round(cli.peakRss / MiB, 1) : null,
    limit: "≤ 300",
    unit: "MiB",
    pass: cli ? cli.peakRss <= 300 * MiB : null,
  });
  const office = ok(r.office);
  for (const [kind, budget, label] of [
    ["insert", 2, "insert a template sheet"],
    ["validate", 2, "validate a sheet"],
    ["write", 3, "write the roll-up (1, 20, 200 files; re-run)"],
  ] as const) {
    const ops = office?.operations.filter((o) => o.id.startsWith(`${kind}-`) || (kind === "write" && o.id.startsWith("rewrite-"))) ?? [];
    const worst = ops.length ? Math.max(...ops.map((o) => o.syncs)) : null;
    out.push({
      id: `syncs-${kind}`,
      what: `context.sync() calls: ${label}, worst of ${ops.length || "the"} cases`,
      value: worst,
      limit: `≤ ${budget}`,
      unit: "",
      pass: worst === null ? null : worst <= budget,
    });
  }
  const bundle = ok(r.bundle);
  out.push({
    id: "initial-gzip",
    what: "task pane initial chunks, gzipped",
    value: bundle ? round(bundle.initial.gzip / KiB, 1) : null,
    limit: "≤ 250",
    unit: "KiB",
    pass: bundle ? bundle.initial.gzip <= 250 * KiB : null,
  });
  out.push({
    id: "reading-path-gzip",
    what: "reading files in the task pane: the reading worker and the chunks it loads, gzipped",
    value: bundle?.reading.workerInPane ? round(bundle.reading.workerInPane.gzip / KiB, 1) : null,
    limit: "≤ 40",
    unit: "KiB",
    pass: bundle?.reading.workerInPane ? bundle.reading.workerInPane.gzip <= 40 * KiB : null,
  });
  out.push({
    id: "exceljs-lazy",
    what: "ExcelJS absent from the initial chunks",
    value: bundle ? !bundle.writer.markerInInitial && bundle.writer.location !== "initial" : null,
    limit: "true",
    unit: "",
    pass: bundle ? !bundle.writer.markerInInitial && bundle.writer.location !== "initial" : null,
    ...(bundle && bundle.writer.location === "absent" ? { note: "ExcelJS is not in the task pane build at all yet" } : {}),
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output

function fmt(x: number | undefined | null, digits = 3): string {
  if (x === undefined || x === null || Number.isNaN(x)) return "—";
  return x.toFixed(digits);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (cell ?? "").padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function statusLine(name: string, s: { status: string; reason?: string } | undefined): string | undefined {
  if (!s || s.status === "ok") return undefined;
  return `${name}: ${s.status === "not-available" ? "not available" : s.status} (${s.reason ?? ""})`;
}

function printText(doc: BenchDocument): void {
  const out: string[] = [];
  const { corpus } = doc;
  const load = doc.machine.loadAverage;
  out.push(`campaign-stats bench — ${doc.machine.cpus} × ${doc.machine.cpuModel}, Node ${doc.machine.node}, ${doc.machine.os}`);
  out.push(
    `load average (1 min) at start ${load.start[0]}, at end ${load.end?.[0] ?? "?"} (the bench itself keeps up to ${doc.machine.cpus} cores busy; more is other work)`,
  );
  if (corpus) {
    out.push(
      `corpus: ${corpus.files} files of ${corpus.template} (base written by ${corpus.writer}), avg ${(corpus.bytesTotal / corpus.files / 1024).toFixed(1)} KiB, generated in ${(corpus.generateMs / 1000).toFixed(1)} s`,
    );
  }
  const reading = ok(doc.sections.reading);
  if (reading) {
    out.push("", `reading — ms per file, median of ${reading.rounds} interleaved rounds over the same ${reading.sampleFiles} files`);
    out.push(
      table([
        ["method", "ms/file", "× floor"],
        ["floor: fflate unzip of the needed parts", fmt(reading.msPerFile.floor), "1.00"],
        ["readWorkbook (reader alone)", fmt(reading.msPerFile.read), fmt(reading.msPerFile.read / reading.msPerFile.floor, 2)],
        ["pipeline: read + detect + validate + consolidate", fmt(reading.msPerFile.pipeline), fmt(reading.ratios.pipelineOverFloor, 2)],
        ["ExcelJS xlsx.load", fmt(reading.msPerFile.exceljs), fmt(reading.msPerFile.exceljs / reading.msPerFile.floor, 2)],
        ["SheetJS XLSX.read", fmt(reading.msPerFile.sheetjs), fmt(reading.msPerFile.sheetjs / reading.msPerFile.floor, 2)],
      ]),
    );
    const rr = reading.ratioRange;
    out.push(
      `pipeline result: ${reading.pipeline.accepted} accepted, ${reading.pipeline.rejected} rejected; ExcelJS load is ${fmt(reading.ratios.exceljsOverPipeline, 2)}× the pipeline, SheetJS read ${fmt(reading.ratios.sheetjsOverPipeline, 2)}×`,
      `round by round: pipeline / floor ${fmt(rr.pipelineOverFloor[0], 2)}–${fmt(rr.pipelineOverFloor[1], 2)}×, ExcelJS / pipeline ${fmt(rr.exceljsOverPipeline[0], 2)}–${fmt(rr.exceljsOverPipeline[1], 2)}×, SheetJS / pipeline ${fmt(rr.sheetjsOverPipeline[0], 2)}–${fmt(rr.sheetjsOverPipeline[1], 2)}×`,
    );
  }
  const stream = ok(doc.sections.stream);
  if (stream) {
    out.push(
      "",
      `stream — all ${stream.single.files} files in a child process (compiled JS), analyzeFilesInParallel + consolidate; best of ${stream.runs.length / 2} alternating runs`,
    );
    const row = (label: string, s: StreamMode) => [
      label,
      (s.bestMs / 1000).toFixed(2),
      fmt(s.bestMs / s.files),
      s.totalsMs.map((t) => (t / 1000).toFixed(2)).join(" "),
      (s.peakRss / MiB).toFixed(1),
      (s.baseline / MiB).toFixed(1),
      `${s.accepted}/${s.files}`,
    ];
    out.push(
      table([
        ["run", "best s", "ms/file", "all runs s", "peak RSS MiB (VmHWM)", "RSS before files MiB", "accepted"],
        row("one thread", stream.single),
        row(`${stream.parallel.workers} worker threads`, stream.parallel),
      ]),
    );
    out.push(
      `speed-up with workers (best vs best): ${fmt(stream.single.bestMs / stream.parallel.bestMs, 2)}×; same totals: ${stream.single.digest === stream.parallel.digest && stream.single.digest !== "differs"}`,
    );
  }
  const cli = ok(doc.sections.cli);
  if (cli) {
    out.push("", `cli — ${cli.command}, fresh process each run (through tsx, as installed); ${cli.runs.length} runs`);
    out.push(
      table([
        ["run", "wall s (start-up included)", "peak RSS MiB (VmHWM at exit)", "polled VmHWM MiB", "accepted", "exit"],
        ...cli.runs.map((r, i) => [
          String(i + 1),
          (r.wallMs / 1000).toFixed(2),
          (r.peakRss / MiB).toFixed(1),
          r.sampledPeak === undefined ? "—" : (r.sampledPeak / MiB).toFixed(1),
          `${r.accepted ?? "?"}/${r.files}`,
          String(r.exitCode),
        ]),
      ]),
    );
    out.push(
      `best ${(cli.bestMs / 1000).toFixed(2)} s (${fmt(cli.bestMs / cli.files)} ms/file), peak RSS ${(cli.peakRss / MiB).toFixed(1)} MiB; roll-up ${(cli.outputBytes / KiB).toFixed(0)} KiB`,
    );
  }
  const office = ok(doc.sections.office);
  if (office) {
    out.push("", `office — context.sync() calls per operation (${office.setup})`);
    out.push(table([["operation", "syncs", "budget"], ...office.operations.map((o) => [o.label, String(o.syncs), `≤ ${o.budget}`])]));
    if (office.requests) {
      out.push(
        "",
        "office — requests on Microsoft's web client (excel-web-16.00, test/excel/real-client.ts); Excel on the web refuses > 5 MB, budget 4 MB",
      );
      out.push(
        table([
          ["operation", "syncs", "largest request", "its actions"],
          ...office.requests.map((r) => [r.label, String(r.syncs), `${(r.largest / 1024).toFixed(0)} KiB`, String(r.actions)]),
        ]),
      );
    }
  }
  const bundle = ok(doc.sections.bundle);
  if (bundle) {
    out.push("", `bundle — production build of the task pane in ${(bundle.buildMs / 1000).toFixed(1)} s; gzip -9 sizes`);
    const rows = [["chunk", "loaded", "KiB", "KiB gzipped", "holds"]];
    for (const c of bundle.chunks) {
      const holds = [
        c.reading ? "reading path" : "",
        c.core ? "core/templates" : "",
        c.exceljs ? "ExcelJS" : "",
        c.sheetjs ? "SheetJS" : "",
      ]
        .filter(Boolean)
        .join(", ");
      rows.push([
        c.files.join(" ") || c.names.join(","),
        c.initial ? "initial" : "lazy",
        (c.bytes / KiB).toFixed(1),
        (c.gzip / KiB).toFixed(1),
        holds,
      ]);
    }
    for (const a of bundle.alsoLoaded) rows.push([a.file, "initial (not ours)", "", (a.gzip / KiB).toFixed(1), ""]);
    out.push(table(rows));
    out.push(
      `initial (our chunks): ${(bundle.initial.gzip / KiB).toFixed(1)} KiB gz; reading path ${bundle.reading.location} in the task pane${bundle.reading.chunkFiles.length ? ` (${bundle.reading.chunkFiles.join(" ")}: ${(bundle.reading.chunkGzip / KiB).toFixed(1)} KiB gz)` : ""}, ${(bundle.reading.standaloneGzip / KiB).toFixed(1)} KiB gz bundled alone; the reading worker as the pane loads it${bundle.reading.workerInPane ? ` (${bundle.reading.workerInPane.files.join(" ")}: ${(bundle.reading.workerInPane.gzip / KiB).toFixed(1)} KiB gz)` : ": not found"}, ${(bundle.reading.workerGzip / KiB).toFixed(1)} KiB gz bundled alone (reader + detection + validation + zod); ExcelJS ${bundle.writer.location}${bundle.writer.chunkFiles.length ? ` (${bundle.writer.chunkFiles.join(" ")}, ${(bundle.writer.chunkGzip / KiB).toFixed(1)} KiB gz)` : ""}, marker in initial: ${bundle.writer.markerInInitial}; SheetJS (.xls/.ods/.xlsb) lazy chunk ${bundle.reading.legacy.files.join(" ")}: ${(bundle.reading.legacy.gzip / KiB).toFixed(1)} KiB gz, in initial or reading chunks: ${bundle.reading.legacy.inInitialOrReading}`,
    );
  }
  const browser = ok(doc.sections.browser);
  if (browser) {
    out.push("", `browser — headless Chromium ${browser.chromium}, served over http from 127.0.0.1, cache disabled`);
    out.push(
      table([
        ["measure", "value"],
        [
          `first render of taskpane.html (median of ${browser.firstRender.loads})`,
          `${browser.firstRender.msMedian.toFixed(0)} ms (DOMContentLoaded ${browser.firstRender.domContentLoadedMedian.toFixed(0)} ms)`,
        ],
        [
          `pipeline, ${browser.pipeline.files} files, in the page`,
          `${browser.pipeline.pageMs.toFixed(0)} ms (${fmt(browser.pipeline.pageMsPerFile)} ms/file)`,
        ],
        [`same in Node (this process)`, `${browser.pipeline.nodeMs.toFixed(0)} ms (${fmt(browser.pipeline.nodeMsPerFile)} ms/file)`],
        ["page / Node", `${fmt(browser.pipeline.ratio, 2)}× (same totals: ${browser.pipeline.sameResult})`],
      ]),
    );
  }
  const notes = SECTIONS.map((n) => statusLine(n, doc.sections[n])).filter((x): x is string => !!x);
  if (notes.length) out.push("", ...notes);
  out.push("", "budgets");
  out.push(
    table([
      ["budget", "measured", "limit", "result"],
      ...doc.budgets.map((b) => [
        b.what,
        b.value === null ? "—" : `${String(b.value)}${b.unit && b.unit !== "×" ? " " + b.unit : b.unit}`,
        `${b.limit}${b.unit && b.unit !== "×" ? " " + b.unit : b.unit}`,
        (b.pass === null ? "n/a" : b.pass ? "pass" : "FAIL") + (b.note ? ` (${b.note})` : ""),
      ]),
    ]),
  );
  const times = SECTIONS.filter((n) => doc.sections[n] && doc.sections[n]!.status !== "skipped").map(
    (n) => `${n} ${(doc.sections[n]!.ms / 1000).toFixed(1)} s`,
  );
  out.push(
    "",
    `total ${(doc.totalMs / 1000).toFixed(1)} s (${[corpus ? `corpus ${(corpus.generateMs / 1000).toFixed(1)} s` : "", ...times].filter(Boolean).join(", ")}); ${doc.ok ? "all measured budgets pass" : "budget(s) missed or section(s) failed"}`,
  );
  process.stdout.write(out.join("\n") + "\n");
}

interface Sections {
  reading?: Section<ReadingResult>;
  stream?: Section<StreamResult>;
  cli?: Section<CliResult>;
  office?: Section<OfficeResult>;
  bundle?: Section<BundleResult>;
  browser?: Section<BrowserResult>;
}

interface BenchDocument {
  machine: {
    node: string;
    os: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    loadAverage: { start: number[]; end?: number[] };
  };
  options: {
    files: number;
    rounds: number;
    sample: number;
    loads: number;
    workers: number;
    streamRuns: number;
    cliRuns: number;
    skip: string[];
  };
  corpus?: { files: number; template: string; writer: string; bytesTotal: number; baseBytes: number; generateMs: number };
  sections: Sections;
  budgets: Budget[];
  ok: boolean;
  totalMs: number;
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync("/etc/os-release", "utf8"));
    if (m) return m[1];
  } catch {
    // not Linux
  }
  return `${os.type()} ${os.release()}`;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const log = (s: string) => process.stderr.write(s + "\n");
  const t0 = performance.now();
  const template = findBuiltinTemplate(BENCH_TEMPLATE_ID)!;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-bench-"));
  const doc: BenchDocument = {
    machine: {
      node: process.versions.node,
      os: osName(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? "?",
      memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
      // the machine is shared: a load above the core count means the figures are noisier
      loadAverage: { start: os.loadavg().map((x) => round(x, 2)) },
    },
    options: {
      files: opts.files,
      rounds: opts.rounds,
      sample: opts.sample,
      loads: opts.loads,
      workers: opts.workers,
      streamRuns: opts.streamRuns,
      cliRuns: opts.cliRuns,
      skip: [...opts.skip],
    },
    sections: {},
    budgets: [],
    ok: false,
    totalMs: 0,
  };
  try {
    log(`corpus: ${opts.files} files in ${tmp} …`);
    const corpus: Corpus = await generateCorpus(path.join(tmp, "files"), opts.files, template);
    doc.corpus = {
      files: corpus.paths.length,
      template: template.id,
      writer: corpus.writer,
      bytesTotal: corpus.bytesTotal,
      baseBytes: corpus.baseBytes,
      generateMs: corpus.generateMs,
    };
    // the sample every in-process measurement uses: the first S files
    const samplePaths = corpus.paths.slice(0, Math.min(opts.sample, corpus.paths.length));
    const sampleNames = samplePaths.map((p) => path.basename(p));
    const sampleBytes = samplePaths.map((p) => new Uint8Array(fs.readFileSync(p)));

    doc.sections.reading = await section("reading", opts, log, () => benchReading(sampleBytes, sampleNames, opts.rounds, log));

    doc.sections.stream = await section("stream", opts, log, async () => {
      const script = compileForNode(path.join(tmp, "js"));
      return benchStream(script, corpus.dir, opts.workers, opts.streamRuns, log);
    });

    doc.sections.cli = await section("cli", opts, log, () => benchCli(corpus.dir, path.join(tmp, "cli"), opts.cliRuns, log));

    doc.sections.office = await section("office", opts, log, () => benchOffice(sampleBytes.map((b, i) => analyzeOne(sampleNames[i], b))));

    doc.sections.bundle = await section("bundle", opts, log, () =>
      benchBundleInChild(path.join(tmp, "taskpane"), path.join(tmp, "bench-page")),
    );

    doc.sections.browser = await section("browser", opts, log, async () => {
      const bundle = ok(doc.sections.bundle);
      if (!bundle) throw new NotAvailable("needs the bundle section (the builds)");
      return benchBrowser({
        taskpaneDir: bundle.outDir,
        benchPageDir: bundle.benchPage.outDir,
        files: sampleBytes,
        names: sampleNames,
        loads: opts.loads,
        rounds: opts.rounds,
        log,
      });
    });
  } finally {
    if (opts.keep) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  doc.machine.loadAverage.end = os.loadavg().map((x) => round(x, 2));
  doc.budgets = budgets(doc.sections);
  const failedSection = SECTIONS.some((n) => doc.sections[n]?.status === "error");
  const missed = doc.budgets.some((b) => b.pass === false);
  doc.ok = !failedSection && !missed;
  doc.totalMs = performance.now() - t0;
  if (opts.json) process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  else printText(doc);
  return failedSection ? 2 : missed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
