/**
 * Task pane entry: waits for Office.js (or gives up quickly outside Office), loads the actions for the
 * host — Excel (src/excel via excel-actions) or the standalone web page (files via file-actions) — and
 * the templates, each in its own lazily loaded chunk, then renders the app. The initial chunk holds
 * React, Fluent UI and the components only.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import type { PaneActions } from "./actions";
import { loadExcelActions, loadFileActions, loadTemplates } from "./lazy";
import { whenOfficeReady } from "./officeReady";

function showFailure(container: HTMLElement, error: unknown) {
  console.error(error);
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.style.margin = "16px";
  p.style.fontFamily = "'Microsoft YaHei', 'PingFang SC', sans-serif";
  p.textContent = "统计表助手未能加载，请检查网络连接后重新打开。如仍无法使用，请联系技术支持。";
  container.replaceChildren(p);
}

async function main() {
  if ((window as { __campaignStatsUnsupported?: boolean }).__campaignStatsUnsupported) return;
  const container = document.getElementById("root");
  if (!container) return;
  try {
    const host = await whenOfficeReady();
    const [actions, { BUILTIN_TEMPLATES }] = await Promise.all([
      host === "Excel" ? loadExcelActions().then((m): PaneActions => m.createExcelActions()) : loadFileActions().then((m): PaneActions => m.createFileActions()),
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
