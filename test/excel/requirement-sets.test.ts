/**
 * Every Excel API src/excel uses above the manifest's minimum ExcelApi must sit behind its capability
 * (requirements.ts): inside `if (caps.x …)`, `caps.x ? … : …`, `caps.x && …`, or after `if (!caps.x …) return`.
 * The version of each API is the `[Api set: ExcelApi 1.n]` tag of its declaration in @types/office-js,
 * read through the TypeScript compiler API; the capability's version is read from capabilities().
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const EXCEL_DIR = path.join(ROOT, "src", "excel");

const version = (v: string) =>
  v
    .split(".")
    .map(Number)
    .reduce((a, n) => a * 100 + n, 0);

function manifestMinimum(): string {
  const xml = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
  return /<Set Name="ExcelApi" MinVersion="([\d.]+)"/.exec(xml)![1];
}

/** capability name → ExcelApi version, from `name: api("1.n")` in requirements.ts */
function capabilityVersions(): Map<string, string> {
  const text = fs.readFileSync(path.join(EXCEL_DIR, "requirements.ts"), "utf8");
  return new Map([...text.matchAll(/(\w+): api\("([\d.]+)"\)/g)].map((m) => [m[1], m[2]]));
}

function apiSet(decl: ts.Declaration): string | undefined {
  const file = decl.getSourceFile();
  if (!file.fileName.includes("@types/office-js")) return undefined;
  const text = file.text.slice(decl.getFullStart(), decl.getStart());
  return /\[Api set: ExcelApi ([\d.]+)/.exec(text)?.[1];
}

interface Use {
  where: string;
  api: string;
  set: string;
}

let checker: ts.TypeChecker;

/**
 * The capability names a condition tests: caps.x itself, or a variable set only under caps.x
 * (`const merged = caps.mergedAreas ? … : undefined`, then `if (merged …)`).
 */
function capsIn(node: ts.Node): string[] {
  const found = [...node.getText().matchAll(/caps\.(\w+)/g)].map((m) => m[1]);
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      const decl = checker.getSymbolAtLocation(n)?.valueDeclaration;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isConditionalExpression(decl.initializer))
        found.push(...[...decl.initializer.condition.getText().matchAll(/caps\.(\w+)/g)].map((m) => m[1]));
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function gates(node: ts.Node): string[] {
  const found: string[] = [];
  for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression && child === parent.thenStatement) found.push(...capsIn(parent.expression));
    if (ts.isConditionalExpression(parent) && child === parent.whenTrue) found.push(...capsIn(parent.condition));
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === parent.right)
      found.push(...capsIn(parent.left));
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      // an earlier `if (!caps.x …) return …;` in the same block
      for (const s of parent.statements) {
        if (s === child) break;
        if (
          ts.isIfStatement(s) &&
          /!caps\./.test(s.expression.getText()) &&
          (ts.isReturnStatement(s.thenStatement) || (ts.isBlock(s.thenStatement) && s.thenStatement.statements.some(ts.isReturnStatement)))
        ) {
          found.push(...[...s.expression.getText().matchAll(/!caps\.(\w+)/g)].map((m) => m[1]));
        }
      }
    }
  }
  return found;
}

function scan(): { ungated: Use[]; above: Use[] } {
  const files = fs
    .readdirSync(EXCEL_DIR)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(EXCEL_DIR, f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["office-js"],
  });
  checker = program.getTypeChecker();
  const minimum = version(manifestMinimum());
  const capVersion = capabilityVersions();
  const ungated: Use[] = [];
  const above: Use[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        const sets = (symbol?.declarations ?? []).map(apiSet).filter((s): s is string => !!s);
        if (sets.length > 0) {
          const set = sets.reduce((a, b) => (version(a) <= version(b) ? a : b));
          if (version(set) > minimum) {
            const { line } = source.getLineAndCharacterOfPosition(node.getStart());
            const use = { where: `${path.basename(file)}:${line + 1}`, api: node.getText().slice(-60), set };
            above.push(use);
            const covered = gates(node).some((cap) => capVersion.has(cap) && version(capVersion.get(cap)!) >= version(set));
            if (!covered) ungated.push(use);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { ungated, above };
}

test("every ExcelApi use above the manifest's minimum is behind its capability", () => {
  const { ungated, above } = scan();
  // the scan sees the gated uses (data validation 1.8, merged areas 1.13): it is not vacuous
  expect(above.map((u) => u.set)).toEqual(expect.arrayContaining(["1.8", "1.13"]));
  expect(ungated).toEqual([]);
}, 120_000);

test("README states the manifest's minimum", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  expect(readme).toContain(`ExcelApi ${manifestMinimum()}`);
});
