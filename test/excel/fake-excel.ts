/**
 * A small, faithful fake of the Excel JavaScript API's object model, for the adapter's tests.
 *
 * Why not only office-addin-mock: its OfficeMockObject is a static tree of values. It has no notion of
 * a queue of commands executed in order at sync(), of objects created inside a batch (worksheets.add,
 * conditionalFormats.add), of collection loads ("items/name"), of *OrNullObject, or of a failing batch;
 * test/excel/read.mock.test.ts uses it where it fits (reading a sheet).
 *
 * Semantics kept from Office.js:
 * - Every method call and property assignment is queued; nothing happens until context.sync(), which
 *   runs the queue in order. Proxies are bound to their objects at the point of the queue where they were
 *   created (getItem after a rename finds the new name).
 * - A loaded property is readable only after the sync that ran the load; reading it earlier, or without
 *   loading, throws PropertyNotLoaded. *OrNullObject proxies know isNullObject after the sync.
 * - An error stops the batch: the commands before it stay applied, the rest is dropped, sync() rejects
 *   with an error carrying an Office error code (ItemNotFound, ItemAlreadyExists, AccessDenied …).
 * - Values: setting a string that starts with "=" makes a formula unless the cell's number format is
 *   text ("@"); a numeric string in a non-text cell becomes a number. Formulas are not calculated.
 * - A protected sheet refuses format changes, conditional formats, charts and values in locked cells.
 * - Charts: worksheet.charts.add / getItem give a chart proxy bound at the sync; its title, axes, series,
 *   data labels, size and position are queued assignments; chart.load("name") and chart.delete() as in Excel.
 * - Sheet names are unique without regard to case.
 * - Excel on the web refuses a request over 5 MB (RequestPayloadSizeLimitExceeded), before running any of
 *   it: the size is estimated as the values' and number formats' JSON plus a little per command (the
 *   exact size, as Microsoft's client serialises it, is measured in real-client.ts).
 * - A cell holds at most 32,767 characters (InvalidArgument); a VeryHidden sheet cannot be deleted
 *   (InvalidOperation); merging keeps only the top-left value; a protected sheet refuses column widths
 *   and row heights unless its options allow them, and clearing locked cells.
 */
import { parseRange, rangeToA1, type CellRange } from "../../src/core/grid";

const MAX_ROW = 1048575;
const MAX_COL = 16383;

