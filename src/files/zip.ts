/**
 * A minimal, defensive ZIP reader for OOXML packages.
 *
 * It lists the central directory without inflating anything, so callers can refuse a part by its
 * declared size before a single byte is inflated, and it inflates only the entries asked for, with
 * the actual inflated size guarded too (a lying size field cannot blow memory or run away on CPU).
 * Pure: fflate + TextDecoder only, so it runs in Node and in the browser.
 */
import { Inflate, inflateSync } from "fflate";

export interface ZipEntry {
  /** the name as stored in the archive (backslashes turned into slashes, no leading slash) */
  name: string;
  /** 0 = stored, 8 = deflate */
  method: number;
  compressedSize: number;
  /** the uncompressed size the archive declares (may lie) */
  declaredSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

export type ZipFailure = { kind: "corrupt"; detail: string } | { kind: "too-large"; part: string; limit: number };

export class ZipError extends Error {
  constructor(readonly failure: ZipFailure) {
    super(failure.kind === "corrupt" ? failure.detail : `part ${failure.part} exceeds ${failure.limit} bytes`);
    this.name = "ZipError";
  }
}

const corrupt = (detail: string): ZipError => new ZipError({ kind: "corrupt", detail });
const tooBig = (entry: ZipEntry): ZipError =>
  corrupt(`zip entry ${entry.name} inflates to more than its declared ${entry.declaredSize} bytes`);

const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

/**
 * Compressed input up to this size is inflated in one call into a buffer of the declared size + 1
 * (worst case ~1032× expansion of 64 KiB ≈ 66 MB of discarded writes); larger entries are inflated in
 * chunks of this size with a running counter, stopping as soon as the output exceeds what was declared.
 */
const ONE_SHOT_LIMIT = 64 * 1024;

/**
 * Compressed bytes pushed per step of the chunked path. fflate grows its output buffer to hold all that
 * one push yields (doubling), so the push size bounds memory: deflate expands at most ~1032×, so 4 KiB
 * in gives at most ~4 MiB out per step, where 64 KiB could reach a 128 MiB buffer before the running
 * total is even checked.
 */
const PUSH_BYTES = 4 * 1024;

/**
 * Transient inflation of parts up to this size goes into one kept buffer, sized to the part: a buffer of
 * declared + 1 bytes, as in the allocating path, so the inflater stops at the same place.
 */
const SCRATCH_BYTES = 1024 * 1024;
let scratchBuffer: Uint8Array | undefined;

function scratch(size: number): Uint8Array {
  if (!scratchBuffer || scratchBuffer.length < size) scratchBuffer = new Uint8Array(Math.max(size, 64 * 1024));
  return scratchBuffer.subarray(0, size);
}

function u16(d: Uint8Array, o: number): number {
  return d[o] | (d[o + 1] << 8);
}
function u32(d: Uint8Array, o: number): number {
  return (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)) >>> 0;
}
function u64(d: Uint8Array, o: number): number {
  return u32(d, o) + u32(d, o + 4) * 0x100000000;
}

