/**
 * Seeded byte-level and XML-level mutations of valid workbooks. Every mutant can be rebuilt from
 * (seed, index): `mutants(bases, seed, n)` is deterministic.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { Prng } from "./prng";

export interface Mutant {
  index: number;
  base: string;
  /** what was done, for reproducing a failure by hand */
  how: string;
  bytes: Uint8Array;
}

export const DEFAULT_SEED = 20221120;

/** the seed for this run: HOSTILE_FUZZ_SEED=… reproduces another run */
export function fuzzSeed(): number {
  const env = process.env.HOSTILE_FUZZ_SEED;
  const n = env === undefined ? NaN : Number(env);
  return Number.isInteger(n) ? n : DEFAULT_SEED;
}

const TOKENS = [
  "<",
  ">",
  "&",
  "&amp;",
  "&#0;",
  "&#x110000;",
  "&bogus;",
  "]]>",
  "<![CDATA[",
  "<!DOCTYPE x [<!ENTITY a 'b'>]>",
  "<!--",
  "<?pi",
  "\u0000",
  "\uffff",
  '<c r="XFD1048576"><v>1</v></c>',
  '<c r="A0"><v>1</v></c>',
  '<c r="ZZZZ1"><v>1</v></c>',
  '<row r="0">',
  '<row r="99999999">',
  "</sheetData>",
  "<sheetData>",
  '<c r="C5" t="s"><v>99999999</v></c>',
  '<c r="C5" t="e"><v>#REF!</v></c>',
  '<c r="C5" t="d"><v>2022-13-45T99:99</v></c>',
  '<c r="C5" t="inlineStr"><is><t>若干</t></is></c>',
  '<mergeCell ref="A1:XFD1048576"/>',
  '<mergeCell ref="B2:A1"/>',
  '<definedName name="cs_unit">统计表!$ZZZ$0</definedName>',
  '<sheet name="x" sheetId="9" r:id="rId999"/>',
  'Target="../../../../etc/passwd"',
  'Target="/xl/worksheets/sheet1.xml#frag"',
  "1e308",
  "-0",
  "NaN",
  "Infinity",
  "9".repeat(400),
  "_x0000_",
  "_xD800_",
  "x".repeat(5000),
];

function mutateText(rng: Prng, text: string): { text: string; how: string } {
  const n = text.length;
  const at = rng.int(n + 1);
  switch (rng.int(6)) {
    case 0: {
      const len = rng.range(1, 200);
      return { text: text.slice(0, at) + text.slice(at + len), how: `delete ${len} chars at ${at}` };
    }
    case 1: {
      const len = rng.range(1, 2000);
      const from = rng.int(n + 1);
      return {
        text: text.slice(0, at) + text.slice(from, from + len) + text.slice(at),
        how: `duplicate ${len} chars from ${from} to ${at}`,
      };
    }
    case 2: {
      const tok = rng.pick(TOKENS);
      return { text: text.slice(0, at) + tok + text.slice(at), how: `insert ${JSON.stringify(tok.slice(0, 40))} at ${at}` };
    }
    case 3: {
      // change numbers: values, indexes, row and column numbers
      let k = 0;
      const out = text.replace(/\d+/g, (d) =>
        rng.int(20) === 0 && ++k ? String(rng.pick([0, 1, -1, 65536, 1048577, 2147483648, Number(d) * 10, 99999999999])) : d,
      );
      return { text: out, how: `renumber ${k} numbers` };
    }
    case 4: {
      // swap the names of two tags
      const tags = [...new Set([...text.matchAll(/<([a-zA-Z:]+)[\s>/]/g)].map((m) => m[1]))];
      if (tags.length < 2) return { text: text + "<", how: "append <" };
      const a = rng.pick(tags);
      const b = rng.pick(tags);
      let k = 0;
      const out = text.replace(new RegExp(`<(/?)${a.replace(/:/g, "\\:")}([\\s>/])`, "g"), (m, slash, end) =>
        rng.int(4) === 0 && ++k ? `<${slash}${b}${end}` : m,
      );
      return { text: out, how: `rename ${k} <${a}> to <${b}>` };
    }
    default: {
      const len = rng.range(1, 50);
      return {
        text:
          text.slice(0, at) +
          text
            .slice(at + len)
            .split("")
            .reverse()
            .join("")
            .slice(0, len) +
          text.slice(at + 2 * len),
        how: `scramble ${len} chars at ${at}`,
      };
    }
  }
}

