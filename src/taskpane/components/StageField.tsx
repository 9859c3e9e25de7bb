import { Field, Radio, RadioGroup } from "@fluentui/react-components";
import type { Stage } from "../../core/header";

/** 报告阶段: 中期 or 全面, or not chosen yet ("") */
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
