/**
 * Runs the real production build (webpack's Node API with webpack.config.js) into a temporary folder,
 * with ADDIN_URL set, and checks that the output is deployable as it is.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import webpack from "webpack";
import { CSP } from "../../scripts/csp";

type MakeConfig = ((env: Record<string, unknown>, argv: { mode?: string }) => webpack.Configuration) & {
  MANIFEST_DEV_URL: string;
  resolveAddinUrl(raw: string | undefined, port: number): string;
};
const makeConfig: MakeConfig = require("../../webpack.config.js");

const ROOT = path.join(__dirname, "..", "..");
const ADDIN_URL = "https://intranet.example/cs/";

let outDir: string;
let stats: webpack.Stats;

function runWebpack(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    webpack(config, (err, result) => {
      if (err) reject(err);
      else if (!result) reject(new Error("webpack returned no stats"));
      else resolve(result);
    });
  });
}

const read = (rel: string) => fs.readFileSync(path.join(outDir, rel), "utf8");

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join("/")];
  });
}

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-build-"));
  const saved = process.env.ADDIN_URL;
  process.env.ADDIN_URL = ADDIN_URL;
  try {
    stats = await runWebpack(makeConfig({ outputPath: outDir }, { mode: "production" }));
  } finally {
    if (saved === undefined) delete process.env.ADDIN_URL;
    else process.env.ADDIN_URL = saved;
  }
}, 120_000);

afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

describe("production build", () => {
  test("compiles without errors", () => {
    const errors = stats.toJson({ all: false, errors: true }).errors ?? [];
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  test("taskpane.html starts with the CSP meta, then the bundle; office.js is not loaded by the page itself", () => {
    const html = read("taskpane.html");
    expect(html).toMatch(/<html[^>]*\slang=["']?zh-CN/);
    expect(html).toContain("专项行动统计表助手");
    const meta = html.match(/<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content="([^"]*)"/i);
    expect(meta?.[1]).toBe(CSP);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]);
    // no inline scripts (the CSP forbids them) and every src relative to the page
    const srcs = scripts.map((attrs) => attrs.match(/\ssrc=["']?([^"'\s>]+)/)?.[1]);
    expect(srcs.every((s) => s !== undefined)).toBe(true);
    for (const src of srcs) expect(src).toMatch(/^[a-z0-9_-][^:]*$/i);
    expect(html).not.toMatch(/<script[^>]*src=["']?(https?:)?\/\//i);
    // the app adds office.js only inside Office (src/taskpane/officeReady.ts)
    expect(srcs).not.toContain("office-js/office.js");
    expect(srcs).toContain("compat.js");
    const bundle = srcs.find((s) => /^taskpane\.[0-9a-f]{8}\.js$/.test(s!));
    expect(bundle).toBeDefined();
    expect(html.indexOf(meta![0])).toBeLessThan(html.search(/<script/i));
    expect(fs.existsSync(path.join(outDir, bundle!))).toBe(true);
  });

  test("ships Office.js for Excel from dist/office-js/, without debug builds or other hosts", () => {
    const files = listFiles(path.join(outDir, "office-js"));
    for (const f of ["office.js", "excel-web-16.00.js", "excel-win32-16.01.js", "excel-mac-16.00.js", "o15apptofilemappingtable.js", "zh-cn/office_strings.js", "en-us/office_strings.js"]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.endsWith(".debug.js") || /(^|\/)(word|outlook|powerpoint|onenote|project)/.test(f))).toEqual([]);
  });

  test("copies the icons and compat.js", () => {
    for (const size of [16, 32, 64, 80]) {
      expect(fs.readFileSync(path.join(outDir, "assets", `icon-${size}.png`))).toEqual(fs.readFileSync(path.join(ROOT, "assets", `icon-${size}.png`)));
    }
    expect(read("compat.js")).toContain("__campaignStatsUnsupported");
  });

  test("the manifest in dist/ points at ADDIN_URL and nowhere else", () => {
    const source = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
    const built = read("manifest.xml");
    expect(built).not.toContain("localhost");
    expect(built).toContain(`<SourceLocation DefaultValue="${ADDIN_URL}taskpane.html"/>`);
    expect(built.split(ADDIN_URL).length).toBe(source.split(makeConfig.MANIFEST_DEV_URL).length);
    expect(built.replaceAll(ADDIN_URL, makeConfig.MANIFEST_DEV_URL)).toBe(source);
  });

  test("our own bundles load nothing from a third-party host", () => {
    const ours = listFiles(outDir).filter((f) => f.endsWith(".js") && !f.startsWith("office-js/"));
    expect(ours.length).toBeGreaterThanOrEqual(2);
    for (const f of ours) {
      const js = read(f);
      expect(js).not.toContain("appsforoffice.microsoft.com");
      expect(js).not.toMatch(/\beval\(/);
    }
  });
});

describe("ADDIN_URL", () => {
  test("defaults to localhost on the PORT, adds the trailing slash, and refuses anything but https", () => {
    expect(makeConfig.resolveAddinUrl(undefined, 3000)).toBe("https://localhost:3000/");
    expect(makeConfig.resolveAddinUrl(undefined, 3001)).toBe("https://localhost:3001/");
    expect(makeConfig.resolveAddinUrl("https://oa.example.gov.cn/campaign-stats", 3000)).toBe("https://oa.example.gov.cn/campaign-stats/");
    expect(() => makeConfig.resolveAddinUrl("http://oa.example.gov.cn/cs/", 3000)).toThrow(/https/);
    expect(() => makeConfig.resolveAddinUrl("oa.example.gov.cn/cs/", 3000)).toThrow(/ADDIN_URL/);
    expect(() => makeConfig.resolveAddinUrl("https://oa.example.gov.cn/cs/?x=1", 3000)).toThrow(/ADDIN_URL/);
  });
});
