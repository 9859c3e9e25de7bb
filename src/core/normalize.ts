/**
 * Text normalisation for matching labels typed by people in Excel, WPS or Word:
 * full-width forms, stray spaces and line breaks, quote styles and enumerators all vary.
 */

/**
 * NFKC folds full-width digits, letters and punctuation (（）：，１２) to their ASCII forms.
 *
 * Text of ASCII, CJK ideographs (U+4E00–9FFF), common CJK and quote punctuation and full-width forms is
 * folded here without ICU: those characters are their own NFKC form and never combine with a neighbour
 * (none is a non-initial part of a canonical decomposition), the full-width forms U+FF01–FF5E are their
 * ASCII twin and U+3000 a space. Any other character sends the whole text to String.normalize.
 */
export function fold(text: string): string {
  let out: string | undefined;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff)) continue;
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) {
      out = (out ?? "") + text.slice(last, i) + String.fromCharCode(c === 0x3000 ? 0x20 : c - 0xfee0);
      last = i + 1;
      continue;
    }
    if (
      (c >= 0x3001 && c <= 0x3003) ||
      (c >= 0x3008 && c <= 0x3011) ||
      (c >= 0x3014 && c <= 0x301b) ||
      c === 0x2014 ||
      c === 0x2018 ||
      c === 0x2019 ||
      c === 0x201c ||
      c === 0x201d ||
      c === 0xb7
    ) {
      continue;
    }
    return text.normalize("NFKC");
  }
  return out === undefined ? text : out + text.slice(last);
}

const LEADING_ENUMERATOR = /^(?:\(?[0-9]{1,3}[).、．.]|\(?[一二三四五六七八九十]{1,3}[)、．.]|\([0-9一二三四五六七八九十]{1,3}\))/;
const LEADING_QIZHONG = /^其中[:：]?/;

/** comparison key of a label: no spaces, no quotes, ASCII punctuation, lower case */
export function labelKey(text: string): string {
  return labelKeyFolded(fold(text));
}

/**
 * labelKey of a text already folded (NFKC is idempotent: labelKey(t) === labelKeyFolded(fold(t))).
 * In one pass: white space /[\s\u00a0\u3000\u200b\ufeff]/ and quotes /["'“”‘’「」『』〝〞]/ dropped, dashes
 * /[—–－]/ made "-"; then toLowerCase when the text can have a cased letter at all (ASCII A–Z, or a
 * character outside U+0000–00B4 and U+2E80–9FFF).
 */
export function labelKeyFolded(folded: string): string {
  let out = "";
  let last = 0;
  let cased = false;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    let rep: string;
    if (c < 0x80) {
      if (c >= 65 && c <= 90) {
        cased = true;
        continue;
      }
      // \s in ASCII: TAB LF VT FF CR and space; quotes " and '
      if ((c >= 9 && c <= 13) || c === 0x20 || c === 0x22 || c === 0x27) rep = "";
      else continue;
    } else if (c >= 0x4e00 && c <= 0x9fff) continue;
    else if (isWideSpace(c) || isWideQuote(c)) rep = "";
    else if (c === 0x2014 || c === 0x2013 || c === 0xff0d) rep = "-";
    else {
      if (c >= 0xb5 && !(c >= 0x2e80 && c <= 0x9fff)) cased = true;
      continue;
    }
    out += folded.slice(last, i) + rep;
    last = i + 1;
  }
  const k = last === 0 ? folded : out + folded.slice(last);
  return cased ? k.toLowerCase() : k;
}

/** the non-ASCII characters of the white-space set: \s beyond ASCII, and U+200B */
function isWideSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** the non-ASCII quotes */
function isWideQuote(c: number): boolean {
  return c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || (c >= 0x300c && c <= 0x300f) || c === 0x301d || c === 0x301e;
}

/** first characters LEADING_ENUMERATOR can match */
function mayHaveEnumerator(c: number): boolean {
  return c === 40 /* ( */ || (c >= 48 && c <= 57) || "一二三四五六七八九十".includes(String.fromCharCode(c));
}

/** the key of a label as found in a cell: also drops a leading 1、 / （一） / 其中： */
export function cellLabelKey(text: string): string {
  return cellLabelKeyFolded(fold(text));
}

/** cellLabelKey of a text already folded */
export function cellLabelKeyFolded(folded: string): string {
  let k = labelKeyFolded(folded);
  if (k.charCodeAt(k.length - 1) === 58 /* : */) k = k.slice(0, -1);
  if (mayHaveEnumerator(k.charCodeAt(0))) k = k.replace(LEADING_ENUMERATOR, "");
  if (k.startsWith("其中")) k = k.replace(LEADING_QIZHONG, "");
  return k;
}

/** trims and folds a free-text value (unit names, remarks) without removing inner spaces */
export function cleanText(text: string): string {
  return fold(text).replace(/[\u200b\ufeff]/g, "").replace(/\s+/g, " ").trim();
}

/** key used to compare reporting units (填报单位): spaces and punctuation do not make two units different */
export function unitKey(text: string): string {
  return labelKey(text).replace(/[()（）]/g, "");
}
