/**
 * 章贡区市场监督管理局 → 章贡区: the place a unit stands for, for chart labels where the full name
 * does not fit. A name without a known office suffix is kept whole.
 */
const OFFICE = /(市场监督管理局|市场监管局|市场监督管理分局|市场监管分局|市监局|市场和质量监督管理局)$/;

export function placeName(unit: string): string {
  const name = unit.trim();
  const short = name.replace(OFFICE, "");
  return short || name;
}
