/**
 * Web Worker: reads and validates received workbooks off the main thread, so the pane stays responsive
 * while 20 files are read. One request, one reply; only the ReceivedInput (values, remarks, findings)
 * goes back, never the grids. Spawned by spawn-read-worker.js.
 */
import { loadLegacyReader, mayNeedLegacyReader } from "../files/legacy-load";
import { analyzeWorkbookBytes } from "../files/workbook";
import type { WorkerReply, WorkerRequest } from "./file-reading";

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = async (e) => {
  const { id, name, bytes, templates, wantedIndex } = e.data;
  try {
    // .xls / .ods / .xlsb: SheetJS is fetched (once) only when such a file comes
    const legacyReader = mayNeedLegacyReader(bytes) ? await loadLegacyReader().catch(() => undefined) : undefined;
    const analysis = analyzeWorkbookBytes(
      name,
      bytes,
      templates,
      wantedIndex >= 0 ? templates[wantedIndex] : undefined,
      legacyReader ? { legacyReader } : {},
    );
    scope.postMessage({
      id,
      result: {
        source: name,
        input: analysis.input,
        ...(analysis.match ? { sheet: analysis.match.grid.sheetName, templateId: analysis.match.template.id } : {}),
      },
    });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
