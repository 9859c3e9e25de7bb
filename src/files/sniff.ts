/**
 * What received bytes are, by their first bytes: a zip package, an OLE2 compound file (legacy .xls/.doc, or
 * an encrypted OOXML file), HTML or text, or nothing known. Pure; no decoding beyond the first 4 KB.
 */

export type DetectedFormat = "zip" | "ole2" | "html" | "text" | "empty" | "unknown";

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The input as a Uint8Array view. Accepts any byte view or ArrayBuffer, also from another realm (an
 * iframe, jsdom), where `instanceof Uint8Array` would be false.
 */
export function asBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const tag = Object.prototype.toString.call(input);
  if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") return new Uint8Array(input as ArrayBuffer);
  return undefined;
}

/** What the bytes are, by their first few KB. */
export function detectFormat(bytes: Uint8Array): DetectedFormat {
  const b = asBytes(bytes);
  if (!b || b.length === 0) return b ? "empty" : "unknown";
  if (
    b.length >= 4 &&
    b[0] === 0x50 &&
    b[1] === 0x4b &&
    ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6) || (b[2] === 7 && b[3] === 8))
  ) {
    return "zip";
  }
  if (b.length >= 8 && OLE2_MAGIC.every((m, i) => b[i] === m)) return "ole2";
  const head = sniffText(b);
  if (head === undefined) return "unknown";
  const lower = head.toLowerCase();
  const start = lower.replace(/^[\s\ufeff]+/, "");
  if (start.startsWith("%pdf")) return "unknown";
  if (
    start.startsWith("<") ||
    /<(html|table|body|head|meta|tr|td)[\s>/]/.test(lower) ||
    (lower.includes("mime-version:") && lower.includes("multipart/related"))
  ) {
    return "html";
  }
  return "text";
}

/** The first 4 KB decoded, when they look like text (no NUL, few control characters); else undefined. */
function sniffText(b: Uint8Array): string | undefined {
  const n = Math.min(b.length, 4096);
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
    try {
      return new TextDecoder(b[0] === 0xff ? "utf-16le" : "utf-16be").decode(b.subarray(0, n & ~1));
    } catch {
      return undefined;
    }
  }
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return undefined;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 0x1a) || c === 0x7f) controls++;
  }
  if (controls > n / 100) return undefined;
  return new TextDecoder("utf-8").decode(b.subarray(0, n));
}

export function describeMarkup(b: Uint8Array): string {
  const head = (sniffText(b) ?? "").toLowerCase();
  if (head.includes("urn:schemas-microsoft-com:office:spreadsheet") && head.includes("<workbook")) return "SpreadsheetML 2003 XML";
  if (head.includes("mime-version:")) return "MHTML web archive";
  return "HTML";
}

/**
 * Whether an OLE2 file holds a stream of this name (names are UTF-16LE in the directory): "EncryptedPackage"
 * is a password-protected OOXML file, "WordDocument" / "Workbook" a legacy .doc / .xls.
 */
export function oleHasStream(b: Uint8Array, name: string): boolean {
  const first = name.charCodeAt(0);
  const last = b.length - name.length * 2;
  outer: for (let i = 0; i <= last; i++) {
    if (b[i] !== first || b[i + 1] !== 0) continue;
    for (let k = 1; k < name.length; k++) {
      if (b[i + 2 * k] !== name.charCodeAt(k) || b[i + 2 * k + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}