export class FakeOfficeError extends Error {
  override name = "RichApi.Error";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const notLoaded = (prop: string) =>
  new Error(
    `PropertyNotLoaded: The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );

export interface FakeCell {
  value: string | number | boolean;
  error?: boolean;
  formula?: string;
  numberFormat: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  wrap?: boolean;
  horizontal?: string;
  vertical?: string;
  locked: boolean;
}

export interface FakeCF {
  range: CellRange;
  type: string;
  formula?: string;
  fill?: string;
  fontColor?: string;
}

export interface FakeChart {
  type: string;
  source: string;
  seriesBy: string;
  /** Excel names a new chart "Chart 1", "Chart 2" … (per sheet) */
  name: string;
  title?: string;
  legendVisible?: boolean;
  showValue?: boolean;
  seriesName?: string;
  categories?: string;
  valueAxisTitle?: string;
  categoryAxisTitle?: string;
  reversePlotOrder?: boolean;
  categoryAxisPosition?: string;
  position?: [string, string | undefined];
  width?: number;
  height?: number;
}

const key = (r: number, c: number) => `${r},${c}`;

const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? "", "utf8");

function intersects(a: CellRange, b: CellRange): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

/** A1 ranges plus whole columns "A:C" and whole rows "3:5" */
export function parseAddress(address: string): CellRange | undefined {
  const a = address.replace(/\$/g, "").trim();
  let m = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(a);
  if (m) {
    const c1 = parseRange(`${m[1]}1`)!.c1;
    const c2 = parseRange(`${m[2]}1`)!.c1;
    return { r1: 0, r2: MAX_ROW, c1: Math.min(c1, c2), c2: Math.max(c1, c2) };
  }
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) return { r1: Number(m[1]) - 1, r2: Number(m[2]) - 1, c1: 0, c2: MAX_COL };
  return parseRange(a);
}

export class SheetModel {
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  readonly cells = new Map<string, FakeCell>();
  merges: CellRange[] = [];
  /** sheet-scoped defined names → A1 address */
  readonly names = new Map<string, string>();
  protection: { protected: boolean; options: Record<string, unknown>; password?: string } = { protected: false, options: {} };
  cfs: FakeCF[] = [];
  charts: FakeChart[] = [];
  validations: { range: string; rule?: unknown; errorAlert?: unknown; ignoreBlanks?: boolean }[] = [];
  borders: { range: string; edge: string; style?: string }[] = [];
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  freeze?: { rows?: number; at?: string };

  constructor(public name: string) {}

  cell(r: number, c: number): FakeCell {
    let cell = this.cells.get(key(r, c));
    if (!cell) this.cells.set(key(r, c), (cell = { value: "", numberFormat: "General", locked: true }));
    return cell;
  }

  peek(address: string): FakeCell | undefined {
    const r = parseRange(address)!;
    return this.cells.get(key(r.r1, r.c1));
  }

  /** value of a cell as Office.js would return it ("" when empty) */
  value(address: string): string | number | boolean {
    return this.peek(address)?.value ?? "";
  }

  /** seeds values from A1 (null leaves a cell empty; { error } makes an error value) */
  fill(rows: readonly (readonly (string | number | boolean | null | { error: string })[])[], origin = { row: 0, col: 0 }): this {
    rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null) return;
        const cell = this.cell(origin.row + r, origin.col + c);
        if (typeof v === "object") {
          cell.value = v.error;
          cell.error = true;
        } else cell.value = v;
      }),
    );
    return this;
  }

  /** bounding box of the cells with a value (or formula); A1 when none */
  usedRange(): CellRange {
    let r1 = Infinity,
      c1 = Infinity,
      r2 = -1,
      c2 = -1;
    for (const [k, cell] of this.cells) {
      if (cell.value === "" && !cell.formula) continue;
      const [r, c] = k.split(",").map(Number);
      r1 = Math.min(r1, r);
      c1 = Math.min(c1, c);
      r2 = Math.max(r2, r);
      c2 = Math.max(c2, c);
    }
    return r2 === -1 ? { r1: 0, c1: 0, r2: 0, c2: 0 } : { r1, c1, r2, c2 };
  }

  /** the range's existing cells, or every cell of a small range */
  *cellsOf(range: CellRange, create: boolean): Generator<[number, number, FakeCell]> {
    const size = (range.r2 - range.r1 + 1) * (range.c2 - range.c1 + 1);
    if (create && size <= 200_000) {
      for (let r = range.r1; r <= range.r2; r++) for (let c = range.c1; c <= range.c2; c++) yield [r, c, this.cell(r, c)];
      return;
    }
    for (const [k, cell] of this.cells) {
      const [r, c] = k.split(",").map(Number);
      if (r >= range.r1 && r <= range.r2 && c >= range.c1 && c <= range.c2) yield [r, c, cell];
    }
  }
}

export class BookModel {
  sheets: SheetModel[] = [];
  /** workbook-scoped defined names → reference "Sheet!$C$5" */
  readonly names = new Map<string, string>();
  active?: SheetModel;
  selected?: { sheet: string; address: string };

  addSheet(name: string): SheetModel {
    const s = new SheetModel(name);
    this.sheets.push(s);
    this.active ??= s;
    return s;
  }

  find(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  sheet(name: string): SheetModel {
    const s = this.find(name);
    if (!s) throw new Error(`test: no sheet ${name}`);
    return s;
  }

  get sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }
}

type Op = { desc: string; run: () => void; bytes: number };

/** Excel on the web's limit on one request */
export const WEB_REQUEST_LIMIT = 5 * 1024 * 1024;
/** what a command costs in a request beside its arguments (action + object path, as the real client sends them) */
const COMMAND_BYTES = 150;
export const CELL_MAX_CHARS = 32767;

interface Failure {
  match: (desc: string) => boolean;
  code: string;
  message: string;
  sync?: number;
}

/** the request context: context.workbook, context.sync(); counts syncs and logs every command */
export class FakeContext {
  readonly workbook: WorkbookProxy;
  syncCount = 0;
  /** descriptions of the commands run, one list per sync */
  readonly batches: string[][] = [];
  private queue: Op[] = [];
  private failures: Failure[] = [];

  constructor(readonly book: BookModel = new BookModel()) {
    this.workbook = new WorkbookProxy(this);
  }

  /** `bytes`: the JSON size of the command's arguments when it carries data (values, number formats) */
  enqueue(desc: string, run: () => void, bytes = 0): void {
    this.queue.push({ desc, run, bytes: bytes + COMMAND_BYTES });
  }

  /** estimated size of each request sent, as sync() saw it */
  readonly requestBytes: number[] = [];

  /** the next command whose description matches makes its sync fail with `code` (once) */
  failWhen(
    match: string | RegExp | ((desc: string) => boolean),
    code: string,
    message = `${code} (fake)`,
    options: { sync?: number } = {},
  ): void {
    const fn =
      typeof match === "function" ? match : typeof match === "string" ? (d: string) => d.includes(match) : (d: string) => match.test(d);
    this.failures.push({ match: fn, code, message, ...(options.sync ? { sync: options.sync } : {}) });
  }

  async sync(): Promise<void> {
    this.syncCount++;
    const ops = this.queue;
    this.queue = [];
    const log: string[] = [];
    this.batches.push(log);
    await Promise.resolve();
    const bytes = ops.reduce((a, o) => a + o.bytes, 0);
    this.requestBytes.push(bytes);
    if (bytes > WEB_REQUEST_LIMIT)
      throw new FakeOfficeError("RequestPayloadSizeLimitExceeded", "The request payload size has exceeded the limit.");
    for (const op of ops) {
      const i = this.failures.findIndex((f) => f.match(op.desc) && (f.sync === undefined || f.sync === this.syncCount));
      if (i !== -1) {
        const f = this.failures.splice(i, 1)[0];
        throw new FakeOfficeError(f.code, f.message);
      }
      log.push(op.desc);
      op.run();
    }
  }

  /** what Excel.run would give the adapter */
  asContext(): Excel.RequestContext {
    return this as unknown as Excel.RequestContext;
  }
}

function parseLoad(props: string | string[] | undefined): string[] {
  if (props === undefined) return [];
  const list = Array.isArray(props) ? props : props.split(",");
  return list.map((p) => p.trim()).filter(Boolean);
}

/** base of every proxy: loaded values, readable after the sync */
class Loadable {
  protected loaded = new Map<string, unknown>();
  protected get<T>(prop: string): T {
    if (!this.loaded.has(prop)) throw notLoaded(prop);
    return this.loaded.get(prop) as T;
  }
}

export class WorkbookProxy {
  readonly worksheets: WorksheetCollectionProxy;
  readonly names: NamedItemCollectionProxy;
  constructor(readonly ctx: FakeContext) {
    this.worksheets = new WorksheetCollectionProxy(ctx);
    this.names = new NamedItemCollectionProxy(ctx, undefined);
  }
}

function checkName(book: BookModel, name: string, except?: SheetModel) {
  if (!name || name.length > 31 || /[:\\/?*[\]]/.test(name)) throw new FakeOfficeError("InvalidArgument", `bad sheet name ${name}`);
  const other = book.find(name);
  if (other && other !== except) throw new FakeOfficeError("ItemAlreadyExists", `A sheet named ${name} already exists.`);
}

export class WorksheetCollectionProxy extends Loadable {
  constructor(private ctx: FakeContext) {
    super();
  }
  get items(): WorksheetProxy[] {
    return this.get("items");
  }
  load(props?: string | string[]): this {
    const fields = parseLoad(props).map((p) => p.replace(/^items\//, ""));
    this.ctx.enqueue("load worksheets", () => {
      const items = this.ctx.book.sheets.map((s) => {
        const p = new WorksheetProxy(this.ctx, s.name);
        p.bind(s);
        p.loadNow(fields);
        return p;
      });
      this.loaded.set("items", items);
    });
    return this;
  }
  getActiveWorksheet(): WorksheetProxy {
    const p = new WorksheetProxy(this.ctx, "(active)");
    this.ctx.enqueue("getActiveWorksheet", () => {
      if (!this.ctx.book.active) throw new FakeOfficeError("ItemNotFound", "no active sheet");
      p.bind(this.ctx.book.active);
    });
    return p;
  }
  getItem(name: string): WorksheetProxy {
    const p = new WorksheetProxy(this.ctx, name);
    this.ctx.enqueue(`getItem(${name})`, () => {
      const s = this.ctx.book.find(name);
      if (!s) throw new FakeOfficeError("ItemNotFound", `The requested resource doesn't exist: ${name}`);
      p.bind(s);
    });
    return p;
  }
  getItemOrNullObject(name: string): WorksheetProxy {
    const p = new WorksheetProxy(this.ctx, name);
    this.ctx.enqueue(`getItemOrNullObject(${name})`, () => p.bind(this.ctx.book.find(name) ?? null));
    return p;
  }
  add(name: string): WorksheetProxy {
    const p = new WorksheetProxy(this.ctx, name);
    this.ctx.enqueue(`Worksheets.add(${name})`, () => {
      checkName(this.ctx.book, name);
      p.bind(this.ctx.book.addSheet(name));
    });
    return p;
  }
}

