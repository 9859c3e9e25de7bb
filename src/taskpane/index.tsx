/**
 * Task pane entry (placeholder shell): waits for Office.js (or gives up quickly outside Office) and
 * renders the app inside Fluent UI's provider. The real app replaces <App />.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, Title1, webLightTheme } from "@fluentui/react-components";
import { whenOfficeReady } from "./officeReady";

function App({ host }: { host: string | null }) {
  return (
    <FluentProvider theme={webLightTheme} lang="zh-CN">
      <main style={{ padding: 16 }} data-office-host={host ?? "none"}>
        <Title1 as="h1">专项行动统计表助手</Title1>
      </main>
    </FluentProvider>
  );
}

async function main() {
  if ((window as { __campaignStatsUnsupported?: boolean }).__campaignStatsUnsupported) return;
  const host = await whenOfficeReady();
  const container = document.getElementById("root");
  if (!container) return;
  createRoot(container).render(
    <StrictMode>
      <App host={host} />
    </StrictMode>,
  );
}

void main();
