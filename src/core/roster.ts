/**
 * The roster of units expected to report, one a line: a BOM, blank lines and `#` comment lines (a pasted
 * header such as "# 应报送单位") are ignored, so none becomes a phantom 未报送 unit. The one parser for the
 * CLI's --roster file and the pane's textarea.
 */
export function parseRoster(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("＃"));
}
