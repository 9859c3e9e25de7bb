/**
 * A small pull scanner for the subset of XML that SpreadsheetML parts use.
 *
 * It is not a general XML parser: no DTDs (refused, which also rules out entity-expansion bombs), no
 * namespace resolution (element and attribute names are matched by their local part, so `x:c` and `c`
 * are the same), text only where the caller asks for it. It does check that tags nest and close, so a
 * damaged part is reported rather than half read. It is several times faster than a general SAX
 * parser on worksheet XML (see the numbers in test/files/xlsx-read.bench.ts). It scans decoded text
 * (decodeXmlBytes): every part is decoded whole, once.
 */

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlError";
  }
}

export const END = 0;
export const OPEN = 1;
export const CLOSE = 2;
export type XmlToken = typeof END | typeof OPEN | typeof CLOSE;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

export class XmlScanner {
  private readonly s: string;
  private pos = 0;
  /** local name of the element just opened or closed */
  name = "";
  /** qualified and local names of the open elements (`top` is the depth; entries above it are stale) */
  private readonly qStack: string[] = [];
  private readonly lStack: string[] = [];
  private top = 0;
  /** a self-closing tag was returned as OPEN; the next call returns its CLOSE */
  private pendingClose = false;
  private attrCount = 0;
  /** per attribute of the last open tag: name start, local-name start, name end, value start, value end */
  private readonly attrs: number[] = [];

