/** campaign-stats learn: review printed, template JSON written; exit 0 / 1 (bad attachment) / 2 (usage). */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { learnCommand } from "../../src/cli/commands/learn";
import { parseTemplateText } from "../../src/messages/template-zh-CN";
import { JIANGXI_2023, gridToXlsx, pageGrid, pageToDocx } from "./support";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "learn-cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let out = "";
  let err = "";
  const code = await learnCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

test("learns a .docx: prints the review, writes a valid template file", async () => {
  const input = join(dir, "附件2.docx");
  writeFileSync(input, pageToDocx(pageGrid(JIANGXI_2023)));
  const output = join(dir, "jiangxi.json");
  const r = await run(input, "-o", output, "--id", "jiangxi-2023");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(r.out).toContain("模板：江西2023网络市场监管促发展保安全专项行动情况统计表");
  expect(r.out).toContain("四、市场监管部门（13 项）");
  expect(r.out).toContain(`已写入模板：${output}`);
  const text = readFileSync(output, "utf8");
  expect(text).toMatch(/^\{\n {2}"id": "jiangxi-2023",\n/);
  const loaded = parseTemplateText(text);
  expect(loaded.ok && loaded.template.sections.map((s) => s.name)).toEqual(["网信部门", "电信主管部门", "公安部门", "市场监管部门"]);
  expect(loaded.ok && loaded.template.source).toBe("附件2.docx");
});

test("learns an .xlsx with --year; -o - writes the JSON to stdout and the review to stderr; CliIo-style io works too", async () => {
  const input = join(dir, "附件.xlsx");
  writeFileSync(input, await gridToXlsx(pageGrid(JIANGXI_2023).grid));
  let out = "";
  let err = "";
  const code = await learnCommand([input, "-o", "-", "--year", "2024"], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  expect(code).toBe(0);
  expect(JSON.parse(out).year).toBe(2024);
  expect(err).toContain("年度：2024");
});

test("a broken attachment: exit 1, the file named in Chinese, nothing written", async () => {
  const input = join(dir, "附件.doc");
  writeFileSync(input, new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]));
  const output = join(dir, "t.json");
  const r = await run(input, "-o", output);
  expect(r.code).toBe(1);
  expect(r.err).toContain("无法从");
  expect(r.err).toContain("文件“附件.doc”是旧版 Word 文档（.doc），无法直接读取");
  expect(existsSync(output)).toBe(false);

  const missing = await run(join(dir, "没有这个文件.docx"), "-o", output);
  expect(missing.code).toBe(1);
  expect(missing.err).toContain("没有这个文件.docx");
  expect(missing.err).toContain("找不到该文件");
});

test.each([
  [[], "请给出统计表附件"],
  [["a.docx"], "请用 -o 指定输出的模板文件"],
  [["a.docx", "b.docx", "-o", "t.json"], "一次只能学习一个附件"],
  [["a.docx", "-o", "t.xlsx"], "应以 .json 结尾"],
  [["a.docx", "-o", "t.json", "--id", "江西"], "--id 的值“江西”无效"],
  [["a.docx", "-o", "t.json", "--year", "23"], "--year 的值“23”无效"],
  [["a.docx", "-o", "t.json", "--bogus"], "未知的选项 --bogus"],
])("usage error %j → exit 2", async (args, message) => {
  const r = await run(...args.map((a) => (a.endsWith(".json") || a.endsWith(".xlsx") ? join(dir, a) : a)));
  expect(r.code).toBe(2);
  expect(r.err).toContain(message);
  expect(r.err).toContain("campaign-stats learn --help");
});

test("an existing output is not overwritten without --force", async () => {
  const input = join(dir, "附件2.docx");
  writeFileSync(input, pageToDocx(pageGrid(JIANGXI_2023)));
  const output = join(dir, "t.json");
  writeFileSync(output, "{}");
  const r = await run(input, "-o", output);
  expect(r.code).toBe(2);
  expect(r.err).toContain("已存在");
  expect(readFileSync(output, "utf8")).toBe("{}");
  expect((await run(input, "-o", output, "--force")).code).toBe(0);
  expect(parseTemplateText(readFileSync(output, "utf8")).ok).toBe(true);
});

test("--help", async () => {
  const r = await run("--help");
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^用法：campaign-stats learn <附件.docx\|附件.xlsx> -o <模板.json>/);
});
