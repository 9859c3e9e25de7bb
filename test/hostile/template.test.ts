/**
 * A hostile template: in a received workbook's hidden _campaign_stats sheet, in a JSON file given to
 * --template, or imported in the pane (parseTemplateText). Size caps (src/templates/schema.ts
 * TEMPLATE_LIMITS) refuse it with a Chinese problem naming the field; the text is measured (length,
 * nesting) before it is parsed, so a huge or deep one never reaches JSON.parse.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/cli";
import { bufferIo } from "../../src/cli/io";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES, TEMPLATE_LIMITS } from "../../src/templates";
import { parseTemplateText } from "../../src/messages/template-zh-CN";
import { ganzhou } from "../support/fixtures";
import { buildCorpus, classify, type Case } from "./support/corpus";

jest.setTimeout(60_000);

const STACK = /^\s+at .+[:(]\d+/m;
let corpus: Case[];
let dir: string;

beforeAll(async () => {
  corpus = (await buildCorpus({ noiseRows: 10 })).filter((c) => c.id.startsWith("template-"));
  dir = mkdtempSync(join(tmpdir(), "cs-template-"));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a received workbook whose hidden template is huge, deep or too wide: refused, the field named, never parsed whole", () => {
  expect(corpus.map((c) => c.id)).toEqual(["template-huge", "template-deep", "template-many"]);
  const parse = jest.spyOn(JSON, "parse");
  try {
    for (const c of corpus) {
      parse.mockClear();
      for (const wanted of [ganzhou, undefined]) {
        const a = analyzeWorkbookBytes(c.file, c.bytes, BUILTIN_TEMPLATES, wanted);
        expect({ file: c.file, classification: classify(a.input) }).toEqual({ file: c.file, classification: "unreadable" });
        const f = a.input.findings.find((x) => x.code === "file-template-too-large")!;
        expect(f).toMatchObject({ severity: "error", file: c.file });
        expect(renderMessage(f)).toMatch(/^工作簿隐藏的模板信息超出限制/);
        expect(a.metadata?.template).toBeUndefined();
      }
      // the huge and deep texts are measured, not parsed
      const longest = Math.max(0, ...parse.mock.calls.map(([text]) => String(text).length));
      expect({ file: c.file, parsedAtMost: longest <= TEMPLATE_LIMITS.jsonChars }).toEqual({ file: c.file, parsedAtMost: true });
    }
  } finally {
    parse.mockRestore();
  }
  const message = (id: string) =>
    renderMessage(
      analyzeWorkbookBytes("x.xlsx", corpus.find((c) => c.id === id)!.bytes, BUILTIN_TEMPLATES).input.findings.find(
        (x) => x.code === "file-template-too-large",
      )!,
    );
  expect(message("template-huge")).toContain(`模板 JSON 过大（超过 ${TEMPLATE_LIMITS.jsonChars} 个字符）`);
  expect(message("template-deep")).toContain(`嵌套层数过多（超过 ${TEMPLATE_LIMITS.jsonDepth} 层）`);
  expect(message("template-many")).toContain(`sections：“部门”过多（最多 ${TEMPLATE_LIMITS.sections} 个）`);
});

test("the command line: each such workbook exit 1, named, with the Chinese reason, no stack trace; consolidate rejects them", async () => {
  for (const c of corpus) writeFileSync(join(dir, c.file), c.bytes);
  for (const c of corpus) {
    const io = bufferIo();
    const status = await main(["validate", join(dir, c.file)], io);
    expect({ file: c.file, status }).toEqual({ file: c.file, status: 1 });
    expect(io.out()).toContain(`✗ ${join(dir, c.file)}：`);
    expect(io.out()).toMatch(/隐藏的模板信息.*超出限制/);
    expect(io.out() + io.err()).not.toMatch(STACK);
  }
  const io = bufferIo();
  const status = await main(
    [
      "consolidate",
      ...corpus.map((c) => join(dir, c.file)),
      "--template",
      "ganzhou-2022",
      "--unit",
      "赣州市",
      "-o",
      join(dir, "汇总.xlsx"),
    ],
    io,
  );
  expect(status).toBe(1);
  expect(io.out()).toContain("已汇总 0 个单位");
  for (const c of corpus) expect(io.out()).toContain(`✗ ${join(dir, c.file)}：无法读取`);
});

test("--template with a huge, deep or too wide JSON file: a usage error naming the file and the field, no stack trace", async () => {
  const wide = JSON.stringify({
    ...ganzhou,
    id: "wide-2024",
    sections: Array.from({ length: 150 }, (_, s) => ({
      id: `s${s}`,
      name: `部门${s}`,
      items: [{ id: `x${s}`, label: "项目", unit: "件" }],
    })),
    rules: [],
  });
  const files: [string, string, RegExp][] = [
    ["巨大.json", " ".repeat(TEMPLATE_LIMITS.jsonChars + 1) + "{}", /模板 JSON 过大/],
    ["很深.json", "[".repeat(200_000) + "]".repeat(200_000), /嵌套层数过多/],
    ["很宽.json", wide, /sections：“部门”过多（最多 100 个）/],
    ["超大文件.json", "x".repeat(TEMPLATE_LIMITS.jsonChars * 4 + 1), /模板文件“.*超大文件\.json”过大/],
  ];
  for (const [name, text, reason] of files) {
    const path = join(dir, name);
    writeFileSync(path, text);
    const io = bufferIo();
    const status = await main(["validate", join(dir, "不存在.xlsx"), "--template", path], io);
    expect({ name, status }).toEqual({ name, status: 2 });
    expect(io.err()).toContain(name);
    expect(io.err()).toMatch(reason);
    expect(io.err()).not.toMatch(STACK);
    expect(io.err().split("\n").length).toBeLessThan(40);
  }
  // the same text imported in the pane
  expect(parseTemplateText(wide)).toEqual({
    ok: false,
    problems: [{ path: "sections", message: "“部门”过多（最多 100 个）", limit: true }],
  });
});