  constructor(text: string) {
    this.s = text;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  /** number of open elements (the element just opened counts, unless it was self-closing) */
  get depth(): number {
    return this.top;
  }

  /** true right after OPEN of an element written as `<x/>` */
  get selfClosing(): boolean {
    return this.pendingClose;
  }

  /**
   * Next OPEN or CLOSE (text is skipped) or END. A self-closing element gives OPEN then CLOSE.
   * Throws XmlError on malformed markup.
   */
  next(): XmlToken {
    if (this.pendingClose) {
      this.pendingClose = false;
      return CLOSE;
    }
    const s = this.s;
    for (;;) {
      // tags are usually adjacent: look at the next character before searching
      const i = s.charCodeAt(this.pos) === 60 ? this.pos : s.indexOf("<", this.pos);
      if (i < 0) {
        if (this.top) throw new XmlError(`unexpected end of XML inside <${this.qStack[this.top - 1]}>`);
        this.pos = s.length;
        return END;
      }
      const c = s.charCodeAt(i + 1);
      if (c === 47 /* / */) {
        this.closeTag(i);
        return CLOSE;
      }
      if (c === 63 /* ? */) {
        this.skipPI(i);
        continue;
      }
      if (c === 33 /* ! */) {
        this.bang(i, false);
        continue;
      }
      this.openTag(i);
      return OPEN;
    }
  }

  /** Value of the attribute with this local name (any prefix except xmlns) on the element just opened. */
  attr(local: string): string | undefined {
    const s = this.s;
    const n = local.length;
    const a = this.attrs;
    for (let k = 0, o = 0; k < this.attrCount; k++, o += 5) {
      const ls = a[o + 1];
      if (a[o + 2] - ls !== n || !s.startsWith(local, ls)) continue;
      if (ls !== a[o] && s.startsWith("xmlns:", a[o])) continue;
      const vs = a[o + 3];
      const ve = a[o + 4];
      for (let i = vs; i < ve; i++) {
        const c = s.charCodeAt(i);
        if (c === 38 /* & */ || c < 32) return decodeAttr(s.slice(vs, ve));
      }
      return s.slice(vs, ve);
    }
    return undefined;
  }

  /**
   * Call right after OPEN: the text content of the element (entities decoded, CDATA included, the text
   * of nested elements concatenated), consuming everything up to and including its end tag.
   */
  readText(): string {
    if (this.pendingClose) {
      this.pendingClose = false;
      return "";
    }
    const s = this.s;
    const base = this.top;
    let out = "";
    for (;;) {
      const i = s.indexOf("<", this.pos);
      if (i < 0) throw new XmlError(`unexpected end of XML inside <${this.qStack[this.top - 1]}>`);
      if (i > this.pos) out += i - this.pos >= LONG_TEXT ? longText(s, this.pos, i) : decodeText(s.slice(this.pos, i));
      const c = s.charCodeAt(i + 1);
      if (c === 47) {
        this.closeTag(i);
        if (this.top < base) return out;
      } else if (c === 33) {
        out += this.bang(i, true);
      } else if (c === 63) {
        this.skipPI(i);
      } else {
        this.openTag(i);
        this.pendingClose = false;
      }
    }
  }

  /** Call right after OPEN: skips the element and everything in it, including its end tag. */
  skip(): void {
    if (this.pendingClose) {
      this.pendingClose = false;
      return;
    }
    const base = this.top;
    for (;;) {
      const t = this.next();
      if (t === CLOSE && this.top < base) return;
      if (t === END) throw new XmlError("unexpected end of XML");
    }
  }

  private openTag(i: number): void {
    const s = this.s;
    const n = s.length;
    let p = i + 1;
    const nameStart = p;
    let colon = -1;
    for (; p < n; p++) {
      const c = s.charCodeAt(p);
      if (c <= 32 || c === 47 || c === 62) break; // white space, '/', '>'
      if (c === 58) colon = p;
      else if (c === 60) throw new XmlError("'<' inside a tag");
    }
    if (p === nameStart || p >= n) throw new XmlError("malformed or unterminated tag");
    const qname = s.slice(nameStart, p);
    const local = colon < 0 ? qname : s.slice(colon + 1, p);
    let count = 0;
    for (;;) {
      let c = s.charCodeAt(p);
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c === 62 /* > */) {
        p++;
        const d = this.top++;
        this.qStack[d] = qname; // d <= length: the arrays stay packed
        this.lStack[d] = local;
        break;
      }
      if (c === 47 /* / */) {
        if (s.charCodeAt(p + 1) !== 62) throw new XmlError(`malformed tag <${qname}>`);
        p += 2;
        this.pendingClose = true;
        break;
      }
      if (p >= n) throw new XmlError(`unterminated tag <${qname}>`);
      const as = p;
      let ls = p;
      for (; p < n; p++) {
        c = s.charCodeAt(p);
        if (c === 61 || c <= 32 || c === 62 || c === 47) break;
        if (c === 58) ls = p + 1;
      }
      const ae = p;
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (ae === as || c !== 61) throw new XmlError(`malformed attribute in <${qname}>`);
      c = s.charCodeAt(++p);
      while (isSpace(c)) c = s.charCodeAt(++p);
      if (c !== 34 && c !== 39) throw new XmlError(`unquoted attribute value in <${qname}>`);
      // a short value is looked through by hand; indexOf pays off on long ones
      let ve = p + 1;
      const stop = Math.min(n, p + 24);
      while (ve < stop && s.charCodeAt(ve) !== c) ve++;
      if (ve === stop && ve < n) ve = s.indexOf(c === 34 ? '"' : "'", ve);
      if (ve < 0 || ve >= n) throw new XmlError(`unterminated attribute value in <${qname}>`);
      // written in order from index 0: the array stays packed
      const a = this.attrs;
      const o = count * 5;
      a[o] = as;
      a[o + 1] = ls;
      a[o + 2] = ae;
      a[o + 3] = p + 1;
      a[o + 4] = ve;
      count++;
      p = ve + 1;
    }
    this.attrCount = count;
    this.name = local;
    this.pos = p;
  }

  private closeTag(i: number): void {
    const s = this.s;
    const n = s.length;
    let j = i + 2;
    while (j < n && s.charCodeAt(j) !== 62) j++;
    if (j >= n) throw new XmlError("unterminated end tag");
    let e = j;
    while (e > i + 2 && isSpace(s.charCodeAt(e - 1))) e--;
    if (this.top === 0) throw new XmlError(`unexpected end tag </${s.slice(i + 2, e)}>`);
    const d = --this.top;
    const top = this.qStack[d];
    if (e - (i + 2) !== top.length || !s.startsWith(top, i + 2)) {
      throw new XmlError(`end tag </${s.slice(i + 2, e)}> does not match <${top}>`);
    }
    this.name = this.lStack[d];
    this.pos = j + 1;
  }

  private skipPI(i: number): void {
    const j = this.s.indexOf("?>", i + 2);
    if (j < 0) throw new XmlError("unterminated processing instruction");
    this.pos = j + 2;
  }