let utf8: TextDecoder | undefined;
function decodeName(d: Uint8Array, start: number, len: number): string {
  let ascii = true;
  for (let i = start; i < start + len; i++) {
    if (d[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // the usual short name in one call; a long one (up to 65,535 bytes) char by char, never as that many arguments
    if (len <= 256) return String.fromCharCode.apply(null, d.subarray(start, start + len) as unknown as number[]);
    let s = "";
    for (let i = start; i < start + len; i++) s += String.fromCharCode(d[i]);
    return s;
  }
  // Non-ASCII names: UTF-8 whether or not flag bit 11 is set (the parts we look up are ASCII anyway).
  utf8 ??= new TextDecoder("utf-8");
  return utf8.decode(d.subarray(start, start + len));
}

/** Normalises a part name for lookup: slashes, no leading slash, case-insensitive (OPC part names are). */
export function partKey(name: string): string {
  let n = name.replace(/\\/g, "/");
  while (n.startsWith("/")) n = n.slice(1);
  return n.toLowerCase();
}

export class ZipArchive {
  readonly entries: ZipEntry[] = [];
  private readonly byKey = new Map<string, ZipEntry>();

  private constructor(private readonly data: Uint8Array) {}

  /** Lists the central directory. Throws ZipError (corrupt) when the archive is truncated or malformed. */
  static open(data: Uint8Array): ZipArchive {
    const zip = new ZipArchive(data);
    zip.readDirectory();
    return zip;
  }

  get(name: string): ZipEntry | undefined {
    return this.byKey.get(partKey(name));
  }

  has(name: string): boolean {
    return this.byKey.has(partKey(name));
  }

  private readDirectory(): void {
    const d = this.data;
    const n = d.length;
    if (n < 22) throw corrupt("zip too short (truncated?)");
    // End of central directory: last 22 bytes plus a comment of at most 65535 bytes.
    let e = -1;
    const stop = Math.max(0, n - 22 - 0xffff);
    for (let i = n - 22; i >= stop; i--) {
      if (d[i] === 0x50 && d[i + 1] === 0x4b && d[i + 2] === 0x05 && d[i + 3] === 0x06) {
        const commentLen = u16(d, i + 20);
        if (i + 22 + commentLen <= n) {
          e = i;
          break;
        }
      }
    }
    if (e < 0) throw corrupt("zip end-of-central-directory record not found (file truncated?)");
    let count = u16(d, e + 10);
    let cdSize = u32(d, e + 12);
    let cdOffset = u32(d, e + 16);
    if (e >= 20 && u32(d, e - 20) === SIG_EOCD64_LOCATOR) {
      const z = u64(d, e - 12);
      if (z + 56 <= n && u32(d, z) === SIG_EOCD64) {
        count = u64(d, z + 32);
        cdSize = u64(d, z + 40);
        cdOffset = u64(d, z + 48);
      } else if (count === 0xffff || cdOffset === 0xffffffff) {
        throw corrupt("zip64 end-of-central-directory record missing");
      }
    }
    if (cdOffset + cdSize > n) throw corrupt("zip central directory lies beyond the end of the file (truncated?)");
    // each central header is at least 46 bytes
    if (count * 46 > n) throw corrupt("zip entry count is impossible");
    let o = cdOffset;
    for (let k = 0; k < count; k++) {
      if (o + 46 > n || u32(d, o) !== SIG_CENTRAL) throw corrupt("zip central directory is damaged");
      const flags = u16(d, o + 8);
      const method = u16(d, o + 10);
      let compressedSize = u32(d, o + 20);
      let declaredSize = u32(d, o + 24);
      const nameLen = u16(d, o + 28);
      const extraLen = u16(d, o + 30);
      const commentLen = u16(d, o + 32);
      let localHeaderOffset = u32(d, o + 42);
      const nameStart = o + 46;
      const extraStart = nameStart + nameLen;
      const next = extraStart + extraLen + commentLen;
      if (next > n) throw corrupt("zip central directory is damaged");
      if (declaredSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
        // zip64 extended information extra field (id 0x0001): only the fields that are 0xFFFFFFFF, in order
        for (let x = extraStart; x + 4 <= extraStart + extraLen;) {
          const id = u16(d, x);
          const size = u16(d, x + 2);
          if (id === 1) {
            let p = x + 4;
            if (declaredSize === 0xffffffff) ((declaredSize = u64(d, p)), (p += 8));
            if (compressedSize === 0xffffffff) ((compressedSize = u64(d, p)), (p += 8));
            if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(d, p);
            break;
          }
          x += 4 + size;
        }
      }
      const raw = decodeName(d, nameStart, nameLen);
      let name = raw.includes("\\") ? raw.replace(/\\/g, "/") : raw;
      while (name.startsWith("/")) name = name.slice(1);
      const entry: ZipEntry = {
        name,
        method,
        compressedSize,
        declaredSize,
        localHeaderOffset,
        encrypted: (flags & 1) !== 0,
      };
      this.entries.push(entry);
      const key = name.toLowerCase();
      if (!this.byKey.has(key)) this.byKey.set(key, entry);
      o = next;
    }
  }

  /**
   * Inflates one entry. `maxBytes` caps the output: an entry declaring more is refused before
   * inflating (too-large); an entry whose real output exceeds its declared size is refused as corrupt
   * as soon as that is noticed, without inflating the rest.
   *
   * `transient`: the caller uses the bytes at once and lets go of them before inflating anything else, so a
   * small part may be inflated into a buffer kept for the purpose (no allocation); the result is then
   * only valid until the next transient call.
   */
  inflate(entry: ZipEntry, maxBytes: number, transient = false): Uint8Array {
    if (entry.declaredSize > maxBytes) throw new ZipError({ kind: "too-large", part: entry.name, limit: maxBytes });
    if (entry.encrypted) throw corrupt(`zip entry ${entry.name} is encrypted`);
    const d = this.data;
    const o = entry.localHeaderOffset;
    if (o + 30 > d.length || u32(d, o) !== SIG_LOCAL) throw corrupt(`zip local header of ${entry.name} is damaged`);
    const start = o + 30 + u16(d, o + 26) + u16(d, o + 28);
    const end = start + entry.compressedSize;
    if (end > d.length) throw corrupt(`zip entry ${entry.name} is cut off (truncated file?)`);
    const src = d.subarray(start, end);
    const declared = entry.declaredSize;
    if (entry.method === 0) {
      if (entry.compressedSize !== declared) throw corrupt(`zip entry ${entry.name} has inconsistent sizes`);
      return src;
    }
    if (entry.method !== 8) throw corrupt(`zip entry ${entry.name} uses unsupported compression method ${entry.method}`);
    if (src.length === 0) {
      if (declared === 0) return new Uint8Array(0);
      throw corrupt(`zip entry ${entry.name} has no data`);
    }
    if (src.length <= ONE_SHOT_LIMIT) {
      // One call into a fixed buffer: fflate never grows a caller's buffer, so memory is bounded by
      // the (already capped) declared size; one spare byte reveals a lying size field.
      let out: Uint8Array;
      try {
        out = inflateSync(src, { out: transient && declared < SCRATCH_BYTES ? scratch(declared + 1) : new Uint8Array(declared + 1) });
      } catch (err) {
        if (err instanceof RangeError) throw tooBig(entry); // stored block past the end of our buffer
        throw corrupt(`zip entry ${entry.name}: ${(err as Error).message}`);
      }
      if (out.length > declared) throw tooBig(entry);
      return out;
    }
    // Chunked: stop as soon as the running total exceeds what the header declared.
    const out = new Uint8Array(declared);
    let total = 0;
    let over = false;
    const inf = new Inflate((chunk) => {
      if (over) return;
      if (total + chunk.length > declared) {
        over = true;
        return;
      }
      out.set(chunk, total);
      total += chunk.length;
    });
    try {
      for (let p = 0; p < src.length && !over; p += PUSH_BYTES) {
        const q = Math.min(src.length, p + PUSH_BYTES);
        inf.push(src.subarray(p, q), q === src.length);
      }
    } catch (err) {
      if (over) throw tooBig(entry);
      throw corrupt(`zip entry ${entry.name}: ${(err as Error).message}`);
    }
    if (over) throw tooBig(entry);
    return total === declared ? out : out.subarray(0, total);
  }
}
