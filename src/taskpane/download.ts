/**
 * Saving a generated workbook from the standalone page: a Blob and a temporary <a download>.
 */

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** a file name Windows accepts: no \ / : * ? " < > |, not empty, not too long */
export function safeFileName(name: string, extension = ".xlsx"): string {
  // control characters are exactly what a file name must not hold
  const base =
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 120) || "统计表";
  return base.endsWith(extension) ? base : base + extension;
}

export function downloadBytes(bytes: Uint8Array, fileName: string, mime = XLSX_MIME): void {
  const blob = new Blob([bytes as BlobPart], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // some browsers start the download asynchronously: revoke later
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