  /** comment or CDATA at i; returns the CDATA text (when wanted) */
  private bang(i: number, wantText: boolean): string {
    const s = this.s;
    if (s.startsWith("<!--", i)) {
      const j = s.indexOf("-->", i + 4);
      if (j < 0) throw new XmlError("unterminated comment");
      this.pos = j + 3;
      return "";
    }
    if (s.startsWith("<![CDATA[", i)) {
      const j = s.indexOf("]]>", i + 9);
      if (j < 0) throw new XmlError("unterminated CDATA section");
      this.pos = j + 3;
      return wantText ? normalizeNewlines(s.slice(i + 9, j)) : "";
    }
    // <!DOCTYPE …> and friends: not allowed in OOXML parts (and a door to entity bombs)
    throw new XmlError("DTD or markup declaration not allowed");
  }
}

function normalizeNewlines(raw: string): string {
  return raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n");
}

/** Character data: line ends normalised, then entity and character references decoded. */
export function decodeText(raw: string): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 38 /* & */ || c === 13 /* CR */) {
      const t = normalizeNewlines(raw);
      return t.indexOf("&") < 0 ? t : decodeEntities(t);
    }
  }
  return raw;
}

/** Attribute value: whitespace characters become spaces (XML attribute-value normalisation), then references. */
export function decodeAttr(raw: string): string {
  let t = raw;
  if (/[\t\n\r]/.test(t)) t = t.replace(/\r\n?/g, "\n").replace(/[\t\n]/g, " ");
  return t.indexOf("&") < 0 ? t : decodeEntities(t);
}

export function decodeEntities(raw: string): string {
  let out = "";
  let last = 0;
  let i = raw.indexOf("&");
  while (i >= 0) {
    // the five predefined entities, looked at in place
    let rep: string | undefined;
    let end = -1;
    switch (raw.charCodeAt(i + 1)) {
      case 108 /* l */:
        if (raw.startsWith("lt;", i + 1)) ((rep = "<"), (end = i + 4));
        break;
      case 103 /* g */:
        if (raw.startsWith("gt;", i + 1)) ((rep = ">"), (end = i + 4));
        break;
      case 97 /* a */:
        if (raw.startsWith("amp;", i + 1)) ((rep = "&"), (end = i + 5));
        else if (raw.startsWith("apos;", i + 1)) ((rep = "'"), (end = i + 6));
        break;
      case 113 /* q */:
        if (raw.startsWith("quot;", i + 1)) ((rep = '"'), (end = i + 6));
        break;
    }
    if (rep === undefined) {
      const j = raw.indexOf(";", i + 1);
      if (j < 0 || j - i > 12) {
        i = raw.indexOf("&", i + 1);
        continue;
      }
      const ent = raw.slice(i + 1, j);
      if (ent.charCodeAt(0) === 35 /* # */) {
        const code = ent.charCodeAt(1) === 120 || ent.charCodeAt(1) === 88 ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
        if (Number.isFinite(code) && code >= 0 && code <= 0x10ffff) rep = String.fromCodePoint(code);
      }
      end = j + 1;
    }
    if (rep !== undefined) {
      out += raw.slice(last, i) + rep;
      last = end;
    }
    i = raw.indexOf("&", end);
  }
  return last === 0 ? raw : out + raw.slice(last);
}

/**
 * OOXML ST_Xstring escapes: `_xHHHH_` stands for the UTF-16 code unit HHHH (`_x000D_` is a carriage
 * return, `_x005F_` a literal underscore, so `_x005F_x000D_` is the text "_x000D_").
 */
