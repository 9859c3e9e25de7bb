/**
 * Requirement-set gating. Every function of src/excel takes an optional `isSetSupported` (tests inject
 * one; the default asks Office) and degrades when an API is missing: Office 2016/2019 volume editions
 * stop at ExcelApi 1.7 or earlier, Office 2021 at 1.14.
 */

export type IsSetSupported = (name: string, version: string) => boolean;

export interface ExcelOptions {
  isSetSupported?: IsSetSupported;
}

/** Office.context.requirements.isSetSupported; false when Office is not there. */
export function officeIsSetSupported(name: string, version: string): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported(n: string, v?: string): boolean } } } }).Office;
  try {
    return !!office?.context?.requirements?.isSetSupported(name, version);
  } catch {
    return false;
  }
}

/** What this Excel can do, by ExcelApi requirement set. */
export interface Capabilities {
  /** sheet-scoped defined names: Worksheet.names (ExcelApi 1.4) */
  names: boolean;
  /** cell protection (format.protection.locked) and Worksheet.protection.protect/unprotect (ExcelApi 1.2) */
  protection: boolean;
  /** RangeFormat.autofitRows, for the wrapped messages of the status sheet (ExcelApi 1.2) */
  autofit: boolean;
  /** conditional formats, used for reversible marks (ExcelApi 1.6) */
  conditionalFormats: boolean;
  /** freeze panes on the detail and status sheets (ExcelApi 1.7) */
  freezePanes: boolean;
  /** ChartSeries.setXAxisValues for the unit names under the chart (ExcelApi 1.7) */
  chartCategories: boolean;
  /** ChartAxis.position, to keep a top-down bar chart's value axis at the bottom (ExcelApi 1.8) */
  chartAxisPosition: boolean;
  /** data validation (ExcelApi 1.8) */
  dataValidation: boolean;
  /** Range.getMergedAreasOrNullObject (ExcelApi 1.13) */
  mergedAreas: boolean;
  /** charts (ExcelApi 1.1) */
  charts: boolean;
}

export function capabilities(isSetSupported: IsSetSupported = officeIsSetSupported): Capabilities {
  const api = (version: string) => {
    try {
      return !!isSetSupported("ExcelApi", version);
    } catch {
      return false;
    }
  };
  return {
    names: api("1.4"),
    protection: api("1.2"),
    autofit: api("1.2"),
    conditionalFormats: api("1.6"),
    freezePanes: api("1.7"),
    chartCategories: api("1.7"),
    chartAxisPosition: api("1.8"),
    dataValidation: api("1.8"),
    mergedAreas: api("1.13"),
    charts: api("1.1"),
  };
}
