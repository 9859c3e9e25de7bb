/** Place names of the units: 章贡区 for 章贡区市场监督管理局, used where full names would not fit. */

const AGENCY_SUFFIX = /(市场监督管理局|市场监管局|市场监督管理分局|市场监管分局|市监局|市场和质量监督管理局)$/;

/** the unit's name without the agency's title (the whole name when nothing is left) */
export function placeName(unit: string): string {
  return unit.trim().replace(AGENCY_SUFFIX, "") || unit.trim();
}

/**
 * Column headers for 汇总明细: the place name, so headers do not wrap mid-word and print legibly; full
 * names stay in 报送情况. A name is kept whole when shortening would make two alike.
 */
export function shortUnitNames(units: readonly string[]): string[] {
  const short = units.map(placeName);
  const count = new Map<string, number>();
  for (const s of short) count.set(s, (count.get(s) ?? 0) + 1);
  return short.map((s, i) => ((count.get(s) ?? 0) > 1 ? units[i] : s));
}
