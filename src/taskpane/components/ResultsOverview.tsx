import { useState } from "react";
import { Badge, Button, Caption1, Checkbox, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { CheckedTable } from "../actions";
import { compareVerdicts, needsAction, verdictOf, type Verdict } from "../../core/verdict";
import { verdictText } from "../../messages/zh-CN";
import { TableReport } from "./TableReport";
import { usePanelStyles } from "./styles";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", tableLayout: "auto" },
  th: {
    textAlign: "left",
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    paddingRight: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    whiteSpace: "nowrap",
  },
  td: {
    verticalAlign: "top",
    paddingTop: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalXXS,
    paddingRight: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  verdict: { whiteSpace: "nowrap", flexShrink: 0 },
  num: { textAlign: "right", whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" },
  unitButton: {
    justifyContent: "flex-start",
    textAlign: "left",
    minWidth: 0,
    paddingLeft: 0,
    overflowWrap: "anywhere",
    height: "auto",
    fontWeight: tokens.fontWeightRegular,
  },
  source: { display: "block", color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  detail: {
    paddingLeft: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

const BADGE: Record<Verdict, "success" | "danger" | "warning" | "informative"> = {
  ok: "success",
  "needs-fix": "danger",
  unreadable: "danger",
  "other-template": "warning",
  duplicate: "warning",
};

/** after checking several files: a row per file, those needing action first; a row opens to its findings */
export function ResultsOverview({
  tables,
  onSelectCell,
}: {
  tables: readonly CheckedTable[];
  onSelectCell?: (sheet: string, cell: string) => void;
}) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const [onlyAction, setOnlyAction] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const rows = tables
    .map((table, index) => ({ table, index, v: verdictOf(table.input) }))
    .sort((a, b) => compareVerdicts(a.v, b.v) || a.index - b.index);
  const action = rows.filter((r) => needsAction(r.v)).length;
  const shown = onlyAction ? rows.filter((r) => needsAction(r.v)) : rows;
  const toggle = (i: number) => setOpen((s) => (s.has(i) ? new Set([...s].filter((x) => x !== i)) : new Set([...s, i])));

  return (
    <div className={panel.panel} style={{ paddingTop: 0 }}>
      <Text weight="semibold">
        共 {tables.length} 个文件：{tables.length - action} 个可以报送，{action} 个需处理。
      </Text>
      {action > 0 && action < tables.length ? (
        <Checkbox label="只看需处理" checked={onlyAction} onChange={(_, d) => setOnlyAction(!!d.checked)} />
      ) : null}
      <table className={styles.table} aria-label="校验结果一览">
        <thead>
          <tr>
            <th className={styles.th} scope="col">
              单位（点击查看问题）
            </th>
            <th className={styles.th} scope="col">
              结论
            </th>
            <th className={`${styles.th} ${styles.num}`} scope="col">
              错误
            </th>
            <th className={`${styles.th} ${styles.num}`} scope="col">
              提醒
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.flatMap(({ table, index, v }) => {
            const expanded = open.has(index);
            const unit = table.input.report?.unit;
            const row = (
              <tr key={`r${index}`}>
                <td className={styles.td}>
                  <Button
                    appearance="transparent"
                    size="small"
                    className={styles.unitButton}
                    aria-expanded={expanded}
                    onClick={() => toggle(index)}
                  >
                    {expanded ? "▾" : "▸"} {unit || table.source}
                  </Button>
                  {unit ? <Caption1 className={styles.source}>{table.source}</Caption1> : null}
                </td>
                <td className={styles.td}>
                  <Badge size="small" appearance="tint" color={BADGE[v.verdict]} className={styles.verdict}>
                    {verdictText(v)}
                  </Badge>
                </td>
                <td className={`${styles.td} ${styles.num}`}>{v.errors}</td>
                <td className={`${styles.td} ${styles.num}`}>{v.warnings}</td>
              </tr>
            );
            if (!expanded) return [row];
            return [
              row,
              <tr key={`d${index}`}>
                <td colSpan={4} className={styles.detail}>
                  <TableReport table={table} compact {...(onSelectCell ? { onSelectCell } : {})} />
                </td>
              </tr>,
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
