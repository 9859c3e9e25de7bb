/**
 * The consolidation step shared by both front ends: read the picked files (plus, in Excel, the city's
 * own sheet), then add up with the core.
 */
import { consolidate } from "../core/consolidate";
import { fileTimeText } from "../core/dates";
import type { ReceivedInput } from "../core/consolidate";
import type { ConsolidateOutcome, ConsolidateRequest } from "./actions";
import { analyzeFiles } from "./file-reading";
import { beyondTheSum } from "./previous-reports";

export async function consolidateRequest(req: ConsolidateRequest, own: ReceivedInput[] = []): Promise<ConsolidateOutcome> {
  const files = await analyzeFiles(req.files, {
    templates: req.templates,
    wanted: req.template,
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
  });
  // the file's time tells duplicate copies apart (which one was saved last)
  const inputs = [
    ...own,
    ...files.map((f, i) => (req.files[i]?.lastModified ? { ...f.input, modified: fileTimeText(req.files[i].lastModified) } : f.input)),
  ];
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
