import { lazy, Suspense, useEffect, useRef, useState } from "react";
import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Spinner,
  Subtitle2,
  Text,
  Textarea,
} from "@fluentui/react-components";
import type { Consolidation, Rejection } from "../../core/consolidate";
import { parseReportDate } from "../../core/header";
import { isAddinError } from "../../excel/errors";
import { rejectionText, renderMessage } from "../../messages/zh-CN";
import { rejectionFindings } from "../../core/verdict";
import type { Template } from "../../templates";
import type { ConsolidateOutcome, PaneActions, Progress, SheetChoice } from "../actions";
import { loadChart } from "../lazy";
import { parseRoster } from "../../core/roster";
import { todayText } from "../../core/dates";
import { DuplicatesCard } from "./DuplicatesCard";
import { ErrorBar } from "./ErrorBar";
import { ResultsHeading } from "./ResultsHeading";
import { FilePicker } from "./FilePicker";
import { PreviousReportsField } from "./PreviousReportsField";
import { SummaryCard } from "./SummaryCard";
import { StageField, useStage } from "./StageField";
import { usePanelStyles } from "./styles";

export interface ConsolidatePanelProps {
  actions: PaneActions;
  template: Template | undefined;
  templates: readonly Template[];
  picker: React.ReactNode;
  /** the tab is shown: the list of the workbook's sheets is (re)loaded then */
  active?: boolean;
}

// the chart is drawn only after a roll-up: its code stays out of the pane's first chunk
const CountyChart = lazy(() => loadChart().then((m) => ({ default: m.CountyChart })));

/** the messages that explain a rejection: its errors (or consolidation findings), at most a few */
function reasons(r: Rejection): string[] {
  return rejectionFindings(r).map(renderMessage);
}

