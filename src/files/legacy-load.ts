/**
 * SheetJS for the browser, as a chunk of its own fetched only when a legacy-format file (.xls, .et, .ods,
 * .xlsb) is among the received files: the pane's initial and .xlsx reading chunks stay without it.
 */
import { legacyReader, type LegacyReader } from "./legacy-read";

export { mayNeedLegacyReader } from "./legacy-read";

let loading: Promise<LegacyReader> | undefined;

export function loadLegacyReader(): Promise<LegacyReader> {
  loading ??= Promise.all([
    import(/* webpackChunkName: "legacy-sheets" */ "@e965/xlsx"),
    // code pages: a BIFF5 .xls from a Chinese Excel or WPS stores its text in GBK (code page 936)
    import(/* webpackChunkName: "legacy-sheets" */ "@e965/xlsx/dist/cpexcel.full"),
  ]).then(([sheetJs, codepages]) => {
    sheetJs.set_cptable(codepages);
    return legacyReader(sheetJs);
  });
  loading.catch(() => (loading = undefined)); // a failed chunk load may succeed on the next file
  return loading;
}

/** file names whose reading may need SheetJS (the content decides; the name only says when to load it early) */
export const LEGACY_EXTENSIONS = /\.(xls|et|ods|xlsb)$/i;
