import { BUILTIN_TEMPLATES, findBuiltinTemplate, itemKind, parseTemplate, parseTemplateText } from "../src/templates";

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

test("a rule naming an item the template does not have is reported with its path", () => {
  const t = JSON.parse(JSON.stringify(findBuiltinTemplate("ganzhou-2022")));
  t.rules[0].parts.push("no_such_item");
  expect(parseTemplate(t)).toEqual({ ok: false, problems: [{ path: "rules[0].parts[6]", message: "“分类项目”引用了模板中不存在的项目编号" }] });
});

test("template text that is not JSON is a problem, not an exception", () => {
  const r = parseTemplateText("{ not json");
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.problems[0].message).toMatch(/^不是有效的 JSON 文件/);
});