/** Per-file results of a consolidation: 已汇总 / 未汇总 with reasons / 重复报送 / 未报送. */
export function ConsolidationResults({ c }: { c: Consolidation }) {
  const styles = usePanelStyles();
  const waiting = c.duplicates.filter((d) => !d.identical && d.kept === undefined).length;
  const rejected = c.rejected.filter((r) => r.reason !== "duplicate");
  const notInRoster = c.findings.filter((f) => f.code === "not-in-roster");
  return (
    <div className={styles.panel} style={{ paddingTop: 0 }}>
      <Text weight="semibold">
        已汇总 {c.accepted.length} 个单位；未汇总 {rejected.length} 份；重复报送待选定 {waiting} 个单位；未报送 {c.missing.length} 个单位。
      </Text>
      {c.accepted.length > 0 ? (
        <section aria-label="已汇总">
          <Subtitle2 as="h4" className={styles.heading}>
            已汇总（{c.accepted.length}）
          </Subtitle2>
          <ul className={styles.plainList}>
            {c.accepted.map((a) => (
              <li key={a.source}>
                <div className={styles.finding}>
                  <Badge className={styles.badge} size="small" color="success">
                    已汇总
                  </Badge>
                  <Text className={styles.wrap}>
                    {a.unit}（{a.source}）{a.warnings.length > 0 ? `，${a.warnings.length} 处提醒：` : ""}
                  </Text>
                </div>
                {a.warnings.length > 0 ? (
                  <ul className={styles.list} aria-label={`${a.unit}的提醒`}>
                    {a.warnings.map((w, i) => (
                      <li key={i}>
                        <Caption1>{renderMessage(w)}</Caption1>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {rejected.length > 0 ? (
        <section aria-label="未汇总">
          <Subtitle2 as="h4" className={styles.heading}>
            未汇总（{rejected.length}）
          </Subtitle2>
          <ul className={styles.plainList}>
            {rejected.map((r) => (
              <li key={r.source}>
                <div className={styles.finding}>
                  <Badge className={styles.badge} size="small" color="danger">
                    未汇总
                  </Badge>
                  <Text weight="semibold" className={styles.wrap}>
                    {r.unit ? `${r.unit}（${r.source}）` : r.source}：{rejectionText(r)}
                  </Text>
                </div>
                <ul className={styles.list}>
                  {reasons(r)
                    .slice(0, 5)
                    .map((m, i) => (
                      <li key={i}>
                        <Caption1>{m}</Caption1>
                      </li>
                    ))}
                  {reasons(r).length > 5 ? (
                    <li>
                      <Caption1>……共 {reasons(r).length} 处问题，请用“一键校验”查看全部。</Caption1>
                    </li>
                  ) : null}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.missing.length > 0 ? (
        <section aria-label="未报送">
          <Subtitle2 as="h4" className={styles.heading}>
            未报送（{c.missing.length}）
          </Subtitle2>
          <div className={styles.row}>
            <Text className={styles.wrap}>{c.missing.join("、")}</Text>
            <CopyButton text={c.missing.join("\n")} />
          </div>
        </section>
      ) : null}
      {notInRoster.length > 0 ? <Caption1>{notInRoster.map(renderMessage).join(" ")}</Caption1> : null}
    </div>
  );
}

/** 复制名单: the 未报送 list to paste into a reminder message */
function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }
  return (
    <>
      <Button size="small" onClick={() => void copy()}>
        复制名单
      </Button>
      <span aria-live="polite">
        {state === "copied" ? <Caption1>已复制</Caption1> : state === "failed" ? <Caption1>未能复制，请选中文字后复制</Caption1> : null}
      </span>
    </>
  );
}

/** the success message's words for a roll-up that lacks units: 部分汇总 and what it lacks */
export function coverageText(c: Consolidation): string | null {
  if (!c.partial) return null;
  const { accepted, rejected, duplicate, missing } = c.coverage;
  const parts = [`本表汇总 ${accepted} 个单位`];
  if (rejected) parts.push(`未汇总 ${rejected} 份（校验未通过或无法读取）`);
  if (duplicate) parts.push(`重复报送待选定 ${duplicate} 个单位`);
  if (missing) parts.push(`未报送 ${missing} 个单位`);
  return `部分汇总：${parts.join("；")}。汇总表下方的说明行写明了缺少哪些单位。`;
}

/** 汇总: read the counties' files (and the city's own sheet), add up, write or download the roll-up. */
export function ConsolidatePanel({ actions, template, templates, picker, active = true }: ConsolidatePanelProps) {
  const styles = usePanelStyles();
  const excel = actions.mode === "excel";
  const [files, setFiles] = useState<File[]>([]);
  const [unit, setUnit] = useState("");
  const [date, setDate] = useState(todayText());
  const [stage, setStage] = useStage();
  const [roster, setRoster] = useState("");
  const [previousFiles, setPreviousFiles] = useState<File[]>([]);
  const [sheets, setSheets] = useState<SheetChoice[]>([]);
  const [ownSheet, setOwnSheet] = useState("");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [busy, setBusy] = useState<"reading" | "writing" | null>(null);
  const [outcome, setOutcome] = useState<ConsolidateOutcome | null>(null);
  const [written, setWritten] = useState<{ text: string; warnings: string[]; partial: string | null } | null>(null);
  const [error, setErrorState] = useState<{ error: unknown; title: string } | null>(null);
  const setError = (e: unknown, title = "汇总未完成") => setErrorState(e === null ? null : { error: e, title });
  const [invalid, setInvalid] = useState<{ unit?: string; date?: string; files?: string }>({});
  const [confirm, setConfirm] = useState<string | null>(null);
  /** the copies chosen among differing duplicates (采用这份) */
  const [keep, setKeep] = useState<string[]>([]);
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  // after every run, keyboard and screen-reader users land on the results, not on the page body
  useEffect(() => {
    if (outcome) resultsHeading.current?.focus();
  }, [outcome]);

  async function refreshSheets() {
    if (actions.mode !== "excel") return;
    try {
      setSheets(await actions.listSheets());
    } catch (e) {
      setError(e);
    }
  }

  // the sheet list as the tab opens; a late answer for a tab already left is dropped
  useEffect(() => {
    if (!active || actions.mode !== "excel") return;
    let current = true;
    actions.listSheets().then(
      (names) => current && setSheets(names),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [actions, active]);

  async function run(chosen: readonly string[] = []) {
    const problems: typeof invalid = {};
    if (!unit.trim()) problems.unit = "请填写汇总单位，如：赣州市市场监督管理局";
    if (!parseReportDate(date.trim())) problems.date = "请按“11月26日”填写日期";
    if (files.length === 0 && !ownSheet) problems.files = excel ? "请选择报送文件，或选择本工作簿中的工作表" : "请至少选择一个报送文件";
    setInvalid(problems);
    if (Object.keys(problems).length > 0 || !template) return;
    setBusy("reading");
    setError(null);
    setOutcome(null);
    setWritten(null);
    setProgress({ done: 0, total: files.length });
    try {
      const result = await actions.consolidate({
        template,
        templates,
        files,
        ...(ownSheet ? { ownSheet } : {}),
        unit: unit.trim(),
        date: date.trim(),
        ...(stage ? { stage } : {}),
        roster: parseRoster(roster),
        ...(chosen.length ? { keep: chosen } : {}),
        onProgress: setProgress,
        previousFiles,
      });
      setKeep([...chosen]);
      setOutcome(result);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  }

  /** 采用这份: that copy replaces any other chosen copy of its unit, and the roll-up is made again */
  function choose(source: string) {
    const group = outcome?.consolidation.duplicates.find((d) => d.copies.some((c) => c.source === source));
    const others = new Set(group?.copies.map((c) => c.source) ?? []);
    void run([...keep.filter((k) => !others.has(k)), source]);
  }

  async function write(replace: boolean) {
    if (!outcome || !template) return;
    setConfirm(null);
    setBusy("writing");
    setError(null);
    setWritten(null);
    try {
      if (actions.mode === "excel") {
        const { sheets: names, warnings } = await actions.writeRollup(
          template,
          outcome.consolidation,
          replace,
          outcome.beyond?.extraSheets ?? [],
        );
        setWritten({
          text: `已写入工作表${names.map((n) => `“${n}”`).join("、")}。`,
          warnings: warnings.map(renderMessage),
          partial: coverageText(outcome.consolidation),
        });
      } else {
        const { fileName, warnings } = await (outcome.beyond
          ? actions.downloadRollup(template, outcome.consolidation, outcome.beyond.extraSheets)
          : actions.downloadRollup(template, outcome.consolidation));
        setWritten({
          text: `已生成“${fileName}”，请在浏览器的下载列表中查看。`,
          warnings: warnings.map(renderMessage),
          partial: coverageText(outcome.consolidation),
        });
      }
    } catch (e) {
      if (isAddinError(e) && e.code === "rollup-exists") setConfirm(e.message);
      else setError(e, excel ? "未能写入汇总表" : "未能生成汇总表");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className={styles.panel}>
      {picker}
      <FilePicker
        label="各单位报送的统计表（Excel、WPS 表格或填好的 Word 表格，可多选）"
        files={files}
        error={invalid.files}
        onChange={(f) => {
          setFiles(f);
          setInvalid(({ files: _, ...rest }) => rest);
        }}
      />
      {excel ? (
        <Field label="同时汇总本工作簿中的工作表（如市本级数据，可不选）">
          <Select
            className={styles.select}
            select={{ className: styles.selectElement }}
            value={ownSheet}
            onChange={(_, d) => setOwnSheet(d.value)}
            onFocus={() => void refreshSheets()}
          >
            <option value="">不包含</option>
            {sheets.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
                {s.active ? "（当前）" : ""}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field label="汇总单位" required validationMessage={invalid.unit} validationState={invalid.unit ? "error" : "none"}>
        <Input value={unit} onChange={(_, d) => setUnit(d.value)} placeholder="如：赣州市市场监督管理局" />
      </Field>
      <Field label="填报日期" validationMessage={invalid.date} validationState={invalid.date ? "error" : "none"}>
        <Input value={date} onChange={(_, d) => setDate(d.value)} />
      </Field>
      <StageField stage={stage} onChange={setStage} />
      <Field label="报送名单（可选，每行一个单位）" hint="填写后可列出未报送的单位">
        <Textarea value={roster} onChange={(_, d) => setRoster(d.value)} rows={4} resize="vertical" />
      </Field>
      <PreviousReportsField files={previousFiles} onChange={setPreviousFiles} />
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy !== null} onClick={() => void run()}>
          开始汇总
        </Button>
        {busy === "reading" && !progress?.total ? <Spinner size="tiny" label="正在汇总…" /> : null}
      </div>
      {busy === "reading" && progress && progress.total > 0 ? (
        <Field
          validationState="none"
          validationMessage={
            progress.done < progress.total
              ? `正在读取第 ${progress.done + 1} / ${progress.total} 个文件${progress.current ? `：${progress.current}` : ""}`
              : "正在汇总…"
          }
        >
          <ProgressBar value={progress.done / progress.total} aria-label="读取进度" />
        </Field>
      ) : null}
      {error ? <ErrorBar error={error.error} title={error.title} /> : null}
      <div aria-live="polite" className={styles.panel} style={{ paddingTop: 0 }}>
        {outcome ? <ResultsHeading headingRef={resultsHeading}>汇总结果</ResultsHeading> : null}
        {outcome ? <ConsolidationResults c={outcome.consolidation} /> : null}
        {outcome?.beyond && outcome.consolidation.accepted.length > 0 ? (
          <SummaryCard
            paragraph={outcome.beyond.paragraph}
            findings={outcome.beyond.findings}
            unusable={outcome.beyond.unusable}
            {...(outcome.beyond.comparison ? { comparison: outcome.beyond.comparison } : {})}
          />
        ) : null}
        {outcome ? <DuplicatesCard duplicates={outcome.consolidation.duplicates} onKeep={choose} busy={busy !== null} /> : null}
        {outcome && template && outcome.consolidation.accepted.length > 0 ? (
          <Suspense fallback={null}>
            <CountyChart template={template} accepted={outcome.consolidation.accepted} />
          </Suspense>
        ) : null}
        {written ? (
          <MessageBar intent={written.warnings.length || written.partial ? "warning" : "success"} layout="multiline">
            <MessageBarBody>
              {written.partial ? <MessageBarTitle>部分汇总</MessageBarTitle> : null}
              {written.text}
              {written.partial ? <div>{written.partial}</div> : null}
              {written.warnings.length ? (
                <ul className={styles.list}>
                  {written.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              ) : null}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {outcome ? (
        <div className={styles.row}>
          <Button
            appearance="primary"
            disabled={busy !== null || outcome.consolidation.accepted.length === 0}
            onClick={() => void write(false)}
          >
            {excel ? "写入汇总表" : "下载汇总表"}
          </Button>
          {busy === "writing" ? <Spinner size="tiny" label={excel ? "正在写入…" : "正在生成…"} /> : null}
          {outcome.consolidation.accepted.length === 0 ? <Caption1>没有可汇总的单位。</Caption1> : null}
        </div>
      ) : null}
      <Dialog open={confirm !== null} modalType="alert" onOpenChange={(_, d) => !d.open && setConfirm(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>替换上次的汇总结果？</DialogTitle>
            <DialogContent>{confirm}</DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => void write(true)}>
                替换
              </Button>
              <Button onClick={() => setConfirm(null)}>取消</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
