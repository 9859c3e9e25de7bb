/**
 * Task pane entry: inside Office, loads office.js and waits for Excel (officeReady.ts); outside Office it
 * goes straight to the standalone page without office.js. Then loads the actions for the
 * host — Excel (src/excel via excel-actions) or the standalone web page (files via file-actions) — and
 * the templates, each in its own lazily loaded chunk, then renders the app. The initial chunk holds
 * React, Fluent UI and the components only.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import type { PaneActions } from "./actions";
import { loadTemplates } from "./lazy";
import { loadOfficeJs, officeHostInfo, whenOfficeReady } from "./officeReady";

function showFailure(container: HTMLElement, error: unknown) {
  console.error(error);
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.style.margin = "16px";
  p.style.fontFamily = "'Microsoft YaHei', 'PingFang SC', sans-serif";
  p.textContent = "统计表助手未能加载，请检查网络连接后重新打开。如仍无法使用，请联系技术支持。";
  container.replaceChildren(p);
}

/** the start-up message of taskpane.html, while Excel starts */
function setLoadingText(text: string) {
  const p = document.getElementById("loading-message");
  if (p) p.textContent = text;
}

/** Inside Office: load office.js and wait for Excel, as long as it takes, saying so. */
async function startOffice() {
  setLoadingText("正在等待 Excel 启动……");
  await loadOfficeJs(document);
  return whenOfficeReady({ onSlow: () => setLoadingText("Excel 启动较慢，仍在等待……如长时间没有反应，请关闭任务窗格后重新打开。") });
}

// the two hosts' actions, each a chunk; here rather than in lazy.ts, because they import lazy.ts
// (".js": see lazy.ts)
const loadExcelActions = () => import(/* webpackChunkName: "excel" */ "./excel-actions.js");
const loadFileActions = () => import(/* webpackChunkName: "standalone" */ "./file-actions.js");

async function main() {
  if ((window as { __campaignStatsUnsupported?: boolean }).__campaignStatsUnsupported) return;
  const container = document.getElementById("root");
  if (!container) return;
  try {
    const host = officeHostInfo(window) === null ? null : await startOffice();
    const [actions, { BUILTIN_TEMPLATES }] = await Promise.all([
      host === "Excel"
        ? loadExcelActions().then((m): PaneActions => m.createExcelActions())
        : loadFileActions().then((m): PaneActions => m.createFileActions()),
      loadTemplates(),
    ]);
    createRoot(container).render(
      <StrictMode>
        <App actions={actions} templates={BUILTIN_TEMPLATES} />
      </StrictMode>,
    );
  } catch (error) {
    showFailure(container, error);
  }
}

void main();
