/**
 * The reading path's hand-written fast paths give exactly what the plain definitions give: NFKC folding,
 * label keys, decimal parsing. Property tests over text built from the characters that matter.
 */
import fc from "fast-check";
import { cellLabelKey, fold, labelKey } from "../../src/core/normalize";
import { decFromNumber, parseDec, type Dec } from "../../src/core/decimal";

// the plain definitions the fast paths replace
const refFold = (t: string) => t.normalize("NFKC");
const refLabelKey = (t: string) =>
  refFold(t)
    .replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, "")
    .replace(/["'“”‘’「」『』〝〞]/g, "")
    .replace(/[—–－]/g, "-")
    .toLowerCase();
const refCellLabelKey = (t: string) =>
  refLabelKey(t)
    .replace(/[:]$/, "")
    .replace(/^(?:\(?[0-9]{1,3}[).、．.]|\(?[一二三四五六七八九十]{1,3}[)、．.]|\([0-9一二三四五六七八九十]{1,3}\))/, "")
    .replace(/^其中[:：]?/, "");
const refParseDec = (text: string): Dec | undefined => {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? "";
  let int = BigInt(m[2] + frac) * (m[1] ? -1n : 1n);
  let scale = frac.length;
  while (scale > 0 && int % 10n === 0n) {
    int /= 10n;
    scale--;
  }
  return { int, scale };
};
const refDecFromNumber = (n: number): Dec | undefined => {
  if (!Number.isFinite(n)) return undefined;
  const p = Number(n.toPrecision(15));
  let text = String(p);
  if (/e/i.test(text)) text = Math.abs(p) >= 1 ? BigInt(Math.round(p)).toString() : p.toFixed(20).replace(/0+$/, "");
  return refParseDec(text);
};

/** characters labels are made of, and the ones that trip folding up */
const PIECES = [
  ..."查处网络违法案件其中一二三四五六七八九十件条万元（）()：:，,、．.  \t\n0123456789AZaz-—–－\"'“”‘’「」『』〝〞",
  "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2028", "\u1680", "\u205f", "\u00b5", "\u00c0", "\u03a3", "\u0130",
  "Ａ", "ｚ", "１", "～", "｟", "…", "㈱", "①", "ｶ", "\u0301", "\u3099", "가", "\u1161", "\ud83d\ude00", "\ud800", "Å", "ﬁ", "²", "™",
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((a) => a.join(""));

test("fold, labelKey and cellLabelKey equal their plain definitions", () => {
  fc.assert(
    fc.property(fc.oneof(text, fc.string(), fc.string({ unit: "binary" })), (t) => {
      expect(fold(t)).toBe(refFold(t));
      expect(labelKey(t)).toBe(refLabelKey(t));
      expect(cellLabelKey(t)).toBe(refCellLabelKey(t));
    }),
    { numRuns: 20000 },
  );
});

test("every character alone folds and keys as its plain definition says", () => {
  for (let c = 0; c <= 0xffff; c++) {
    const t = `a${String.fromCharCode(c)}中`;
    if (fold(t) !== refFold(t) || labelKey(t) !== refLabelKey(t)) throw new Error(`U+${c.toString(16)}`);
  }
});

test("parseDec and decFromNumber equal their plain definitions", () => {
  const same = (a: Dec | undefined, b: Dec | undefined) => expect(a && { ...a }).toEqual(b && { ...b });
  const decText = fc.array(fc.constantFrom(..."0123456789.-+ e"), { maxLength: 20 }).map((a) => a.join(""));
  fc.assert(fc.property(decText, (t) => same(parseDec(t), refParseDec(t))), { numRuns: 20000 });
  const nums = fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger(), fc.integer({ min: 0, max: 10 ** 6 }).chain((i) => fc.nat(6).map((k) => i / 10 ** k)));
  fc.assert(fc.property(nums, (n) => same(decFromNumber(n), refDecFromNumber(n))), { numRuns: 20000 });
  for (const n of [0, -0, 1e15, -1e15, 1e15 - 1, 2 ** 53, 1e21, 0.1 + 0.2, 1.5e-7, 44885]) same(decFromNumber(n), refDecFromNumber(n));
});
