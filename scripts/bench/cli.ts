/**
 * Section "cli": the installed command line over the whole corpus, as a user runs it —
 *
 *   node bin/campaign-stats.js consolidate "<files>/*.xlsx" --template ganzhou-2022 --unit 全国汇总 -o <tmp>/汇总.xlsx --force
 *
 * in a fresh child process each run (TypeScript through tsx, as after `npm ci`; wildcard expanded by the
 * command itself; worker threads as the command chooses; the roll-up workbook written). Wall time of the
 * child, start-up included, and its peak RSS:
 *
 * - `vmHWM`: VmHWM of /proc/self/status read by a small preloaded module (`-r cli-peak.js`) when the
 *   process exits — the kernel's high-water mark of the whole process, worker threads included; falls back
 *   to process.resourceUsage().maxRSS off Linux;
 * - `sampledPeak`: VmHWM of /proc/<pid>/status polled every 10 ms from here (a cross-check, Linux only).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { BENCH_TEMPLATE_ID } from "./pipeline";
import { procStatusBytes, runNode } from "./util";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "campaign-stats.js");

/** preloaded into the child: writes its peak RSS to the file named by CAMPAIGN_STATS_BENCH_PEAK on exit */
const PRELOAD = `"use strict";
const fs = require("fs");
process.on("exit", () => {
  let hwm;
  try {
    const m = /^VmHWM:\\s+(\\d+)\\s+kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (m) hwm = Number(m[1]) * 1024;
  } catch {}
  const out = { vmHWM: hwm, maxRSS: process.resourceUsage().maxRSS * 1024 };
  try { fs.writeFileSync(process.env.CAMPAIGN_STATS_BENCH_PEAK, JSON.stringify(out)); } catch {}
});
`;

export interface CliRun {
  files: number;
  /** wall time of the child process, start-up included */
  wallMs: number;
  exitCode: number | null;
  /** the higher of VmHWM at exit (maxRSS where /proc is missing) and the polled VmHWM */
  peakRss: number;
  vmHWM?: number;
  maxRSS: number;
  /** the highest VmHWM seen by polling /proc/<pid>/status every 10 ms */
  sampledPeak?: number;
  /** 已汇总 N 个单位, from the command's own output */
  accepted: number | null;
  outputBytes: number;
}

export interface CliResult {
  files: number;
  command: string;
  bestMs: number;
  wallsMs: number[];
  /** highest over the runs */
  peakRss: number;
  accepted: number | null;
  outputBytes: number;
  runs: CliRun[];
}

async function runOnce(dir: string, tmp: string, files: number): Promise<CliRun> {
  const preload = path.join(tmp, "cli-peak.js");
  const peakFile = path.join(tmp, "cli-peak.json");
  const output = path.join(tmp, "汇总.xlsx");
  fs.writeFileSync(preload, PRELOAD);
  fs.rmSync(peakFile, { force: true });
  const args = [
    "-r",
    preload,
    BIN,
    "consolidate",
    path.join(dir, "*.xlsx"),
    "--template",
    BENCH_TEMPLATE_ID,
    "--unit",
    "全国汇总",
    "-o",
    output,
    "--force",
  ];
  let sampled: number | undefined;
  let poll: NodeJS.Timeout | undefined;
  const { code, out, err, wallMs } = await runNode(args, {
    cwd: ROOT,
    env: { ...process.env, CAMPAIGN_STATS_BENCH_PEAK: peakFile },
    onStart(child) {
      poll = setInterval(() => {
        const hwm = child.pid ? procStatusBytes("VmHWM", child.pid) : undefined;
        if (hwm !== undefined && (sampled === undefined || hwm > sampled)) sampled = hwm;
      }, 10);
    },
  }).finally(() => clearInterval(poll));
  if (code !== 0 && code !== 1)
    throw new Error(`campaign-stats consolidate exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`);
  let peak: { vmHWM?: number; maxRSS: number };
  try {
    peak = JSON.parse(fs.readFileSync(peakFile, "utf8"));
  } catch (e) {
    throw new Error(`the child wrote no peak RSS: ${String(e)}`);
  }
  const m = /已汇总 (\d+) 个单位/.exec(out);
  return {
    files,
    wallMs,
    exitCode: code,
    peakRss: Math.max(peak.vmHWM ?? peak.maxRSS, sampled ?? 0),
    ...(peak.vmHWM !== undefined ? { vmHWM: peak.vmHWM } : {}),
    maxRSS: peak.maxRSS,
    ...(sampled !== undefined ? { sampledPeak: sampled } : {}),
    accepted: m ? Number(m[1]) : null,
    outputBytes: fs.existsSync(output) ? fs.statSync(output).size : 0,
  };
}

/** `runs` runs of the command over every .xlsx in dir, one after the other, each a fresh process */
export async function benchCli(dir: string, tmp: string, runs: number, log: (s: string) => void): Promise<CliResult> {
  fs.mkdirSync(tmp, { recursive: true });
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".xlsx")).length;
  const all: CliRun[] = [];
  for (let k = 0; k < runs; k++) {
    const r = await runOnce(dir, tmp, files);
    all.push(r);
    log(
      `  consolidate ${files} files: ${(r.wallMs / 1000).toFixed(2)} s, peak RSS ${(r.peakRss / 1048576).toFixed(1)} MiB, ${r.accepted ?? "?"} accepted, exit ${r.exitCode}`,
    );
  }
  return {
    files,
    command: `node bin/campaign-stats.js consolidate "<files>/*.xlsx" --template ${BENCH_TEMPLATE_ID} --unit 全国汇总 -o <tmp>/汇总.xlsx --force`,
    bestMs: Math.min(...all.map((r) => r.wallMs)),
    wallsMs: all.map((r) => r.wallMs),
    peakRss: Math.max(...all.map((r) => r.peakRss)),
    accepted: all[0].accepted,
    outputBytes: all[0].outputBytes,
    runs: all,
  };
}
