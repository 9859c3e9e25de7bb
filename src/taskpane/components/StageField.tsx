import { useState } from "react";
import { Field, Radio, RadioGroup } from "@fluentui/react-components";
import type { Stage } from "../../core/header";

const STORE_KEY = "campaign-stats.stage";

/**
 * 报告阶段 before the user chooses: the last choice on this machine, else by the month — the campaigns
 * run from spring to late autumn, so a report made from October on is the final (全面) one.
 */
export function defaultStage(now: Date, last: string | null): Stage {
  if (last === "中期" || last === "全面") return last;
  return now.getMonth() + 1 >= 10 ? "全面" : "中期";
}

function storedStage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORE_KEY) ?? null;
  } catch {
    return null; // storage refused (private mode, a locked-down webview): the month decides
  }
}

/** the stage state of a panel: starts at the default, and remembers the user's choice for next time */
export function useStage(): [Stage, (s: Stage) => void] {
  const [stage, setStage] = useState<Stage>(() => defaultStage(new Date(), storedStage()));
  const choose = (s: Stage) => {
    setStage(s);
    try {
      globalThis.localStorage?.setItem(STORE_KEY, s);
    } catch {
      // not remembered; the choice still holds for this run
    }
  };
  return [stage, choose];
}

/** 报告阶段: 中期 or 全面 */
export function StageField({ stage, onChange }: { stage: Stage | ""; onChange(stage: Stage): void }) {
  return (
    <Field label="报告阶段">
      <RadioGroup layout="horizontal" value={stage} onChange={(_, d) => onChange(d.value as Stage)}>
        <Radio value="中期" label="中期" />
        <Radio value="全面" label="全面" />
      </RadioGroup>
    </Field>
  );
}
