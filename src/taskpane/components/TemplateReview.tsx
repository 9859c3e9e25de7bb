import { useEffect, useId, useMemo, useRef, useState } from "react";
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import type { Template, TemplateLoadResult } from "../../templates";
import { pathInWords } from "../../templates/path-words";
import type { LearnOutcome } from "../actions";
import { errorText } from "../text";
import { draftProblems, finalTemplate, itemCount, setTitle, setYear, type Draft, type DraftProblem } from "../template-edit";
import { ItemTable } from "./ItemTable";
import { RuleEditor } from "./RuleEditor";
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

const HEADER_NAMES: Record<string, string> = {
  unit: "填报单位",
  date: "填报日期",
  stage: "报告阶段",
  contact: "联系人",
  phone: "联系电话",
};

const useStyles = makeStyles({
  heading: { margin: 0 },
  names: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS },
  title: { flexGrow: 1, flexShrink: 1, flexBasis: "16em", minWidth: 0 },
  year: { flexGrow: 0, flexShrink: 0, width: "6.5em" },
  fill: { width: "100%", minWidth: 0 },
  summary: { display: "flex", flexWrap: "wrap", alignItems: "baseline", columnGap: tokens.spacingHorizontalS },
  error: { color: tokens.colorPaletteRedForeground1 },
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
  failure: { outlineStyle: "none" },
});

/**
 * The review: name and year, 部门和项目 as a table edited in place (ItemTable), the rules in words with
 * 删除 and 添加规则 (RuleEditor), and what the reading was unsure about. 确认使用 names every problem in a
 * list and takes the keyboard to the first field to fix; a template without problems is checked by the
 * template schema and handed to the app.
 */
export function TemplateReview({ outcome, parseTemplate, onConfirm, onCancel, excel }: TemplateReviewProps) {
  const styles = usePanelStyles();
  const own = useStyles();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const failureBox = useRef<HTMLDivElement>(null);
  const initial: Draft = useMemo(() => ({ template: outcome.template }), [outcome]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [yearText, setYearText] = useState(String(outcome.template.year));
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string[] | null>(null);
  const t = draft.template;
  const problems = useMemo(() => new Map<string, DraftProblem>(draftProblems(draft).map((p) => [p.field, p])), [draft]);
  const removed = itemCount(outcome.template) - itemCount(t);

  useEffect(() => heading.current?.focus(), []);

  const fieldId = (field: string) => `${headingId}-f-${field.replace(/[^\w-]/g, "_")}`;
  const describedBy = (field: string) => (problems.has(field) ? `${fieldId(field)}-problem` : undefined);

  async function confirm() {
    setFailure(null);
    if (problems.size > 0) {
      setFailure([...problems.values()].map((p) => p.text));
      // the keyboard goes to the first field to fix (problems come in the order of the page)
      const first = [...problems.keys()].map((k) => document.getElementById(fieldId(k))).find(Boolean);
      (first ?? failureBox.current)?.focus();
      return;
    }
    setChecking(true);
    try {
      const r = await parseTemplate(JSON.stringify(finalTemplate(draft)));
      if (r.ok) return onConfirm(r.template);
      setFailure(r.problems.slice(0, 8).map((p) => `${pathInWords(p.path)}：${p.message}`));
    } catch (e) {
      setFailure([errorText(e).message]);
    } finally {
      setChecking(false);
    }
    failureBox.current?.focus();
  }

  function edit(change: (d: Draft) => Draft | { problem: string }): string | null {
    const next = change(draft);
    if ("problem" in next) return next.problem;
    setDraft(next);
    return null;
  }

  const source = `${outcome.fileName}${outcome.table && outcome.format !== "json" ? `（${outcome.table}）` : ""}`;
  const titleProblem = problems.get("title");
  const yearProblem = problems.get("year");

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1} className={own.heading}>
        <Subtitle2>核对新模板</Subtitle2>
      </h2>
      <Text>
        {outcome.format === "json" ? `已读取模板文件“${source}”。` : `已从“${source}”读出下面的统计表。`}
        名称、单位不对的直接改，多余的项目删除；校验规则可以删除或添加。核对无误后点“确认使用”。
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

      <div className={own.names}>
        <Field
          className={own.title}
          label="统计表名称"
          validationState={titleProblem ? "error" : "none"}
          validationMessage={titleProblem?.short}
        >
          <Input id={fieldId("title")} className={own.fill} value={t.title} onChange={(_, d) => setDraft((x) => setTitle(x, d.value))} />
        </Field>
        <Field className={own.year} label="年度" validationState={yearProblem ? "error" : "none"} validationMessage={yearProblem?.short}>
          <Input
            id={fieldId("year")}
            className={own.fill}
            inputMode="numeric"
            value={yearText}
            onChange={(_, d) => {
              setYearText(d.value);
              setDraft((x) => setYear(x, /^\s*\d{4}\s*$/.test(d.value) ? Number(d.value) : NaN));
            }}
          />
        </Field>
      </div>
      <div className={own.summary}>
        <Caption1>
          表头（同原表）：{t.header.map((h) => HEADER_NAMES[h] ?? h).join("、")}；填报日期只填月、日，年份按年度。共 {t.sections.length}{" "}
          个部门、{itemCount(t)} 个项目
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

      <ItemTable template={t} problems={problems} fieldId={fieldId} onChange={(change) => setDraft(change)} />
      {problems.has("sections") ? (
        <Text id={describedBy("sections")} className={own.error}>
          {problems.get("sections")!.short}
        </Text>
      ) : null}

      <RuleEditor template={t} problems={problems} fieldId={fieldId} onChange={edit} />
      {t.footnote ? <Caption1>原表注释：{t.footnote.replace(/^\s*注\s*[:：]\s*/, "")}</Caption1> : null}

      <div ref={failureBox} tabIndex={-1} className={own.failure} aria-live="polite">
        {failure ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>模板还不能使用，请修改以下 {failure.length} 处</MessageBarTitle>
              <ul className={styles.list} aria-label="模板还不能使用的原因">
                {failure.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>

      <div className={mergeClasses(styles.row, own.actions)}>
        <Button appearance="primary" disabled={checking} onClick={() => void confirm()}>
          确认使用
        </Button>
        <Button onClick={onCancel}>取消</Button>
        {checking ? <Spinner size="tiny" label="正在检查…" /> : null}
      </div>
      <Caption1 className={styles.muted}>
        {excel
          ? "确认后，模板加入模板列表；插入统计表时，模板会一起保存在本工作簿中，同事打开本工作簿也能使用。"
          : "确认后，模板加入模板列表；下载的空白模板中带有这个模板。也可以“导出模板”发给同事。"}
      </Caption1>
    </section>
  );
}
