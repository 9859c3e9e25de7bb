/**
 * The consolidation step shared by both front ends: read the picked files (plus, in Excel, the city's
 * own sheet), then add up with the core.
 */
import { consolidate } from "../core/consolidate";
import type { ReceivedInput } from "../core/consolidate";
import type { ConsolidateOutcome, ConsolidateRequest } from "./actions";
import { analyzeFiles } from "./file-reading";
import { beyondTheSum } from "./previous-reports";

/** "2026-11-20 09:30": when the file was last saved, as the clerk's computer shows it */
export function fileTimeText(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export async function consolidateRequest(req: ConsolidateRequest, own: ReceivedInput[] = []): Promise<ConsolidateOutcome> {
  const files = await analyzeFiles(req.files, {
    templates: req.templates,
    wanted: req.template,
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
  });
  // the file's time tells duplicate copies apart (which one was saved last)
  const inputs = [...own, ...files.map((f, i) => (req.files[i]?.lastModified ? { ...f.input, modified: fileTimeText(req.files[i].lastModified) } : f.input))];
  const consolidation = consolidate({
    template: req.template,
    inputs,
    unit: req.unit,
    date: req.date,
    ...(req.stage ? { stage: req.stage } : {}),
    roster: req.roster,
    ...(req.keep?.length ? { keep: req.keep } : {}),
  });
  const after = await beyondTheSum(req.template, req.templates, consolidation, req.previousFiles);
  return { consolidation: after.consolidation, inputs, beyond: after.beyond };
}
