/** Learning a template from a campaign's attachment (.docx / .xlsx): for the CLI, the task pane and the web page. */
export { learnFromAttachment, renderTemplateReview, type LearnOptions, type LearnResult } from "./learn";
export {
  inferTemplate,
  type InferOptions,
  type InferResult,
  type LearnProblem,
  type LearnProblemCode,
  type LearnWarning,
  type LearnWarningCode,
} from "./infer";
export { splitLabelUnit, parseDepartmentCell } from "./text";
