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
  expect([0.1 + 0.2, 1e21, 1.5e-7, 44885].map((n) => formatDec(decFromNumber(n)!))).toEqual(["0.3", "1000000000000000000000", "0.00000015", "44885"]);
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

test("readQuantity: unambiguous text becomes a number, everything else is not a number", () => {
  const read = (v: string) => {
    const q = readQuantity(v, "件");
    return q.kind === "number" ? formatDec(q.value) : q.kind;
  };
  expect([" 12 ", "１２", "1,234", "12件", "+3", ".5", "1，234"].map(read)).toEqual(["12", "12", "1234", "12", "3", "0.5", "1234"]);
  expect(["若干", "约10", "10-12", "1,23", "12条", "", "   "].map(read)).toEqual(["not-a-number", "not-a-number", "not-a-number", "not-a-number", "not-a-number", "blank", "blank"]);
});
