/**
 * SheetJS for Node (the command line and its worker threads): required synchronously on the first
 * legacy-format file, so a batch of .xlsx files never loads it. Node only: never bundle this file.
 */
import { legacyReader, type LegacyReader, type SheetJs } from "./legacy-read";

let reader: LegacyReader | undefined;

export const nodeLegacyReader: LegacyReader = (bytes, limits) => {
  reader ??= legacyReader(require("@e965/xlsx") as SheetJs);
  return reader(bytes, limits);
};
