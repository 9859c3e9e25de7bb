/**
 * The add-in's Excel code on Microsoft's own Office.js client: the `excel-web-16.00` build of
 * @microsoft/office-js, loaded in jsdom, with its HTTP sender replaced (HttpUtility.setCustomSendRequestFunc).
 * Every batch reaches `send` serialised exactly as Excel on the web receives it, so its size and action count
 * are real; proxy misuse (a property read before its sync, a wrong argument) fails as it would in Excel.
 *
 * The server side is a script, not a workbook: a Query is answered by `answer(path, select)`, where `path` is
 * the chain of object-path names from the workbook (["Worksheets", "GetItem", "Protection"]); every other
 * action needs no answer. The fake context (fake-excel.ts) stays the place for workbook behaviour.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { JSDOM } from "jsdom";

/** Excel on the web refuses a request over 5 MB; the add-in keeps every batch under this budget */
export const WEB_REQUEST_LIMIT = 5 * 1024 * 1024;

interface ObjectPathInfo {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: { Arguments?: unknown[] };
}
interface ActionInfo {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: { Arguments?: unknown[] };
  QueryInfo?: { Select?: string[]; Expand?: string[] };
}
export interface RequestBody {
  Actions: ActionInfo[];
  ObjectPaths: Record<string, ObjectPathInfo>;
}

export interface CapturedRequest {
  /** UTF-8 bytes of the request body as sent */
  bytes: number;
  actions: number;
  /** method calls and property sets by name, e.g. "SetProperty Values", "Method Add", "Method Protect" */
  commands: string[];
  body: RequestBody;
}

/** Answer to one Query: the loaded object in the wire format (PascalCase properties, `_Items` for collections), or null for a null object */
export type Answer = (path: string[], select: readonly string[], args: unknown[][]) => unknown;

export interface OfficeError {
  code: string;
  message: string;
}

const ACTION = { 1: "Instantiate", 2: "Query", 3: "Method", 4: "SetProperty", 5: "Trace" } as Record<number, string>;

type OfficeWindow = { Excel: typeof Excel; OfficeExtension: typeof OfficeExtension };
let loaded: OfficeWindow | undefined;

function officeJs(): OfficeWindow {
  if (loaded) return loaded;
  const dom = new JSDOM("<!doctype html><html><body></body></html>", { runScripts: "outside-only", url: "https://localhost/" });
  const file = path.join(__dirname, "..", "..", "node_modules", "@microsoft", "office-js", "dist", "excel-web-16.00.debug.js");
  dom.window.eval(fs.readFileSync(file, "utf8"));
  loaded = dom.window as unknown as OfficeWindow;
  return loaded;
}

/** One harness = one simulated Excel on the web. Only one harness sends at a time (the sender is global). */
export class RealClient {
  readonly requests: CapturedRequest[] = [];
  /** the next request (by index, 0-based) answers with this error instead */
  private failures = new Map<number, OfficeError>();
  /** a request over the web's limit is refused as Excel on the web does */
  enforceLimit = true;

  constructor(private answer: Answer = () => null) {}

  get office(): OfficeWindow {
    return officeJs();
  }

  failRequest(index: number, error: OfficeError): void {
    this.failures.set(index, error);
  }

  context(): Excel.RequestContext {
    const { Excel, OfficeExtension } = officeJs();
    OfficeExtension.HttpUtility.setCustomSendRequestFunc(async (request) => this.receive(request.body as unknown as RequestBody));
    return new Excel.RequestContext("https://excel.test/");
  }

  get largest(): number {
    return Math.max(0, ...this.requests.map((r) => r.bytes));
  }

  private receive(body: RequestBody): OfficeExtension.ResponseInfo {
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text, "utf8");
    const commands = body.Actions.filter((a) => a.ActionType === 3 || a.ActionType === 4).map((a) => `${ACTION[a.ActionType]} ${a.Name}`);
    const index = this.requests.length;
    this.requests.push({ bytes, actions: body.Actions.length, commands, body });
    const failure = this.failures.get(index);
    if (failure) return errorResponse(failure);
    if (this.enforceLimit && bytes > WEB_REQUEST_LIMIT) return errorResponse({ code: "RequestPayloadSizeLimitExceeded", message: "The request payload size has exceeded the limit." });
    const Results: { ActionId: number; Value: unknown }[] = [];
    for (const a of body.Actions) {
      const target = body.ObjectPaths[a.ObjectPathId];
      // an object a method created (worksheets.add …) comes back with its id, which keeps the proxy valid after the sync
      if (a.ActionType === 1 && target?.ObjectPathType === 3 && target.Name === "Add") Results.push({ ActionId: a.Id, Value: { Id: `{id-${a.ObjectPathId}}` } });
      if (a.ActionType !== 2) continue;
      const chain = pathChain(body, a.ObjectPathId);
      Results.push({ ActionId: a.Id, Value: this.answer(chain.names, a.QueryInfo?.Select ?? [], chain.args) });
    }
    return { statusCode: 200, headers: {}, body: JSON.stringify({ Results }) };
  }
}

function errorResponse(e: OfficeError): OfficeExtension.ResponseInfo {
  return { statusCode: 500, headers: {}, body: JSON.stringify({ error: { code: e.code, message: e.message } }) };
}

function pathChain(body: RequestBody, id: number): { names: string[]; args: unknown[][] } {
  const names: string[] = [];
  const args: unknown[][] = [];
  for (let p: ObjectPathInfo | undefined = body.ObjectPaths[id]; p && p.ObjectPathType !== 1; p = p.ParentObjectPathId ? body.ObjectPaths[p.ParentObjectPathId] : undefined) {
    names.unshift(p.Name);
    args.unshift(p.ArgumentInfo?.Arguments ?? []);
  }
  return { names, args };
}

/** The usual answers: the workbook's sheets by name (and visibility), everything else null */
export function sheetsAnswer(sheets: readonly string[], more: Answer = () => null): Answer {
  return (names, select, args) => {
    if (names.length === 1 && names[0] === "Worksheets") return { _Items: sheets.map((n) => ({ Name: n, Visibility: "Visible" })) };
    if (names.length === 2 && names[0] === "Worksheets" && names[1] === "GetItemOrNullObject") {
      const wanted = String(args[1]?.[0] ?? "");
      return sheets.some((s) => s.toLowerCase() === wanted.toLowerCase()) ? { Name: wanted } : null;
    }
    return more(names, select, args);
  };
}
