import { BUILTIN_TEMPLATES, findBuiltinTemplate, itemKind, jsonNestedDeeper, MAX_PROBLEMS, TEMPLATE_LIMITS } from "../src/templates";
import { parseTemplate, parseTemplateText } from "../src/messages/template-zh-CN";

test("built-in templates are liaoning-2019 and ganzhou-2022", () => {
  expect(BUILTIN_TEMPLATES.map((t) => t.id)).toEqual(["liaoning-2019", "ganzhou-2022"]);
});

test("liaoning-2019 has 14 primary categories partitioning 查处网络违法案件", () => {
  const t = findBuiltinTemplate("liaoning-2019")!;
  const rule = t.rules.find((r) => r.kind === "partition")!;
  expect(rule.kind === "partition" && rule.parts.length).toBe(14);
  const items = t.sections.flatMap((s) => s.items);
  expect(items).toHaveLength(1 + 4 + 2 + 6 + 2 + 2 + 3 + 14);
});

test("ganzhou-2022 keeps the same label twice with different units (批次 and 件)", () => {
  const t = findBuiltinTemplate("ganzhou-2022")!;
  const customs = t.sections.find((s) => s.name === "赣州海关")!;
  expect(customs.items.map((i) => [i.label, i.unit])).toEqual([
    ["寄递渠道查获侵权货物", "批次"],
    ["寄递渠道查获侵权货物", "件"],
    ["进口环节查获含金银箔粉食品", "吨"],
  ]);
});

test("units decide the number kind", () => {
  const t = findBuiltinTemplate("ganzhou-2022")!;
  const kinds = Object.fromEntries(t.sections.flatMap((s) => s.items).map((i) => [i.id, itemKind(i)]));
  expect(kinds.cyber_info).toBe("decimal");
  expect(kinds.customs_gold_food).toBe("decimal");
  expect(kinds.cases_fines).toBe("decimal");
  expect(kinds.market_blacklist).toBe("count");
  expect(kinds.customs_batches).toBe("count");
});

test("a template file with bad fields gets Chinese problems naming the field", () => {
  const t = JSON.parse(JSON.stringify(findBuiltinTemplate("ganzhou-2022")));
  delete t.sections[1].items[0].unit;
  expect(parseTemplate(t)).toEqual({ ok: false, problems: [{ path: "sections[1].items[0].unit", message: "缺少“计量单位”" }] });
});

test.each<[string, (t: Record<string, any>) => void, string, string]>([
  ["a missing field", (t) => delete t.title, "title", "缺少“标题”"],
  ["a field of the wrong type", (t) => (t.title = 2022), "title", "“标题”的类型不对（应为文字）"],
  ["a version that is not whole", (t) => (t.version = 1.5), "version", "“版本”的类型不对（应为整数）"],
  ["a year out of range", (t) => (t.year = 1999), "year", "“年度”的值太小"],
  ["departments that are not a list", (t) => (t.sections = "公安局"), "sections", "“部门”的类型不对（应为列表）"],
  ["an unknown rule kind", (t) => (t.rules[0].kind = "sum"), "rules[0].kind", "“规则类型”无效：校验规则只能是“分类合计”或“不超过”"],
  [
    "an unknown number kind",
    (t) => (t.sections[0].items[0].kind = "int"),
    "sections[0].items[0].kind",
    "“数值类型”的取值无效，可选：count、decimal",
  ],
  [
    "a flag that is not 是/否",
    (t) => (t.sections[0].items[0].inLabelCell = "yes"),
    "sections[0].items[0].inLabelCell",
    "“总数写在名称单元格内”的类型不对（应为是/否）",
  ],
])("%s is named in Chinese", (_, spoil, path, message) => {
  const t = JSON.parse(JSON.stringify(findBuiltinTemplate("ganzhou-2022")));
  spoil(t);
  expect(parseTemplate(t)).toEqual({ ok: false, problems: [{ path, message }] });
});

test.each([[null], [[]], ["模板"]])("a template that is not an object (%p) says so", (data) => {
  expect(parseTemplate(data)).toEqual({ ok: false, problems: [{ path: "（根）", message: "模板的类型不对（应为对象）" }] });
});

test("a rule naming an item the template does not have is reported with its path", () => {
  const t = JSON.parse(JSON.stringify(findBuiltinTemplate("ganzhou-2022")));
  t.rules[0].parts.push("no_such_item");
  expect(parseTemplate(t)).toEqual({
    ok: false,
    problems: [{ path: "rules[0].parts[6]", message: "“分类项目”引用了模板中不存在的项目编号" }],
  });
});

test("template text that is not JSON is a problem, not an exception", () => {
  const r = parseTemplateText("{ not json");
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.problems[0].message).toMatch(/^不是有效的 JSON 文件/);
});

