/**
 * Waits for Office.js, but never forever: resolves with the host (e.g. "Excel") inside Office, or with
 * null when office.js is absent (it failed to load), when the page runs in a plain browser (onReady then
 * reports host null), or when onReady has not answered within `timeoutMs`.
 */
export type OfficeHostName = string | null;

export function whenOfficeReady(timeoutMs = 5000): Promise<OfficeHostName> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (host: OfficeHostName) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(host);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const office = (globalThis as { Office?: typeof Office }).Office;
    if (!office || typeof office.onReady !== "function") {
      finish(null);
      return;
    }
    try {
      office.onReady().then(
        (info) => finish(info && info.host ? String(info.host) : null),
        () => finish(null),
      );
    } catch {
      finish(null);
    }
  });
}
