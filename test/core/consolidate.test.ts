import fc from "fast-check";
import { consolidate, type ReceivedInput } from "../../src/core/consolidate";
import { analyzeSheets } from "../../src/core/analyze";
import { readSubmission } from "../../src/core/read";
import { validate } from "../../src/core/validate";
import { layoutTemplate, layoutToGrid } from "../../src/core/layout";
import { flatten } from "../../src/core/findings";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { itemKind, type Template } from "../../src/templates/schema";
import { GANZHOU_COUNTIES, filledGrid, ganzhou, setItem, validValues } from "../support/fixtures";
import type { CellValue } from "../../src/core/grid";

function county(
  unit: string,
  values: Record<string, number | string>,
  template: Template = ganzhou,
  extra?: (g: ReturnType<typeof filledGrid>) => void,
): ReceivedInput {
  const grid = filledGrid(template, { header: { unit, date: "11月20日" }, values: values as Record<string, number> });
  extra?.(grid);
  return analyzeSheets(`${unit}.xlsx`, [grid], BUILTIN_TEMPLATES, { wanted: template }).input;
}

const base = { template: ganzhou, unit: "赣州市市场监督管理局", date: "11月26日" };

test("accepted units are added up item by item, exactly", () => {
  const a = validValues(ganzhou, 1);
  const b = validValues(ganzhou, 10);
  const r = consolidate({ ...base, inputs: [county("章贡区", { ...a, cases_fines: 0.1 }), county("南康区", { ...b, cases_fines: 0.2 })] });
  expect(r.accepted.map((x) => x.unit)).toEqual(["南康区", "章贡区"]);
  expect(r.totals.police_info).toBe(String(a.police_info + b.police_info));
  expect(r.totals.cases_fines).toBe("0.3");
  expect(r.rejected).toEqual([]);
});

test("a rejected file never contributes; its findings say why", () => {
  const bad = county("于都县", validValues(ganzhou), ganzhou, (g) => setItem(g, "police_info", "若干"));
  const good = county("信丰县", validValues(ganzhou, 3));
  const r = consolidate({ ...base, inputs: [bad, good] });
  expect(r.accepted.map((x) => x.unit)).toEqual(["信丰县"]);
  expect(r.rejected.map((x) => [x.unit, x.reason])).toEqual([["于都县", "invalid"]]);
  expect(flatten(r.rejected[0].findings, ["file", "code"])).toEqual([["于都县.xlsx", "not-a-number"]]);
  expect(r.totals.police_info).toBe(String(validValues(ganzhou, 3).police_info));
});

test("two files claiming the same 填报单位 are both held out as 重复报送", () => {
  const r = consolidate({
    ...base,
    inputs: [county("瑞金市", validValues(ganzhou)), county(" 瑞金市", validValues(ganzhou, 2)), county("会昌县", validValues(ganzhou))],
  });
  expect(r.accepted.map((x) => x.unit)).toEqual(["会昌县"]);
  expect(r.rejected.map((x) => [x.reason, x.findings[0].code])).toEqual([
    ["duplicate", "duplicate-unit"],
    ["duplicate", "duplicate-unit"],
  ]);
});

test("the roster yields 未报送 for missing units; units are matched by their place name", () => {
  const r = consolidate({
    ...base,
    roster: ["章贡区", "南康区", "赣县区"],
    inputs: [county("章贡区市场监督管理局", validValues(ganzhou)), county("石城县", validValues(ganzhou))],
  });
  expect(r.missing).toEqual(["南康区", "赣县区"]);
  expect(flatten(r.findings, ["code", "unit"])).toEqual([
    ["missing-from-roster", "南康区"],
    ["missing-from-roster", "赣县区"],
    ["not-in-roster", "石城县"],
  ]);
  expect(r.accepted.map((a) => a.unit)).toEqual(["章贡区市场监督管理局", "石城县"]);
});

