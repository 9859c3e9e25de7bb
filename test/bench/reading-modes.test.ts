/**
 * The fast reading path gives exactly what the plain one gives. In Node the reader scans UTF-8 parts as
 * binary views of their bytes (one character per byte) and decodes only what it takes out; the browser
 * decodes each part first. Both must read every workbook alike, and the scanner must give the same
 * events either way, whatever the characters, entities and malformed bytes.
 */
import fc from "fast-check";
import { strToU8 } from "fflate";
import { CLOSE, END, OPEN, XmlScanner, decodeXmlSource, useBinaryViews, type XmlSource } from "../../src/files/xml-scan";
import { readWorkbook, resolvePath } from "../../src/files/xlsx-read";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { writeTemplateWorkbook } from "../../src/files/xlsx-write";
import { BUILTIN_TEMPLATES, findBuiltinTemplate } from "../../src/templates";
import { buildXlsx, worksheet, xmlEscape } from "../files/xlsx-builder";

afterAll(() => useBinaryViews(true));

function both<T>(f: () => T): [T, T] {
  try {
    useBinaryViews(true);
    const binary = f();
    useBinaryViews(false);
    return [binary, f()];
  } finally {
    useBinaryViews(true);
  }
}

/** every event of a document: element names, the attributes asked for, and the text of leaf elements */
function events(src: XmlSource, attrs: string[]): unknown[] {
  const out: unknown[] = [];
  const sc = new XmlScanner(src.text, src.bytes);
  try {
    for (let t = sc.next(); t !== END; t = sc.next()) {
      if (t === CLOSE) {
        out.push(["close", sc.name]);
        continue;
      }
      expect(t).toBe(OPEN);
      out.push(["open", sc.name, attrs.map((a) => sc.attr(a))]);
      if (sc.name.startsWith("t")) out.push(["text", sc.readText()]);
    }
  } catch (err) {
    out.push(["error", (err as Error).name]);
  }
  return out;
}

const piece = fc.oneof(
  fc.string({ unit: fc.constantFrom(...Array.from("ab 公安局（）“”😀\t\n\r_\u00a0\ufeff")), maxLength: 8 }),
  fc.constantFrom("&amp;", "&lt;", "&quot;", "&apos;", "&#32593;", "&#x1F600;", "&bogus;", "&lt", "_x000D_", "<![CDATA[<a> & 网]]>", "<!-- 注 -->"),
);
const text = fc.array(piece, { maxLength: 6 }).map((a) => a.join(""));

test("the scanner gives the same events on a binary view as on decoded text", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }), fc.boolean(), (cells, bom) => {
      let xml = `<?xml version="1.0" encoding="UTF-8"?><root>`;
      cells.forEach(([t, a], i) => {
        const v = a.replace(/[<"&]/g, "") + (i % 2 ? "&amp;" : "");
        xml += `<row k="${v}" n="${i}"><t${i}>${t}</t${i}></row>`;
      });
      xml += `</root>`;
      const bytes = strToU8((bom ? "\ufeff" : "") + xml);
      const [binary, decoded] = both(() => decodeXmlSource(bytes));
      expect(binary.bytes).toBeDefined();
      expect(decoded.bytes).toBeUndefined();
      expect(events(binary, ["k", "n"])).toEqual(events(decoded, ["k", "n"]));
    }),
    { numRuns: 500 },
  );
});

test("malformed UTF-8 decodes to the same replacement characters either way", () => {
  const bad = [[0xe7, 0xbb], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xef, 0xbb, 0xbf], [0xe5, 0x85, 0xac, 0x80]];
  for (const b of bad) {
    const head = strToU8(`<root a="x`);
    const mid = strToU8(`y"><t>`);
    const tail = strToU8(`z</t></root>`);
    const bytes = new Uint8Array([...head, ...b, ...mid, ...b, ...tail]);
    const [binary, decoded] = both(() => decodeXmlSource(bytes));
    expect(events(binary, ["a"])).toEqual(events(decoded, ["a"]));
  }
});

