/**
 * The add-in's Excel code on Microsoft's own Office.js client: the `excel-web-16.00` build of
 * @microsoft/office-js, loaded in jsdom, with its HTTP sender replaced (HttpUtility.setCustomSendRequestFunc).
 * Every batch reaches `send` serialised exactly as Excel on the web receives it, so its size and action count
 * are real; proxy misuse (a property read before its sync, a wrong argument) fails as it would in Excel.
 *
 * The server side is a script, not a workbook: a Query is answered by `answer(path, select)`, where `path` is
 * the chain of object-path names from the workbook (["Worksheets", "GetItem", "Protection"]); an object kept
 * across syncs inside Excel.run gets a reference id, one a collection's add() made gets an id, as Excel
 * answers; Excel.run's closing clean-up request is counted apart. Every other action needs no answer. The
 * fake context (fake-excel.ts) stays the place for workbook behaviour.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { JSDOM } from "jsdom";
import type { Grid } from "../../src/core/grid";

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

interface Chain {
  names: string[];
  args: unknown[][];
}

export interface OfficeError {
  code: string;
  message: string;
}

const ACTION = { 1: "Instantiate", 2: "Query", 3: "Method", 4: "SetProperty", 5: "Trace" } as Record<number, string>;

/** the client's HTTP hook, not in @types/office-js */
interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}
interface ResponseInfo {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
type OfficeWindow = {
  Excel: typeof Excel;
  OfficeExtension: { HttpUtility: { setCustomSendRequestFunc(fn: (request: RequestInfo) => Promise<ResponseInfo>): void } };
};
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
  /** the add-in's requests, one per sync */
  readonly requests: CapturedRequest[] = [];
  /** Excel.run's closing requests that release kept references */
  cleanups = 0;
  /** the next request (by index, 0-based) answers with this error instead */
  private failures = new Map<number, OfficeError>();
  /** a request over the web's limit is refused as Excel on the web does */
  enforceLimit = true;

  /** `answer` may be replaced between requests (the workbook changed) */
  constructor(public answer: Answer = () => null) {}

  get office(): OfficeWindow {
    return officeJs();
  }

  failRequest(index: number, error: OfficeError): void {
    this.failures.set(index, error);
  }

  /**
   * Runs `fn` as the task pane does, inside Excel.run: proxies used across syncs are kept by reference
   * (each costs a _KeepReference action and an id in the answer), as in Excel.
   */
  run<T>(fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    const { Excel, OfficeExtension } = officeJs();
    OfficeExtension.HttpUtility.setCustomSendRequestFunc(async (request: RequestInfo) =>
      this.receive(request.body as unknown as RequestBody),
    );
    return Excel.run(new Excel.RequestContext("https://excel.test/"), fn);
  }

  get largest(): number {
    return Math.max(0, ...this.requests.map((r) => r.bytes));
  }

  /** the path of each reference id given out */
  private refs = new Map<string, Chain>();

  private pathChain(body: RequestBody, id: number): Chain {
    const names: string[] = [];
    const args: unknown[][] = [];
    for (
      let p: ObjectPathInfo | undefined = body.ObjectPaths[id];
      p && p.ObjectPathType !== 1;
      p = p.ParentObjectPathId ? body.ObjectPaths[p.ParentObjectPathId] : undefined
    ) {
      if (p.ObjectPathType === 6) {
        const base = this.refs.get(p.Name) ?? { names: [], args: [] };
        return { names: [...base.names, ...names], args: [...base.args, ...args] };
      }
      names.unshift(p.Name);
      args.unshift(p.ArgumentInfo?.Arguments ?? []);
    }
    return { names, args };
  }

  private receive(body: RequestBody): ResponseInfo {
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text, "utf8");
    const internal = (a: ActionInfo) => a.Name.startsWith("_");
    const commands = body.Actions.filter((a) => (a.ActionType === 3 || a.ActionType === 4) && !internal(a)).map(
      (a) => `${ACTION[a.ActionType]} ${a.Name}`,
    );
    // Excel.run's clean-up at the end (releasing the kept references) is not a sync of the add-in
    if (
      body.Actions.every((a) => a.ActionType !== 3 || a.Name === "_RemoveReference") &&
      body.Actions.some((a) => a.Name === "_RemoveReference")
    ) {
      this.cleanups++;
      return { statusCode: 200, headers: {}, body: JSON.stringify({ Results: [] }) };
    }
    const index = this.requests.length;
    // a snapshot: the client rewrites the paths of the objects an add() made once the answer gives their ids
    this.requests.push({ bytes, actions: body.Actions.length, commands, body: JSON.parse(text) as RequestBody });
    const failure = this.failures.get(index);
    if (failure) return errorResponse(failure);
    if (this.enforceLimit && bytes > WEB_REQUEST_LIMIT)
      return errorResponse({ code: "RequestPayloadSizeLimitExceeded", message: "The request payload size has exceeded the limit." });
    const Results: { ActionId: number; Value: unknown }[] = [];
    const kept = new Set(body.Actions.filter((a) => a.ActionType === 3 && a.Name === "_KeepReference").map((a) => a.ObjectPathId));
    for (const a of body.Actions) {
      const chain = this.pathChain(body, a.ObjectPathId);
      if (a.ActionType === 1 && kept.has(a.ObjectPathId)) {
        // a kept object comes back with a reference id (null for a missing *OrNullObject)
        const missing = chain.names.at(-1)?.endsWith("OrNullObject") && this.answer(chain.names, [], chain.args) === null;
        const ref = `ref-${this.refs.size + 1}`;
        this.refs.set(ref, chain);
        Results.push({ ActionId: a.Id, Value: missing ? null : { _ReferenceId: ref } });
      }
      // an object a collection's add() created comes back with its id, as Excel answers
      else if (
        a.ActionType === 1 &&
        body.ObjectPaths[a.ObjectPathId]?.ObjectPathType === 3 &&
        body.ObjectPaths[a.ObjectPathId].Name === "Add"
      )
        Results.push({ ActionId: a.Id, Value: { Id: `{id-${a.ObjectPathId}}` } });
      if (a.ActionType !== 2) continue;
      Results.push({ ActionId: a.Id, Value: this.answer(chain.names, a.QueryInfo?.Select ?? [], chain.args) });
    }
    return { statusCode: 200, headers: {}, body: JSON.stringify({ Results }) };
  }
}

function errorResponse(e: OfficeError): ResponseInfo {
  return { statusCode: 500, headers: {}, body: JSON.stringify({ error: { code: e.code, message: e.message } }) };
}

/** The answer to a used-range load: the grid's values as Excel gives them, with their types */
export function usedRangeAnswer(grid: Grid): Record<string, unknown> {
  return {
    Values: grid.rows.map((r) => r.map((v) => (v === null || typeof v === "object" ? "" : v))),
    ValueTypes: grid.rows.map((r) => r.map((v) => (v === null ? "Empty" : typeof v === "number" ? "Double" : "String"))),
    RowIndex: 0,
    ColumnIndex: 0,
  };
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
