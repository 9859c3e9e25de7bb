/**
 * Keeping every Office.js request under a size budget. Excel on the web refuses a request over 5 MB
 * (RequestPayloadSizeLimitExceeded) and a roll-up of thousands of units with long remarks is larger than
 * that, so a large write is queued as steps, each with an estimate of its serialised size, and the steps
 * are packed into batches under the budget (a sync between two batches). Small writes stay one batch.
 *
 * The estimate is the arguments' JSON in UTF-8 (what the client sends for values and number formats)
 * plus a fixed allowance per command for its action and object path; test/excel/real-client.test.ts checks
 * it against the requests Microsoft's client really serialises.
 */

/** the largest request the add-in sends, as the client serialises it: well under the web's 5 MB */
export const REQUEST_BUDGET = 4 * 1024 * 1024;
/** what the estimates pack to: the estimate may be short by the commands' JSON overhead */
export const PACKING_BUDGET = 3 * 1024 * 1024;
/** bytes of one command in a request beside its arguments: the action and its object paths */
export const COMMAND_BYTES = 400;

const encoder = new TextEncoder();

/** UTF-8 bytes of `value` as JSON */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** a piece of a write: queues its commands when run; `bytes` estimates their serialised size */
export interface Step {
  bytes: number;
  queue: () => void;
}

export const step = (commands: number, queue: () => void, args: unknown = null): Step => ({
  bytes: commands * COMMAND_BYTES + (args === null ? 0 : jsonBytes(args)),
  queue,
});

/** Steps packed in order into batches of at most `budget` estimated bytes (a step larger than the budget is a batch alone). */
export function packSteps(steps: readonly Step[], budget = PACKING_BUDGET): Step[][] {
  const batches: Step[][] = [];
  let current: Step[] = [];
  let size = 0;
  for (const s of steps) {
    if (current.length > 0 && size + s.bytes > budget) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(s);
    size += s.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Row ranges [from, to) of a table such that each slice's cells (values and number formats together)
 * take at most `budget` bytes as JSON; a single row larger than the budget is a slice alone.
 */
export function rowSlices(rowBytes: readonly number[], budget: number): [number, number][] {
  const slices: [number, number][] = [];
  let from = 0;
  let size = 0;
  rowBytes.forEach((b, i) => {
    if (i > from && size + b > budget) {
      slices.push([from, i]);
      from = i;
      size = 0;
    }
    size += b;
  });
  if (rowBytes.length > 0) slices.push([from, rowBytes.length]);
  return slices;
}
