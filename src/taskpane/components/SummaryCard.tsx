import { useState } from "react";
import { Button, Caption1, Card, CardHeader, Subtitle2, Text } from "@fluentui/react-components";
import type { Comparison } from "../../core/compare";
import type { Finding } from "../../core/findings";
import { renderMessage } from "../../messages/zh-CN";
import { usePanelStyles } from "./styles";

/** copies text to the clipboard: the async Clipboard API, else a hidden textarea and execCommand (older Office webviews) */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // refused (no permission in this webview): the fallback below
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand?.("copy") ?? false;
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** The review's reminders: figures to check with the units before the roll-up goes upward. */
export function ReviewReminders({ findings }: { findings: readonly Finding[] }) {
  const styles = usePanelStyles();
  if (findings.length === 0) return null;
  return (
    <section aria-label="核对提醒">
      <Subtitle2 as="h4" className={styles.heading}>
        核对提醒（{findings.length}）
      </Subtitle2>
      <ul className={styles.list}>
        {findings.map((f, i) => (
          <li key={i}>
            <Caption1>{renderMessage(f)}</Caption1>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Items of an earlier report matched by name (to confirm) and those nothing matched. */
function ComparisonNotes({ cmp }: { cmp: Comparison }) {
  const styles = usePanelStyles();
  const byLabel = cmp.rows.filter((r) => r.match);
  return (
    <section aria-label="对比">
      <Subtitle2 as="h4" className={styles.heading}>
        与{cmp.basis}对比：{cmp.source}
      </Subtitle2>
      {byLabel.length ? (
        <ul className={styles.list}>
          {byLabel.map((r) => (
            <li key={r.itemId}>
              <Caption1>
                {r.item}（{r.unit}）← {r.match!.previous.section} · {r.match!.previous.label}（{r.match!.previous.unit}）
                {r.match!.how === "similar-label" ? "：名称相近，请确认" : ""}
              </Caption1>
            </li>
          ))}
        </ul>
      ) : null}
      {cmp.matching.unmatched.length ? (
        <Caption1 className={styles.wrap}>
          {cmp.basis}报表中未对应的项目：{cmp.matching.unmatched.map((u) => `${u.label}（${u.unit}）`).join("、")}
        </Caption1>
      ) : null}
    </section>
  );
}

/** 汇总说明: the paragraph drafted from the roll-up, with a copy button; the review and the comparison above it. */
export function SummaryCard({
  paragraph,
  findings = [],
  comparison,
  unusable = [],
}: {
  paragraph: string;
  findings?: readonly Finding[];
  comparison?: Comparison;
  unusable?: readonly string[];
}) {
  const styles = usePanelStyles();
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className={styles.panel} style={{ paddingTop: 0 }}>
      {unusable.map((u, i) => (
        <Caption1 key={i} className={styles.wrap}>
          {u}
        </Caption1>
      ))}
      <ReviewReminders findings={findings} />
      {comparison ? <ComparisonNotes cmp={comparison} /> : null}
      <Card aria-label="汇总说明">
        <CardHeader header={<Subtitle2 as="h4">汇总说明</Subtitle2>} />
        <Text className={styles.wrap}>{paragraph}</Text>
        <div className={styles.row}>
          <Button size="small" onClick={() => void copyText(paragraph).then(setCopied)}>
            复制
          </Button>
          {copied === true ? <Caption1>已复制，可粘贴到工作总结中。</Caption1> : null}
          {copied === false ? <Caption1>未能复制，请选中上面的文字后按 Ctrl+C。</Caption1> : null}
        </div>
      </Card>
    </div>
  );
}
