/**
 * The hand-written SpreadsheetML scanner against saxes (a conforming XML parser) on generated
 * documents: same element events, same attribute values, same text.
 */
import fc from "fast-check";
import { SaxesParser } from "saxes";
import { CLOSE, END, OPEN, XmlError, XmlScanner, decodeEntities, decodeXmlBytes, unescapeOoxml } from "../../src/files/xml-scan";

type Ev = ["open", string, Record<string, string>] | ["close", string] | ["text", string];

/** saxes events for the elements, attributes and text of `xml` (adjacent text merged) */
function saxesEvents(xml: string): Ev[] {
  const out: Ev[] = [];
  const p = new SaxesParser({ position: false });
  const text = (t: string) => {
    const last = out[out.length - 1];
    if (last && last[0] === "text") last[1] += t;
    else out.push(["text", t]);
  };
  p.on("opentag", (t) => out.push(["open", t.name, { ...(t.attributes as Record<string, string>) }]));
  p.on("closetag", (t) => out.push(["close", t.name]));
  p.on("text", text);
  p.on("cdata", text);
  p.write(xml).close();
  return out;
}

/** the scanner's events for the same document: open/close from next(), text of leaf elements via readText() */
function scannerEvents(xml: string, leaves: Set<string>, attrNamesOf: Map<string, string[]>): Ev[] {
  const out: Ev[] = [];
  const sc = new XmlScanner(xml);
  for (let t = sc.next(); t !== END; t = sc.next()) {
    if (t === CLOSE) {
      out.push(["close", sc.name]);
      continue;
    }
    expect(t).toBe(OPEN);
    const name = sc.name;
    const attrs: Record<string, string> = {};
    // look the attributes up by the names saxes saw on this element
    for (const a of attrNamesOf.get(name) ?? []) {
      if (a.startsWith("xmlns")) {
        expect(sc.attr(a.split(":")[1] ?? a)).toBeUndefined(); // namespace declarations are not attributes
        continue;
      }
      const local = a.includes(":") ? a.split(":")[1] : a;
      attrs[local] = sc.attr(local)!;
    }
    out.push(["open", name, attrs]);
    if (leaves.has(name)) {
      const text = sc.readText();
      if (text) out.push(["text", text]);
      out.push(["close", name]);
    }
  }
  return out;
}

const textPiece = fc.oneof(
  fc.string({ unit: fc.constantFrom(...Array.from("ab 公安局😀\t\n")), maxLength: 6 }),
  fc.constantFrom(
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&#32593;",
    "&#x7F51;",
    "&#x1F600;",
    "\r\n",
    "\r",
    "<![CDATA[<a> & b]]>",
    "<!-- c -->",
    "<?pi x?>",
  ),
);
const text = fc.array(textPiece, { maxLength: 6 }).map((a) => a.join(""));
const attrValue = fc
  .array(
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...Array.from("ab 公>'/=")), maxLength: 5 }),
      fc.constantFrom("&amp;", "&lt;", "&quot;", "&#10;", "\t", "\n"),
    ),
    { maxLength: 4 },
  )
  .map((a) => a.join(""));

test("matches saxes on generated documents", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(text, attrValue, fc.boolean()), { minLength: 1, maxLength: 5 }), (cells) => {
      let xml = `<?xml version="1.0"?>\n<!-- head --><root xmlns:x="urn:x">`;
      cells.forEach(([t, a, self], i) => {
        const q = a.includes('"') ? "'" : '"';
        xml += `<row${i} x:k=${q}${a}${q} plain = "v${i}" >`;
        xml += self ? `<t${i}/>` : `<t${i}>${t}</t${i}>`;
        xml += `</row${i}  >`;
      });
      xml += `</root>`;
      const leaves = new Set(cells.map((_, i) => `t${i}`));
      const events = saxesEvents(xml);
      // the scanner skips text outside the leaf elements (white space between tags, comments)
      const expected = events.filter((e) => !(e[0] === "text" && !leaves.has(String(lastOpen(events, e)))));
      const attrNamesOf = new Map<string, string[]>();
      for (const e of events) if (e[0] === "open") attrNamesOf.set(e[1], Object.keys(e[2]));
      expect(scannerEvents(xml, leaves, attrNamesOf)).toEqual(normalize(expected));
    }),
    { numRuns: 300 },
  );
});

