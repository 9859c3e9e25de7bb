/** Small helpers shared by the bench sections (Node only). */
import * as fs from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";

export interface ChildResult {
  code: number | null;
  out: string;
  err: string;
  /** from spawning to the child's exit */
  wallMs: number;
}

/** Runs `node <args>` to its end, collecting its output; rejects only when it cannot be started. */
export function runNode(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onStart?(child: ChildProcess): void } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (err += d));
    options.onStart?.(child);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err, wallMs: performance.now() - t0 }));
  });
}

/** the JSON a child printed on its last line of output */
export function lastJsonLine<T>(out: string): T {
  return JSON.parse(out.trim().split("\n").pop()!) as T;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** kB (1000 bytes) with one decimal */
export function kb(bytes: number): number {
  return Math.round(bytes / 100) / 10;
}

/** MiB with one decimal */
export function mib(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A field of /proc/<pid>/status in bytes (VmHWM, VmRSS …); undefined off Linux. */
export function procStatusBytes(field: string, pid: number | "self" = "self"): number | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0] : String(err);
}

/** thrown by a section whose subject has not been built yet: reported as "not available", not a failure */
export class NotAvailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotAvailable";
  }
}