/** the byte range of an entry's compressed data in a zip, by its local header */
function dataRange(zip: Uint8Array, name: string): [number, number] | undefined {
  const want = strToU8(name);
  for (let o = 0; o + 30 < zip.length; o++) {
    if (zip[o] !== 0x50 || zip[o + 1] !== 0x4b || zip[o + 2] !== 3 || zip[o + 3] !== 4) continue;
    const nameLen = zip[o + 26] | (zip[o + 27] << 8);
    const extraLen = zip[o + 28] | (zip[o + 29] << 8);
    const size = (zip[o + 18] | (zip[o + 19] << 8) | (zip[o + 20] << 16) | (zip[o + 21] << 24)) >>> 0;
    if (nameLen !== want.length || !want.every((b, i) => zip[o + 30 + i] === b)) continue;
    const start = o + 30 + nameLen + extraLen;
    return [start, start + size];
  }
  return undefined;
}

function rezip(files: Record<string, Uint8Array>): Uint8Array {
  const z: Zippable = {};
  for (const [k, v] of Object.entries(files)) z[k] = [v, { level: 6 }];
  return zipSync(z);
}

const HEADER_SIGS = [
  [0x50, 0x4b, 3, 4],
  [0x50, 0x4b, 1, 2],
  [0x50, 0x4b, 5, 6],
];

export function mutate(rng: Prng, base: Uint8Array): { how: string; bytes: Uint8Array } {
  const n = base.length;
  const kind = rng.int(10);
  switch (kind) {
    case 0: {
      const b = base.slice();
      const k = rng.range(1, 16);
      for (let i = 0; i < k; i++) b[rng.int(n)] ^= 1 << rng.int(8);
      return { how: `flip ${k} bits`, bytes: b };
    }
    case 1: {
      const at = rng.int(n);
      return { how: `truncate at ${at}/${n}`, bytes: base.slice(0, at) };
    }
    case 2: {
      const at = rng.int(n);
      const ins = rng.bytes(rng.range(1, 64));
      const b = new Uint8Array(n + ins.length);
      b.set(base.subarray(0, at));
      b.set(ins, at);
      b.set(base.subarray(at), at + ins.length);
      return { how: `insert ${ins.length} bytes at ${at}`, bytes: b };
    }
    case 3: {
      const at = rng.int(n);
      const len = rng.range(1, 256);
      const b = new Uint8Array([...base.subarray(0, at), ...base.subarray(Math.min(n, at + len))]);
      return { how: `delete ${len} bytes at ${at}`, bytes: b };
    }
    case 4: {
      const b = base.slice();
      const at = rng.int(n);
      const len = rng.range(1, 1024);
      b.fill(0, at, at + len);
      return { how: `zero ${len} bytes at ${at}`, bytes: b };
    }
    case 5: {
      // a header field of a local header, central header or end record set to an extreme value
      const b = base.slice();
      const sig = rng.pick(HEADER_SIGS);
      const offsets: number[] = [];
      for (let o = 0; o + 4 <= n; o++)
        if (b[o] === sig[0] && b[o + 1] === sig[1] && b[o + 2] === sig[2] && b[o + 3] === sig[3]) offsets.push(o);
      if (offsets.length === 0) return { how: "no header", bytes: b };
      const o = rng.pick(offsets) + 4 + 2 * rng.int(12);
      const v = rng.pick([0, 1, 0xffff, 0x7fffffff, 0xffffffff, rng.int(0x100000000)]);
      for (let i = 0; i < 4 && o + i < n; i++) b[o + i] = (v >>> (8 * i)) & 0xff;
      return { how: `header field at ${o} := ${v}`, bytes: b };
    }
    default: {
      // XML-level: a part's text mutated and recompressed; sometimes the deflated bytes flipped too
      let files: Record<string, Uint8Array>;
      try {
        files = unzipSync(base);
      } catch {
        return { how: "unzip failed", bytes: base };
      }
      const names = Object.keys(files).filter((k) => /\.(xml|rels)$/.test(k));
      const weights = names.flatMap((k) => (/worksheets\/|sharedStrings|workbook\.xml$/.test(k) ? [k, k, k, k] : [k]));
      const part = rng.pick(weights);
      const m = mutateText(rng, strFromU8(files[part]));
      files[part] = strToU8(m.text);
      let bytes = rezip(files);
      let how = `${part}: ${m.how}`;
      if (kind === 9) {
        const range = dataRange(bytes, part);
        if (range && range[1] > range[0]) {
          bytes = bytes.slice();
          const k = rng.range(1, 4);
          for (let i = 0; i < k; i++) bytes[range[0] + rng.int(range[1] - range[0])] ^= 1 << rng.int(8);
          how += `, then ${k} bits flipped in its deflated data`;
        }
      }
      return { how, bytes };
    }
  }
}

export function mutants(bases: Record<string, Uint8Array>, seed: number, count: number): Mutant[] {
  const rng = new Prng(seed);
  const names = Object.keys(bases);
  const out: Mutant[] = [];
  for (let i = 0; i < count; i++) {
    const base = names[i % names.length];
    const m = mutate(rng, bases[base]);
    out.push({ index: i, base, how: m.how, bytes: m.bytes });
  }
  return out;
}
