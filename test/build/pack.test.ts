/**
 * The command line as a user installs it: `npm pack` (which compiles the CLI to lib/ through prepack), the
 * tarball installed in an empty folder without dev dependencies, and `campaign-stats` run from there: the
 * templates list and a consolidation of two county workbooks whose totals are checked against the inputs.
 * The install reads npm's cache first (`npm ci` filled it); it reaches the registry only for what is missing.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { ganzhou, validValues } from "../support/fixtures";

const ROOT = join(__dirname, "../..");
let dir: string;
let app: string;

function run(command: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, npm_config_update_notifier: "false" } });
  if (r.error) throw r.error;
  return r;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cs-pack-"));
  const packed = run("npm", ["pack", "--pack-destination", dir, "--json", "--silent"], ROOT);
  expect(packed.status).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string }[];
  app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "pack-check", version: "1.0.0", private: true }));
  const installed = run("npm", ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", join(dir, filename)], app);
  expect(installed.stderr).not.toMatch(/ERR!/);
  expect(installed.status).toBe(0);
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bin = () => join(app, "node_modules/.bin/campaign-stats");

test("the tarball holds the compiled command line and no sources or tests", () => {
  const pkg = join(app, "node_modules/campaign-stats");
  expect(existsSync(join(pkg, "lib/cli/cli.js"))).toBe(true);
  expect(existsSync(join(pkg, "lib/templates/builtin/ganzhou-2022.json"))).toBe(true);
  expect(existsSync(join(pkg, "src"))).toBe(false);
  expect(existsSync(join(pkg, "test"))).toBe(false);
  // installed without dev dependencies: nothing can compile TypeScript at run time
  for (const dev of ["tsx", "typescript", "ts-jest", "webpack", "react"]) expect(existsSync(join(app, "node_modules", dev))).toBe(false);
});

test("campaign-stats templates runs from the installed package", () => {
  const r = run(bin(), ["templates", "--json"], app, 60_000);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).templates.map((t: { id: string }) => t.id)).toContain("ganzhou-2022");
});

test("campaign-stats consolidate adds up two counties from the installed package", async () => {
  const units = ["章贡区市场监督管理局", "南康区市场监督管理局"];
  const values = [validValues(ganzhou, 1), validValues(ganzhou, 7)];
  for (const [n, unit] of units.entries()) {
    const bytes = await writeTemplateWorkbook(ganzhou, { header: { unit, date: "11月20日", stage: "全面" }, values: values[n] });
    writeFileSync(join(app, `${n}.xlsx`), bytes);
  }
  const r = run(bin(), ["consolidate", "0.xlsx", "1.xlsx", "--template", "ganzhou-2022", "--unit", "赣州市", "--date", "11月26日", "-o", "汇总.xlsx", "--json"], app, 120_000);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const json = JSON.parse(r.stdout) as { accepted: unknown[]; totals: { item: string; unit: string; value: number }[] };
  expect(json.accepted).toHaveLength(2);
  const items = ganzhou.sections.flatMap((s) => s.items);
  expect(json.totals.map((t) => t.value)).toEqual(items.map((i) => values[0][i.id] + values[1][i.id]));
  // the written roll-up is itself a valid submission of the same template, with the same totals
  const back = analyzeWorkbookBytes("汇总.xlsx", new Uint8Array(readFileSync(join(app, "汇总.xlsx"))), [ganzhou]).input.report!;
  expect([back.valid, back.unit]).toEqual([true, "赣州市"]);
  expect(items.map((i) => Number(back.values[i.id]))).toEqual(json.totals.map((t) => t.value));
});
