/**
 * The programs the independent-reader and browser tests drive, and the one decision about a missing one:
 * on a developer's machine its tests are skipped with a note; under CI (the CI variable set, as .ci/run and
 * every CI service do) they fail, so a CI machine without Chromium or LibreOffice cannot come out green.
 *
 * Each path can be overridden (CAMPAIGN_STATS_SOFFICE=/opt/libreoffice/program/soffice …); an override
 * that names no program counts as missing, which is also how to see the CI failure by hand.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

interface Program {
  /** what a reader of the failure calls it */
  what: string;
  /** environment variable that overrides the path */
  env: string;
  /** where to look, in order; a bare name is looked up on PATH */
  candidates: string[];
  /** the Debian packages .ci/run installs for it */
  packages: string;
  /** for a Python module: the module the interpreter must import */
  pythonModule?: string;
}

const PYTHON: Omit<Program, "what" | "packages"> = { env: "CAMPAIGN_STATS_PYTHON", candidates: ["/usr/bin/python3"] };

const PROGRAMS = {
  chromium: { what: "Chromium", env: "CAMPAIGN_STATS_CHROMIUM", candidates: ["/usr/bin/chromium"], packages: "chromium" },
  soffice: {
    what: "LibreOffice (soffice)",
    env: "CAMPAIGN_STATS_SOFFICE",
    candidates: ["/usr/bin/soffice", "/usr/bin/libreoffice"],
    packages: "libreoffice-calc libreoffice-writer",
  },
  python3: { ...PYTHON, what: "Python 3", packages: "python3" },
  openpyxl: { ...PYTHON, what: "Python 3 with openpyxl", packages: "python3-openpyxl", pythonModule: "openpyxl" },
  "python-docx": { ...PYTHON, what: "Python 3 with python-docx", packages: "python3-docx", pythonModule: "docx" },
  pdftotext: { what: "poppler's pdftotext", env: "CAMPAIGN_STATS_PDFTOTEXT", candidates: ["pdftotext"], packages: "poppler-utils" },
  pdfinfo: { what: "poppler's pdfinfo", env: "CAMPAIGN_STATS_PDFINFO", candidates: ["pdfinfo"], packages: "poppler-utils" },
} satisfies Record<string, Program>;

export type ProgramName = keyof typeof PROGRAMS;

/** true under CI: CI set to anything but empty, "0" or "false" */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? "").trim().toLowerCase();
  return ci !== "" && ci !== "0" && ci !== "false";
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  if (name.includes("/")) return executable(name) ? name : undefined;
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(executable);
}

function candidatesOf(program: Program): string[] {
  const override = process.env[program.env];
  return override ? [override] : program.candidates;
}

function found(program: Program): string | undefined {
  return candidatesOf(program)
    .map(onPath)
    .find((path) => path !== undefined);
}

/** The path to run the program by: the first candidate found, else the first one (so errors name it). */
export function programPath(name: ProgramName): string {
  return found(PROGRAMS[name]) ?? candidatesOf(PROGRAMS[name])[0];
}

const problems = new Map<ProgramName, string | undefined>();

/** Why the program cannot be used here, or undefined when it can. Probed once per test file. */
export function programProblem(name: ProgramName): string | undefined {
  if (!problems.has(name)) problems.set(name, probe(name));
  return problems.get(name);
}

function probe(name: ProgramName): string | undefined {
  const program: Program = PROGRAMS[name];
  const where = `${candidatesOf(program).join(" or ")}${process.env[program.env] ? ` (from ${program.env})` : ""}`;
  const hint = `.ci/run installs the Debian package ${program.packages}; ${program.env} overrides the path`;
  const path = found(program);
  if (!path) return `${program.what} not found at ${where}; ${hint}`;
  if (program.pythonModule) {
    const r = spawnSync(path, ["-c", `import ${program.pythonModule}`], { encoding: "utf8", timeout: 30000 });
    if (r.status !== 0)
      return `${program.what}: ${path} cannot import ${program.pythonModule} (${(r.stderr || String(r.error ?? "")).trim().split("\n").pop()}); ${hint}`;
  }
  return undefined;
}

type Describe = jest.Describe;
type Test = jest.It;

export interface Gate {
  /** describe, describe.skip, or under CI a describe whose one test fails naming what is missing */
  describe: Describe;
  /** the same for a single test (and test.each) */
  test: Test;
  /** beforeAll and afterAll where the programs are there; otherwise nothing (their failures would hide the clear one) */
  beforeAll: typeof beforeAll;
  afterAll: typeof afterAll;
}

/**
 * Gates tests on programs: `requirePrograms("soffice").describe("…", () => …)`. The whole decision about
 * a missing program lives here, so no test file skips on its own.
 */
export function requirePrograms(...names: ProgramName[]): Gate {
  const missing = names.map(programProblem).filter((p): p is string => p !== undefined);
  if (missing.length === 0) return { describe, test, beforeAll, afterAll };
  const problem = missing.join("; ");
  if (underCi()) {
    const failure = `CI requires every program its tests drive, and here: ${problem}`;
    const failingTest = (title: string) =>
      test(`${title} — needs ${names.join(", ")}`, () => {
        throw new Error(failure);
      });
    const failingDescribe = (title: string) => describe(title, () => void failingTest("the programs it drives are installed"));
    return { describe: failing(failingDescribe), test: failing(failingTest), beforeAll: () => undefined, afterAll: () => undefined };
  }
  console.warn(`skipping the tests that need ${names.join(", ")}: ${problem}. Under CI (CI=1) they fail instead.`);
  return { describe: describe.skip, test: test.skip, beforeAll: () => undefined, afterAll: () => undefined };
}

/** a failing describe/test stand-in, with .each (a table's rows become one failure: they all need the same) */
function failing(register: (title: string) => void): Describe & Test {
  const call = (title: unknown) => register(String(title));
  const each = () => call;
  return Object.assign(call, { each, skip: call, only: call, todo: call, concurrent: call, failing: call }) as unknown as Describe & Test;
}
