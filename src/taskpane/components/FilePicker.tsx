import { useId, useRef } from "react";
import { Button, Caption1, Label, makeStyles, tokens } from "@fluentui/react-components";
import { usePanelStyles } from "./styles";

export interface FilePickerProps {
  label: string;
  files: readonly File[];
  onChange(files: File[]): void;
  multiple?: boolean;
  /** shown under the input, in red */
  error?: string | undefined;
}

const useStyles = makeStyles({
  field: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS, minWidth: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/**
 * Picking .xlsx files: a Chinese "选择文件…" button over a hidden native input (whose own button text
 * is in the browser's language), labelled for screen readers, with the chosen files listed.
 */
export function FilePicker({ label, files, onChange, multiple = true, error }: FilePickerProps) {
  const styles = usePanelStyles();
  const own = useStyles();
  const inputId = useId();
  const labelId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className={own.field}>
      <Label id={labelId} htmlFor={inputId}>
        {label}
      </Label>
      <div className={styles.row}>
        <Button aria-describedby={error ? `${labelId} ${errorId}` : labelId} onClick={() => input.current?.click()}>
          选择文件…
        </Button>
        <Caption1>{files.length > 0 ? `已选择 ${files.length} 个文件` : "尚未选择文件"}</Caption1>
      </div>
      <input
        id={inputId}
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        accept=".xlsx,.xlsm,.xls,.et,.ods,.xlsb,.docx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        onChange={(e) => {
          onChange(Array.from(e.target.files ?? []));
          // picking the same files again (corrected on disk) must fire change again
          e.target.value = "";
        }}
      />
      {files.length > 0 ? (
        <Caption1 className={styles.wrap}>
          {files
            .slice(0, 5)
            .map((f) => f.name)
            .join("、")}
          {files.length > 5 ? ` 等 ${files.length} 个文件` : ""}
        </Caption1>
      ) : null}
      {error ? (
        <Caption1 id={errorId} role="alert" className={own.error}>
          {error}
        </Caption1>
      ) : null}
    </div>
  );
}