test("remarks are collected with the unit's name in front", () => {
  const a = county("章贡区", validValues(ganzhou), ganzhou, (g) => setItem(g, "cases_other", "1起同时涉及价格违法", "remark"));
  const b = county("南康区", validValues(ganzhou), ganzhou, (g) => setItem(g, "cases_other", '=HYPERLINK("http://x")', "remark"));
  const r = consolidate({ ...base, inputs: [a, b] });
  expect(r.remarks.cases_other).toBe('南康区：=HYPERLINK("http://x")；章贡区：1起同时涉及价格违法');
});

test("a section every unit marked 不适用 stays 不适用 in the roll-up; otherwise it counts as 0 for those units", () => {
  const v = validValues(ganzhou);
  const { forestry_leads: _a, forestry_cases: _b, ...noForestry } = v;
  const naCounty = (n: number) =>
    analyzeSheets(
      `${n}.xlsx`,
      [filledGrid(ganzhou, { header: { unit: `县${n}`, date: "11月1日" }, values: noForestry, notApplicable: ["forestry"] })],
      [ganzhou],
    ).input;
  const both = consolidate({ ...base, inputs: [naCounty(1), naCounty(2)] });
  expect(both.notApplicable).toEqual(["forestry"]);
  expect(both.totals.forestry_leads).toBeUndefined();
  const one = consolidate({ ...base, inputs: [naCounty(1), county("县2", v)] });
  expect(one.notApplicable).toEqual([]);
  expect(one.totals.forestry_leads).toBe(String(v.forestry_leads));
});

/**
 * Figures are generated as whole numbers of 10^-4 (the most decimals the template allows), as BigInt, so the
 * oracle below adds them exactly without calling the code under test. Counts are sometimes 10^11–9·10^11, so
 * an item's sum over a few units passes 2^53 ten-thousandths, where float or safe-integer accumulation breaks.
 */
const SCALE = 10_000n;
const countArb = fc
  .oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 100_000n }) },
    { weight: 1, arbitrary: fc.bigInt({ min: 10n ** 11n, max: 9n * 10n ** 11n }) },
  )
  .map((n) => n * SCALE);
const decimalArb = fc
  .oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 99_999n }) },
    { weight: 1, arbitrary: fc.bigInt({ min: 10n ** 9n, max: 10n ** 10n - 1n }) },
  )
  .chain((whole) => fc.bigInt({ min: 0n, max: SCALE - 1n }).map((tenThousandths) => whole * SCALE + tenThousandths));

