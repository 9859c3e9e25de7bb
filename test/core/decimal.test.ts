import fc from "fast-check";
import { addDec, decFromNumber, formatDec, parseDec, subDec, sumDec } from "../../src/core/decimal";
import { readQuantity } from "../../src/core/numbers";

test("0.1 + 0.2 is 0.3", () => {
  expect(formatDec(addDec(parseDec("0.1")!, parseDec("0.2")!))).toBe("0.3");
});

test("canonical text drops trailing zeros and keeps signs", () => {
  expect(["12.500", "-0.25", "0007", "0.0"].map((s) => formatDec(parseDec(s)!))).toEqual(["12.5", "-0.25", "7", "0"]);
  expect(formatDec(subDec(parseDec("1")!, parseDec("1.0001")!))).toBe("-0.0001");
});

test("numbers from cells read as a spreadsheet shows them", () => {
  expect([0.1 + 0.2, 1e21, 1.5e-7, 44885].map((n) => formatDec(decFromNumber(n)!))).toEqual([
    "0.3",
    "1000000000000000000000",
    "0.00000015",
    "44885",
  ]);
  expect(decFromNumber(NaN)).toBeUndefined();
});

test("sums of scaled integers agree with BigInt arithmetic", () => {
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n })), (ints) => {
      const s = sumDec(ints.map((i) => ({ int: i, scale: 4 })));
      const expected = ints.reduce((a, b) => a + b, 0n);
      // read off the Dec's own fields, not through compareDec, which is code under test too
      expect(s.scale).toBeLessThanOrEqual(4);
      expect(s.int * 10n ** BigInt(4 - s.scale)).toBe(expected);
    }),
  );
});

test("parseDec agrees with digits counted by hand and BigInt", () => {
  const digits = fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(fc.boolean(), digits, fc.option(digits), (negative, whole, frac) => {
      const text = `${negative ? "-" : ""}${whole}${frac === null ? "" : `.${frac}`}`;
      const d = parseDec(text)!;
      // the same value, scaled to the text's own decimals: int × 10^(decimals − scale) is the digits as one integer
      const decimals = frac?.length ?? 0;
      const scaled = d.int * 10n ** BigInt(decimals - d.scale);
      expect(scaled).toBe((negative ? -1n : 1n) * BigInt(whole + (frac ?? "")));
      // canonical: no trailing zero after the point
      expect(d.scale === 0 || d.int % 10n !== 0n).toBe(true);
    }),
    { numRuns: 5000 },
  );
  for (const bad of ["", "-", "12.", ".5", "1e3", "+1", "1,000", " 1", "１"]) expect(parseDec(bad)).toBeUndefined();
});

test("decFromNumber reads i / 10^k as the decimal i·10^-k, and any number as its 15-digit rounding", () => {
  fc.assert(
    fc.property(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.nat(6), (i, k) => {
      const d = decFromNumber(i / 10 ** k)!;
      // the same value as i·10^-k, whatever scale d carries: cross-multiplied in BigInt
      expect(d.int * 10n ** BigInt(k)).toBe(BigInt(i) * 10n ** BigInt(d.scale));
    }),
    { numRuns: 5000 },
  );
  fc.assert(
    // within what a cell of the table holds: beyond 10^15 the digits past the 15th are binary artefacts
    fc.property(
      fc.double({ min: -1e15, max: 1e15, noNaN: true }).filter((n) => n === 0 || Math.abs(n) >= 1e-6),
      (n) => {
        const text = formatDec(decFromNumber(n)!);
        expect(Number(text)).toBe(Number(n.toPrecision(15)) + 0);
        expect(text.replace(/^-|\./g, "").replace(/^0+/, "").replace(/0+$/, "").length).toBeLessThanOrEqual(15);
      },
    ),
    { numRuns: 5000 },
  );
  expect(decFromNumber(-0)).toEqual({ int: 0n, scale: 0 });
  expect(decFromNumber(Infinity)).toBeUndefined();
});

test("readQuantity: unambiguous text becomes a number, everything else is not a number", () => {
  const read = (v: string) => {
    const q = readQuantity(v, "件");
    return q.kind === "number" ? formatDec(q.value) : q.kind;
  };
  expect([" 12 ", "１２", "1,234", "12件", "+3", ".5", "1，234"].map(read)).toEqual(["12", "12", "1234", "12", "3", "0.5", "1234"]);
  expect(["若干", "约10", "10-12", "1,23", "12条", "", "   "].map(read)).toEqual([
    "not-a-number",
    "not-a-number",
    "not-a-number",
    "not-a-number",
    "not-a-number",
    "blank",
    "blank",
  ]);
});
