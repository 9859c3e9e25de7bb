/**
 * Zip bombs built without ever holding the inflated data: a deflate stream of zeros is made from one
 * sync-flushed block of 1 MiB of zeros repeated (each copy is byte-aligned and only refers back to
 * zeros, so the concatenation is itself a valid deflate stream), closed by an empty final block.
 */
import { crc32, deflateRawSync, constants } from "node:zlib";

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** raw deflate data that inflates to exactly `mib` MiB of zero bytes (about 1 KB per MiB) */
export function zerosDeflate(mib: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const out = new Uint8Array(block.length * mib + 2);
  for (let i = 0; i < mib; i++) out.set(block, i * block.length);
  out.set([0x03, 0x00], block.length * mib); // empty final block (fixed Huffman, end-of-block)
  return out;
}

/** CRC-32 of `mib` MiB of zeros, computed chunk-wise */
export function zerosCrc(mib: number): number {
  const chunk = Buffer.alloc(MiB);
  let c = 0;
  for (let i = 0; i < mib; i++) c = crc32(chunk, c);
  return c >>> 0;
}

export interface RawEntry {
  name: string;
  /** stored bytes as they go into the archive (already deflated when method is 8) */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** uncompressed size written into the headers (a bomb may lie here); past 4 GiB it goes into a zip64 field */
  size: number;
}

/** A zip archive from entries whose compressed bytes are given; sizes and CRC written as told. */
export function zipRaw(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    // zip64: a size past 4 GiB goes into the extended-information extra field (id 1)
    const big = e.size > 0xfffffffe;
    const extra = new Uint8Array(big ? 20 : 0);
    if (big) {
      const xv = new DataView(extra.buffer);
      xv.setUint16(0, 1, true);
      xv.setUint16(2, 16, true);
      xv.setBigUint64(4, BigInt(e.size), true);
      xv.setBigUint64(12, BigInt(e.data.length), true);
    }
    const lh = new Uint8Array(30 + name.length + extra.length);
    const v = new DataView(lh.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, 0x0800, true);
    v.setUint16(8, e.method, true);
    v.setUint32(14, e.crc >>> 0, true);
    v.setUint32(18, big ? 0xffffffff : e.data.length, true);
    v.setUint32(22, big ? 0xffffffff : e.size >>> 0, true);
    v.setUint16(26, name.length, true);
    v.setUint16(28, extra.length, true);
    lh.set(name, 30);
    lh.set(extra, 30 + name.length);
    const ch = new Uint8Array(46 + name.length + extra.length);
    const w = new DataView(ch.buffer);
    w.setUint32(0, 0x02014b50, true);
    w.setUint16(4, 20, true);
    w.setUint16(6, 20, true);
    w.setUint16(8, 0x0800, true);
    w.setUint16(10, e.method, true);
    w.setUint32(16, e.crc >>> 0, true);
    w.setUint32(20, big ? 0xffffffff : e.data.length, true);
    w.setUint32(24, big ? 0xffffffff : e.size >>> 0, true);
    w.setUint16(28, name.length, true);
    w.setUint16(30, extra.length, true);
    w.setUint32(42, offset, true);
    ch.set(name, 46);
    ch.set(extra, 46 + name.length);
    locals.push(lh, e.data);
    centrals.push(ch);
    offset += lh.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const x = new DataView(eocd.buffer);
  x.setUint32(0, 0x06054b50, true);
  x.setUint16(8, entries.length, true);
  x.setUint16(10, entries.length, true);
  x.setUint32(12, cdSize, true);
  x.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let p = 0;
  for (const part of [...locals, ...centrals, eocd]) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** the entries of a zip as stored-method raw entries (inflated with fflate), to rebuild a package around a bomb */
export function storedEntries(files: Record<string, Uint8Array>): RawEntry[] {
  return Object.entries(files).map(([name, data]) => ({ name, data, method: 0, crc: crc32(data) >>> 0, size: data.length }));
}
