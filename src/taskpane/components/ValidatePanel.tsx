import { useEffect, useRef, useState } from "react";
import { Button, Caption1, Field, ProgressBar, Spinner, Text } from "@fluentui/react-components";
import type { Template } from "../../templates";
import type { CheckedTable, PaneActions, Progress } from "../actions";
import { ErrorBar } from "./ErrorBar";
import { ResultsHeading } from "./ResultsHeading";
import { FilePicker } from "./FilePicker";
import { ResultsOverview } from "./ResultsOverview";
import { TableReport, verdictOf } from "./TableReport";
import { usePanelStyles } from "./styles";

export interface ValidatePanelProps {
  actions: PaneActions;
  templates: readonly Template[];
}

/** 一键校验: the active sheet in Excel; picked files on the web page. */
export function ValidatePanel({ actions, templates }: ValidatePanelProps) {
  const styles = usePanelStyles();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [results, setResults] = useState<CheckedTable[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  // after every run, keyboard and screen-reader users land on the results, not on the page body
  useEffect(() => {
    if (results) resultsHeading.current?.focus();
  }, [results]);

  async function run() {
    setBusy(true);
    setError(null);
    setNote(null);
    setResults(null);
    setProgress(null);
    try {
      if (actions.mode === "excel") setResults([await actions.validateActiveSheet(templates)]);
      else setResults(await actions.validateFiles(files, templates, setProgress));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  async function select(sheet: string, cell: string) {
    if (actions.mode !== "excel") return;
    setError(null);
    try {
      await actions.selectCell(sheet, cell);
    } catch (e) {
      setError(e);
    }
  }

  async function clear(sheet: string) {
    if (actions.mode !== "excel") return;
    setError(null);
    try {
      const n = await actions.clearMarks(sheet);
      setNote(n > 0 ? `已清除 ${n} 处标记。` : "表中没有本助手的标记。");
    } catch (e) {
      setError(e);
    }
  }

  const excel = actions.mode === "excel";
  const marked = excel && results?.[0]?.marks?.status === "marked" && verdictOf(results[0]).errors + verdictOf(results[0]).warnings > 0;
  return (
    <div className={styles.panel}>
      {excel ? (
        <Text>检查当前工作表中的统计表：是否填全、数字是否规范、分类合计是否等于案件总数。</Text>
      ) : (
        <FilePicker label="选择要校验的统计表（Excel、WPS 表格或填好的 Word 表格，可多选）" files={files} onChange={setFiles} />
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy || (!excel && files.length === 0)} onClick={() => void run()}>
          {excel ? "校验当前工作表" : "校验所选文件"}
        </Button>
        {marked && results?.[0]?.sheet ? (
          <Button disabled={busy} onClick={() => void clear(results[0].sheet!)}>
            清除标记
          </Button>
        ) : null}
        {busy && !progress ? <Spinner size="tiny" label="正在校验…" /> : null}
      </div>
      {progress ? (
        <Field
          validationMessage={`正在读取第 ${Math.min(progress.done + 1, progress.total)} / ${progress.total} 个文件${progress.current ? `：${progress.current}` : ""}`}
          validationState="none"
        >
          <ProgressBar value={progress.total ? progress.done / progress.total : 0} aria-label="读取进度" />
        </Field>
      ) : null}
      {error ? <ErrorBar error={error} title="校验未完成" /> : null}
      <div aria-live="polite" className={styles.panel} style={{ paddingTop: 0 }}>
        {note ? <Caption1>{note}</Caption1> : null}
        {results ? <ResultsHeading headingRef={resultsHeading}>校验结果</ResultsHeading> : null}
        {results && results.length > 1 ? (
          <ResultsOverview tables={results} {...(excel ? { onSelectCell: (s: string, c: string) => void select(s, c) } : {})} />
        ) : (
          results?.map((r, i) => (
            <TableReport
              key={`${r.source}${i}`}
              table={r}
              showSource={!excel}
              {...(excel ? { onSelectCell: (s: string, c: string) => void select(s, c) } : {})}
            />
          ))
        )}
      </div>
    </div>
  );
}
