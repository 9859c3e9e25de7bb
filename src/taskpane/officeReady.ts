/**
 * Start-up inside Office, and only there. Office hands the page its host in one of the places office.js
 * itself looks (OSF._OfficeAppFactory._retrieveHostInfo): window.external.GetHostInfo() in the Windows
 * webviews, the _host_Info query parameter on the web and on the Mac, window.name or sessionStorage after
 * the pane navigated. Outside Office none is there: the standalone page never loads office.js (which
 * would log errors and try Microsoft's telemetry). Inside Office the pane waits for Office.onReady as long
 * as it takes: a slow Excel must not be shown the standalone page for good.
 */
export type OfficeHostName = string | null;

type HostWindow = Pick<Window, "location" | "name"> & {
  external?: unknown;
  sessionStorage?: Storage;
  agaveHost?: { GetHostInfo?: () => string };
};

/** Office's host info ("Excel$Web$16.00$zh-CN…"), or null when the page is not in an Office host. */
export function officeHostInfo(win: HostWindow): string | null {
  try {
    const external = win.external as { GetHostInfo?: () => unknown } | undefined;
    const fromHost = win.agaveHost?.GetHostInfo?.() ?? (typeof external?.GetHostInfo === "function" ? external.GetHostInfo() : undefined);
    if (typeof fromHost === "string" && fromHost) return fromHost;
  } catch {
    // not an Office webview
  }
  const fromQuery = new URLSearchParams(win.location.search).get("_host_Info");
  if (fromQuery) return fromQuery;
  try {
    const fromName = (JSON.parse(win.name) as { hostInfo?: unknown } | null)?.hostInfo;
    if (typeof fromName === "string" && fromName) return fromName;
  } catch {
    // window.name is not office.js's JSON
  }
  try {
    const stored = win.sessionStorage?.getItem("hostInfoValue");
    if (stored) return stored;
  } catch {
    // storage refused (privacy settings)
  }
  return null;
}

/** Adds office.js (served from our own origin) to the page; resolves once it ran, rejects when it cannot load. */
export function loadOfficeJs(doc: Document, src = "office-js/office.js"): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`office.js could not be loaded from ${src}`));
    doc.head.appendChild(script);
  });
}

/**
 * Waits for Office.onReady, however long Excel takes to start, and resolves with the host ("Excel").
 * `onSlow` is called once after `slowMs`, for the pane to say it is still waiting. Rejects only when
 * office.js is not there or onReady fails.
 */
export function whenOfficeReady(options: { onSlow?: () => void; slowMs?: number } = {}): Promise<OfficeHostName> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== "function") return Promise.reject(new Error("office.js is not loaded"));
  const timer = options.onSlow ? setTimeout(options.onSlow, options.slowMs ?? 10_000) : undefined;
  return Promise.resolve()
    .then(() => office.onReady())
    .then((info) => (info && info.host ? String(info.host) : null))
    .finally(() => clearTimeout(timer));
}