test("long texts seen again are decoded the same (remembered or not)", () => {
  const long = "模板".repeat(700) + "&quot;x&quot;" + "_x000D_";
  const xml = (s: string) => `<root><t>${s}</t></root>`;
  for (let i = 0; i < 3; i++) {
    const variant = i === 2 ? long.replace("x", "y") : long;
    const [binary, decoded] = both(() => decodeXmlSource(strToU8(xml(variant))));
    expect(events(binary, [])).toEqual(events(decoded, []));
  }
});

/** workbooks of many shapes: our own writer, odd writers' ways of putting cells, names and strings */
async function workbooks(): Promise<Uint8Array[]> {
  const ganzhou = findBuiltinTemplate("ganzhou-2022")!;
  const own = await writeTemplateWorkbook(ganzhou, { header: { unit: "章贡区市场监督管理局", date: "11月26日" }, values: { cases_total: 3 }, remarks: { cases_total: "备注 & <说明>" } });
  const rows =
    `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>内联 &amp; 文本</t></is></c><c r="C1" t="str"><f>"公"&amp;"式"</f><v>公式结果</v></c></row>` +
    `<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>12.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#REF!</v></c></row>` +
    `<row r="3" spans="1:4"><c r="A3" s="3" t="s"><v>2</v></c><c r="B3" t="d"><v>2022-11-20</v></c><c r="C3" t="n"><v> 7 </v></c><c r="D3" t="str"><v>_x000D_换行</v></c></row>` +
    `<row r="4"><c r="A4" t="s"><v>3</v></c><c t="s"><v>4</v></c><c r="D4"><f>SUM(B2:B3)</f><v>19.5</v></c></row>`;
  const sst = [
    `<t>${xmlEscape("填报单位：")}</t>`,
    "<r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r>",
    `<t>${xmlEscape("“引号”与（括号）")}</t>`,
    `<t>${xmlEscape("A&B <c> 网")}</t>`,
    '<t xml:space="preserve">  前后空格  </t>',
  ];
  const odd = buildXlsx({
    sheets: [
      { name: "统计 表", xml: worksheet(rows, `<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>`) },
      { name: "It's 说明", xml: worksheet(`<row r="1"><c r="A1" t="s"><v>2</v></c></row>`), state: "hidden" },
    ],
    sstXml: sst,
    definedNames: `<definedName name="cs_unit">'统计 表'!$B$1</definedName><definedName name="cs_x" localSheetId="1">'It''s 说明'!$A$1</definedName>`,
  });
  return [own, odd];
}

test("workbooks read and analyse alike either way", async () => {
  for (const bytes of await workbooks()) {
    const [a, b] = both(() => readWorkbook(bytes));
    expect(a).toEqual(b);
    expect(a.ok).toBe(true);
    // read twice more: what is remembered between files gives the same again
    const [c, d] = both(() => readWorkbook(bytes));
    expect(c).toEqual(a);
    expect(d).toEqual(a);
    const [x, y] = both(() => analyzeWorkbookBytes("f.xlsx", bytes, BUILTIN_TEMPLATES).input);
    expect(x).toEqual(y);
  }
});

test("resolvePath's shortcut gives what the general path gives", () => {
  const general = (fromPart: string, target: string) => {
    let t = target.replace(/\\/g, "/");
    const hash = t.indexOf("#");
    if (hash >= 0) t = t.slice(0, hash);
    const joined = t.startsWith("/") ? t.slice(1) : fromPart.slice(0, fromPart.lastIndexOf("/") + 1) + t;
    const out: string[] = [];
    for (const seg of joined.split("/")) {
      if (seg === "" || seg === ".") continue;
      if (seg === "..") out.pop();
      else out.push(seg);
    }
    return out.join("/");
  };
  const path = fc.array(fc.constantFrom("xl", "worksheets", "sheet1.xml", ".", "..", "", "/", "\\", "#x", "a b", "%20", "统计"), { maxLength: 6 }).map((a) => a.join(""));
  fc.assert(
    fc.property(path, path, (from, target) => expect(resolvePath(from, target)).toBe(general(from, target))),
    { numRuns: 5000 },
  );
});
