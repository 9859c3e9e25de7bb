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
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { NumberKind, Template, TemplateLoadResult } from "../../templates";
import { pathInWords } from "../../templates/path-words";
import type { LearnOutcome } from "../actions";
import { errorText } from "../text";
import {
  KIND_TEXT,
  draftProblems,
  finalTemplate,
  itemCount,
  itemText,
  kindOf,
  removeItem,
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
  items: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  /** one item: its name on a full-width line (names are long), then unit, number kind and 删除 */
  item: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS, minWidth: 0 },
  label: { width: "100%" },
  details: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalXS, rowGap: tokens.spacingVerticalXS },
  unit: { width: "5.5em" },
  kind: { width: "6em", minWidth: 0 },
  group: { color: tokens.colorNeutralForeground3, margin: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
  rules: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
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

  const labelOf = (id: string) => {
    for (const s of t.sections) for (const i of s.items) if (i.id === id) return itemText(i);
    return id;
  };

  async function confirm() {
    setFailure(null);
    if (problems.size > 0) {
      setFailure([`还有 ${problems.size} 处需要修改，请看标红的地方。`]);
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
        请逐项核对：名称、单位不对的可以直接修改，多余的项目可以删除，不对的校验规则可以取消勾选。核对无误后点“确认使用”。
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
        <Input value={t.title} onChange={(_, d) => setDraft((x) => setTitle(x, d.value))} />
      </Field>
      <Field label="年度" hint="填报日期只填月、日，年份按这里的年度。" validationState={problem("year") ? "error" : "none"} validationMessage={problem("year")}>
        <Input
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
              <Input value={s.name} onChange={(_, d) => setDraft((x) => setSectionName(x, s.id, d.value))} />
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
                    {showGroup ? <Caption1 block className={own.group}>【{i.group}】</Caption1> : null}
                    <Field className={own.label} validationState={labelProblem ? "error" : "none"} validationMessage={labelProblem}>
                      <Textarea
                        aria-label={`${who}：名称`}
                        value={i.label}
                        resize="vertical"
                        rows={Math.min(4, Math.max(1, Math.ceil(i.label.length / 16)))}
                        // a name is one line: a pasted line break is dropped
                        onChange={(_, d) => setDraft((x) => setItemLabel(x, i.id, d.value.replace(/\s*[\r\n]+\s*/g, "")))}
                      />
                    </Field>
                    <div className={own.details}>
                      <Caption1 aria-hidden="true">单位</Caption1>
                      <Input
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
                <li key={r.id}>
                  <Checkbox
                    checked={!draft.off.includes(r.id)}
                    onChange={(_, d) => setDraft((x) => setRuleOn(x, r.id, d.checked === true))}
                    label={`${ruleKindText(r)}：${ruleText(t, r)}`}
                  />
                </li>
              ))}
            </ul>
          </>
        )}
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
