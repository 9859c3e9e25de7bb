/** The prompts and alerts of the sheets' data validation, shared by the file writer and the add-in. */
import { MAX_DECIMALS, type NumberKind } from "../templates/schema";

export interface ValidationText {
  /** the alert when a wrong value is typed */
  title: string;
  message: string;
  /** the prompt shown when the cell is selected */
  promptTitle?: string;
  prompt?: string;
}

export const STAGE_CHOICES = ["中期", "全面"] as const;

export const VALIDATION_TEXT: Record<NumberKind | "stage" | "date", ValidationText> = {
  count: { title: "数量应为整数", message: "该项目按整数计量，请填写 0 或正整数；无数据请填 0，说明写在备注中。" },
  decimal: { title: "数量应为数字", message: `请填写不小于 0 的数字，最多保留 ${MAX_DECIMALS} 位小数；无数据请填 0，说明写在备注中。` },
  stage: {
    title: "报告阶段",
    message: "请选择“中期”或“全面”。",
    promptTitle: "报告阶段",
    prompt: "中期报告选“中期”，全面总结选“全面”。",
  },
  date: { title: "填报日期", message: "请按“11月20日”填写。", promptTitle: "填报日期", prompt: "请按“11月20日”填写。" },
};
