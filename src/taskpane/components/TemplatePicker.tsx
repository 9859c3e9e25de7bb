import { useId, useRef, useState, type Ref } from "react";
import { Button, Caption1, Field, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner } from "@fluentui/react-components";
import type { Template } from "../../templates";
import type { LearnOutcome } from "../actions";
import { errorText } from "../text";
import { usePanelStyles } from "./styles";

/** where a template in the list comes from, beyond the built-ins */
export type TemplateOrigin = "workbook" | "imported";

/** in front of the title: a narrow pane cuts the end of a long option, never its start */
export const ORIGIN_PREFIX: Record<TemplateOrigin, string> = { workbook: "【本工作簿】", imported: "【新导入】" };

/** where an imported template came from (the web page keeps them across reloads) */
export interface ImportSource {
  fileName: string;
  /** ISO date-time */
  importedAt: string;
}

/** a message under the picker: the outcome of 导入新模板 or 导出模板 */
export interface PickerNotice {
  intent: "success" | "error";
  title?: string;
  lines: string[];
}

export interface TemplatePickerProps {
  templates: readonly Template[];
  /** templates that are not built in, by id */
  origins?: ReadonlyMap<string, TemplateOrigin>;
  value: string;
  onChange(id: string): void;
  /** reads a picked attachment (.xlsx / .docx) or template file (.json) */
  learnTemplate(file: File): Promise<LearnOutcome>;
  /** a file was read: the app shows the template for review */
  onLearned(outcome: Extract<LearnOutcome, { ok: true }>): void;
  /** 导出模板 */
  exportTemplate(template: Template): Promise<{ fileName: string }>;
  notice: PickerNotice | null;
  onNotice(notice: PickerNotice | null): void;
  /** the 导入新模板 button, focused again when the review closes */
  importRef?: Ref<HTMLButtonElement>;
  /** imported templates' files and dates, by id */
  sources?: ReadonlyMap<string, ImportSource>;
  /** 删除此模板: offered for an imported template */
  onRemove?(id: string): void;
}

function importedText(src: ImportSource): string {
  const d = new Date(src.importedAt);
  const day = Number.isNaN(d.getTime()) ? "" : `，${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日导入`;
  return `导入的模板：来自“${src.fileName}”${day}。`;
}

// old formats (.doc, .xls, WPS's .wps/.et) are accepted so that the clerk is told how to save them anew
const ACCEPT = [
  ".xlsx",
  ".docx",
  ".json",
  ".doc",
  ".xls",
  ".wps",
  ".et",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/json",
].join(",");

/** 统计表模板: the built-in tables, the workbook's own, and new ones from an issued attachment. */
export function TemplatePicker({
  templates,
  origins,
  value,
  onChange,
  learnTemplate,
  onLearned,
  exportTemplate,
  notice,
  onNotice,
  importRef,
  sources,
  onRemove,
}: TemplatePickerProps) {
  const styles = usePanelStyles();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const hintId = useId();
  const selected = templates.find((t) => t.id === value);
  const fromWorkbook = templates.some((t) => origins?.get(t.id) === "workbook");
  const selectedOrigin = selected ? origins?.get(selected.id) : undefined;
  const source = selected ? sources?.get(selected.id) : undefined;

  async function onFile(file: File | undefined) {
    if (fileRef.current) fileRef.current.value = "";
    if (!file) return;
    onNotice(null);
    setBusy(`正在读取“${file.name}”…`);
    try {
      const r = await learnTemplate(file);
      if (r.ok) onLearned(r);
      else onNotice({ intent: "error", title: `未能从“${r.fileName}”导入模板`, lines: r.problems });
    } catch (e) {
      onNotice({ intent: "error", title: `未能从“${file.name}”导入模板`, lines: [errorText(e).message] });
    } finally {
      setBusy(null);
    }
  }

  async function onExport() {
    if (!selected) return;
    onNotice(null);
    try {
      const { fileName } = await exportTemplate(selected);
      onNotice({ intent: "success", lines: [`已导出模板文件“${fileName}”，请在下载列表中查看。同事用“导入新模板”选择这个文件即可使用。`] });
    } catch (e) {
      onNotice({ intent: "error", title: "未能导出模板", lines: [errorText(e).message] });
    }
  }

  return (
    <div className={styles.panel} style={{ paddingTop: 0 }}>
      <Field
        label="统计表模板"
        hint={
          selectedOrigin === "imported" && source
            ? importedText(source)
            : fromWorkbook
              ? "标有“【本工作簿】”的模板随本工作簿保存，同事打开本工作簿时也能使用。"
              : undefined
        }
      >
        <Select className={styles.select} select={{ className: styles.selectElement }} value={value} onChange={(_, d) => onChange(d.value)}>
          {templates.map((t) => {
            const origin = origins?.get(t.id);
            return (
              <option key={t.id} value={t.id}>
                {origin ? ORIGIN_PREFIX[origin] : ""}
                {t.title}
              </option>
            );
          })}
        </Select>
      </Field>
      <div className={styles.row}>
        <Button size="small" ref={importRef} disabled={!!busy} onClick={() => fileRef.current?.click()} aria-describedby={hintId}>
          导入新模板…
        </Button>
        <Button size="small" disabled={!selected} onClick={() => void onExport()}>
          导出模板
        </Button>
        {selected && selectedOrigin === "imported" && onRemove ? (
          <Button size="small" onClick={() => onRemove(selected.id)}>
            删除此模板
          </Button>
        ) : null}
        {busy ? <Spinner size="tiny" label={busy} /> : null}
        <input
          aria-label="选择下发的统计表附件（Word 或 Excel）或模板文件"
          ref={fileRef}
          type="file"
          accept={ACCEPT}
          hidden
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </div>
      <Caption1 id={hintId} className={styles.muted}>
        今年的统计表下发后，选择附件（Word 或 Excel 文件）即可导入，核对无误后使用。
      </Caption1>
      <div aria-live="polite">
        {notice ? (
          <MessageBar intent={notice.intent} layout="multiline">
            <MessageBarBody>
              {notice.title ? <MessageBarTitle>{notice.title}</MessageBarTitle> : null}
              {notice.lines.length === 1 && !notice.title ? (
                notice.lines[0]
              ) : (
                <ul className={styles.list}>
                  {notice.lines.slice(0, 8).map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              )}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
    </div>
  );
}
