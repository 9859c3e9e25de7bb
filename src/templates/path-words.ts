/**
 * Template field names and problem paths in words, for the user. No zod here: the pane's template review
 * (initial bundle) uses it too.
 */
export const FIELD_NAMES: Record<string, string> = {
  id: "编号",
  version: "版本",
  title: "标题",
  year: "年度",
  header: "表头字段",
  sections: "部门",
  items: "项目",
  label: "项目名称",
  unit: "计量单位",
  kind: "数值类型",
  group: "分组",
  name: "部门名称",
  rules: "校验规则",
  aliases: "部门别名",
  footnote: "脚注",
  source: "来源",
  note: "规则说明",
  total: "合计项目",
  parts: "分类项目",
  item: "项目",
  limit: "上限项目",
  inLabelCell: "总数写在名称单元格内",
};

/** what the n-th element of a list is called: sections[0] → 第 1 个部门 */
const ELEMENT_NAMES: Record<string, string> = {
  sections: "部门",
  items: "项目",
  rules: "校验规则",
  parts: "分类项目",
  header: "表头字段",
  aliases: "部门别名",
};

/**
 * A problem's path in words for the user: "sections[0].items[0].unit" → "第 1 个部门第 1 个项目的计量单位".
 * The path itself stays technical (the CLI's --json and the tests key on it).
 */
export function pathInWords(path: string): string {
  if (!path || path === "（根）") return "模板";
  const steps = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  let out = "";
  steps.forEach((step, i) => {
    if (typeof step === "number") out += `第 ${step + 1} 个${ELEMENT_NAMES[String(steps[i - 1])] ?? "项"}`;
    else if (typeof steps[i + 1] === "number" && ELEMENT_NAMES[step]) return;
    else out += `${out ? "的" : ""}${FIELD_NAMES[step] ?? `“${step}”`}`;
  });
  return out;
}
