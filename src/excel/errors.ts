/**
 * Errors of the Office.js adapter. Every failure that leaves src/excel is an AddinError: a stable `code`
 * the task pane can branch on, a Chinese `message` the user reads, and the Office error kept as `cause`.
 * No Office.js global is touched here, so the task pane can import this module without Office.
 */

export type AddinErrorCode =
  /** the sheet (or workbook structure) is protected: Office.js AccessDenied */
  | "protected"
  /** Office.js InvalidOperation: protection, a merged-range conflict, a sheet Excel will not change */
  | "invalid-operation"
  /** the workbook's structure is protected (审阅 › 保护工作簿): sheets cannot be added, renamed or deleted */
  | "structure-protected"
  /** Office.js InvalidArgument: Excel refused a value or an argument of the batch */
  | "invalid-argument"
  /** Office.js GeneralException: an internal error, often an oversized request on the web */
  | "general"
  /** Office.js Conflict: a co-author changed the workbook at the same time */
  | "conflict"
  /** Excel is busy or out of resources: ActivityLimitReached, MemoryLimitReached, ServiceNotAvailable */
  | "busy"
  /** Excel is in cell-edit mode and refuses every API call */
  | "cell-edit-mode"
  /** a sheet or defined name of that name already exists */
  | "name-conflict"
  /** a sheet or cell the add-in was asked to use does not exist (any more) */
  | "not-found"
  /** this Excel does not have the API: ApiNotFound, NotImplemented, UnsupportedOperation */
  | "unsupported"
  /** the batch was larger than Excel accepts in one round trip */
  | "too-large"
  /** the add-in's previous roll-up sheets exist and the caller did not ask to replace them */
  | "rollup-exists"
  /** any other error Excel reported */
  | "excel"
  /** not an Office error: a bug of the add-in */
  | "unexpected";

const MESSAGES: Record<AddinErrorCode, string> = {
  protected: "工作表或工作簿受保护，无法修改。请在“审阅”选项卡中撤消工作表保护（或工作簿保护）后重试。",
  "invalid-operation": "Excel 拒绝了此操作：工作表可能受保护，或与合并单元格冲突。请撤消工作表保护后重试。",
  "structure-protected": "工作簿结构受保护，无法添加、改名或删除工作表。请在“审阅”选项卡中点击“保护工作簿”取消保护后重试。",
  "invalid-argument":
    "Excel 拒绝了本次写入的内容（参数无效）。请更新 Office 后重试；如仍出现，请在统计表助手网页中生成文件，并联系技术支持。",
  general:
    "Excel 处理请求时出错，可能是网络中断或一次处理的数据过多（Excel 网页版较常见）。请稍候重试；如反复出现，请改用 Excel 桌面版操作。",
  conflict: "其他人正在同时编辑此工作簿，修改发生冲突。请等待协作者的修改同步完成（或请其暂停编辑）后重试。",
  busy: "Excel 暂时繁忙或资源不足。请关闭其他较大的工作簿，稍候重试。",
  "cell-edit-mode": "Excel 正在编辑单元格。请按 Enter 或 Esc 结束编辑后重试。",
  "name-conflict": "已有同名的工作表或名称（可能是协作者刚刚创建的），无法创建。请刷新工作簿后重试，或将原有工作表改名。",
  "not-found": "找不到要操作的工作表或单元格，可能已被删除或改名。请重新操作。",
  unsupported: "当前 Excel 版本不支持此功能。请升级 Office，或在浏览器中打开统计表助手网页使用。",
  "too-large":
    "数据量超过了 Excel 单次请求的上限（Excel 网页版为 5 MB）。请重试；如仍出现，请改用 Excel 桌面版，或在统计表助手网页中生成汇总表文件（不必减少文件）。",
  "rollup-exists": "工作簿中已有上次生成的汇总表。",
  excel: "Excel 无法完成此操作。",
  unexpected: "发生了意外错误，请重试；如仍出现，请联系技术支持。",
};

/** Office.js error codes (OfficeExtension.Error.code) → our codes */
const OFFICE_CODES: Record<string, AddinErrorCode> = {
  AccessDenied: "protected",
  InvalidOperation: "invalid-operation",
  InvalidOperationInCellEditMode: "cell-edit-mode",
  ItemAlreadyExists: "name-conflict",
  ItemNotFound: "not-found",
  InvalidReference: "not-found",
  ApiNotFound: "unsupported",
  NotImplemented: "unsupported",
  UnsupportedOperation: "unsupported",
  UnsupportedFeature: "unsupported",
  RequestPayloadSizeLimitExceeded: "too-large",
  ResponsePayloadSizeLimitExceeded: "too-large",
  RangeExceedsLimit: "too-large",
  InvalidArgument: "invalid-argument",
  GeneralException: "general",
  Conflict: "conflict",
  InsertDeleteConflict: "conflict",
  ActivityLimitReached: "busy",
  MemoryLimitReached: "busy",
  ServiceNotAvailable: "busy",
};

export class AddinError extends Error {
  override readonly name = "AddinError";
  readonly code: AddinErrorCode;
  /** Excel's own message (in the language of the user's Office), when there is one */
  readonly detail?: string;
  /** the Office.js error code, e.g. AccessDenied */
  readonly officeCode?: string;

  constructor(code: AddinErrorCode, options: { message?: string; detail?: string; officeCode?: string; cause?: unknown } = {}) {
    super(options.message ?? MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.detail) this.detail = options.detail;
    if (options.officeCode) this.officeCode = options.officeCode;
  }
}

export function isAddinError(e: unknown): e is AddinError {
  return (
    e instanceof AddinError ||
    (typeof e === "object" &&
      e !== null &&
      (e as { name?: unknown }).name === "AddinError" &&
      typeof (e as { code?: unknown }).code === "string")
  );
}

/** an OfficeExtension.Error, recognised by shape (the class is not available outside Office) */
function officeError(e: unknown): { code: string; message: string } | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !/^[A-Z][A-Za-z]+$/.test(code)) return undefined;
  return { code, message: typeof message === "string" ? message : "" };
}

/** Wraps anything thrown by Office.js (or by a bug) into an AddinError with a Chinese message. */
export function toAddinError(e: unknown): AddinError {
  if (e instanceof AddinError) return e;
  if (isAddinError(e)) return e;
  const office = officeError(e);
  if (office) {
    const code = OFFICE_CODES[office.code] ?? "excel";
    return new AddinError(code, { officeCode: office.code, cause: e, ...(office.message ? { detail: office.message } : {}) });
  }
  return new AddinError("unexpected", { cause: e, ...(e instanceof Error && e.message ? { detail: e.message } : {}) });
}

/**
 * The same error, for an operation that adds or renames sheets: AccessDenied there means the workbook's
 * structure is protected (the new sheets themselves are not protected yet).
 */
export function asStructureError(error: AddinError): AddinError {
  if (error.code !== "protected") return error;
  return new AddinError("structure-protected", {
    cause: error.cause ?? error,
    ...(error.officeCode ? { officeCode: error.officeCode } : {}),
    ...(error.detail ? { detail: error.detail } : {}),
  });
}

/** Runs `fn` and rethrows any failure as an AddinError. */
export async function wrapOffice<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAddinError(e);
  }
}
