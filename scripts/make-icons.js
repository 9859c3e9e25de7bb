#!/usr/bin/env node
/**
 * Writes the add-in icons (assets/icon-16.png, -32, -64, -80): a green rounded square with a white
 * table (header band, rows, a 项目 | 数量 column line). Only Node built-ins (zlib) are used, so the
 * icons can be regenerated anywhere: `node scripts/make-icons.js`.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const SIZES = [16, 32, 64, 80];
const GREEN = [0x21, 0x73, 0x46, 255];
const LIGHT = [0xc6, 0xe6, 0xd1, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (Uint8Array, width*height*4) as a PNG file. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter type None
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function insideRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Colour of the icon at unit coordinates (x, y) in [0, 1]; `px` is one pixel in unit coordinates. */
function shade(x, y, px) {
  if (!insideRoundedRect(x, y, 0, 0, 1, 1, 0.18)) return CLEAR;
  const t0 = 0.2,
    t1 = 0.8,
    top = 0.2,
    bottom = 0.82; // the white table
  if (x < t0 || x > t1 || y < top || y > bottom) return GREEN;
  const line = Math.max(px, 0.045);
  const header = 0.36;
  if (y <= header) return LIGHT;
  const rows = 3;
  const rowH = (bottom - header) / rows;
  for (let k = 1; k < rows; k++) {
    if (Math.abs(y - (header + k * rowH)) <= line / 2) return GREEN;
  }
  if (Math.abs(y - header) <= line / 2) return GREEN;
  if (Math.abs(x - 0.5) <= line / 2) return GREEN;
  return WHITE;
}

function drawIcon(size) {
  const rgba = new Uint8Array(size * size * 4);
  const ss = 4; // supersampling per axis
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, 1 / size);
          // premultiplied accumulation so transparent samples do not darken the edge
          acc[0] += c[0] * c[3];
          acc[1] += c[1] * c[3];
          acc[2] += c[2] * c[3];
          acc[3] += c[3];
        }
      }
      const o = (py * size + px) * 4;
      const a = acc[3];
      rgba[o] = a ? Math.round(acc[0] / a) : 0;
      rgba[o + 1] = a ? Math.round(acc[1] / a) : 0;
      rgba[o + 2] = a ? Math.round(acc[2] / a) : 0;
      rgba[o + 3] = Math.round(a / (ss * ss));
    }
  }
  return encodePng(size, size, rgba);
}

function main() {
  const dir = path.join(__dirname, "..", "assets");
  fs.mkdirSync(dir, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(dir, `icon-${size}.png`);
    fs.writeFileSync(file, drawIcon(size));
    console.log(`wrote ${path.relative(process.cwd(), file)} (${size}×${size})`);
  }
}

if (require.main === module) main();

module.exports = { encodePng, drawIcon, SIZES };
