import { Caption1 } from "@fluentui/react-components";
import { FilePicker } from "./FilePicker";

/** 上期/去年报表: earlier roll-ups or submissions the roll-up is reviewed and compared against (optional). */
export function PreviousReportsField({ files, onChange }: { files: readonly File[]; onChange(files: File[]): void }) {
  return (
    <div>
      <FilePicker label="上期/去年报表（可选，可多选）" files={files} onChange={onChange} />
      <Caption1>
        本次活动的中期汇总表或各单位的中期报表：核对全面总结的累计数不少于中期；去年的汇总表（可以是往年的统计表）：生成“对比”并提示变化较大的合计。
      </Caption1>
    </div>
  );
}
