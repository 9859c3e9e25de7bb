import {
  Badge,
  Caption1,
  Link,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
} from "@fluentui/react-components";
import type { Finding } from "../../core/findings";
import { renderMessage, SEVERITY_LABEL, verdictText } from "../../messages/zh-CN";
import type { CheckedTable, MarkSummary } from "../actions";
import { allFindings, verdictOf as verdictOfInput } from "../../core/verdict";
import { usePanelStyles } from "./styles";

export interface TableReportProps {
  table: CheckedTable;
  /** Excel: select the finding's cell in the sheet */
  onSelectCell?: (sheet: string, cell: string) => void;
  /** show the source (file name) as a heading: several files were checked */
  showSource?: boolean;
  /** one of several files: a file without any finding shows only its verdict */
  compact?: boolean;
}

/** 可以报送 / 需修改 N 处 / 无法读取 / 非本模板 */
export function verdictOf(table: CheckedTable): { ok: boolean; text: string; errors: number; warnings: number } {
  const v = verdictOfInput(table.input);
  return { ok: v.verdict === "ok", errors: v.errors, warnings: v.warnings, text: verdictText(v) };
}

function marksText(m: MarkSummary | undefined, errors: number, warnings: number): string | null {
  if (!m) return null;
  switch (m.status) {
    case "marked":
      return errors + warnings > 0 ? "已在表中标出问题单元格：错误为红色，提醒为橙色。修改后请重新校验。" : null;
    case "unsupported":
      return errors + warnings > 0 ? "此版本的 Excel 不能在表中标出问题单元格，请按下面的清单逐项修改。" : null;
    case "failed":
      return `未能在表中标出问题单元格：${m.message}`;
    case "off":
      return null;
  }
}

function FindingItem({ f, sheet, onSelectCell }: { f: Finding; sheet?: string; onSelectCell?: (sheet: string, cell: string) => void }) {
  const styles = usePanelStyles();
  const message = renderMessage(f);
  const target = sheet && f.cell && onSelectCell ? { sheet, cell: f.cell } : undefined;
  return (
    <li className={styles.finding}>
      <Badge className={styles.badge} size="small" appearance="tint" color={f.severity === "error" ? "danger" : "warning"}>
        {SEVERITY_LABEL[f.severity]}
      </Badge>
      {target ? (
        <Link as="button" title={`在表中选中 ${target.cell}`} onClick={() => onSelectCell!(target.sheet, target.cell)}>
          {message}
        </Link>
      ) : (
        <Text>{message}</Text>
      )}
    </li>
  );
}

function Counts({ errors, warnings }: { errors: number; warnings: number }) {
  const styles = usePanelStyles();
  if (errors + warnings === 0)
    return (
      <Badge className={styles.badge} size="small" appearance="tint" color="success">
        无问题
      </Badge>
    );
  return (
    <>
      {errors > 0 ? (
        <Badge className={styles.badge} size="small" appearance="filled" color="danger">
          {errors} 错误
        </Badge>
      ) : null}
      {warnings > 0 ? (
        <Badge className={styles.badge} size="small" appearance="filled" color="warning">
          {warnings} 提醒
        </Badge>
      ) : null}
    </>
  );
}

/** The verdict on one table, its summary per department, and its findings. */
export function TableReport({ table, onSelectCell, showSource, compact }: TableReportProps) {
  const styles = usePanelStyles();
  const findings = allFindings(table.input);
  const verdict = verdictOf(table);
  const report = table.input.report;
  const general = findings.filter((f) => !f.sectionId);
  const sections = report?.sections ?? [];
  const marks = marksText(table.marks, verdict.errors, verdict.warnings);

  return (
    <section className={styles.panel} aria-label={`校验结果：${table.source}`}>
      {showSource ? (
        <Subtitle2 as="h3" className={mergeClasses(styles.heading, styles.wrap)}>
          {table.source}
        </Subtitle2>
      ) : null}
      <MessageBar intent={verdict.ok ? "success" : "error"} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{verdict.text}</MessageBarTitle>
          {verdict.ok && verdict.warnings > 0 ? `另有 ${verdict.warnings} 处提醒，建议核对。` : null}
          {table.templateTitle ? (
            <Caption1 block>
              按《{table.templateTitle}》校验{table.sheet && table.sheet !== table.source ? `（工作表“${table.sheet}”）` : ""}
            </Caption1>
          ) : null}
        </MessageBarBody>
      </MessageBar>
      {marks ? <Caption1>{marks}</Caption1> : null}

      {sections.length > 0 && !(compact && findings.length === 0) ? (
        <div>
          <Subtitle2 as="h4" className={styles.heading}>
            各部门情况
          </Subtitle2>
          <ul className={styles.plainList} aria-label="各部门情况">
            {sections.map((s) => (
              <li key={s.sectionId} className={styles.row}>
                <Text>{s.name}</Text>
                {s.notApplicable ? (
                  <Badge size="small" appearance="outline" color="informative">
                    不适用
                  </Badge>
                ) : null}
                <Counts errors={s.errors} warnings={s.warnings} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {findings.length > 0 ? (
        <div>
          <Subtitle2 as="h4" className={styles.heading}>
            问题清单{table.sheet && onSelectCell ? "（点击可定位到单元格）" : ""}
          </Subtitle2>
          {general.length > 0 ? (
            <div>
              <Caption1 as="h5" className={styles.heading}>
                表头与文件
              </Caption1>
              <ul className={styles.plainList}>
                {general.map((f, i) => (
                  <FindingItem
                    key={`g${i}`}
                    f={f}
                    {...(table.sheet ? { sheet: table.sheet } : {})}
                    {...(onSelectCell ? { onSelectCell } : {})}
                  />
                ))}
              </ul>
            </div>
          ) : null}
          {sections.map((s) => {
            const own = findings.filter((f) => f.sectionId === s.sectionId);
            if (own.length === 0) return null;
            return (
              <div key={s.sectionId}>
                <Caption1 as="h5" className={styles.heading}>
                  {s.name}
                </Caption1>
                <ul className={styles.plainList}>
                  {own.map((f, i) => (
                    <FindingItem
                      key={`${s.sectionId}${i}`}
                      f={f}
                      {...(table.sheet ? { sheet: table.sheet } : {})}
                      {...(onSelectCell ? { onSelectCell } : {})}
                    />
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
