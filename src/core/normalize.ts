/**
 * Text normalisation for matching labels typed by people in Excel, WPS or Word:
 * full-width forms, stray spaces and line breaks, quote styles and enumerators all vary.
 */

/** NFKC folds full-width digits, letters and punctuation (（）：，１２) to their ASCII forms. */
export function fold(text: string): string {
  return text.normalize("NFKC");
}

const LEADING_ENUMERATOR = /^(?:\(?[0-9]{1,3}[).、．.]|\(?[一二三四五六七八九十]{1,3}[)、．.]|\([0-9一二三四五六七八九十]{1,3}\))/;
const LEADING_QIZHONG = /^其中[:：]?/;

/** comparison key of a label: no spaces, no quotes, ASCII punctuation, lower case */
export function labelKey(text: string): string {
  return fold(text)
    .replace(/[\s\u00a0\u3000\u200b\ufeff"'“”‘’「」『』〝〞]+/g, "")
    .replace(/[—–－]/g, "-")
    .toLowerCase();
}

/** the key of a label as found in a cell: also drops a leading 1、 / （一） / 其中： */
export function cellLabelKey(text: string): string {
  return cellKeyOfLabelKey(labelKey(text));
}

/** cellLabelKey from the text's labelKey (for a caller that needs both) */
export function cellKeyOfLabelKey(key: string): string {
  return key.replace(/:$/, "").replace(LEADING_ENUMERATOR, "").replace(LEADING_QIZHONG, "");
}

/** trims and folds a free-text value (unit names, remarks) without removing inner spaces */
export function cleanText(text: string): string {
  return fold(text)
    .replace(/[\u200b\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** key used to compare reporting units (填报单位): spaces and punctuation do not make two units different */
export function unitKey(text: string): string {
  return labelKey(text).replace(/[()（）]/g, "");
}
