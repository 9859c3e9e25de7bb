/**
 * Checks manifest.xml locally (the online validator of office-addin-manifest needs internet): parses
 * it with saxes, namespace-aware, and asserts what Office relies on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SaxesParser } from "saxes";

const ROOT = path.join(__dirname, "..", "..");
const MANIFEST = path.join(ROOT, "manifest.xml");
const DEV_URL = "https://localhost:3000/";

const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
};

interface El {
  uri: string;
  local: string;
  /** attributes without namespace by local name; namespaced ones as "{uri}local" */
  attrs: Record<string, string>;
  children: El[];
  text: string;
  parent: El | null;
}

function parseXml(xml: string): El {
  const parser = new SaxesParser({ xmlns: true });
  const stack: El[] = [];
  let root: El | null = null;
  parser.on("opentag", (node) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(node.attributes)) {
      if (a.prefix === "xmlns" || a.name === "xmlns") continue;
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const parent = stack[stack.length - 1] ?? null;
    const el: El = { uri: node.uri ?? "", local: node.local ?? node.name, attrs, children: [], text: "", parent };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on("text", (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error("empty XML");
  return root;
}

function kids(el: El, uri: string, local: string): El[] {
  return el.children.filter((c) => c.uri === uri && c.local === local);
}

function only(el: El, uri: string, local: string): El {
  const found = kids(el, uri, local);
  if (found.length !== 1) throw new Error(`expected one <${local}> in <${el.local}>, found ${found.length}`);
  return found[0];
}

function all(el: El, uri: string, local: string): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    if (e.uri === uri && e.local === local) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}

const xsiType = (el: El) => el.attrs[`{${NS.xsi}}type`];

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(signature)) throw new Error(`${file} is not a PNG`);
  if (buf.toString("ascii", 12, 16) !== "IHDR") throw new Error(`${file}: first chunk is not IHDR`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** https://localhost:3000/assets/icon-16.png → <repo>/assets/icon-16.png */
function localFileFor(url: string): string {
  expect(url.startsWith(DEV_URL)).toBe(true);
  return path.join(ROOT, ...url.slice(DEV_URL.length).split("/"));
}

const xml = fs.readFileSync(MANIFEST, "utf8");
const app = parseXml(xml);
const vo = only(app, NS.ov, "VersionOverrides");
const resources = only(vo, NS.ov, "Resources");

/** resource id → DefaultValue, per kind */
function resourceTable(kind: "Images" | "Urls" | "ShortStrings" | "LongStrings"): Map<string, string> {
  const table = new Map<string, string>();
  const group = only(resources, NS.bt, kind);
  for (const item of group.children) {
    const id = item.attrs.id;
    expect(table.has(id)).toBe(false);
    table.set(id, item.attrs.DefaultValue);
  }
  return table;
}

const images = resourceTable("Images");
const urls = resourceTable("Urls");
const shortStrings = resourceTable("ShortStrings");
const longStrings = resourceTable("LongStrings");

describe("manifest.xml", () => {
  test("is a task pane add-in manifest (OfficeApp 1.1, TaskPaneApp)", () => {
    expect(app.uri).toBe(NS.app);
    expect(app.local).toBe("OfficeApp");
    expect(xsiType(app)).toBe("TaskPaneApp");
  });

  test("base elements come in the schema's order", () => {
    const order = [
      "Id",
      "AlternateId",
      "Version",
      "ProviderName",
      "DefaultLocale",
      "DisplayName",
      "Description",
      "IconUrl",
      "HighResolutionIconUrl",
      "SupportUrl",
      "AppDomains",
      "Hosts",
      "Requirements",
      "DefaultSettings",
      "Permissions",
      "Dictionary",
      "VersionOverrides",
    ];
    const names = app.children.map((c) => c.local);
    for (const name of names) expect(order).toContain(name);
    const positions = names.map((n) => order.indexOf(n));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const required of ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "DefaultSettings"]) {
      expect(names).toContain(required);
    }
  });

  test("Id is a GUID, Version has up to four numeric parts", () => {
    expect(only(app, NS.app, "Id").text.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(only(app, NS.app, "Version").text.trim()).toMatch(/^\d{1,5}(\.\d{1,5}){0,3}$/);
  });

  test("names and locale are Chinese", () => {
    expect(only(app, NS.app, "DefaultLocale").text.trim()).toBe("zh-CN");
    expect(only(app, NS.app, "ProviderName").text.trim()).toBe("专项行动统计表助手团队");
    expect(only(app, NS.app, "DisplayName").attrs.DefaultValue).toBe("专项行动统计表助手");
    const description = only(app, NS.app, "Description").attrs.DefaultValue;
    expect(description).toMatch(/[\u4e00-\u9fff]/);
    expect(description.length).toBeLessThanOrEqual(250);
  });

  test("host is Excel (Workbook) only, with ReadWriteDocument permission", () => {
    const hosts = kids(only(app, NS.app, "Hosts"), NS.app, "Host").map((h) => h.attrs.Name);
    expect(hosts).toEqual(["Workbook"]);
    expect(only(app, NS.app, "Permissions").text.trim()).toBe("ReadWriteDocument");
  });

  test("requires ExcelApi 1.7, in the base manifest and in VersionOverrides", () => {
    const baseSets = kids(only(only(app, NS.app, "Requirements"), NS.app, "Sets"), NS.app, "Set");
    expect(baseSets.map((s) => [s.attrs.Name, s.attrs.MinVersion])).toEqual([["ExcelApi", "1.7"]]);
    const voSets = kids(only(only(vo, NS.ov, "Requirements"), NS.bt, "Sets"), NS.bt, "Set");
    expect(voSets.map((s) => [s.attrs.Name, s.attrs.MinVersion])).toEqual([["ExcelApi", "1.7"]]);
  });

  test("the task pane page is https://localhost:3000/taskpane.html", () => {
    const source = only(only(app, NS.app, "DefaultSettings"), NS.app, "SourceLocation");
    expect(source.attrs.DefaultValue).toBe(`${DEV_URL}taskpane.html`);
  });

  test("VersionOverrides 1.0 puts a 统计表 group with an 打开统计表助手 button on the Home tab", () => {
    expect(xsiType(vo)).toBe("VersionOverridesV1_0");
    const host = only(only(vo, NS.ov, "Hosts"), NS.ov, "Host");
    expect(xsiType(host)).toBe("Workbook");
    const desktop = only(host, NS.ov, "DesktopFormFactor");
    const ext = only(desktop, NS.ov, "ExtensionPoint");
    expect(xsiType(ext)).toBe("PrimaryCommandSurface");
    const tab = only(ext, NS.ov, "OfficeTab");
    expect(tab.attrs.id).toBe("TabHome");
    const group = only(tab, NS.ov, "Group");
    expect(shortStrings.get(only(group, NS.ov, "Label").attrs.resid)).toBe("统计表");
    const button = only(group, NS.ov, "Control");
    expect(xsiType(button)).toBe("Button");
    expect(shortStrings.get(only(button, NS.ov, "Label").attrs.resid)).toBe("打开统计表助手");
    const supertip = only(button, NS.ov, "Supertip");
    expect(shortStrings.has(only(supertip, NS.ov, "Title").attrs.resid)).toBe(true);
    expect(longStrings.has(only(supertip, NS.ov, "Description").attrs.resid)).toBe(true);
    const action = only(button, NS.ov, "Action");
    expect(xsiType(action)).toBe("ShowTaskpane");
    expect(only(action, NS.ov, "TaskpaneId").text.trim()).not.toBe("");
    expect(urls.get(only(action, NS.ov, "SourceLocation").attrs.resid)).toBe(`${DEV_URL}taskpane.html`);
  });

  test("every resid points at a resource of the right kind; ids and strings respect the schema limits", () => {
    const kindOf = (el: El): Map<string, string> => {
      if (el.local === "Image") return images;
      if (["SourceLocation", "LearnMoreUrl", "FunctionFile"].includes(el.local)) return urls;
      if (el.local === "Label" || el.local === "Title") return shortStrings;
      if (el.local === "Description") return longStrings;
      throw new Error(`unexpected resid on <${el.local}>`);
    };
    const referencing: El[] = [];
    const walk = (e: El) => {
      if (e.attrs.resid !== undefined) referencing.push(e);
      e.children.forEach(walk);
    };
    walk(vo);
    expect(referencing.length).toBeGreaterThan(5);
    for (const el of referencing) {
      expect(el.attrs.resid.length).toBeLessThanOrEqual(32);
      expect(kindOf(el).has(el.attrs.resid)).toBe(true);
    }
    for (const table of [images, urls, shortStrings, longStrings]) {
      for (const id of table.keys()) expect(id.length).toBeLessThanOrEqual(32);
    }
    for (const s of shortStrings.values()) expect(s.length).toBeLessThanOrEqual(125);
    for (const s of longStrings.values()) expect(s.length).toBeLessThanOrEqual(250);
  });

  test("every icon exists in assets/ and is a PNG of the size it is declared for", () => {
    const declared: Array<{ url: string; size: number }> = [
      { url: only(app, NS.app, "IconUrl").attrs.DefaultValue, size: 32 },
      { url: only(app, NS.app, "HighResolutionIconUrl").attrs.DefaultValue, size: 64 },
    ];
    for (const img of all(vo, NS.bt, "Image")) {
      if (img.attrs.resid === undefined) continue; // the definitions themselves
      const url = images.get(img.attrs.resid);
      expect(url).toBeDefined();
      declared.push({ url: url!, size: Number(img.attrs.size) });
    }
    expect(new Set(declared.map((d) => d.size))).toEqual(new Set([16, 32, 64, 80]));
    for (const { url, size } of declared) {
      const file = localFileFor(url);
      expect(path.dirname(file)).toBe(path.join(ROOT, "assets"));
      expect(fs.existsSync(file)).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
  });

  test("every URL starts with https://localhost:3000/ so the build can substitute ADDIN_URL", () => {
    const addinUrls: string[] = [];
    const walk = (e: El) => {
      for (const value of Object.values(e.attrs)) if (/^https?:/i.test(value)) addinUrls.push(value);
      if (/^\s*https?:/i.test(e.text)) addinUrls.push(e.text.trim());
      e.children.forEach(walk);
    };
    walk(app);
    expect(addinUrls.length).toBeGreaterThan(5);
    for (const u of addinUrls) expect(u.startsWith(DEV_URL)).toBe(true);
    // pages must be ones the build emits
    const pages = [...urls.values(), only(app, NS.app, "SupportUrl").attrs.DefaultValue];
    for (const u of pages) expect(u).toBe(`${DEV_URL}taskpane.html`);
  });

  test("the build's substitution prefix is the manifest's", () => {
    const config: { MANIFEST_DEV_URL: string } = require("../../webpack.config.js");
    expect(config.MANIFEST_DEV_URL).toBe(DEV_URL);
  });
});
