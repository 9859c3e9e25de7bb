import { useId, useState } from "react";
import { Button, Caption1, Checkbox, Select, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Template } from "../../templates";
import { RULE_EDITING, addAtMost, addPartition, itemText, removeRule, ruleText, type Draft, type DraftProblem } from "../template-edit";

export interface RuleEditorProps {
  template: Template;
  /** the problems by field ("rule:<id>") */
  problems: ReadonlyMap<string, DraftProblem>;
  fieldId(field: string): string;
  /** applies an edit; an addition that cannot be made gives its reason instead */
  onChange(edit: (d: Draft) => Draft | { problem: string }): string | null;
}

const useStyles = makeStyles({
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  rules: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  rule: { display: "flex", alignItems: "baseline", columnGap: tokens.spacingHorizontalS },
  sentence: { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere" },
  remove: { flexShrink: 0, minWidth: 0 },
  adder: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalXS,
  },
  kindSelect: { flexShrink: 0, width: "7.5em" },
  itemSelect: { flexGrow: 1, flexShrink: 1, flexBasis: "12em", minWidth: 0, maxWidth: "100%" },
  itemSelectElement: { minWidth: 0, width: "100%", textOverflow: "ellipsis" },
  parts: { margin: 0, padding: 0, border: "none", display: "flex", flexDirection: "column", flexBasis: "100%", minWidth: 0 },
  problem: { color: tokens.colorPaletteRedForeground1 },
  said: { flexBasis: "100%", minWidth: 0 },
  error: { color: tokens.colorPaletteRedForeground1, display: "block" },
});

type AddKind = "at-most" | "partition";

/**
 * 校验规则 in words, each removable, and 添加规则: "[项目] 不超过 [项目]" or "[合计] = the ticked parts of
 * its department with its unit", chosen from the template's items.
 */
export function RuleEditor({ template: t, problems, fieldId, onChange }: RuleEditorProps) {
  const own = useStyles();
  const headingId = useId();
  const [kind, setKind] = useState<AddKind>("at-most");
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const [parts, setParts] = useState<string[]>([]);
  const [said, setSaid] = useState<{ problem: boolean; text: string } | null>(null);

  const items = t.sections.flatMap((s) =>
    s.items.map((i) => ({ id: i.id, text: `${s.name} · ${itemText(i)}`, short: itemText(i), section: s.id, unit: i.unit })),
  );
  const total = items.find((i) => i.id === a);
  // a partition's parts: the other items of the total's department with the same unit
  const candidates =
    kind === "partition" && total ? items.filter((i) => i.section === total.section && i.id !== total.id && i.unit === total.unit) : [];

  function add() {
    let added: string | undefined;
    const problem = onChange((d) => {
      const next = kind === "at-most" ? addAtMost(d, a, b) : addPartition(d, a, parts);
      if (!("problem" in next)) {
        const rule = next.template.rules[next.template.rules.length - 1];
        added = ruleText(next.template, rule);
      }
      return next;
    });
    if (problem) return setSaid({ problem: true, text: problem });
    setSaid({ problem: false, text: `已添加规则：${added ?? ""}` });
    setA("");
    setB("");
    setParts([]);
  }

  const options = (first: string) => (
    <>
      <option value="">{first}</option>
      {items.map((i) => (
        <option key={i.id} value={i.id}>
          {i.text}
        </option>
      ))}
    </>
  );

  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className={own.heading}>
        校验规则（{t.rules.length} 条）
      </h3>
      {t.rules.length === 0 ? (
        <Caption1 block>没有读出合计或“不超过”之类的规则；只检查是否填写、是否为数字。可以在下面添加。</Caption1>
      ) : (
        <ul className={own.rules} aria-label="校验规则">
          {t.rules.map((r) => {
            const text = ruleText(t, r);
            const problem = problems.get(`rule:${r.id}`);
            return (
              <li key={r.id} className={own.rule}>
                <Text className={own.sentence}>
                  {text}
                  {problem ? (
                    <span id={`${fieldId(`rule:${r.id}`)}-problem`} className={own.error}>
                      {problem.short}
                    </span>
                  ) : null}
                </Text>
                <Button
                  id={fieldId(`rule:${r.id}`)}
                  className={own.remove}
                  size="small"
                  appearance="subtle"
                  aria-label={`删除规则：${text}`}
                  aria-describedby={problem ? `${fieldId(`rule:${r.id}`)}-problem` : undefined}
                  onClick={() => {
                    onChange((d) => removeRule(d, r.id));
                    setSaid({ problem: false, text: `已删除规则：${text}` });
                  }}
                >
                  删除
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <div className={own.adder} role="group" aria-label="添加规则">
        <Text weight="semibold">添加规则</Text>
        <Select
          className={own.kindSelect}
          size="small"
          aria-label="规则类型"
          value={kind}
          onChange={(_, d) => {
            setKind(d.value as AddKind);
            setParts([]);
            setSaid(null);
          }}
        >
          <option value="at-most">{RULE_EDITING["at-most"].label}</option>
          <option value="partition">{RULE_EDITING.partition.label}</option>
        </Select>
        <Select
          className={own.itemSelect}
          select={{ className: own.itemSelectElement }}
          size="small"
          aria-label={kind === "at-most" ? "不应更多的项目" : "合计项目"}
          value={a}
          onChange={(_, d) => {
            setA(d.value);
            setParts([]);
          }}
        >
          {options(kind === "at-most" ? "选择项目…" : "选择合计项目…")}
        </Select>
        {kind === "at-most" ? (
          <>
            <Text aria-hidden="true">不超过</Text>
            <Select
              className={own.itemSelect}
              select={{ className: own.itemSelectElement }}
              size="small"
              aria-label="上限项目（不超过哪一项）"
              value={b}
              onChange={(_, d) => setB(d.value)}
            >
              {options("选择上限项目…")}
            </Select>
          </>
        ) : total ? (
          <fieldset className={own.parts}>
            <legend>
              <Caption1>{total.short} = 下面勾选的各项之和（不重复计算）</Caption1>
            </legend>
            {candidates.length === 0 ? <Caption1>本部门没有单位相同的其他项目。</Caption1> : null}
            {candidates.map((i) => (
              <Checkbox
                key={i.id}
                label={i.short}
                checked={parts.includes(i.id)}
                onChange={(_, d) => setParts((p) => (d.checked === true ? [...p, i.id] : p.filter((x) => x !== i.id)))}
              />
            ))}
          </fieldset>
        ) : null}
        <Button size="small" onClick={add}>
          添加
        </Button>
        <div className={own.said} aria-live="polite">
          {said ? <Caption1 className={said.problem ? own.problem : undefined}>{said.text}</Caption1> : null}
        </div>
      </div>
    </section>
  );
}