/** name of the element a text event belongs to (saxes events are in document order) */
function lastOpen(events: Ev[], ev: Ev): string | undefined {
  const stack: string[] = [];
  for (const e of events) {
    if (e === ev) return stack[stack.length - 1];
    if (e[0] === "open") stack.push(e[1]);
    else if (e[0] === "close") stack.pop();
  }
  return undefined;
}

/** saxes reports prefixed names and xmlns attributes; the scanner reports local names and skips xmlns */
function normalize(events: Ev[]): Ev[] {
  return events.map((e) => {
    if (e[0] === "open") {
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(e[2])) if (!k.startsWith("xmlns")) attrs[k.includes(":") ? k.split(":")[1] : k] = v;
      return ["open", e[1], attrs] as Ev;
    }
    return e;
  });
}

test("refuses what is not well-formed", () => {
  const bad = [
    "<a><b></a>",
    "<a>",
    "<a x=1/>",
    "<a x='1/>",
    "<!DOCTYPE a><a/>",
    "<a><!-- x</a>",
    "<a><![CDATA[x</a>",
    "</a>",
    "<a x></a>",
    "<a<b/>",
  ];
  for (const xml of bad) {
    expect(() => {
      const sc = new XmlScanner(xml);
      while (sc.next() !== END);
    }).toThrow(XmlError);
  }
});

test("entity and _xHHHH_ decoding", () => {
  expect(decodeEntities("&lt;&amp;lt;&#65;&#x42;&unknown;&#xZZ;& ;")).toBe("<&lt;AB&unknown;&#xZZ;& ;");
  expect(unescapeOoxml("_x000D__x000a__x005F_x0041_ _x41_")).toBe("\r\n_x0041_ _x41_");
});

describe("decodeXmlBytes", () => {
  const ascii = (t: string) => [...t].map((c) => c.charCodeAt(0));
  test("a declared GBK part is decoded as GBK; UTF-8 with or without BOM and UTF-16 by BOM as such", () => {
    // 中文 in GBK: D6 D0 CE C4
    const gbk = new Uint8Array([...ascii('<?xml version="1.0" encoding="GBK"?><a>'), 0xd6, 0xd0, 0xce, 0xc4, ...ascii("</a>")]);
    expect(decodeXmlBytes(gbk)).toBe('<?xml version="1.0" encoding="GBK"?><a>中文</a>');
    const utf8 = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a>中文</a>';
    expect(decodeXmlBytes(new TextEncoder().encode(utf8))).toBe(utf8);
    expect(decodeXmlBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<a>中文</a>")]))).toBe("<a>中文</a>");
    expect(decodeXmlBytes(new Uint8Array([0xff, 0xfe, ...Buffer.from("<a>中文</a>", "utf16le")]))).toBe("<a>中文</a>");
  });

  test("an encoding label TextDecoder does not know is read as UTF-8", () => {
    const text = '<?xml version="1.0" encoding="x-unknown-label"?><a>中文</a>';
    expect(decodeXmlBytes(new TextEncoder().encode(text))).toBe(text);
  });
});

test("a long text seen again, or nearly the same, reads as saxes reads it (the long-text memo changes nothing)", () => {
  const long = "模板".repeat(700) + "&quot;x&quot; &amp; _x000D_" + "z".repeat(600);
  const variants = [long, long, long.replace("x", "y"), long.slice(0, 700) + "改" + long.slice(701), long];
  for (const body of variants) {
    const xml = `<root><t>${body}</t></root>`;
    const sc = new XmlScanner(xml);
    expect(sc.next()).toBe(OPEN);
    expect(sc.next()).toBe(OPEN);
    const expected = saxesEvents(xml).find((e) => e[0] === "text")![1];
    expect(sc.readText()).toBe(expected);
  }
});
