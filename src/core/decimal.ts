/**
 * Exact decimal arithmetic for sums of reported quantities: a value is an integer scaled by 10^scale,
 * so 0.1 + 0.2 is 0.3 and a city's total equals the counties' figures to the last digit.
 */
export interface Dec {
  int: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12", "-3.50", "0.1" → Dec; undefined for anything else (no exponents, no separators) */
export function parseDec(text: string): Dec | undefined {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? "";
  const int = BigInt(m[2] + frac) * (m[1] ? -1n : 1n);
  return normalize({ int, scale: frac.length });
}

/**
 * A short decimal text ("12", "3.25", "-0.5": at most 15 digits, so they fit a JS number exactly) as its
 * digits, sign and number of decimals; undefined for anything else ("12.", "-", "1e3", longer texts).
 * For the roll-up's sum in 10^-4 units (consolidate.ts).
 */
export function scanShortDecimal(text: string): { digits: number; decimals: number; negative: boolean } | undefined {
  const n = text.length;
  if (n === 0 || n > 17) return undefined;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const negative = i === 1;
  let m = 0;
  let count = 0;
  let point = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      count++;
    } else if (c === 46 /* . */ && point < 0 && count > 0) point = i;
    else return undefined;
  }
  // "12." and "-" are not decimals; parseDec's pattern wants digits after a point
  if (count === 0 || count > 15 || point === n - 1) return undefined;
  return { digits: m, decimals: point < 0 ? 0 : n - point - 1, negative };
}

function normalize(d: Dec): Dec {
  if (d.scale === 0 || d.int % 10n !== 0n) return d;
  let { int, scale } = d;
  while (scale > 0 && int % 10n === 0n) {
    int /= 10n;
    scale--;
  }
  return { int, scale };
}

function rescale(d: Dec, scale: number): bigint {
  return d.int * 10n ** BigInt(scale - d.scale);
}

export const ZERO: Dec = { int: 0n, scale: 0 };

export function addDec(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return normalize({ int: rescale(a, scale) + rescale(b, scale), scale });
}

export function subDec(a: Dec, b: Dec): Dec {
  return addDec(a, { int: -b.int, scale: b.scale });
}

export function compareDec(a: Dec, b: Dec): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sumDec(values: Iterable<Dec>): Dec {
  let s = ZERO;
  for (const v of values) s = addDec(s, v);
  return s;
}

/** canonical text: no trailing zeros, no exponent: "12", "3.5", "-0.25" */
export function formatDec(d: Dec): string {
  const n = normalize(d);
  const neg = n.int < 0n;
  let digits = (neg ? -n.int : n.int).toString();
  if (n.scale === 0) return (neg ? "-" : "") + digits;
  digits = digits.padStart(n.scale + 1, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -n.scale)}.${digits.slice(-n.scale)}`;
}

/** number of digits after the decimal point, trailing zeros ignored */
export function decimalPlaces(d: Dec): number {
  return normalize(d).scale;
}

export function isWhole(d: Dec): boolean {
  return decimalPlaces(d) === 0;
}

export function isNegative(d: Dec): boolean {
  return d.int < 0n;
}

/** A JS number as a spreadsheet shows it: 15 significant digits, so 0.1+0.2 cached by Excel reads as 0.3 */
export function decFromNumber(n: number): Dec | undefined {
  if (!Number.isFinite(n)) return undefined;
  const p = Number(n.toPrecision(15));
  let text = String(p);
  if (/e/i.test(text)) text = Math.abs(p) >= 1 ? BigInt(Math.round(p)).toString() : p.toFixed(20).replace(/0+$/, "");
  return parseDec(text);
}

/** for writing a value into a cell: exact for everything the templates allow (≤ 15 significant digits) */
export function decToNumber(d: Dec): number {
  return Number(formatDec(d));
}