describe("size caps (a template from outside: --template, an import, a received workbook's hidden sheet)", () => {
  const base = () => JSON.parse(JSON.stringify(findBuiltinTemplate("ganzhou-2022"))) as Record<string, any>;
  const item = (i: number) => ({ id: `x${i}`, label: `项目${i}`, unit: "件" });

  test("the built-ins are far inside every cap", () => {
    for (const t of BUILTIN_TEMPLATES) {
      expect(JSON.stringify(t).length).toBeLessThan(TEMPLATE_LIMITS.jsonChars / 100);
      expect(t.sections.length).toBeLessThan(TEMPLATE_LIMITS.sections / 5);
      expect(parseTemplateText(JSON.stringify(t))).toEqual({ ok: true, template: t });
    }
  });

  test("too many departments: a Chinese problem naming the field, flagged as a size cap", () => {
    const t = base();
    t.sections = Array.from({ length: TEMPLATE_LIMITS.sections + 1 }, (_, s) => ({ id: `s${s}`, name: `部门${s}`, items: [item(s)] }));
    t.rules = [];
    expect(parseTemplate(t)).toEqual({
      ok: false,
      problems: [{ path: "sections", message: `“部门”过多（最多 ${TEMPLATE_LIMITS.sections} 个）`, limit: true }],
    });
  });

  test("too many items in one department, and in all together", () => {
    const t = base();
    t.sections[0].items = Array.from({ length: TEMPLATE_LIMITS.itemsPerSection + 1 }, (_, i) => item(i));
    const r = parseTemplate(t);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toEqual({
        path: "sections[0].items",
        message: `“项目”过多（最多 ${TEMPLATE_LIMITS.itemsPerSection} 个）`,
        limit: true,
      });

    const all = base();
    const per = TEMPLATE_LIMITS.itemsPerSection;
    all.sections = Array.from({ length: Math.ceil((TEMPLATE_LIMITS.items + 1) / per) }, (_, s) => ({
      id: `s${s}`,
      name: `部门${s}`,
      items: Array.from({ length: per }, (_, i) => item(s * per + i)),
    }));
    all.rules = [];
    expect(parseTemplate(all)).toEqual({
      ok: false,
      problems: [{ path: "sections", message: `项目总数过多（所有部门合计最多 ${TEMPLATE_LIMITS.items} 个）`, limit: true }],
    });
  });

  test("a label, a title or a footnote too long; too many rules", () => {
    const t = base();
    t.sections[2].items[1].label = "很".repeat(TEMPLATE_LIMITS.labelChars + 1);
    t.title = "题".repeat(TEMPLATE_LIMITS.title + 1);
    t.footnote = "注".repeat(TEMPLATE_LIMITS.noteChars + 1);
    const r = parseTemplate(t);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual(
        expect.arrayContaining([
          { path: "sections[2].items[1].label", message: `“项目名称”过长（最多 ${TEMPLATE_LIMITS.labelChars} 个字符）`, limit: true },
          { path: "title", message: `“标题”过长（最多 ${TEMPLATE_LIMITS.title} 个字符）`, limit: true },
          { path: "footnote", message: `“脚注”过长（最多 ${TEMPLATE_LIMITS.noteChars} 个字符）`, limit: true },
        ]),
      );
    }
    const rules = base();
    rules.rules = Array.from({ length: TEMPLATE_LIMITS.rules + 1 }, (_, i) => ({
      kind: "at-most",
      id: `r${i}`,
      item: "cases_transfer",
      limit: "cases_total",
    }));
    const rr = parseTemplate(rules);
    expect(!rr.ok && rr.problems[0]).toEqual({ path: "rules", message: `“校验规则”过多（最多 ${TEMPLATE_LIMITS.rules} 个）`, limit: true });
  });

  test("JSON text too long or too deep is refused before it is parsed, quickly", () => {
    const parse = jest.spyOn(JSON, "parse");
    try {
      const t0 = performance.now();
      const long = parseTemplateText(" ".repeat(TEMPLATE_LIMITS.jsonChars) + "{}");
      const deep = parseTemplateText("[".repeat(5_000_000) + "]".repeat(5_000_000));
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(parse).not.toHaveBeenCalled();
      expect(long).toEqual({ ok: false, problems: [{ path: "（根）", message: expect.stringMatching(/^模板 JSON 过大/), limit: true }] });
      expect(parseTemplateText("[".repeat(100) + "]".repeat(100))).toEqual({
        ok: false,
        problems: [{ path: "（根）", message: expect.stringMatching(/^模板 JSON 嵌套层数过多/), limit: true }],
      });
      expect(deep.ok).toBe(false);
    } finally {
      parse.mockRestore();
    }
    // brackets inside strings are not nesting
    const t = base();
    t.footnote = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{{{{ " \\" ]';
    expect(jsonNestedDeeper(JSON.stringify(t), TEMPLATE_LIMITS.jsonDepth)).toBe(false);
    expect(parseTemplateText(JSON.stringify(t)).ok).toBe(true);
  });

  test("a template with thousands of bad fields lists the first problems and counts the rest", () => {
    const t = base();
    t.sections = Array.from({ length: 90 }, (_, s) => ({ id: `s${s}`, name: "", items: [{ id: `x${s}`, label: "", unit: "" }] }));
    const r = parseTemplate(t);
    expect(!r.ok && r.problems.length).toBe(MAX_PROBLEMS + 1);
    expect(!r.ok && r.problems[MAX_PROBLEMS].message).toMatch(/^另有 \d+ 处问题未列出$/);
  });
});