export class WorksheetProxy extends Loadable {
  private model: SheetModel | null | undefined;
  readonly names: NamedItemCollectionProxy;
  readonly protection: ProtectionProxy;
  readonly charts: ChartCollectionProxy;
  readonly freezePanes: { freezeRows(n?: number): void; freezeAt(r: RangeProxy | string): void };

  constructor(
    readonly ctx: FakeContext,
    readonly label: string,
  ) {
    super();
    this.names = new NamedItemCollectionProxy(ctx, this);
    this.protection = new ProtectionProxy(ctx, this);
    this.charts = new ChartCollectionProxy(ctx, this);
    this.freezePanes = {
      freezeRows: (n = 1) => ctx.enqueue(`${this.label}.freezeRows(${n})`, () => (this.resolve().freeze = { rows: n })),
      freezeAt: (r) =>
        ctx.enqueue(
          `${this.label}.freezeAt`,
          () => (this.resolve().freeze = { at: typeof r === "string" ? r : rangeToA1(r.resolve().range) }),
        ),
    };
  }

  bind(m: SheetModel | null) {
    this.model = m;
  }

  resolve(): SheetModel {
    if (this.model === undefined) throw new Error(`test fake: worksheet proxy ${this.label} used before its sync`);
    if (this.model === null) throw new FakeOfficeError("ItemNotFound", `null object ${this.label}`);
    if (!this.ctx.book.sheets.includes(this.model)) throw new FakeOfficeError("ItemNotFound", `sheet ${this.label} was deleted`);
    return this.model;
  }

  get isNullObject(): boolean {
    if (this.model === undefined) throw notLoaded("isNullObject");
    return this.model === null;
  }

  loadNow(fields: string[]) {
    const m = this.resolve();
    for (const f of fields) {
      if (f === "name") this.loaded.set("name", m.name);
      else if (f === "visibility") this.loaded.set("visibility", m.visibility);
      else if (f === "position") this.loaded.set("position", this.ctx.book.sheets.indexOf(m));
      else throw new Error(`test fake: cannot load Worksheet.${f}`);
    }
  }

  load(props?: string | string[]): this {
    this.ctx.enqueue(`load ${this.label}`, () => {
      if (this.model === null) return;
      this.loadNow(parseLoad(props));
    });
    return this;
  }

  get name(): string {
    return this.get("name");
  }
  set name(v: string) {
    this.ctx.enqueue(`${this.label}.name=${v}`, () => {
      const m = this.resolve();
      checkName(this.ctx.book, v, m);
      m.name = v;
    });
  }
  get visibility(): string {
    return this.get("visibility");
  }
  set visibility(v: "Visible" | "Hidden" | "VeryHidden") {
    this.ctx.enqueue(`${this.label}.visibility=${v}`, () => {
      const m = this.resolve();
      if (v !== "Visible" && this.ctx.book.sheets.filter((s) => s.visibility === "Visible" && s !== m).length === 0) {
        throw new FakeOfficeError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
      }
      m.visibility = v;
    });
  }
  set position(i: number) {
    this.ctx.enqueue(`${this.label}.position=${i}`, () => {
      const m = this.resolve();
      const list = this.ctx.book.sheets.filter((s) => s !== m);
      list.splice(Math.min(i, list.length), 0, m);
      this.ctx.book.sheets = list;
    });
  }

