/**
 * Every message source a user can see is Chinese: the string literals (and JSX text) of the message
 * catalogue, the task pane, the learned-template reader and the template checker are read with the
 * TypeScript parser, and each one that carries Chinese (so is meant for a person) must hold no English
 * word outside the allow-list. Strings without Chinese are identifiers, codes and CSS, not text.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { pathInWords } from "../../src/templates";
import { parseTemplateText } from "../../src/messages/template-zh-CN";
import { englishWords } from "../support/chinese-only";

const ROOT = path.join(__dirname, "..", "..");
const SOURCES = ["src/messages", "src/taskpane", "src/learn", "src/templates/index.ts", "src/templates/path-words.ts"];

function files(p: string): string[] {
  const full = path.join(ROOT, p);
  if (!fs.statSync(full).isDirectory()) return [full];
  return fs
    .readdirSync(full)
    .flatMap((n) =>
      /\.(ts|tsx)$/.test(n) && !n.endsWith(".d.ts")
        ? [path.join(full, n)]
        : fs.statSync(path.join(full, n)).isDirectory()
          ? files(path.join(p, n))
          : [],
    );
}

const CJK = /[\u4e00-\u9fff]/;

/** the user-facing texts of a source file: literals and JSX text that carry Chinese */
function texts(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      const text = node.text;
      // a JSX text run that is Chinese-less (punctuation, spaces) is still checked when it has letters
      if (CJK.test(text) || (ts.isJsxText(node) && /[A-Za-z]{2,}/.test(text)))
        out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test("no English word in any user-facing string of the pane, the messages, the learner and the template checker", () => {
  const found = SOURCES.flatMap(files).flatMap((file) =>
    texts(file).flatMap(({ line, text }) => {
      const words = englishWords(text);
      return words.length ? [`${path.relative(ROOT, file)}:${line} ${words.join(",")}: ${text}`] : [];
    }),
  );
  expect(found).toEqual([]);
});

test("the checker finds English where there is some (the test can fail)", () => {
  expect(englishWords("文件已损坏（zip too short (truncated?)）")).toEqual(["too", "short", "truncated"]);
  expect(englishWords("“章贡区-1.xlsx”的 C12 单元格，请在 Excel 或 WPS 中修改")).toEqual([]);
});

test("a template problem's place is said in words, not as a schema path", () => {
  expect(pathInWords("sections[0].items[0].unit")).toBe("第 1 个部门第 1 个项目的计量单位");
  expect(pathInWords("rules[2].parts[6]")).toBe("第 3 个校验规则第 7 个分类项目");
  expect(pathInWords("title")).toBe("标题");
  expect(pathInWords("（根）")).toBe("模板");
});

test("a JSON file that does not parse is told in Chinese, with the place, without the engine's English", () => {
  for (const text of ["{oops", '{"id": "x",\n  "title": }', ""]) {
    const r = parseTemplateText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0].message).toMatch(/^不是有效的 JSON 文件：/);
      expect(englishWords(r.problems[0].message)).toEqual([]);
    }
  }
  // where the engine gives a position, the place is told as line and column
  const r = parseTemplateText("{\n  oops");
  if (!r.ok) expect(r.problems[0].message).toContain("第 2 行第 3 列");
});
