/**
 * The decision about a missing program, seen from outside: a real suite (the openpyxl reader tests) run
 * by a child jest with the interpreter pointed at a path that does not exist. Under CI it fails naming the
 * program; on a developer's machine its tests are skipped with a note.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { underCi } from "./programs";

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, "../..");
const SUITE = "test/files/xlsx-read.openpyxl.test.ts";
const MISSING = join(ROOT, "no-such-dir", "python3");

interface JestJson {
  numFailedTests: number;
  numPassedTests: number;
  numPendingTests: number;
  testResults: { assertionResults: { failureMessages: string[] }[] }[];
}

function runSuite(ci: string): { status: number | null; json: JestJson; stderr: string } {
  const r = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--maxWorkers=1", "--json", SUITE], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 170_000,
    env: { ...process.env, CI: ci, CAMPAIGN_STATS_PYTHON: MISSING },
  });
  return { status: r.status, json: JSON.parse(r.stdout) as JestJson, stderr: r.stderr };
}

test("CI is on for any value but empty, 0 and false", () => {
  expect(["1", "true", "TRUE", "yes", "github"].map((CI) => underCi({ CI }))).toEqual([true, true, true, true, true]);
  expect(["", "0", "false", " False "].map((CI) => underCi({ CI }))).toEqual([false, false, false, false]);
  expect(underCi({})).toBe(false);
});

test("an overridden path that names no program is a problem that says where it looked and what to install", () => {
  const saved = process.env.CAMPAIGN_STATS_SOFFICE;
  process.env.CAMPAIGN_STATS_SOFFICE = "/nonexistent/soffice";
  try {
    jest.isolateModules(() => {
      const fresh = require("./programs") as typeof import("./programs");
      expect(fresh.programProblem("soffice")).toBe(
        "LibreOffice (soffice) not found at /nonexistent/soffice (from CAMPAIGN_STATS_SOFFICE); .ci/run installs the Debian package libreoffice-calc libreoffice-writer; CAMPAIGN_STATS_SOFFICE overrides the path",
      );
    });
  } finally {
    if (saved === undefined) delete process.env.CAMPAIGN_STATS_SOFFICE;
    else process.env.CAMPAIGN_STATS_SOFFICE = saved;
  }
});

describe("a suite whose program is missing", () => {
  test("fails under CI, naming the program and the path", () => {
    const { status, json } = runSuite("true");
    expect(status).toBe(1);
    expect(json.numPassedTests).toBe(0);
    expect(json.numFailedTests).toBe(3);
    const messages = json.testResults.flatMap((t) => t.assertionResults.flatMap((a) => a.failureMessages)).join("\n");
    expect(messages).toContain(
      `CI requires every program its tests drive, and here: Python 3 with openpyxl not found at ${MISSING} (from CAMPAIGN_STATS_PYTHON)`,
    );
  });

  test("is skipped with a note outside CI", () => {
    const { status, json, stderr } = runSuite("");
    expect(status).toBe(0);
    expect(json.numFailedTests).toBe(0);
    expect(json.numPassedTests).toBe(0);
    expect(json.numPendingTests).toBe(3);
    expect(stderr).toContain(`skipping the tests that need openpyxl: Python 3 with openpyxl not found at ${MISSING}`);
  });
});