  activate(): void {
    this.ctx.enqueue(`${this.label}.activate`, () => {
      const m = this.resolve();
      if (m.visibility !== "Visible") throw new FakeOfficeError("InvalidOperation", "cannot activate a hidden sheet");
      this.ctx.book.active = m;
    });
  }

  delete(): void {
    this.ctx.enqueue(`${this.label}.delete`, () => {
      const m = this.resolve();
      const book = this.ctx.book;
      if (m.visibility === "VeryHidden") throw new FakeOfficeError("InvalidOperation", "A very hidden sheet cannot be deleted.");
      if (book.sheets.filter((s) => s.visibility === "Visible" && s !== m).length === 0)
        throw new FakeOfficeError("InvalidOperation", "cannot delete the last visible sheet");
      book.sheets = book.sheets.filter((s) => s !== m);
      if (book.active === m) book.active = book.sheets.find((s) => s.visibility === "Visible");
    });
  }

  getRange(address?: string): RangeProxy {
    return new RangeProxy(
      this.ctx,
      this,
      () => {
        if (address === undefined) return { r1: 0, c1: 0, r2: MAX_ROW, c2: MAX_COL };
        const r = parseAddress(address);
        if (!r) throw new FakeOfficeError("InvalidArgument", `bad address ${address}`);
        return r;
      },
      address ?? "(all)",
    );
  }

  getUsedRange(valuesOnly?: boolean): RangeProxy {
    void valuesOnly;
    return new RangeProxy(this.ctx, this, () => this.resolve().usedRange(), "(used)");
  }
}

function checkFormatAllowed(sheet: SheetModel, what: string) {
  if (sheet.protection.protected && !(what === "format" && sheet.protection.options.allowFormatCells)) {
    throw new FakeOfficeError("AccessDenied", `The cell or chart you're trying to change is on a protected sheet (${what}).`);
  }
}

