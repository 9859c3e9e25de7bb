import { Button, Caption1, makeStyles, MessageBar, MessageBarBody, Subtitle2, Text, tokens } from "@fluentui/react-components";
import type { DuplicateGroup } from "../../core/consolidate";
import { usePanelStyles } from "./styles";

type Duplicate = DuplicateGroup;

const useStyles = makeStyles({
  scroll: { overflowX: "auto", maxWidth: "100%" },
  table: { borderCollapse: "collapse", width: "100%" },
  cell: {
    textAlign: "left",
    verticalAlign: "top",
    paddingTop: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalXXS,
    paddingRight: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: "anywhere",
    fontSize: tokens.fontSizeBase200,
  },
  rowHead: { fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground3 },
  differs: { fontWeight: tokens.fontWeightSemibold },
});

/** one unit sent twice with different figures: the copies side by side, 采用这份 under each */
function DifferingCopies({ d, onKeep, busy }: { d: Duplicate; onKeep(source: string): void; busy: boolean }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label={`${d.unit}的 ${d.copies.length} 份报送`}>
        <thead>
          <tr>
            <th className={styles.cell} scope="col">
              <span className={styles.rowHead}>文件</span>
            </th>
            {d.copies.map((c) => (
              <th key={c.source} className={styles.cell} scope="col">
                {c.source}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th className={`${styles.cell} ${styles.rowHead}`} scope="row">
              填报日期
            </th>
            {d.copies.map((c) => (
              <td key={c.source} className={styles.cell}>
                {c.date ?? "—"}
              </td>
            ))}
          </tr>
          <tr>
            <th className={`${styles.cell} ${styles.rowHead}`} scope="row">
              文件时间
            </th>
            {d.copies.map((c) => (
              <td key={c.source} className={styles.cell}>
                {c.modified ?? "—"}
              </td>
            ))}
          </tr>
          {d.differences.map((x) => (
            <tr key={`${x.sectionId}\u0000${x.itemId}`}>
              <th className={`${styles.cell} ${styles.rowHead}`} scope="row">
                {x.section} · {x.item}
              </th>
              {d.copies.map((c) => (
                <td key={c.source} className={`${styles.cell} ${styles.differs}`}>
                  {x.values[c.source] ?? "未填"}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <td className={styles.cell} />
            {d.copies.map((c) => (
              <td key={c.source} className={styles.cell}>
                <Button
                  size="small"
                  appearance={d.kept === c.source ? "primary" : "secondary"}
                  disabled={busy || d.kept === c.source}
                  aria-label={`采用这份：${c.source}`}
                  onClick={() => onKeep(c.source)}
                >
                  {d.kept === c.source ? "已采用" : "采用这份"}
                </Button>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** 重复报送: identical copies count once (a note); differing ones wait for the clerk's choice */
export function DuplicatesCard({
  duplicates,
  onKeep,
  busy = false,
}: {
  duplicates: readonly DuplicateGroup[];
  onKeep(source: string): void;
  busy?: boolean;
}) {
  const panel = usePanelStyles();
  if (duplicates.length === 0) return null;
  const waiting = duplicates.filter((d) => !d.identical && !d.kept).length;
  return (
    <section aria-labelledby="duplicates-heading" className={panel.panel} style={{ paddingTop: 0 }}>
      <Subtitle2 as="h3" id="duplicates-heading" className={panel.heading}>
        重复报送（{duplicates.length} 个单位）
      </Subtitle2>
      {waiting > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {waiting} 个单位报送了数字不同的几份，暂未汇总。请对照下面标出的不同之处，点“采用这份”选定一份，汇总会随即更新。
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {duplicates.map((d) => (
        <div key={d.unit} className={panel.panel} style={{ paddingTop: 0 }}>
          <Text weight="semibold" className={panel.wrap}>
            {d.unit}
          </Text>
          {d.identical ? (
            <Caption1 className={panel.wrap}>{d.copies.map((c) => `“${c.source}”`).join("、")} 数字完全相同，按一份汇总。</Caption1>
          ) : (
            <>
              {d.kept ? <Caption1 className={panel.wrap}>已采用“{d.kept}”，其余各份不计入汇总。</Caption1> : null}
              <DifferingCopies d={d} onKeep={onKeep} busy={busy} />
            </>
          )}
        </div>
      ))}
    </section>
  );
}
