/**
 * Label keys: what people vary when they type a label (full-width forms, spaces, quotes, dashes, case,
 * enumerators) does not change the key. The expected keys are written by hand, and the properties compare
 * two spellings of one label, never the code with a copy of itself.
 */
import fc from "fast-check";
import { cellLabelKey, cleanText, fold, labelKey, unitKey } from "../../src/core/normalize";

test("hand-written labels key as a person reading them would compare them", () => {
  expect(labelKey("查处网络违法案件（件）")).toBe("查处网络违法案件(件)");
  expect(labelKey(" 查处　网络\n违法案件 ( 件 ) ")).toBe("查处网络违法案件(件)");
  expect(labelKey("“清网”行动——ＡＢＣ")).toBe("清网行动--abc");
  expect(labelKey("「网剑」‘行动’–１２")).toBe("网剑行动-12");
  expect(labelKey("a\u200b\ufeff\u00a0b")).toBe("ab");
  expect(cellLabelKey("1、查处网络违法案件：")).toBe("查处网络违法案件");
  expect(cellLabelKey("（一）监测网店")).toBe("监测网店");
  expect(cellLabelKey("(12)监测网店")).toBe("监测网店");
  expect(cellLabelKey("十、其中：罚没款（万元）")).toBe("罚没款(万元)");
  expect(cellLabelKey("其中罚没款")).toBe("罚没款");
  expect(cellLabelKey("1234、不是序号")).toBe("1234、不是序号");
  expect(fold("１２３，（ＡＢ）")).toBe("123,(AB)");
  expect(cleanText("  赣州市\u200b   章贡区　市场监管局 ")).toBe("赣州市 章贡区 市场监管局");
  expect(unitKey("赣州市（章贡区）市场监管局")).toBe(unitKey("赣州市章贡区 市场监管局"));
});

/** ASCII printable characters as their full-width twins, space as the ideographic space */
const fullWidth = (t: string) => t.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, "\u3000");

const label = fc
  .array(fc.constantFrom(..."查处网络违法案件其中一二三四五六七八九十万元、0123456789abcXYZ()-:,.'\""), { minLength: 1, maxLength: 20 })
  .map((a) => a.join(""));

test("a label typed in full-width forms keys as in ASCII", () => {
  fc.assert(
    fc.property(label, (t) => {
      expect(labelKey(fullWidth(t))).toBe(labelKey(t));
      expect(cellLabelKey(fullWidth(t))).toBe(cellLabelKey(t));
    }),
    { numRuns: 5000 },
  );
});

test("spaces, line breaks and quotes anywhere in a label do not change its key", () => {
  const noise = fc.constantFrom(" ", "\n", "\t", "\u3000", "\u00a0", "\u200b", "“", "”", "「", "』");
  fc.assert(
    fc.property(label, fc.array(fc.tuple(fc.nat(40), noise), { maxLength: 6 }), (t, inserts) => {
      let noisy = t;
      for (const [at, s] of inserts) noisy = noisy.slice(0, at % (noisy.length + 1)) + s + noisy.slice(at % (noisy.length + 1));
      expect(labelKey(noisy)).toBe(labelKey(t));
    }),
    { numRuns: 5000 },
  );
});

test("keying a key changes nothing", () => {
  fc.assert(
    fc.property(label, (t) => {
      expect(labelKey(labelKey(t))).toBe(labelKey(t));
      expect(labelKey(cellLabelKey(t))).toBe(cellLabelKey(t));
    }),
    { numRuns: 5000 },
  );
});