function quoteSheet(name: string): string {
  return /^[A-Za-z0-9_\u4e00-\u9fff]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export class RangeProxy extends Loadable {
  readonly format: RangeFormatProxy;
  readonly dataValidation: DataValidationProxy;
  readonly conditionalFormats: ConditionalFormatCollectionProxy;

  constructor(
    readonly ctx: FakeContext,
    readonly sheet: WorksheetProxy,
    private area: () => CellRange,
    readonly label: string,
  ) {
    super();
    this.format = new RangeFormatProxy(this);
    this.dataValidation = new DataValidationProxy(this);
    this.conditionalFormats = new ConditionalFormatCollectionProxy(this);
  }

  resolve(): { sheet: SheetModel; range: CellRange } {
    return { sheet: this.sheet.resolve(), range: this.area() };
  }

  describe(what: string): string {
    return `Range(${this.sheet.label}!${this.label}).${what}`;
  }

  load(props?: string | string[]): this {
    this.ctx.enqueue(this.describe("load"), () => {
      const { sheet, range } = this.resolve();
      for (const p of parseLoad(props)) {
        const rows: unknown[][] = [];
        for (let r = range.r1; r <= range.r2; r++) {
          const row: unknown[] = [];
          for (let c = range.c1; c <= range.c2; c++) {
            const cell = sheet.cells.get(key(r, c));
            if (p === "values") row.push(cell?.value ?? "");
            else if (p === "valueTypes")
              row.push(
                !cell || (cell.value === "" && !cell.formula)
                  ? "Empty"
                  : cell.error
                    ? "Error"
                    : typeof cell.value === "number"
                      ? "Double"
                      : typeof cell.value === "boolean"
                        ? "Boolean"
                        : "String",
              );
            else if (p === "numberFormat") row.push(cell?.numberFormat ?? "General");
            else if (p === "formulas") row.push(cell?.formula ?? cell?.value ?? "");
          }
          rows.push(row);
        }
        if (["values", "valueTypes", "numberFormat", "formulas"].includes(p)) this.loaded.set(p, rows);
        else if (p === "rowIndex") this.loaded.set(p, range.r1);
        else if (p === "columnIndex") this.loaded.set(p, range.c1);
        else if (p === "address") this.loaded.set(p, `${quoteSheet(sheet.name)}!${rangeToA1(range)}`);
        else throw new Error(`test fake: cannot load Range.${p}`);
      }
    });
    return this;
  }

  get values(): unknown[][] {
    return this.get("values");
  }
  set values(v: unknown) {
    this.ctx.enqueue(
      this.describe("values="),
      () => {
        const tooLong = (Array.isArray(v) ? (v as unknown[][]).flat() : [v]).some(
          (x) => typeof x === "string" && x.length > CELL_MAX_CHARS,
        );
        if (tooLong) throw new FakeOfficeError("InvalidArgument", "The argument is invalid or missing or has an incorrect format.");
        const { sheet, range } = this.resolve();
        const grid = Array.isArray(v) ? (v as unknown[][]) : null;
        if (grid && (grid.length !== range.r2 - range.r1 + 1 || grid.some((row) => row.length !== range.c2 - range.c1 + 1))) {
          throw new FakeOfficeError(
            "InvalidArgument",
            "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
          );
        }
        for (const [r, c, cell] of sheet.cellsOf(range, true)) {
          const x = grid ? grid[r - range.r1][c - range.c1] : v;
          if (sheet.protection.protected && cell.locked)
            throw new FakeOfficeError("AccessDenied", "The cell you're trying to change is protected.");
          if (x === null || x === undefined) continue; // Office.js: null leaves the cell as it is
          cell.error = false;
          if (typeof x === "string" && x.startsWith("=") && x.length > 1 && cell.numberFormat !== "@") {
            cell.formula = x;
            cell.value = "";
          } else if (typeof x === "string" && cell.numberFormat !== "@" && /^\s*-?\d+(\.\d+)?\s*$/.test(x)) {
            cell.formula = undefined;
            cell.value = Number(x);
          } else {
            cell.formula = undefined;
            cell.value = x as string | number | boolean;
          }
        }
      },
      jsonBytes(v),
    );
  }
  get valueTypes(): string[][] {
    return this.get("valueTypes");
  }
  get rowIndex(): number {
    return this.get("rowIndex");
  }
  get columnIndex(): number {
    return this.get("columnIndex");
  }
  get address(): string {
    return this.get("address");
  }

  set numberFormat(v: unknown) {
    this.ctx.enqueue(
      this.describe("numberFormat="),
      () => {
        const { sheet, range } = this.resolve();
        checkFormatAllowed(sheet, "format");
        const grid = Array.isArray(v) ? (v as string[][]) : null;
        for (const [r, c, cell] of sheet.cellsOf(range, true)) cell.numberFormat = grid ? grid[r - range.r1][c - range.c1] : (v as string);
      },
      jsonBytes(v),
    );
  }

  merge(across = false): void {
    this.ctx.enqueue(this.describe("merge"), () => {
      const { sheet, range } = this.resolve();
      checkFormatAllowed(sheet, "merge");
      if (across) throw new Error("test fake: merge(across) not modelled");
      if (sheet.merges.some((m) => intersects(m, range))) throw new FakeOfficeError("InvalidOperation", "merged ranges overlap");
      // Excel keeps the top-left value only
      for (const [r, c, cell] of sheet.cellsOf(range, false))
        if (r !== range.r1 || c !== range.c1) ((cell.value = ""), (cell.formula = undefined));
      sheet.merges.push({ ...range });
    });
  }

  select(): void {
    this.ctx.enqueue(this.describe("select"), () => {
      const { sheet, range } = this.resolve();
      this.ctx.book.active = sheet;
      this.ctx.book.selected = { sheet: sheet.name, address: rangeToA1(range) };
    });
  }

  clear(applyTo = "All"): void {
    this.ctx.enqueue(this.describe(`clear(${applyTo})`), () => {
      const { sheet, range } = this.resolve();
      if (sheet.protection.protected && [...sheet.cellsOf(range, false)].some(([, , cell]) => cell.locked))
        throw new FakeOfficeError("AccessDenied", "The cell you're trying to change is protected.");
      for (const [r, c] of [...sheet.cellsOf(range, false)]) sheet.cells.delete(key(r, c));
    });
  }

  getMergedAreasOrNullObject(): RangeAreasProxy {
    const p = new RangeAreasProxy();
    this.ctx.enqueue(this.describe("getMergedAreasOrNullObject"), () => {
      const { sheet, range } = this.resolve();
      const areas = sheet.merges.filter((m) => intersects(m, range));
      p.set(areas.length === 0 ? null : areas.map((m) => `${quoteSheet(sheet.name)}!${rangeToA1(m)}`).join(", "));
    });
    return p;
  }
}

export class RangeAreasProxy extends Loadable {
  private state: string | null | undefined;
  set(address: string | null) {
    this.state = address;
    if (address !== null) this.loaded.set("address", address);
  }
  load(props?: string): this {
    void props;
    return this;
  }
  get isNullObject(): boolean {
    if (this.state === undefined) throw notLoaded("isNullObject");
    return this.state === null;
  }
  get address(): string {
    if (this.state === null) throw new FakeOfficeError("InvalidOperation", "null object");
    return this.get("address");
  }
}

function cellSetter<T>(range: RangeProxy, what: string, apply: (cell: FakeCell, v: T) => void, kind: "format" | "lock" = "format") {
  return (v: T) =>
    range.ctx.enqueue(range.describe(`${what}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`), () => {
      const { sheet, range: area } = range.resolve();
      if (kind === "format") checkFormatAllowed(sheet, "format");
      else if (sheet.protection.protected) throw new FakeOfficeError("AccessDenied", "protected");
      for (const [, , cell] of sheet.cellsOf(area, true)) apply(cell, v);
    });
}

export class RangeFormatProxy {
  readonly fill: { color: string; clear(): void };
  readonly font: { bold: boolean; italic: boolean; size: number; color: string; name: string };
  readonly protection: { locked: boolean };
  readonly borders: { getItem(edge: string): { style: string; weight: string; color: string } };

  constructor(private range: RangeProxy) {
    const fillColor = cellSetter<string>(range, "fill.color", (c, v) => (c.fill = v));
    const clearFill = cellSetter<void>(range, "fill.clear", (c) => delete c.fill);
    this.fill = {
      set color(v: string) {
        fillColor(v);
      },
      get color(): string {
        throw notLoaded("color");
      },
      clear: () => clearFill(undefined),
    };
    const bold = cellSetter<boolean>(range, "font.bold", (c, v) => (c.bold = v));
    const italic = cellSetter<boolean>(range, "font.italic", (c, v) => (c.italic = v));
    const size = cellSetter<number>(range, "font.size", (c, v) => (c.size = v));
    const color = cellSetter<string>(range, "font.color", (c, v) => (c.fontColor = v));
    this.font = {
      set bold(v: boolean) {
        bold(v);
      },
      set italic(v: boolean) {
        italic(v);
      },
      set size(v: number) {
        size(v);
      },
      set color(v: string) {
        color(v);
      },
      set name(_v: string) {},
    } as RangeFormatProxy["font"];
    const locked = cellSetter<boolean>(range, "protection.locked", (c, v) => (c.locked = v), "lock");
    this.protection = {
      set locked(v: boolean) {
        locked(v);
      },
    } as { locked: boolean };
    this.borders = {
      getItem: (edge: string) => {
        const record = (prop: string) => (v: string) =>
          range.ctx.enqueue(range.describe(`borders.${edge}.${prop}=${v}`), () => {
            const { sheet, range: area } = range.resolve();
            checkFormatAllowed(sheet, "format");
            if (prop === "style") sheet.borders.push({ range: rangeToA1(area), edge, style: v });
          });
        const style = record("style");
        const weight = record("weight");
        const colour = record("color");
        return {
          set style(v: string) {
            style(v);
          },
          set weight(v: string) {
            weight(v);
          },
          set color(v: string) {
            colour(v);
          },
        } as { style: string; weight: string; color: string };
      },
    };
  }

  set wrapText(v: boolean) {
    cellSetter<boolean>(this.range, "wrapText", (c, x) => (c.wrap = x))(v);
  }
  set horizontalAlignment(v: string) {
    cellSetter<string>(this.range, "horizontalAlignment", (c, x) => (c.horizontal = x))(v);
  }
  set verticalAlignment(v: string) {
    cellSetter<string>(this.range, "verticalAlignment", (c, x) => (c.vertical = x))(v);
  }
  set columnWidth(v: number) {
    this.range.ctx.enqueue(this.range.describe(`columnWidth=${v}`), () => {
      const { sheet, range } = this.range.resolve();
      if (sheet.protection.protected && !sheet.protection.options.allowFormatColumns)
        throw new FakeOfficeError("AccessDenied", "protected sheet (column width)");
      for (let c = range.c1; c <= range.c2; c++) sheet.columnWidths.set(c, v);
    });
  }
  autofitRows(): void {
    this.range.ctx.enqueue(this.range.describe("autofitRows"), () => {
      const { sheet, range } = this.range.resolve();
      checkFormatAllowed(sheet, "format");
      for (let r = range.r1; r <= range.r2; r++) if (!sheet.rowHeights.has(r)) sheet.rowHeights.set(r, -1); // -1: fitted
    });
  }
  set rowHeight(v: number) {
    this.range.ctx.enqueue(this.range.describe(`rowHeight=${v}`), () => {
      const { sheet, range } = this.range.resolve();
      if (sheet.protection.protected && !sheet.protection.options.allowFormatRows)
        throw new FakeOfficeError("AccessDenied", "protected sheet (row height)");
      for (let r = range.r1; r <= range.r2; r++) sheet.rowHeights.set(r, v);
    });
  }
}

export class DataValidationProxy {
  constructor(private range: RangeProxy) {}
  private record(prop: "rule" | "errorAlert" | "ignoreBlanks", v: unknown) {
    this.range.ctx.enqueue(this.range.describe(`dataValidation.${prop}`), () => {
      const { sheet, range } = this.range.resolve();
      checkFormatAllowed(sheet, "validation");
      const a1 = rangeToA1(range);
      let dv = sheet.validations.find((x) => x.range === a1);
      if (!dv) sheet.validations.push((dv = { range: a1 }));
      (dv as Record<string, unknown>)[prop] = v;
    });
  }
  set rule(v: unknown) {
    this.record("rule", v);
  }
  set errorAlert(v: unknown) {
    this.record("errorAlert", v);
  }
  set ignoreBlanks(v: boolean) {
    this.record("ignoreBlanks", v);
  }
}

export class ConditionalFormatCollectionProxy extends Loadable {
  constructor(private range: RangeProxy) {
    super();
  }
  get items(): ConditionalFormatProxy[] {
    return this.get("items");
  }
  load(props?: string | string[]): this {
    const fields = parseLoad(props).map((p) => p.replace(/^items\//, ""));
    this.range.ctx.enqueue(this.range.describe("conditionalFormats.load"), () => {
      const { sheet, range } = this.range.resolve();
      const items = sheet.cfs
        .filter((cf) => intersects(cf.range, range))
        .map((cf) => {
          const p = new ConditionalFormatProxy(this.range.ctx, sheet, cf);
          p.loadNow(fields);
          return p;
        });
      this.loaded.set("items", items);
    });
    return this;
  }
  add(type: string): ConditionalFormatProxy {
    const p = new ConditionalFormatProxy(this.range.ctx, undefined, undefined);
    this.range.ctx.enqueue(this.range.describe(`conditionalFormats.add(${type})`), () => {
      const { sheet, range } = this.range.resolve();
      checkFormatAllowed(sheet, "conditional format");
      const cf: FakeCF = { range: { ...range }, type };
      sheet.cfs.unshift(cf); // added at the top priority
      p.bind(sheet, cf);
    });
    return p;
  }
}

export class ConditionalFormatProxy extends Loadable {
  readonly custom: { rule: { formula: string }; format: { fill: { color: string }; font: { color: string } } };
  constructor(
    private ctx: FakeContext,
    private sheet: SheetModel | undefined,
    private cf: FakeCF | undefined,
  ) {
    super();
    const set = (what: string, apply: (cf: FakeCF, v: string) => void) => (v: string) =>
      ctx.enqueue(`ConditionalFormat.custom.${what}=${v}`, () => {
        if (!this.cf) throw new Error("test fake: conditional format used before its sync");
        apply(this.cf, v);
      });
    const formula = set("rule.formula", (cf, v) => (cf.formula = v));
    const fill = set("format.fill.color", (cf, v) => (cf.fill = v));
    const font = set("format.font.color", (cf, v) => (cf.fontColor = v));
    this.custom = {
      rule: {
        set formula(v: string) {
          formula(v);
        },
      } as { formula: string },
      format: {
        fill: {
          set color(v: string) {
            fill(v);
          },
        } as { color: string },
        font: {
          set color(v: string) {
            font(v);
          },
        } as { color: string },
      },
    };
  }
  bind(sheet: SheetModel, cf: FakeCF) {
    this.sheet = sheet;
    this.cf = cf;
  }
  loadNow(fields: string[]) {
    const cf = this.cf!;
    for (const f of fields) {
      if (f === "type") this.loaded.set("type", cf.type);
      else if (f === "customOrNullObject/rule/formula") {
        this.loaded.set(
          "customOrNullObject",
          cf.type === "Custom"
            ? { isNullObject: false, rule: { formula: cf.formula ?? "" } }
            : {
                isNullObject: true,
                get rule(): never {
                  throw new FakeOfficeError("InvalidOperation", "null object");
                },
              },
        );
      } else if (f === "custom/rule/formula") {
        // Office.js: the typed property of another type of format fails the whole request
        if (cf.type !== "Custom") throw new FakeOfficeError("InvalidArgument", "not a custom conditional format");
        this.loaded.set("custom", { rule: { formula: cf.formula ?? "" } });
      } else throw new Error(`test fake: cannot load ConditionalFormat.${f}`);
    }
  }
  get type(): string {
    return this.get("type");
  }
  get customOrNullObject(): { isNullObject: boolean; rule: { formula: string } } {
    return this.get("customOrNullObject");
  }
  delete(): void {
    this.ctx.enqueue("ConditionalFormat.delete", () => {
      const sheet = this.sheet!;
      checkFormatAllowed(sheet, "conditional format");
      if (!sheet.cfs.includes(this.cf!)) throw new FakeOfficeError("ItemNotFound", "conditional format gone");
      sheet.cfs = sheet.cfs.filter((x) => x !== this.cf);
    });
  }
}

export class NamedItemCollectionProxy extends Loadable {
  constructor(
    private ctx: FakeContext,
    private sheet: WorksheetProxy | undefined,
  ) {
    super();
  }
  get items(): { name: string; type: string; value: string }[] {
    return this.get("items");
  }
  load(props?: string | string[]): this {
    void props;
    this.ctx.enqueue(`load names(${this.sheet?.label ?? "workbook"})`, () => {
      if (this.sheet) {
        const s = this.sheet.resolve();
        this.loaded.set(
          "items",
          [...s.names].map(([name, a1]) => ({ name, type: "Range", value: `${quoteSheet(s.name)}!$${a1.replace(/(\d)/, "$$$1")}` })),
        );
      } else {
        this.loaded.set(
          "items",
          [...this.ctx.book.names].map(([name, ref]) => ({ name, type: "Range", value: ref })),
        );
      }
    });
    return this;
  }
  add(name: string, reference: RangeProxy | string): void {
    this.ctx.enqueue(`names.add(${name})`, () => {
      if (!this.sheet) throw new Error("test fake: workbook-scoped names.add not modelled");
      const s = this.sheet.resolve();
      if (s.names.has(name)) throw new FakeOfficeError("ItemAlreadyExists", `name ${name} exists`);
      const r = typeof reference === "string" ? parseAddress(reference)! : reference.resolve().range;
      s.names.set(name, rangeToA1(r));
    });
  }
}

export class ProtectionProxy extends Loadable {
  constructor(
    private ctx: FakeContext,
    private sheet: WorksheetProxy,
  ) {
    super();
  }
  load(props?: string | string[]): this {
    this.ctx.enqueue(`load ${this.sheet.label}.protection`, () => {
      const s = this.sheet.resolve();
      for (const p of parseLoad(props)) {
        if (p === "protected") this.loaded.set(p, s.protection.protected);
        else if (p === "options") this.loaded.set(p, { ...s.protection.options });
        else throw new Error(`test fake: cannot load protection.${p}`);
      }
    });
    return this;
  }
  get protected(): boolean {
    return this.get("protected");
  }
  get options(): Record<string, unknown> {
    return this.get("options");
  }
  protect(options?: Record<string, unknown>, password?: string): void {
    this.ctx.enqueue(`${this.sheet.label}.protect`, () => {
      const s = this.sheet.resolve();
      if (s.protection.protected) throw new FakeOfficeError("InvalidOperation", "already protected");
      s.protection = { protected: true, options: { ...(options ?? {}) }, ...(password ? { password } : {}) };
    });
  }
  unprotect(password?: string): void {
    this.ctx.enqueue(`${this.sheet.label}.unprotect`, () => {
      const s = this.sheet.resolve();
      if (s.protection.password !== undefined && s.protection.password !== password)
        throw new FakeOfficeError("InvalidArgument", "The password is incorrect.");
      s.protection = { protected: false, options: s.protection.options };
    });
  }
}

export class ChartCollectionProxy {
  constructor(
    private ctx: FakeContext,
    private sheet: WorksheetProxy,
  ) {}
  add(type: string, source: RangeProxy, seriesBy = "Auto"): ChartProxy {
    const p = new ChartProxy(this.ctx, this.sheet, `chart(${type})`);
    this.ctx.enqueue(`${this.sheet.label}.charts.add(${type})`, () => {
      const s = this.sheet.resolve();
      checkFormatAllowed(s, "chart");
      const { range } = source.resolve();
      const chart: FakeChart = { type, source: rangeToA1(range), seriesBy, name: `Chart ${s.charts.length + 1}` };
      s.charts.push(chart);
      p.bind(chart);
    });
    return p;
  }
  getItem(name: string): ChartProxy {
    const p = new ChartProxy(this.ctx, this.sheet, `chart(${name})`);
    this.ctx.enqueue(`${this.sheet.label}.charts.getItem(${name})`, () => {
      const chart = this.sheet.resolve().charts.find((c) => c.name === name);
      if (!chart) throw new FakeOfficeError("ItemNotFound", `The requested resource doesn't exist: chart ${name}`);
      p.bind(chart);
    });
    return p;
  }
}

/** a chart: every assignment queued and applied at the sync to the chart its add/getItem found */
export class ChartProxy extends Loadable {
  private chart: FakeChart | undefined;
  readonly title: { text: string };
  readonly legend: { visible: boolean };
  readonly dataLabels: { showValue: boolean };
  readonly axes: {
    valueAxis: { title: { text: string } };
    categoryAxis: { title: { text: string }; reversePlotOrder: boolean; position: string };
  };
  readonly series: { getItemAt(i: number): { name: string; setXAxisValues(r: RangeProxy): void } };

  constructor(
    private ctx: FakeContext,
    private sheet: WorksheetProxy,
    private label: string,
  ) {
    super();
    const setter = <T>(what: string, apply: (c: FakeChart, v: T) => void) => {
      const set = (v: T) => this.on(`${what}=${String(v)}`, (c) => apply(c, v));
      return {
        set,
        get: (): T => {
          throw notLoaded(what);
        },
      };
    };
    const prop = <T>(what: string, apply: (c: FakeChart, v: T) => void) => {
      const { set, get } = setter(what, apply);
      return { set, get, enumerable: true };
    };
    this.title = Object.defineProperty(
      {},
      "text",
      prop<string>("title.text", (c, v) => (c.title = v)),
    ) as { text: string };
    this.legend = Object.defineProperty(
      {},
      "visible",
      prop<boolean>("legend.visible", (c, v) => (c.legendVisible = v)),
    ) as { visible: boolean };
    this.dataLabels = Object.defineProperty(
      {},
      "showValue",
      prop<boolean>("dataLabels.showValue", (c, v) => (c.showValue = v)),
    ) as { showValue: boolean };
    const categoryAxis = Object.defineProperties(
      {
        title: Object.defineProperty(
          {},
          "text",
          prop<string>("categoryAxis.title.text", (c, v) => (c.categoryAxisTitle = v)),
        ),
      },
      {
        reversePlotOrder: prop<boolean>("categoryAxis.reversePlotOrder", (c, v) => (c.reversePlotOrder = v)),
        position: prop<string>("categoryAxis.position", (c, v) => (c.categoryAxisPosition = v)),
      },
    );
    this.axes = {
      valueAxis: {
        title: Object.defineProperty(
          {},
          "text",
          prop<string>("valueAxis.title.text", (c, v) => (c.valueAxisTitle = v)),
        ) as { text: string },
      },
      categoryAxis: categoryAxis as ChartProxy["axes"]["categoryAxis"],
    };
    this.series = {
      getItemAt: (i: number) => {
        if (i !== 0) throw new Error("test fake: only the first series is modelled");
        return Object.defineProperties(
          { setXAxisValues: (r: RangeProxy) => this.on("series(0).setXAxisValues", (c) => (c.categories = rangeToA1(r.resolve().range))) },
          { name: prop<string>("series(0).name", (c, v) => (c.seriesName = v)) },
        ) as { name: string; setXAxisValues(r: RangeProxy): void };
      },
    };
  }

  bind(chart: FakeChart) {
    this.chart = chart;
  }

  /** queues a command on the chart; `change`: refused on a protected sheet (a load is not) */
  private on(what: string, apply: (c: FakeChart) => void, change = true) {
    this.ctx.enqueue(`${this.label}.${what}`, () => {
      if (!this.chart) throw new Error(`test fake: ${this.label} used before its sync`);
      const sheet = this.sheet.resolve();
      if (!sheet.charts.includes(this.chart)) throw new FakeOfficeError("ItemNotFound", `${this.label} was deleted`);
      if (change) checkFormatAllowed(sheet, "chart");
      apply(this.chart);
    });
  }

  set name(v: string) {
    this.on(`name=${v}`, (c) => (c.name = v));
  }
  get name(): string {
    return this.get("name");
  }
  set width(v: number) {
    this.on(`width=${v}`, (c) => (c.width = v));
  }
  set height(v: number) {
    this.on(`height=${v}`, (c) => (c.height = v));
  }
  setPosition(start: string, end?: string): void {
    this.on("setPosition", (c) => (c.position = [start, end]));
  }
  load(props?: string | string[]): this {
    const fields = parseLoad(props);
    this.on(
      `load(${fields.join(",")})`,
      (c) => {
        for (const f of fields) {
          if (f === "name") this.loaded.set(f, c.name);
          else throw new Error(`test fake: cannot load Chart.${f}`);
        }
      },
      false,
    );
    return this;
  }
  delete(): void {
    this.on("delete", (c) => {
      const sheet = this.sheet.resolve();
      sheet.charts = sheet.charts.filter((x) => x !== c);
    });
  }
}

/** isSetSupported answering for ExcelApi up to `max` (e.g. "1.7"), or per set with a predicate */
export function upTo(max: string): (name: string, version: string) => boolean {
  const [M, m] = max.split(".").map(Number);
  return (name, version) => {
    if (name !== "ExcelApi") return false;
    const [a, b] = version.split(".").map(Number);
    return a < M || (a === M && b <= m);
  };
}

export const ALL_APIS = upTo("1.20");
export const NO_OPTIONAL_APIS = upTo("1.1");
