import { useRef, useState } from "react";
import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Select } from "@fluentui/react-components";
import type { Template, TemplateLoadResult } from "../../templates";
import { readFileText } from "../text";
import { usePanelStyles } from "./styles";

export interface TemplatePickerProps {
  templates: readonly Template[];
  value: string;
  onChange(id: string): void;
  /** parses an imported template file; the picker adds a good one and selects it */
  parseTemplate(text: string): Promise<TemplateLoadResult>;
  onImported(template: Template): void;
}

/** 统计表模板: the built-in tables, plus templates imported from a JSON file. */
export function TemplatePicker({ templates, value, onChange, parseTemplate, onImported }: TemplatePickerProps) {
  const styles = usePanelStyles();
  const fileRef = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<string[] | null>(null);
  const [imported, setImported] = useState<string | null>(null);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setProblems(null);
    setImported(null);
    const result = await parseTemplate(await readFileText(file));
    if (result.ok) {
      onImported(result.template);
      setImported(result.template.title);
    } else {
      setProblems(result.problems.map((p) => `${p.path}：${p.message}`));
    }
    if (fileRef.current) fileRef.current.value = "";
  }

  return (
    <div className={styles.panel} style={{ paddingTop: 0 }}>
      <Field label="统计表模板">
        <Select className={styles.select} select={{ className: styles.selectElement }} value={value} onChange={(_, d) => onChange(d.value)}>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.row}>
        <Button size="small" onClick={() => fileRef.current?.click()}>
          导入模板…
        </Button>
        <input aria-label="选择模板文件（JSON）" ref={fileRef} type="file" accept=".json,application/json" hidden onChange={(e) => void onFile(e.target.files?.[0])} />
      </div>
      <div aria-live="polite">
        {imported ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>已导入模板《{imported}》。</MessageBarBody>
          </MessageBar>
        ) : null}
        {problems ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>模板文件有问题，未导入</MessageBarTitle>
              <ul className={styles.list}>
                {problems.slice(0, 8).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
    </div>
  );
}
