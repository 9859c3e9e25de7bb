import { useState } from "react";
import { Button, Field, Input, MessageBar, MessageBarBody, Spinner, Text } from "@fluentui/react-components";
import { StageField, useStage } from "./StageField";
import type { Template } from "../../templates";
import type { PaneActions } from "../actions";
import { ErrorBar } from "./ErrorBar";
import { usePanelStyles } from "./styles";

export interface InsertPanelProps {
  actions: PaneActions;
  template: Template | undefined;
  picker: React.ReactNode;
  /** Excel: a table was inserted; `stored` when its template was saved in the workbook */
  onInserted?(template: Template, stored: boolean): void;
}

/** 插入统计表 (Excel) / 下载空白模板 (web page). */
export function InsertPanel({ actions, template, picker, onInserted }: InsertPanelProps) {
  const styles = usePanelStyles();
  const [unit, setUnit] = useState("");
  const [stage, setStage] = useStage();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const excel = actions.mode === "excel";

  async function run() {
    if (!template) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const req = { template, unit: unit.trim(), ...(stage ? { stage } : {}) };
    try {
      if (actions.mode === "excel") {
        const { sheetName, stored } = await actions.insertTemplate(req);
        setDone(
          `已插入工作表“${sheetName}”。请在黄色单元格中填写，填好后到“一键校验”检查。${stored ? "这个模板已一起保存在本工作簿中。" : ""}`,
        );
        onInserted?.(template, !!stored);
      } else {
        const { fileName } = await actions.downloadTemplate(req);
        setDone(`已生成“${fileName}”，请在浏览器的下载列表中查看。`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.panel}>
      <Text>
        {excel ? "在当前工作簿中新建一张统计表，已有的工作表不会被覆盖。" : "下载统计表模板（.xlsx），填好后可在“一键校验”中检查。"}
      </Text>
      {picker}
      <Field label="填报单位" hint="如：章贡区市场监督管理局（可稍后在表中填写）">
        <Input value={unit} onChange={(_, d) => setUnit(d.value)} />
      </Field>
      <StageField stage={stage} onChange={setStage} />
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy || !template} onClick={() => void run()}>
          {excel ? "插入统计表" : "下载空白模板"}
        </Button>
        {busy ? <Spinner size="tiny" label={excel ? "正在插入…" : "正在生成…"} /> : null}
      </div>
      <div aria-live="polite">
        {done ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {error ? <ErrorBar error={error} title={excel ? "未能插入统计表" : "未能生成模板"} /> : null}
    </div>
  );
}
