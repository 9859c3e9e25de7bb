/**
 * Printing text from received files to a terminal. A county's workbook (or file name, sheet name, learned
 * attachment, template file) can carry terminal control characters: ESC sequences that clear the screen,
 * recolour, set the window title or write the clipboard (OSC 52), a carriage return or line feed that
 * prints a fake "✓ …：通过" line, and bidi overrides that show text in another order than it is.
 * Every control is replaced by a visible stand-in; Chinese, punctuation and ordinary symbols are kept.
 *
 * - `terminalText`: one piece of received text (or one line of output) — every control replaced,
 *   line breaks and tabs too, so a received string can never start a new line of its own.
 * - `terminalOutput`: what a command writes — the same, except our own line breaks ("\n").
 * - `jsonText`: JSON whose strings are escaped for the terminal: JSON.stringify already escapes C0; C1,
 *   bidi controls and line/paragraph separators are written as \uXXXX too, so the JSON is unchanged
 *   when parsed and still valid.
 */

// C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F), the Arabic letter mark, LRM/RLM, line and paragraph
// separators, bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069)
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NOT_ASCII_SAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** the visible stand-in: ␀…␟ for C0 (␛ for ESC, ␊ for a line feed), ␡ for DEL, � for the others */
export function controlPicture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code <= 0x1f) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return "\ufffd";
}

/** received text made safe to print: every control character replaced visibly */
export function terminalText(text: string): string {
  return text.replace(CONTROLS, controlPicture);
}

/** command output made safe to print: every control character replaced visibly, except "\n" */
export function terminalOutput(text: string): string {
  return text.replace(CONTROLS_BUT_NEWLINE, controlPicture);
}

/** lines of output, each made safe, joined with "\n" */
export function terminalLines(lines: readonly string[]): string {
  return lines.map(terminalText).join("\n");
}

/** JSON.stringify(value, null, 2), with every character a terminal could act on escaped as \uXXXX */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(NOT_ASCII_SAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
