import { analyzeSheets } from "../../src/core/analyze";
import type { ReceivedInput } from "../../src/core/consolidate";
import { finding } from "../../src/core/findings";
import { compareVerdicts, rejectionVerdict, verdictOf } from "../../src/core/verdict";
import { consolidate } from "../../src/core/consolidate";
import { verdictText } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { filledGrid, ganzhou, setItem, validValues } from "../support/fixtures";

function county(unit: string, change?: (g: ReturnType<typeof filledGrid>) => void): ReceivedInput {
  const grid = filledGrid(ganzhou, { header: { unit, date: "11月20日" }, values: validValues(ganzhou) as Record<string, number> });
  change?.(grid);
  return analyzeSheets(`${unit}.xlsx`, [grid], BUILTIN_TEMPLATES, { wanted: ganzhou }).input;
}

test("a good file is 可以报送, a wrong one 需修改 N 处 with N its errors", () => {
  const good = verdictOf(county("章贡区"));
  expect(good.verdict).toBe("ok");
  expect(verdictText(good)).toBe("可以报送");
  const bad = verdictOf(county("于都县", (g) => (setItem(g, "police_info", "若干"), setItem(g, "cases_fines", "很多"))));
  expect(bad.verdict).toBe("needs-fix");
  expect(bad.errors).toBeGreaterThanOrEqual(2);
  expect(verdictText(bad)).toBe(`需修改 ${bad.errors} 处`);
});

test("an unreadable file is 无法读取, never 需修改 1 处; another template is 非本模板", () => {
  const broken: ReceivedInput = { source: "坏.xlsx", findings: [finding("file-corrupt", { file: "坏.xlsx" })] };
  expect(verdictText(verdictOf(broken))).toBe("无法读取");
  const other: ReceivedInput = {
    source: "别的.xlsx",
    findings: [finding("not-a-statistics-table", { found: 2, expected: 40, file: "别的.xlsx" })],
  };
  expect(verdictText(verdictOf(other))).toBe("非本模板");
  expect(verdictText(verdictOf(county("瑞金市"), true))).toBe("重复报送");
});

test("rows needing action sort before good ones, more errors first", () => {
  const rows = [
    verdictOf(county("章贡区")),
    verdictOf(county("于都县", (g) => setItem(g, "police_info", "若干"))),
    verdictOf({ findings: [finding("file-corrupt", {})] }),
  ];
  expect([...rows].sort(compareVerdicts).map((r) => r.verdict)).toEqual(["needs-fix", "unreadable", "ok"]);
});

test("a file the roll-up left out gets the same verdict words", () => {
  const bad = county("于都县", (g) => setItem(g, "police_info", "若干"));
  const c = consolidate({
    template: ganzhou,
    unit: "赣州市",
    date: "11月26日",
    inputs: [bad, { source: "坏.xlsx", findings: [finding("file-corrupt", { file: "坏.xlsx" })] }],
  });
  expect(c.rejected.map((r) => [r.source, verdictText(rejectionVerdict(r))]).sort()).toEqual(
    [
      ["于都县.xlsx", `需修改 ${verdictOf(bad).errors} 处`],
      ["坏.xlsx", "无法读取"],
    ].sort(),
  );
});
