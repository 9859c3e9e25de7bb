import { useEffect, useId, useMemo, useRef, useState } from "react";
import {
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { NumberKind, Template, TemplateLoadResult } from "../../templates";
import { pathInWords } from "../../templates/path-words";
import type { LearnOutcome } from "../actions";
import { errorText } from "../text";
import {
  KIND_TEXT,
  RULE_EDITING,
  addAtMost,
  addPartition,
  draftProblems,
  finalTemplate,
  itemCount,
  itemText,
  kindOf,
  removeItem,
  removeRule,
  ruleKindText,
  ruleText,
  setItemKind,
  setItemLabel,
  setItemUnit,
  setRuleOn,
  setSectionName,
  setTitle,
  setYear,
  type Draft,
} from "../template-edit";
import { usePanelStyles } from "./styles";

export interface TemplateReviewProps {
  outcome: Extract<LearnOutcome, { ok: true }>;
  /** the final check of the corrected template (the template schema, loaded lazily) */
  parseTemplate(text: string): Promise<TemplateLoadResult>;
  onConfirm(template: Template): void;
  onCancel(): void;
  /** Excel: the template is saved with the workbook when a table is inserted from it */
  excel: boolean;
}

const HEADER_NAMES: Record<string, string> = { unit: "填报单位", date: "填报日期", stage: "报告阶段", contact: "联系人", phone: "联系电话" };
const NUMERALS = "一二三四五六七八九十";

function sectionNumber(i: number): string {
  const n = i + 1;
  if (n <= 10) return NUMERALS[n - 1];
  if (n < 20) return `十${NUMERALS[n - 11]}`;
  return String(n);
}

const useStyles = makeStyles({
  heading: { margin: 0 },
  section: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  items: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  /** one item on one row where it fits: name (takes the room), unit, number kind, 删除 */
  item: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalXS, rowGap: tokens.spacingVerticalXXS, minWidth: 0 },
  label: { flexGrow: 1, flexShrink: 1, flexBasis: "16em", minWidth: 0 },
  details: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalXS, rowGap: tokens.spacingVerticalXS },
  unit: { width: "5.5em" },
  kind: { width: "6em", minWidth: 0 },
  group: { color: tokens.colorNeutralForeground3, margin: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
  rules: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  parts: { margin: 0, padding: 0, border: "none", display: "flex", flexDirection: "column" },
  /** 确认使用 stays in reach while scrolling through a long table */
  actions: {
    position: "sticky",
    bottom: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

type Add = (make: (d: Draft) => Draft | { problem: string }) => string | null;

/** 添加规则: an at-most rule from two items, or a partition from a total and the items that make it up */
function RuleAdder({ template, onAdd }: { template: Template; onAdd: Add }) {
  const styles = usePanelStyles();
  const own = useStyles();
  const [kind, setKind] = useState<"at-most" | "partition">("at-most");
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const [parts, setParts] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const items = template.sections.flatMap((s) => s.items.map((i) => ({ id: i.id, text: `${s.name} · ${itemText(i)}`, section: s.id, unit: i.unit })));
  const total = items.find((i) => i.id === a);
  // a partition's parts: the other items of the total's department with the same unit
  const candidates = total ? items.filter((i) => i.section === total.section && i.id !== total.id && i.unit === total.unit) : [];

  function add() {
    const p = onAdd((d) => (kind === "at-most" ? addAtMost(d, a, b) : addPartition(d, a, parts)));
    setProblem(p);
    if (!p) {
      setA("");
      setB("");
      setParts([]);
    }
  }

  const options = (
    <>
      <option value="">请选择项目</option>
      {items.map((i) => (
        <option key={i.id} value={i.id}>
          {i.text}
        </option>
      ))}
    </>
  );
  return (
    <div className={styles.panel} style={{ paddingTop: 0 }} role="group" aria-label="添加规则">
      <Field label="添加规则">
        <Select className={styles.select} select={{ className: styles.selectElement }} value={kind} onChange={(_, d) => (setKind(d.value as typeof kind), setProblem(null))}>
          <option value="at-most">{RULE_EDITING["at-most"].label}：甲项不超过乙项</option>
          <option value="partition">{RULE_EDITING.partition.label}：各分类之和等于合计</option>
        </Select>
      </Field>
      <Field label={kind === "at-most" ? "甲项（不应更多的项目）" : "合计项目"}>
        <Select className={styles.select} select={{ className: styles.selectElement }} value={a} onChange={(_, d) => (setA(d.value), setParts([]))}>
          {options}
        </Select>
      </Field>
      {kind === "at-most" ? (
        <Field label="乙项（上限）">
          <Select className={styles.select} select={{ className: styles.selectElement }} value={b} onChange={(_, d) => setB(d.value)}>
            {options}
          </Select>
        </Field>
      ) : total ? (
        <fieldset className={own.parts}>
          <legend>
            <Caption1>勾选相加等于“{total.text}”的分类项目</Caption1>
          </legend>
          {candidates.map((i) => (
            <Checkbox
              key={i.id}
              label={i.text}
              checked={parts.includes(i.id)}
              onChange={(_, d) => setParts((p) => (d.checked === true ? [...p, i.id] : p.filter((x) => x !== i.id)))}
            />
          ))}
        </fieldset>
      ) : null}
      <div className={styles.row}>
        <Button size="small" onClick={add}>
          添加
        </Button>
        <span aria-live="polite">{problem ? <Caption1 className={own.error}>{problem}</Caption1> : null}</span>
      </div>
    </div>
  );
}

/**
 * 核对新模板: the template read from the attachment, to check and correct before it is used — its name
 * and year, every department and item with unit and number kind (rename, remove), the rules (switch
 * off), and what the reading was unsure about. 确认使用 checks it and hands it to the app.
 */
export function TemplateReview({ outcome, parseTemplate, onConfirm, onCancel, excel }: TemplateReviewProps) {
  const styles = usePanelStyles();
  const own = useStyles();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const initial: Draft = useMemo(() => ({ template: outcome.template, off: [] }), [outcome]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [yearText, setYearText] = useState(String(outcome.template.year));
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string[] | null>(null);
  const t = draft.template;
  const problems = useMemo(() => draftProblems(draft), [draft]);
  const problem = (key: string) => problems.get(key);
  const removed = itemCount(outcome.template) - itemCount(t);

  useEffect(() => heading.current?.focus(), []);

  const fieldId = (key: string) => `${headingId}-f-${key.replace(/[^\w-]/g, "_")}`;
  /** a problem's field, in words: 统计表名称, 公安局第 2 项的单位 … */
  const fieldName = (key: string): string => {
    const [kind, id] = key.split(":");
    if (kind === "title") return "统计表名称";
    if (kind === "year") return "年度";
    if (kind === "sections") return "项目";
    if (kind === "rule") return `校验规则“${ruleTextById(id)}”`;
    if (kind === "section") return `部门“${t.sections.find((s) => s.id === id)?.name || "（未填写）"}”的名称`;
    for (const s of t.sections) {
      const n = s.items.findIndex((i) => i.id === id);
      if (n >= 0) return `${s.name}第 ${n + 1} 项的${kind === "unit" ? "单位" : "名称"}`;
    }
    return "模板";
  };
  const ruleTextById = (id: string | undefined) => {
    const r = t.rules.find((x) => x.id === id);
    return r ? ruleText(t, r) : "";
  };
  const labelOf = (id: string) => {
    for (const s of t.sections) for (const i of s.items) if (i.id === id) return itemText(i);
    return id;
  };

  async function confirm() {
    setFailure(null);
    if (problems.size > 0) {
      setFailure([...problems].map(([key, message]) => `${fieldName(key)}：${message}`));
      // the keyboard goes to the first field to fix (fields are listed in the template's order)
      const first = [...problems.keys()].map((k) => document.getElementById(fieldId(k))).find(Boolean);
      first?.focus();
      return;
    }
    setChecking(true);
    try {
      const r = await parseTemplate(JSON.stringify(finalTemplate(draft)));
      if (r.ok) onConfirm(r.template);
      else setFailure(r.problems.slice(0, 8).map((p) => `${pathInWords(p.path)}：${p.message}`));
    } catch (e) {
      setFailure([errorText(e).message]);
    } finally {
      setChecking(false);
    }
  }

  const source = `${outcome.fileName}${outcome.table && outcome.format !== "json" ? `（${outcome.table}）` : ""}`;

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1} className={own.heading}>
        <Subtitle2>核对新模板</Subtitle2>
      </h2>
      <Text>
        {outcome.format === "json" ? `已读取模板文件“${source}”。` : `已从“${source}”读出下面的统计表。`}
        请逐项核对：名称、单位不对的可以直接修改，多余的项目可以删除；校验规则可以取消勾选、删除或添加。核对无误后点“确认使用”。
      </Text>

      {outcome.warnings.length > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>请特别核对以下 {outcome.warnings.length} 处</MessageBarTitle>
            <ul className={styles.list} aria-label="需要核对的地方">
              {outcome.warnings.map((w, k) => (
                <li key={k}>{w}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <Field label="统计表名称" validationState={problem("title") ? "error" : "none"} validationMessage={problem("title")}>
        <Input id={fieldId("title")} value={t.title} onChange={(_, d) => setDraft((x) => setTitle(x, d.value))} />
      </Field>
      <Field label="年度" hint="填报日期只填月、日，年份按这里的年度。" validationState={problem("year") ? "error" : "none"} validationMessage={problem("year")}>
        <Input
          id={fieldId("year")}
          inputMode="numeric"
          value={yearText}
          onChange={(_, d) => {
            setYearText(d.value);
            setDraft((x) => setYear(x, /^\s*\d{4}\s*$/.test(d.value) ? Number(d.value) : NaN));
          }}
        />
      </Field>
      <div className={styles.row}>
        <Caption1>
          表头：{t.header.map((h) => HEADER_NAMES[h] ?? h).join("、")}　共 {t.sections.length} 个部门、{itemCount(t)} 个项目
          {removed > 0 ? `（已删除 ${removed} 个）` : ""}。
        </Caption1>
        <Button
          size="small"
          appearance="subtle"
          onClick={() => {
            setDraft(initial);
            setYearText(String(initial.template.year));
            setFailure(null);
          }}
        >
          全部还原
        </Button>
      </div>

      {t.sections.map((s, si) => {
        const sectionHeading = `${headingId}-s${si}`;
        let group: string | undefined;
        return (
          <section key={s.id} className={own.section} aria-labelledby={sectionHeading}>
            <h3 id={sectionHeading} className={own.sectionTitle}>
              {sectionNumber(si)}、{s.name || "（未填写部门名称）"}（{s.items.length} 项）
            </h3>
            <Field label={`部门名称（第${sectionNumber(si)}部分）`} validationState={problem(`section:${s.id}`) ? "error" : "none"} validationMessage={problem(`section:${s.id}`)}>
              <Input id={fieldId(`section:${s.id}`)} value={s.name} onChange={(_, d) => setDraft((x) => setSectionName(x, s.id, d.value))} />
            </Field>
            <ul className={own.items} aria-label={`${s.name}的项目`}>
              {s.items.map((i, ii) => {
                const showGroup = i.group && i.group !== group;
                group = i.group;
                const who = `${s.name}第${ii + 1}项`;
                const labelProblem = problem(`label:${i.id}`);
                const unitProblem = problem(`unit:${i.id}`);
                return (
                  <li key={i.id} className={own.item}>
                    {showGroup ? <Caption1 block className={own.group} style={{ flexBasis: "100%" }}>【{i.group}】</Caption1> : null}
                    <Field className={own.label} validationState={labelProblem ? "error" : "none"} validationMessage={labelProblem}>
                      <Input
                        id={fieldId(`label:${i.id}`)}
                        aria-label={`${who}：名称`}
                        value={i.label}
                        // a name is one line: a pasted line break is dropped
                        onChange={(_, d) => setDraft((x) => setItemLabel(x, i.id, d.value.replace(/\s*[\r\n]+\s*/g, "")))}
                      />
                    </Field>
                    <div className={own.details}>
                      <Caption1 aria-hidden="true">单位</Caption1>
                      <Input
                        id={fieldId(`unit:${i.id}`)}
                        className={own.unit}
                        aria-label={`${who}：单位`}
                        aria-invalid={unitProblem ? true : undefined}
                        aria-describedby={unitProblem ? `${headingId}-u-${i.id}` : undefined}
                        value={i.unit}
                        onChange={(_, d) => setDraft((x) => setItemUnit(x, i.id, d.value))}
                      />
                      <Caption1 aria-hidden="true">数值</Caption1>
                      <Select className={own.kind} aria-label={`${who}：数值类型`} value={kindOf(i)} onChange={(_, d) => setDraft((x) => setItemKind(x, i.id, d.value as NumberKind))}>
                        <option value="count">{KIND_TEXT.count}</option>
                        <option value="decimal">{KIND_TEXT.decimal}</option>
                      </Select>
                      <Button size="small" appearance="subtle" aria-label={`删除项目“${itemText(i)}”`} onClick={() => setDraft((x) => removeItem(x, i.id))}>
                        删除
                      </Button>
                    </div>
                    {unitProblem ? (
                      <Caption1 id={`${headingId}-u-${i.id}`} className={own.error}>
                        {unitProblem}
                      </Caption1>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {problem("sections") ? (
        <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {problem("sections")}
        </Text>
      ) : null}

      <section className={own.section} aria-labelledby={`${headingId}-rules`}>
        <h3 id={`${headingId}-rules`} className={own.sectionTitle}>
          校验规则（{t.rules.length - draft.off.length}/{t.rules.length} 条使用中）
        </h3>
        {t.rules.length === 0 ? (
          <Caption1>没有读出合计或“不超过”之类的规则；只检查是否填写、是否为数字。</Caption1>
        ) : (
          <>
            <Caption1>一键校验时会检查下面勾选的规则。不对的请取消勾选。</Caption1>
            <ul className={own.rules}>
              {t.rules.map((r) => (
                <li key={r.id} className={styles.row} style={{ flexWrap: "nowrap", alignItems: "flex-start" }}>
                  <Checkbox
                    id={fieldId(`rule:${r.id}`)}
                    checked={!draft.off.includes(r.id)}
                    onChange={(_, d) => setDraft((x) => setRuleOn(x, r.id, d.checked === true))}
                    label={`${ruleKindText(r)}：${ruleText(t, r)}`}
                  />
                  <Button size="small" appearance="subtle" aria-label={`删除规则“${ruleText(t, r)}”`} onClick={() => setDraft((x) => removeRule(x, r.id))}>
                    删除
                  </Button>
                </li>
              ))}
            </ul>
          </>
        )}
        <RuleAdder template={t} onAdd={(make) => {
          const r = make(draft);
          if ("problem" in r) return r.problem;
          setDraft(r);
          return null;
        }} />
        {t.footnote ? <Caption1>原表注释：{t.footnote.replace(/^\s*注\s*[:：]\s*/, "")}</Caption1> : null}
      </section>

      <div aria-live="polite">
        {failure ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>模板还不能使用</MessageBarTitle>
              <ul className={styles.list}>
                {failure.map((f) => (
                  <li key={f}>{f.replace(/sections\[(\d+)\]\.items\[(\d+)\]/g, (_, a, b) => labelOf(t.sections[Number(a)]?.items[Number(b)]?.id ?? ""))}</li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>

      <div className={`${styles.row} ${own.actions}`}>
        <Button appearance="primary" disabled={checking} onClick={() => void confirm()}>
          确认使用
        </Button>
        <Button onClick={onCancel}>取消</Button>
        {checking ? <Spinner size="tiny" label="正在检查…" /> : null}
      </div>
      <Caption1 className={styles.muted}>
        {excel ? "确认后，模板加入模板列表；插入统计表时，模板会一起保存在本工作簿中，同事打开本工作簿也能使用。" : "确认后，模板加入模板列表；下载的空白模板中带有这个模板。也可以“导出模板”发给同事。"}
      </Caption1>
    </section>
  );
}