export function unescapeOoxml(s: string): string {
  if (s.indexOf("_x") < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

let utf8Decoder: TextDecoder | undefined;

/** Decodes an XML part's bytes: UTF-8 (with or without BOM), UTF-16 by BOM, or a declared encoding. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  // UTF-16 without a byte-order mark: "<" as two bytes, the zero first (BE) or second (LE)
  if (b0 === 0 && b1 === 0x3c) return new TextDecoder("utf-16be").decode(bytes);
  if (b0 === 0x3c && b1 === 0 && bytes[2] !== 0) return new TextDecoder("utf-16le").decode(bytes);
  // <?xml version="1.0" encoding="…"?>: honour an unusual declared encoding
  const declared = declaredOtherEncoding(bytes);
  if (declared) return new TextDecoder(declared).decode(bytes);
  utf8Decoder ??= new TextDecoder("utf-8");
  return utf8Decoder.decode(bytes);
}

/** A part ready to scan: its decoded text. */
export interface XmlSource {
  text: string;
}

/** The label of an encoding other than UTF-8 that the part declares and TextDecoder knows, if any. */
function declaredOtherEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 0x3c || bytes[1] !== 0x3f) return undefined;
  let head = "";
  for (let i = 0; i < Math.min(bytes.length, 120); i++) {
    const c = bytes[i];
    head += String.fromCharCode(c);
    if (c === 0x3e) break;
  }
  const m = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  if (!m || /^utf-?8$/i.test(m[1])) return undefined;
  try {
    new TextDecoder(m[1]);
    return m[1];
  } catch {
    return undefined; // unknown label: read as UTF-8
  }
}

/** An XML part for XmlScanner, decoded as decodeXmlBytes decodes it. */
export function decodeXmlSource(bytes: Uint8Array): XmlSource {
  return { text: decodeXmlBytes(bytes) };
}

// ---------------------------------------------------------------------------------------------
// Long texts, decoded once

/** character data at least this long is looked up before it is decoded */
const LONG_TEXT = 1024;

/**
 * Decoded long runs of character data, by their raw text. A batch of workbooks written from one template
 * repeats the same long strings (the template embedded in each file, the same footnote), so each is
 * decoded once. Looked up by a fingerprint (length and a few samples), confirmed by comparing the whole
 * raw text in place. Bounded in entries and characters; the oldest entry goes first.
 *
 * Kept for speed, the one cache left in the reading path: every workbook we write holds its template as
 * about 5 KB of JSON with some 500 &quot; entities in a very hidden sheet, and decoding it again in every
 * file costs about 0.4 × the fflate floor, which puts the pipeline over its 5 × floor budget.
 */
class LongTexts {
  private readonly entries = new Map<string, { raw: string; text: string }>();
  private chars = 0;
  private static readonly MAX_ENTRIES = 32;
  private static readonly MAX_ENTRY = 256 * 1024;
  private static readonly MAX_CHARS = 1024 * 1024;

  private static key(s: string, a: number, b: number): string {
    const mid = (a + b) >> 1;
    return `${b - a}:${s.slice(a, a + 24)}${s.slice(mid, mid + 24)}${s.slice(b - 24, b)}`;
  }

  find(s: string, a: number, b: number): string | undefined {
    const e = this.entries.get(LongTexts.key(s, a, b));
    // comparing a slice is a memcmp; startsWith(raw, a) compares character by character
    return e !== undefined && e.raw.length === b - a && s.slice(a, b) === e.raw ? e.text : undefined;
  }

  add(s: string, a: number, b: number, text: string): void {
    const size = b - a + text.length;
    if (b - a > LongTexts.MAX_ENTRY) return;
    const key = LongTexts.key(s, a, b);
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.chars -= old.raw.length + old.text.length;
    }
    while (this.entries.size > 0 && (this.entries.size >= LongTexts.MAX_ENTRIES || this.chars + size > LongTexts.MAX_CHARS)) {
      const [k, e] = this.entries.entries().next().value!;
      this.entries.delete(k);
      this.chars -= e.raw.length + e.text.length;
    }
    // a copy, not a slice: a slice would keep the whole part it was cut from alive
    this.entries.set(key, { raw: detach(s.slice(a, b)), text: detach(text) });
    this.chars += size;
  }
}

/** a string that does not share storage with a larger one (V8 keeps slices as views of their parent) */
function detach(s: string): string {
  return (" " + s).slice(1);
}

const longTexts = new LongTexts();

/** decodeText of the long run of character data s[a, b), remembered across scanners (see LongTexts) */
function longText(s: string, a: number, b: number): string {
  const hit = longTexts.find(s, a, b);
  if (hit !== undefined) return hit;
  const text = decodeText(s.slice(a, b));
  longTexts.add(s, a, b, text);
  return text;
}