/** exact text of a count of ten-thousandths, as the roll-up writes it: "12", "0.3", "12345.0067" */
function scaledText(n: bigint): string {
  const fraction = (n % SCALE).toString().padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${n / SCALE}.${fraction}` : `${n / SCALE}`;
}

/** random valid submissions for a template, in ten-thousandths: partitions hold, at-most rules hold */
function scaledSubmissionArb(template: Template) {
  const items = template.sections.flatMap((s) => s.items);
  return fc.tuple(...items.map((i) => (itemKind(i) === "decimal" ? decimalArb : countArb))).map((nums) => {
    const scaled: Record<string, bigint> = {};
    items.forEach((i, n) => (scaled[i.id] = nums[n]));
    for (const r of template.rules) if (r.kind === "partition") scaled[r.total] = r.parts.reduce((s, p) => s + scaled[p], 0n);
    for (const r of template.rules) if (r.kind === "at-most" && scaled[r.item] > scaled[r.limit]) scaled[r.item] = scaled[r.limit];
    return scaled;
  });
}

/** the numbers a clerk's workbook holds (at most 15 significant digits, so exact as doubles) */
function asNumbers(scaled: Record<string, bigint>): Record<string, number> {
  return Object.fromEntries(Object.entries(scaled).map(([id, n]) => [id, Number(scaledText(n))]));
}

function submissionArb(template: Template) {
  return scaledSubmissionArb(template).map(asNumbers);
}

/** 赣州's counties: distinct names, of different lengths once 市场监督管理局 is added to some */
const COUNTIES = GANZHOU_COUNTIES.slice(0, 18);

describe.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))("properties of %s", (_, template) => {
  const inputsArb = fc
    .array(submissionArb(template), { minLength: 1, maxLength: 6 })
    .map((list) => list.map((values, n) => ({ values, input: county(`第${n + 1}县`, values, template) })));

  /**
   * 1–6 counties with distinct names, some with a broken figure, some with a remark; a roster naming some of
   * them and others; and a permutation of the counties. Plain data, so a counterexample reads easily.
   */
  const batchArb = fc.shuffledSubarray(COUNTIES, { minLength: 1, maxLength: 6 }).chain((names) =>
    fc.record({
      units: fc.tuple(
        ...names.map((name) =>
          fc.record({
            name: fc.constant(name),
            long: fc.boolean(),
            broken: fc.boolean(),
            remark: fc.boolean(),
            scaled: scaledSubmissionArb(template),
          }),
        ),
      ),
      roster: fc.shuffledSubarray(COUNTIES, { maxLength: 8 }),
      order: fc.shuffledSubarray([...names.keys()], { minLength: names.length, maxLength: names.length }),
    }),
  );

  function received(u: { name: string; long: boolean; broken: boolean; remark: boolean; scaled: Record<string, bigint> }) {
    const unit = u.long ? `${u.name}市场监督管理局` : u.name;
    const firstItem = template.sections[0].items[0].id;
    const input = county(unit, asNumbers(u.scaled), template, (g) => {
      if (u.broken) setItem(g, firstItem, "若干");
      if (u.remark) setItem(g, firstItem, `${u.name}的说明`, "remark");
    });
    return { ...u, unit, input };
  }

  test("consolidation is independent of input order, and its totals are the exact sums of the accepted figures", () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const units = batch.units.map(received);
        const run = (order: typeof units) => consolidate({ ...base, template, roster: batch.roster, inputs: order.map((u) => u.input) });
        const inOrder = run(units);
        // the whole result, lists and findings in their order too: consolidate promises it does not depend on the input order
        expect(run(batch.order.map((i) => units[i]))).toEqual(inOrder);
        expect(run([...units].reverse())).toEqual(inOrder);

        const good = units.filter((u) => !u.broken);
        expect(inOrder.accepted.map((a) => a.unit).sort()).toEqual(good.map((u) => u.unit).sort());
        expect(inOrder.rejected.map((x) => x.source).sort()).toEqual(
          units
            .filter((u) => u.broken)
            .map((u) => u.input.source)
            .sort(),
        );
        const items = template.sections.flatMap((s) => s.items);
        if (good.length === 0) expect(inOrder.totals).toEqual({});
        else
          for (const item of items)
            expect([item.id, inOrder.totals[item.id]]).toEqual([item.id, scaledText(good.reduce((s, u) => s + u.scaled[item.id], 0n))]);
      }),
      { numRuns: 25 },
    );
  });

  test("the roll-up of valid submissions, laid out and read back, validates clean", () => {
    fc.assert(
      fc.property(inputsArb, (units) => {
        const r = consolidate({ ...base, template, inputs: units.map((u) => u.input) });
        const grid = layoutToGrid(layoutTemplate(template, r.rollup));
        const report = validate(template, readSubmission(grid, template));
        expect(report.findings).toEqual([]);
        expect(report.values).toEqual(r.totals);
      }),
      { numRuns: 20 },
    );
  });

  test("writing the layout and reading it back (by labels, without names) returns the values written", () => {
    fc.assert(
      fc.property(submissionArb(template), fc.string({ maxLength: 30 }), (values, remark) => {
        const firstItem = template.sections[0].items[0].id;
        const remarkText = remark.trim() === "" || /^(不适用|本地无此部门|无此部门)/.test(remark.trim()) ? "说明" : remark;
        const grid = layoutToGrid(
          layoutTemplate(template, { header: { unit: "某县", date: "9月28日" }, values, remarks: { [firstItem]: remarkText } }),
        );
        delete grid.names;
        const sub = readSubmission(grid, template);
        expect(sub.found).toBe(sub.expected);
        for (const [id, v] of Object.entries(values)) expect(sub.entries[id].raw as CellValue).toBe(v);
        expect(sub.entries[firstItem].remark).toBe(remarkText);
      }),
      { numRuns: 30 },
    );
  });
});

describe("duplicates and coverage", () => {
  const roster = ["章贡区", "南康区", "瑞金市", "会昌县"];

  test("identical copies of a unit count once, with a note; the roll-up is complete", () => {
    const v = validValues(ganzhou, 2);
    const a = county("瑞金市", v);
    const b = { ...county("瑞金市", v), source: "瑞金市（再发）.xlsx" };
    const r = consolidate({ ...base, roster: ["瑞金市"], inputs: [a, b] });
    expect(r.accepted.map((x) => x.source)).toEqual(["瑞金市.xlsx"]);
    expect(r.totals.police_info).toBe(String(v.police_info));
    expect(r.rejected).toEqual([]);
    expect(flatten(r.accepted[0].warnings, ["code", "unit"])[0]).toEqual(["duplicate-identical", "瑞金市"]);
    expect(r.duplicates).toEqual([
      {
        unit: "瑞金市",
        copies: [
          { source: "瑞金市.xlsx", date: "11月20日" },
          { source: "瑞金市（再发）.xlsx", date: "11月20日" },
        ],
        identical: true,
        kept: "瑞金市.xlsx",
        differences: [],
      },
    ]);
    expect(r.coverage).toEqual({ expected: 1, accepted: 1, rejected: 0, duplicate: 0, missing: 0 });
    expect(r.partial).toBe(false);
  });

  test("differing copies are held out with the items that differ; --keep adds exactly the chosen copy", () => {
    const v = validValues(ganzhou, 2);
    const first = county("瑞金市", v);
    const second = {
      ...county("瑞金市", { ...v, police_info: v.police_info + 5 }),
      source: "瑞金市-改.xlsx",
      modified: "2026-11-21 09:30",
    };
    const other = county("会昌县", validValues(ganzhou, 7));
    const held = consolidate({ ...base, roster, inputs: [first, second, other] });
    expect(held.accepted.map((x) => x.unit)).toEqual(["会昌县"]);
    expect(held.duplicates).toHaveLength(1);
    const d = held.duplicates[0];
    expect(d.identical).toBe(false);
    expect(d.kept).toBeUndefined();
    expect(d.copies.map((c) => [c.source, c.modified])).toEqual([
      ["瑞金市-改.xlsx", "2026-11-21 09:30"],
      ["瑞金市.xlsx", undefined],
    ]);
    expect(d.differences.map((x) => [x.itemId, x.values["瑞金市.xlsx"], x.values["瑞金市-改.xlsx"]])).toEqual([
      ["police_info", String(v.police_info), String(v.police_info + 5)],
    ]);
    expect(held.coverage).toEqual({ expected: 4, accepted: 1, rejected: 0, duplicate: 1, missing: 2 });
    expect(held.partial).toBe(true);

    const kept = consolidate({ ...base, roster, inputs: [first, second, other], keep: ["瑞金市-改.xlsx"] });
    expect(kept.accepted.map((x) => x.source).sort()).toEqual(["会昌县.xlsx", "瑞金市-改.xlsx"]);
    expect(kept.totals.police_info).toBe(String(v.police_info + 5 + validValues(ganzhou, 7).police_info));
    expect(kept.duplicates[0].kept).toBe("瑞金市-改.xlsx");
    expect(kept.rejected.map((x) => [x.source, x.reason])).toEqual([["瑞金市.xlsx", "duplicate"]]);
    expect(kept.rejected[0].findings[0].code).toBe("duplicate-not-chosen");
    expect(kept.coverage).toEqual({ expected: 4, accepted: 2, rejected: 0, duplicate: 0, missing: 2 });
  });
});
