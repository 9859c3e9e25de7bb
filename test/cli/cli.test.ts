/**
 * The command line: every command in process through main() (fast), and the installed entry point
 * (bin/campaign-stats.js, npm run cli) spawned for the wiring. Exit statuses 0/1/2(/3), --json shapes,
 * Chinese messages, never a stack trace for a user's mistake or a bad file.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { main } from "../../src/cli/cli";
import { bufferIo } from "../../src/cli/io";
import { expandInputs } from "../../src/cli/files";
import { analyzeInputs } from "../../src/cli/report";
import type { ConsolidateJson } from "../../src/cli/commands/consolidate";
import { parseRoster } from "../../src/core/roster";
import { todayText as today } from "../../src/core/dates";
import type { ValidateJson } from "../../src/cli/commands/validate";
import { readMetadata } from "../../src/core/metadata";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { readWorkbook } from "../../src/files/xlsx-read";
import { writeRollupWorkbook, writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { consolidate } from "../../src/core/consolidate";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import type { Template } from "../../src/templates/schema";
import { ganzhou, liaoning, validValues } from "../support/fixtures";

jest.setTimeout(60000);

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin/campaign-stats.js");
const STACK = /\n\s+at .+:\d+:\d+/;

let dir: string;
let cwd: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cs-cli-"));
  cwd = process.cwd();
  process.chdir(dir);
  const county = (unit: string, base: number, extra: Record<string, number> = {}) =>
    writeTemplateWorkbook(ganzhou, {
      header: { unit, date: "11月20日", stage: "全面" },
      values: { ...validValues(ganzhou, base), ...extra },
    });
  writeFileSync("章贡区.xlsx", await county("章贡区市场监督管理局", 1, { cases_fines: 0.1 }));
  writeFileSync("南康区.xlsx", await county("南康区市场监督管理局", 2, { cases_fines: 0.2 }));
  writeFileSync("于都县.xlsx", await county("于都县市场监督管理局", 3, { cases_takeaway: 1000 })); // partition broken
  writeFileSync(
    "沈河区.xlsx",
    await writeTemplateWorkbook(liaoning, { header: { unit: "沈河区", date: "11月20日" }, values: validValues(liaoning) }),
  );
  writeFileSync("说明.txt", "这不是工作簿\n");
  writeFileSync("空.xlsx", new Uint8Array(0));
  mkdirSync("县区");
});

afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const io = bufferIo();
  const status = await main(argv, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

function spawnBin(args: string[], command = process.execPath, pre: string[] = [BIN]) {
  const r = spawnSync(command, [...pre, ...args], { cwd: dir, encoding: "utf8", timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("wiring", () => {
  test("no command: usage on stderr, exit 2; help and --version: exit 0", async () => {
    const none = await run();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("用法：campaign-stats <命令>");
    const help = await run("--help");
    expect([help.status, help.stdout]).toEqual([0, expect.stringContaining("consolidate")]);
    const sub = await run("help", "validate");
    expect(sub.stdout).toContain("用法：campaign-stats validate");
    const version = await run("--version");
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("an unknown command or option is a usage error in Chinese, exit 2, no stack", async () => {
    const cmd = await run("frob");
    expect([cmd.status, cmd.stderr]).toEqual([2, expect.stringContaining("未知的命令“frob”")]);
    const opt = await run("validate", "章贡区.xlsx", "--frob");
    expect([opt.status, opt.stderr]).toEqual([2, expect.stringContaining("未知的选项 --frob")]);
    expect(opt.stderr).toContain("campaign-stats validate --help");
    const missing = await run("template", "ganzhou-2022", "-o");
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining("选项 -o/--output 后面缺少值")]);
    const extra = await run("templates", "x");
    expect([extra.status, extra.stderr]).toEqual([2, expect.stringContaining("多余的参数 x")]);
    for (const r of [cmd, opt, missing, extra]) expect(r.stderr).not.toMatch(STACK);
  });

  test("every command has Chinese help", async () => {
    for (const c of ["templates", "template", "validate", "consolidate"]) {
      const r = await run(c, "--help");
      expect([c, r.status, r.stdout]).toEqual([c, 0, expect.stringContaining(`用法：campaign-stats ${c}`)]);
    }
  });

  test("learn is wired to src/cli/commands/learn.ts", async () => {
    const r = await run("learn", "--help");
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining("用法：campaign-stats learn")]);
    const none = await run("learn");
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining("请给出统计表附件")]);
  });

  test("a bug is exit 3 with a message saying so", async () => {
    const io = {
      stdout: {
        write: () => {
          throw new Error("boom");
        },
      },
      stderr: bufferIo().stderr,
    };
    let err = "";
    io.stderr = { write: (t: string) => (err += t) };
    expect(await main(["templates"], io)).toBe(3);
    expect(err).toContain("程序内部错误");
  });

  test("bin/campaign-stats.js runs the TypeScript sources after npm ci: exit statuses pass through", () => {
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const ok = spawnBin(["templates"]);
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining("ganzhou-2022")]);
    const bad = spawnBin(["validate", "不存在.xlsx"]);
    expect([bad.status, bad.stdout]).toEqual([1, expect.stringContaining("无法打开“不存在.xlsx”：找不到该文件")]);
    expect(bad.stderr).toBe("");
    const usage = spawnBin(["frob"]);
    expect(usage.status).toBe(2);
    const direct = spawnSync(BIN, ["templates"], { cwd: dir, encoding: "utf8", timeout: 60000 });
    expect(direct.status).toBe(0);
  });

  test("npm run cli -- … and npx campaign-stats … work too", () => {
    const r = spawnSync("npm", ["run", "-s", "cli", "--", "templates", "--json"], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).templates.map((t: { id: string }) => t.id)).toEqual(BUILTIN_TEMPLATES.map((t) => t.id));
    // --no: never fetch anything from the registry; the project's own bin must be found
    const x = spawnSync("npx", ["--no", "campaign-stats", "validate", "不存在.xlsx", "--json"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60000,
    });
    expect(x.status).toBe(1);
    expect(JSON.parse(x.stdout).files[0].issues[0].code).toBe("file-unopenable");
  });
});

describe("templates", () => {
  test("lists id and title", async () => {
    const r = await run("templates");
    expect(r.status).toBe(0);
    for (const t of BUILTIN_TEMPLATES) expect(r.stdout).toMatch(new RegExp(`^${t.id}\\s+${t.title}`, "m"));
    const json = JSON.parse((await run("templates", "--json")).stdout);
    expect(json.templates[0]).toEqual({ id: liaoning.id, title: liaoning.title, year: 2019, version: 1, sections: 7, items: 34 });
  });
});

describe("template", () => {
  test("writes the blank table, with 填报单位 and stage filled in when given", async () => {
    const r = await run("template", "ganzhou-2022", "-o", "空白.xlsx", "--unit", "章贡区市场监督管理局", "--stage", "中期");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("已生成空白统计表：空白.xlsx");
    const a = analyzeWorkbookBytes("空白.xlsx", new Uint8Array(readFileSync("空白.xlsx")), BUILTIN_TEMPLATES);
    expect(a.match?.template.id).toBe("ganzhou-2022");
    expect(a.input.report?.unit).toBe("章贡区市场监督管理局");
    expect(a.input.report?.stage).toBe("中期");
  });

  test("never overwrites an existing file unless --force", async () => {
    const before = digest("章贡区.xlsx");
    const r = await run("template", "ganzhou-2022", "-o", "章贡区.xlsx");
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining("已存在")]);
    expect(digest("章贡区.xlsx")).toBe(before);
    writeFileSync("旧.xlsx", "x");
    expect((await run("template", "ganzhou-2022", "-o", "旧.xlsx", "--force")).status).toBe(0);
    expect(readWorkbook(new Uint8Array(readFileSync("旧.xlsx"))).ok).toBe(true);
  });

  test("usage errors: missing -o, unknown id, bad stage, not .xlsx", async () => {
    const noOut = await run("template", "ganzhou-2022");
    expect([noOut.status, noOut.stderr]).toEqual([2, expect.stringContaining("请用 -o 指定输出文件")]);
    const unknown = await run("template", "guangzhou-2099", "-o", "x.xlsx");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("未知的统计表模板“guangzhou-2099”");
    expect(unknown.stderr).toContain("ganzhou-2022（赣州 2022 网络市场监管专项行动情况统计表）");
    const stage = await run("template", "ganzhou-2022", "-o", "x.xlsx", "--stage", "年中");
    expect([stage.status, stage.stderr]).toEqual([2, expect.stringContaining("--stage 的值“年中”无法识别")]);
    const ext = await run("template", "ganzhou-2022", "-o", "x.xls");
    expect([ext.status, ext.stderr]).toEqual([2, expect.stringContaining("应以 .xlsx 结尾")]);
    const noDir = await run("template", "ganzhou-2022", "-o", "没有的文件夹/x.xlsx");
    expect([noDir.status, noDir.stderr]).toEqual([2, expect.stringContaining("文件夹“没有的文件夹”不存在")]);
    expect(existsSync("x.xlsx")).toBe(false);
  });

  test("a template JSON file: used when valid, its problems listed in Chinese when not", async () => {
    const custom: Template = { ...liaoning, id: "shenyang-2020", title: "沈阳 2020 网络市场监管专项行动情况统计表", year: 2020 };
    writeFileSync("沈阳.json", "\uFEFF" + JSON.stringify(custom));
    const ok = await run("template", "沈阳.json", "-o", "沈阳空白.xlsx");
    expect(ok.status).toBe(0);
    const wb = readWorkbook(new Uint8Array(readFileSync("沈阳空白.xlsx")));
    expect(wb.ok && readMetadata(wb.workbook.sheets)?.template).toEqual(custom);

    writeFileSync("坏.json", "{ not json");
    const notJson = await run("template", "坏.json", "-o", "y.xlsx");
    expect([notJson.status, notJson.stderr]).toEqual([2, expect.stringContaining("不是有效的 JSON 文件")]);

    const broken = { ...custom, title: "", sections: [{ ...custom.sections[0], items: [{ id: "a", label: "某项" }] }] };
    writeFileSync("缺单位.json", JSON.stringify(broken));
    const bad = await run("template", "缺单位.json", "-o", "y.xlsx");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("模板文件“缺单位.json”有 2 处问题，无法使用：\n");
    expect(bad.stderr).toContain("  title：“标题”不能为空\n");
    expect(bad.stderr).toContain("  sections[0].items[0].unit：缺少“计量单位”\n");
    expect(bad.stderr).not.toMatch(STACK);

    writeFileSync("错引用.json", JSON.stringify({ ...custom, rules: [{ kind: "at-most", id: "r", item: "cases_referred", limit: "zz" }] }));
    const ref = await run("validate", "沈河区.xlsx", "--template", "错引用.json");
    expect([ref.status, ref.stderr]).toEqual([2, expect.stringContaining("rules[0].limit：“上限项目”引用了模板中不存在的项目编号")]);

    const gone = await run("template", "没有.json", "-o", "y.xlsx");
    expect([gone.status, gone.stderr]).toEqual([2, expect.stringContaining("无法读取模板文件“没有.json”：找不到该文件")]);
    expect(existsSync("y.xlsx")).toBe(false);
  });
});

describe("validate", () => {
  test("a valid file: ✓ line, exit 0", async () => {
    const r = await run("validate", "章贡区.xlsx");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      "✓ 章贡区.xlsx：章贡区市场监督管理局 · 《赣州 2022 网络市场监管专项行动情况统计表》 · 可以报送\n\n共检查 1 个文件：1 个可以报送，0 个需处理。\n",
    );
  });

  test("findings grouped per department, one line each, exit 1", async () => {
    const r = await run("validate", "章贡区.xlsx", "于都县.xlsx", "沈河区.xlsx");
    expect(r.status).toBe(1);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("✗ 于都县.xlsx"));
    expect(lines.slice(at, at + 3)).toEqual([
      "✗ 于都县.xlsx：于都县市场监督管理局 · 《赣州 2022 网络市场监管专项行动情况统计表》 · 需修改 1 处（错误 1 条）",
      "  【市场监管局】",
      expect.stringMatching(
        /^ {4}错误：市场监管局 · 查处网络违法案件（件）（C\d+）：各分类数量之和为 \d+，与总数 \d+ 不一致（分类合计多 \d+）/,
      ),
    ]);
    expect(r.stdout).toContain("✓ 沈河区.xlsx：沈河区 · 《辽宁省2019网络市场监管专项行动情况统计表》 · 可以报送");
    expect(r.stderr).toBe("");
  });

  test("--json: files with template, unit, valid and issues", async () => {
    const r = await run("validate", "于都县.xlsx", "说明.txt", "不存在.xlsx", "--json");
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as ValidateJson;
    expect(json.files.map((f) => [f.file, f.template, f.unit, f.valid, f.issues.map((i) => i.code)])).toEqual([
      ["于都县.xlsx", "ganzhou-2022", "于都县市场监督管理局", false, ["partition-mismatch"]],
      ["说明.txt", null, null, false, ["file-not-xlsx"]],
      ["不存在.xlsx", null, null, false, ["file-unopenable"]],
    ]);
    expect(Object.keys(json.files[0].issues[0])).toEqual(["code", "severity", "section", "item", "cell", "message"]);
    expect(json.files[0].issues[0]).toMatchObject({
      severity: "error",
      section: "市场监管局",
      item: "查处网络违法案件（件）",
      cell: expect.stringMatching(/^C\d+$/),
    });
    expect(json.files[1].issues[0]).toEqual({
      code: "file-not-xlsx",
      severity: "error",
      section: null,
      item: null,
      cell: null,
      message: expect.stringContaining("文本/CSV 文件"),
    });
    expect(json.files[2].issues[0].message).toBe("无法打开“不存在.xlsx”：找不到该文件。");
  });

  test("unreadable inputs are input problems (exit 1), named in Chinese: missing, folder, empty, not a workbook", async () => {
    const r = await run("validate", "不存在.xlsx", "县区", "空.xlsx", "说明.txt");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("✗ 不存在.xlsx：无法读取\n  错误：无法打开“不存在.xlsx”：找不到该文件。");
    expect(r.stdout).toContain("无法打开“县区”：这是文件夹，不是文件；如要处理其中的全部工作簿，请写成 县区/*.xlsx");
    expect(r.stdout).toContain("文件是空的（0 字节）");
    expect(r.stdout).toContain("【文件】");
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(STACK);
  });

  test("--template: a table of another campaign is reported as such", async () => {
    const r = await run("validate", "沈河区.xlsx", "--template", "ganzhou-2022", "--json");
    const json = JSON.parse(r.stdout) as ValidateJson;
    expect(r.status).toBe(1);
    expect(json.files[0].issues.map((i) => i.code)).toEqual(["template-mismatch"]);
    expect(json.files[0].issues[0].message).toContain("这是《辽宁省2019网络市场监管专项行动情况统计表》");
  });

  test("wildcards are expanded (cmd.exe does not), Excel lock files skipped; no files is a usage error", async () => {
    mkdirSync("收件");
    writeFileSync(join("收件", "南康区.xlsx"), readFileSync("南康区.xlsx"));
    writeFileSync(join("收件", "~$南康区.xlsx"), "lock");
    const r = await run("validate", "收件/*.XLSX", "--json");
    expect((JSON.parse(r.stdout) as ValidateJson).files.map((f) => f.file)).toEqual([join("收件", "南康区.xlsx")]);
    expect(r.status).toBe(0);
    const none = await run("validate", "收件/*.xls");
    expect([none.status, none.stdout]).toEqual([1, expect.stringContaining("没有与“收件/*.xls”匹配的文件")]);
    const empty = await run("validate");
    expect([empty.status, empty.stderr]).toEqual([2, expect.stringContaining("请给出要检查的工作簿文件")]);
  });
});

describe("consolidate", () => {
  const base = ["--template", "ganzhou-2022", "--unit", "赣州市市场监督管理局", "--date", "11月26日"];

  test("all accepted: exit 0, roll-up written, totals exact, sources untouched", async () => {
    const before = [digest("章贡区.xlsx"), digest("南康区.xlsx")];
    const r = await run("consolidate", "章贡区.xlsx", "南康区.xlsx", ...base, "-o", "汇总.xlsx", "--json");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as ConsolidateJson;
    expect(Object.keys(json)).toEqual(["template", "accepted", "rejected", "missing", "totals", "coverage", "partial", "duplicates"]);
    expect([json.coverage, json.partial, json.duplicates]).toEqual([
      { expected: 2, accepted: 2, rejected: 0, duplicate: 0, missing: 0 },
      false,
      [],
    ]);
    expect(json.accepted).toEqual([
      { file: "南康区.xlsx", unit: "南康区市场监督管理局" },
      { file: "章贡区.xlsx", unit: "章贡区市场监督管理局" },
    ]);
    expect(json.rejected).toEqual([]);
    expect(json.missing).toEqual([]);
    expect(json.totals[0]).toEqual({ section: "网信办", item: "清理网上违法违规信息", unit: "万条", value: 3 });
    expect(json.totals.find((t) => t.item === "罚没款")).toEqual({ section: "市场监管局", item: "罚没款", unit: "万元", value: 0.3 });
    expect([digest("章贡区.xlsx"), digest("南康区.xlsx")]).toEqual(before);

    const rollup = analyzeWorkbookBytes("汇总.xlsx", new Uint8Array(readFileSync("汇总.xlsx")), BUILTIN_TEMPLATES);
    expect(rollup.input.report?.valid).toBe(true);
    expect(rollup.input.report?.date).toBe("11月26日");
    expect(rollup.metadata).toMatchObject({ kind: "rollup", unit: "赣州市市场监督管理局" });
  });

  test("text output: accepted, rejected with reasons per department, missing; exit 1", async () => {
    writeFileSync("名单.txt", "\uFEFF# 赣州市各县区\r\n章贡区\r\n南康区\r\n\r\n于都县\r\n瑞金市\r\n");
    const r = await run(
      "consolidate",
      "章贡区.xlsx",
      "南康区.xlsx",
      "于都县.xlsx",
      "不存在.xlsx",
      ...base,
      "--roster",
      "名单.txt",
      "-o",
      "汇总.xlsx",
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("《赣州 2022 网络市场监管专项行动情况统计表》汇总：赣州市市场监督管理局，填报日期 11月26日");
    expect(r.stdout).toContain("已汇总 2 个单位：\n  ✓ 章贡区市场监督管理局（章贡区.xlsx）\n  ✓ 南康区市场监督管理局（南康区.xlsx）");
    expect(r.stdout).toContain("未汇总 2 个文件：\n  ✗ 于都县.xlsx（于都县市场监督管理局）：需修改 1 处，错误 1 条\n      【市场监管局】");
    expect(r.stdout).toContain("  ✗ 无法打开“不存在.xlsx”：找不到该文件");
    expect(r.stdout).toContain("未报送 1 个单位：瑞金市");
    expect(r.stdout).toContain(
      "部分汇总（汇总 2 个单位，未汇总 2 个，未报送 1 个）已写入：汇总.xlsx（工作表：汇总表、汇总明细、报送情况）",
    );
    expect(r.stderr).toBe("");
  });

  test("--json: rejected with issues, unopenable files, missing units", async () => {
    const r = await run(
      "consolidate",
      "章贡区.xlsx",
      "于都县.xlsx",
      "说明.txt",
      "县区",
      ...base,
      "--roster",
      "名单.txt",
      "-o",
      "汇总.xlsx",
      "--json",
    );
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as ConsolidateJson;
    expect(json.accepted.map((a) => a.file)).toEqual(["章贡区.xlsx"]);
    expect(json.rejected.map((x) => [x.file, x.unit, x.issues.map((i) => i.code)])).toEqual([
      ["于都县.xlsx", "于都县市场监督管理局", ["partition-mismatch"]],
      ["说明.txt", null, ["file-not-xlsx"]],
      ["县区", null, ["file-unopenable"]],
    ]);
    expect(json.missing).toEqual(["南康区", "瑞金市"]);
  });

  test("a file listed twice is read once (not a duplicate submission)", async () => {
    const r = await run("consolidate", "章贡区.xlsx", "./章贡区.xlsx", "南康区.xlsx", "*贡区.xlsx", ...base, "-o", "汇总.xlsx", "--json");
    expect(r.stderr).toBe("提示：“./章贡区.xlsx”重复列出，只读取一次。\n提示：“章贡区.xlsx”重复列出，只读取一次。\n");
    expect((JSON.parse(r.stdout) as ConsolidateJson).accepted.map((a) => a.file)).toEqual(["南康区.xlsx", "章贡区.xlsx"]);
    expect(r.status).toBe(0);
  });

  test("the same unit sent twice, identical: counted once with a note, exit 0", async () => {
    writeFileSync("章贡区（重发）.xlsx", readFileSync("章贡区.xlsx"));
    const r = await run("consolidate", "章贡区.xlsx", "章贡区（重发）.xlsx", "南康区.xlsx", ...base, "-o", "汇总.xlsx", "--json");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as ConsolidateJson;
    expect(json.rejected).toEqual([]);
    expect(json.accepted.map((a) => a.file)).toEqual(["南康区.xlsx", "章贡区.xlsx"]);
    expect(json.duplicates.map((d) => [d.unit, d.identical, d.kept])).toEqual([["章贡区市场监督管理局", true, "章贡区.xlsx"]]);
    const text = await run("consolidate", "章贡区.xlsx", "章贡区（重发）.xlsx", ...base, "-o", "汇总.xlsx", "--force");
    expect(text.stdout).toMatch(
      /章贡区市场监督管理局：章贡区.xlsx（填报日期 11月20日，文件时间 \d{4}-\d\d-\d\d \d\d:\d\d）、章贡区（重发）.xlsx（填报日期 11月20日，文件时间 [-\d :]+） 内容相同，只按一份汇总。/,
    );
  });

  test("the same unit sent twice, differing: both held out, the differing items printed, partial; --keep adopts one", async () => {
    const changed = { ...validValues(ganzhou, 1), cases_fines: 0.1, police_info: validValues(ganzhou, 1).police_info + 7 };
    writeFileSync(
      "章贡区（改）.xlsx",
      await writeTemplateWorkbook(ganzhou, { header: { unit: "章贡区市场监督管理局", date: "11月22日", stage: "全面" }, values: changed }),
    );
    const held = await run("consolidate", "章贡区.xlsx", "章贡区（改）.xlsx", "南康区.xlsx", ...base, "-o", "汇总.xlsx", "--force");
    expect(held.status).toBe(1);
    expect(held.stdout.replace(/，文件时间 [-\d :]+/g, "")).toContain(
      "章贡区市场监督管理局：章贡区.xlsx（填报日期 11月20日）、章贡区（改）.xlsx（填报日期 11月22日），内容不同，都暂不汇总；确认哪一份有效后用 --keep <文件> 选定。不同之处：",
    );
    expect(held.stdout).toMatch(
      new RegExp(`【公安局】.*：章贡区.xlsx ${validValues(ganzhou, 1).police_info}，章贡区（改）.xlsx ${changed.police_info}`),
    );
    expect(held.stdout).toContain("部分汇总（汇总 1 个单位，未汇总 1 个）已写入");

    const kept = await run(
      "consolidate",
      "章贡区.xlsx",
      "章贡区（改）.xlsx",
      "南康区.xlsx",
      ...base,
      "--keep",
      "章贡区（改）.xlsx",
      "-o",
      "汇总.xlsx",
      "--force",
      "--json",
    );
    expect(kept.status).toBe(1); // the copy not adopted is still listed as not counted
    const json = JSON.parse(kept.stdout) as ConsolidateJson;
    expect(json.accepted.map((a) => a.file)).toEqual(["南康区.xlsx", "章贡区（改）.xlsx"]);
    expect(json.partial).toBe(false);
    const police = json.totals.find((t) => t.item === ganzhou.sections.flatMap((s) => s.items).find((i) => i.id === "police_info")!.label)!;
    expect(police.value).toBe(changed.police_info + validValues(ganzhou, 2).police_info);

    const wrong = await run(
      "consolidate",
      "章贡区.xlsx",
      "章贡区（改）.xlsx",
      ...base,
      "--keep",
      "别的.xlsx",
      "-o",
      "汇总.xlsx",
      "--force",
    );
    expect([wrong.status, wrong.stderr]).toEqual([2, expect.stringContaining("--keep 指定的“别的.xlsx”不在要汇总的文件中")]);
  });

  test("re-running: the output among the inputs and a previous roll-up of the same unit are skipped, not added twice", async () => {
    expect((await run("consolidate", "章贡区.xlsx", ...base, "-o", "汇总.xlsx")).status).toBe(0);
    writeFileSync("上次汇总.xlsx", readFileSync("汇总.xlsx"));
    const r = await run("consolidate", "章贡区.xlsx", "南康区.xlsx", "上次汇总.xlsx", "汇总.xlsx", ...base, "-o", "汇总.xlsx", "--json");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("提示：输出文件“汇总.xlsx”也在输入文件中，已跳过。");
    expect(r.stderr).toContain("提示：“上次汇总.xlsx”是之前生成的本单位（赣州市市场监督管理局）汇总表，已跳过，以免重复计算。");
    const json = JSON.parse(r.stdout) as ConsolidateJson;
    expect(json.accepted.map((a) => a.file)).toEqual(["南康区.xlsx", "章贡区.xlsx"]);

    // one level up, a city's roll-up is an ordinary input
    const province = await run(
      "consolidate",
      "汇总.xlsx",
      "--template",
      "ganzhou-2022",
      "--unit",
      "江西省市场监督管理局",
      "-o",
      "省汇总.xlsx",
      "--json",
    );
    expect(province.status).toBe(0);
    expect((JSON.parse(province.stdout) as ConsolidateJson).accepted).toEqual([{ file: "汇总.xlsx", unit: "赣州市市场监督管理局" }]);
  });

  test("an existing file that is not our roll-up is not overwritten without --force", async () => {
    const before = digest("南康区.xlsx");
    const r = await run("consolidate", "章贡区.xlsx", ...base, "-o", "南康区.xlsx");
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining("不是本工具生成的汇总表")]);
    expect(digest("南康区.xlsx")).toBe(before);
    writeFileSync("随便.xlsx", "x");
    expect((await run("consolidate", "章贡区.xlsx", ...base, "-o", "随便.xlsx", "--force")).status).toBe(0);
    // not even with --force when the output is one of the received files
    const own = await run("consolidate", "章贡区.xlsx", "南康区.xlsx", ...base, "-o", "南康区.xlsx", "--force");
    expect([own.status, own.stderr]).toEqual([2, expect.stringContaining("是要汇总的文件之一；收到的文件只读不改")]);
    expect(digest("南康区.xlsx")).toBe(before);
  });

  test("usage errors: --template, --unit, -o required; bad --date, --stage, roster", async () => {
    const cases: [string[], string][] = [
      [["章贡区.xlsx", "--unit", "市", "-o", "a.xlsx"], "请用 --template 指定本次汇总的统计表"],
      [["章贡区.xlsx", "--template", "ganzhou-2022", "-o", "a.xlsx"], "请用 --unit 指定汇总表的填报单位"],
      [["章贡区.xlsx", "--template", "ganzhou-2022", "--unit", "市"], "请用 -o 指定输出的汇总表文件"],
      [["章贡区.xlsx", ...base, "-o", "a.xlsx", "--date", "下周一"], "--date 的值“下周一”无法识别"],
      [["章贡区.xlsx", ...base, "-o", "a.xlsx", "--stage", "第三季度"], "--stage 的值“第三季度”无法识别"],
      [["章贡区.xlsx", ...base, "-o", "a.xlsx", "--roster", "没有.txt"], "无法读取名单文件“没有.txt”：找不到该文件"],
      [["章贡区.xlsx", "--template", "nowhere-1999", "--unit", "市", "-o", "a.xlsx"], "未知的统计表模板“nowhere-1999”"],
      [[...base, "-o", "a.xlsx"], "请给出要汇总的工作簿文件"],
    ];
    for (const [args, message] of cases) {
      const r = await run("consolidate", ...args);
      expect([args.join(" "), r.status, r.stderr]).toEqual([args.join(" "), 2, expect.stringContaining(message)]);
      expect(r.stderr).not.toMatch(STACK);
    }
    expect(existsSync("a.xlsx")).toBe(false);
  });

  test("the date defaults to today as M月D日; a date like 2022-11-26 is normalised", async () => {
    await run("consolidate", "章贡区.xlsx", "--template", "ganzhou-2022", "--unit", "赣州市", "-o", "今天.xlsx");
    const a = analyzeWorkbookBytes("今天.xlsx", new Uint8Array(readFileSync("今天.xlsx")), BUILTIN_TEMPLATES);
    expect(a.input.report?.date).toBe(today());
    expect(today(new Date(2022, 10, 26))).toBe("11月26日");
    await run("consolidate", "章贡区.xlsx", "--template", "ganzhou-2022", "--unit", "赣州市", "-o", "今天.xlsx", "--date", "2022-11-26");
    expect(analyzeWorkbookBytes("x", new Uint8Array(readFileSync("今天.xlsx")), BUILTIN_TEMPLATES).input.report?.date).toBe("11月26日");
  });

  test("with nothing accepted, no roll-up is written and a previous one is kept: a message in Chinese, exit 1", async () => {
    // a good roll-up from an earlier run
    expect((await run("consolidate", "章贡区.xlsx", ...base, "-o", "上次的汇总.xlsx")).status).toBe(0);
    const before = digest("上次的汇总.xlsx");
    const message = "没有可汇总的文件，未生成汇总表";

    // every file rejected
    const rejected = await run("consolidate", "于都县.xlsx", "说明.txt", ...base, "-o", "上次的汇总.xlsx");
    expect(rejected.status).toBe(1);
    expect(rejected.stdout).toContain("已汇总 0 个单位");
    expect(rejected.stdout).toContain("✗ 于都县.xlsx（于都县市场监督管理局）：需修改 1 处");
    expect(rejected.stdout).not.toContain("汇总表已写入");
    expect(rejected.stderr).toContain(`${message}（原有的“上次的汇总.xlsx”保持不变）`);
    expect(rejected.stderr).not.toMatch(STACK);
    expect(digest("上次的汇总.xlsx")).toBe(before);

    // a mistyped wildcard that matched nothing; --json keeps stdout JSON, the message on stderr
    const none = await run("consolidate", "县区名单/*.xlsx", ...base, "-o", "上次的汇总.xlsx", "--json");
    expect(none.status).toBe(1);
    const json = JSON.parse(none.stdout) as ConsolidateJson;
    expect(json.accepted).toEqual([]);
    expect(json.rejected.map((x) => x.issues[0].message)).toEqual(["没有与“县区名单/*.xlsx”匹配的文件。"]);
    expect(none.stderr).toContain(message);
    expect(digest("上次的汇总.xlsx")).toBe(before);

    // no output file before: none after
    const fresh = await run("consolidate", "于都县.xlsx", ...base, "-o", "空汇总.xlsx");
    expect([fresh.status, fresh.stderr]).toEqual([1, expect.stringContaining(`${message}（“空汇总.xlsx”未写入）`)]);
    expect(existsSync("空汇总.xlsx")).toBe(false);
  });

  test("large batches are read on worker threads: the same results, in the same order, as in one thread", async () => {
    expect((await run("consolidate", "章贡区.xlsx", ...base, "-o", "批量汇总.xlsx")).status).toBe(0);
    const inputs = expandInputs([
      "章贡区.xlsx",
      "南康区.xlsx",
      "于都县.xlsx",
      "沈河区.xlsx",
      "说明.txt",
      "空.xlsx",
      "不存在.xlsx",
      "县区",
      "批量汇总.xlsx",
    ]);
    const one = await analyzeInputs(inputs, BUILTIN_TEMPLATES, undefined, { workers: 0 });
    const two = await analyzeInputs(inputs, BUILTIN_TEMPLATES, undefined, { workers: 2 });
    expect(two).toEqual(one);
    expect(two.map((r) => r.display)).toEqual(inputs.map((i) => i.display));
    // the template as the same object, a roll-up's kind and unit carried back; no grid, no bytes
    expect(two[3].analysis?.template).toBe(liaoning);
    expect(two[0].analysis?.template).toBe(BUILTIN_TEMPLATES.find((t) => t.id === "ganzhou-2022"));
    expect(two[8].analysis?.metadata).toEqual({ kind: "rollup", unit: "赣州市市场监督管理局" });
    expect(Object.keys(two[0].analysis!).sort()).toEqual(["input", "metadata", "template"]);
    expect(two[6].unopenable).toBe("无法打开“不存在.xlsx”：找不到该文件");
    expect(two[7].unopenable).toContain("这是文件夹");
    // a template given apart from the built-ins comes back as that object
    const custom: Template = { ...ganzhou, id: "custom-2023", title: "自定义统计表" };
    const apart = await analyzeInputs(inputs.slice(0, 2), BUILTIN_TEMPLATES, custom, { workers: 2 });
    expect(apart).toEqual(await analyzeInputs(inputs.slice(0, 2), BUILTIN_TEMPLATES, custom, { workers: 0 }));
    for (const r of apart) if (r.analysis?.input.report) expect(r.analysis.template).toBe(custom);
    // a template the workbooks carry (a learned one, no --template): one object for all of its files
    mkdirSync("自定义");
    const bytes = await writeTemplateWorkbook(custom, { header: { unit: "甲县", date: "11月20日" }, values: validValues(custom, 1) });
    writeFileSync(join("自定义", "甲县.xlsx"), bytes);
    writeFileSync(join("自定义", "乙县.xlsx"), bytes);
    const carried = await analyzeInputs(expandInputs(["自定义/*.xlsx"]), BUILTIN_TEMPLATES, undefined, { workers: 2 });
    expect(carried.map((r) => r.analysis?.template?.id)).toEqual(["custom-2023", "custom-2023"]);
    expect(carried[0].analysis?.template).toBe(carried[1].analysis?.template);
    expect(carried).toEqual(await analyzeInputs(expandInputs(["自定义/*.xlsx"]), BUILTIN_TEMPLATES, undefined, { workers: 0 }));
  });
});

test("parseRoster: BOM, CRLF, blank lines and comments", () => {
  expect(parseRoster("\uFEFF# 名单\r\n 章贡区 \r\n\r\n＃ 注释\n南康区\n")).toEqual(["章贡区", "南康区"]);
});

test("a roll-up written by the library and by the CLI agree", async () => {
  const inputs = ["章贡区.xlsx", "南康区.xlsx"].map(
    (f) => analyzeWorkbookBytes(f, new Uint8Array(readFileSync(f)), BUILTIN_TEMPLATES, ganzhou).input,
  );
  const c = consolidate({ template: ganzhou, inputs, unit: "赣州市市场监督管理局", date: "11月26日" });
  const lib = readWorkbook(await writeRollupWorkbook(ganzhou, c));
  await run(
    "consolidate",
    "章贡区.xlsx",
    "南康区.xlsx",
    ...["--template", "ganzhou-2022", "--unit", "赣州市市场监督管理局", "--date", "11月26日"],
    "-o",
    "对照.xlsx",
  );
  const cli = readWorkbook(new Uint8Array(readFileSync("对照.xlsx")));
  expect(cli.ok && lib.ok && cli.workbook.sheets.map((s) => s.rows)).toEqual(lib.ok && lib.workbook.sheets.map((s) => s.rows));
});
