/**
 * A minimal but structurally valid OLE2 compound file (CFB v3, 512-byte sectors): the container of
 * legacy .xls workbooks and of password-protected .xlsx files (EncryptionInfo + EncryptedPackage).
 * Streams are padded to the 4096-byte mini-stream cutoff so no mini stream is needed. Test support only.
 */
const SECTOR = 512;
const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

export interface CfbStream {
  name: string;
  data: Uint8Array;
}

function put16(d: Uint8Array, o: number, v: number): void {
  d[o] = v & 0xff;
  d[o + 1] = (v >>> 8) & 0xff;
}
function put32(d: Uint8Array, o: number, v: number): void {
  d[o] = v & 0xff;
  d[o + 1] = (v >>> 8) & 0xff;
  d[o + 2] = (v >>> 16) & 0xff;
  d[o + 3] = (v >>> 24) & 0xff;
}

/** CFB ordering of directory names: shorter first, then by upper-cased code units */
function compareNames(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compoundFile(streams: CfbStream[]): Uint8Array {
  const sorted = [...streams].sort((a, b) => compareNames(a.name, b.name));
  const padded = sorted.map((s) => {
    const size = Math.max(4096, s.data.length);
    const data = new Uint8Array(Math.ceil(size / SECTOR) * SECTOR);
    data.set(s.data);
    return { name: s.name, data, size };
  });
  const dataSectors = padded.reduce((n, s) => n + s.data.length / SECTOR, 0);
  const dirEntries = 1 + padded.length;
  const dirSectors = Math.ceil(dirEntries / 4);
  let fatSectors = 1;
  while (Math.ceil((dataSectors + dirSectors + fatSectors) / 128) > fatSectors) fatSectors++;
  if (fatSectors > 109) throw new Error("too big for a header-only DIFAT");
  const total = dataSectors + dirSectors + fatSectors;
  const out = new Uint8Array(SECTOR * (1 + total));

  // header
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  put16(out, 0x18, 0x003e);
  put16(out, 0x1a, 0x0003);
  put16(out, 0x1c, 0xfffe);
  put16(out, 0x1e, 9);
  put16(out, 0x20, 6);
  put32(out, 0x2c, fatSectors);
  put32(out, 0x30, dataSectors); // first directory sector
  put32(out, 0x38, 4096);
  put32(out, 0x3c, ENDOFCHAIN);
  put32(out, 0x44, ENDOFCHAIN);
  for (let i = 0; i < 109; i++) put32(out, 0x4c + 4 * i, i < fatSectors ? dataSectors + dirSectors + i : FREESECT);

  const fat = new Uint32Array(fatSectors * 128).fill(FREESECT);
  const sectorAt = (n: number) => SECTOR * (1 + n);
  let next = 0;
  const starts: number[] = [];
  for (const s of padded) {
    const n = s.data.length / SECTOR;
    starts.push(next);
    out.set(s.data, sectorAt(next));
    for (let k = 0; k < n; k++) fat[next + k] = k === n - 1 ? ENDOFCHAIN : next + k + 1;
    next += n;
  }
  for (let k = 0; k < dirSectors; k++) fat[next + k] = k === dirSectors - 1 ? ENDOFCHAIN : next + k + 1;
  for (let k = 0; k < fatSectors; k++) fat[dataSectors + dirSectors + k] = FATSECT;

  // directory: the root, then the streams as a right-sibling chain in CFB order
  const dir = sectorAt(dataSectors);
  const entry = (i: number, name: string, type: number, left: number, right: number, child: number, start: number, size: number) => {
    const o = dir + 128 * i;
    for (let k = 0; k < name.length; k++) put16(out, o + 2 * k, name.charCodeAt(k));
    put16(out, o + 0x40, (name.length + 1) * 2);
    out[o + 0x42] = type;
    out[o + 0x43] = 1; // black
    put32(out, o + 0x44, left);
    put32(out, o + 0x48, right);
    put32(out, o + 0x4c, child);
    put32(out, o + 0x74, start);
    put32(out, o + 0x78, size);
  };
  entry(0, "Root Entry", 5, NOSTREAM, NOSTREAM, padded.length ? 1 : NOSTREAM, ENDOFCHAIN, 0);
  padded.forEach((s, i) => entry(i + 1, s.name, 2, NOSTREAM, i + 1 < padded.length ? i + 2 : NOSTREAM, NOSTREAM, starts[i], s.size));
  for (let i = dirEntries; i < dirSectors * 4; i++) {
    const o = dir + 128 * i;
    put32(out, o + 0x44, NOSTREAM);
    put32(out, o + 0x48, NOSTREAM);
    put32(out, o + 0x4c, NOSTREAM);
  }
  const fatAt = sectorAt(dataSectors + dirSectors);
  for (let i = 0; i < fat.length; i++) put32(out, fatAt + 4 * i, fat[i]);
  return out;
}

/** A BIFF8 workbook stream: BOF (workbook globals), a BOUNDSHEET-free stub, EOF. Enough to be a .xls by its bytes. */
export function biff8WorkbookStream(): Uint8Array {
  const bof = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00, 0xbb, 0x0d, 0xcc, 0x07, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00];
  const codepage = [0x42, 0x00, 0x02, 0x00, 0xa8, 0x03]; // CODEPAGE 936 (GBK), as WPS writes it
  const eof = [0x0a, 0x00, 0x00, 0x00];
  return new Uint8Array([...bof, ...codepage, ...eof]);
}

/** A legacy .xls: a compound file with a Workbook stream (BIFF8) and a summary stream. */
export function legacyXls(): Uint8Array {
  return compoundFile([
    { name: "Workbook", data: biff8WorkbookStream() },
    { name: "\u0005SummaryInformation", data: new Uint8Array([0xfe, 0xff, 0, 0]) },
  ]);
}

/** A password-protected .xlsx as Office writes it: agile EncryptionInfo and an EncryptedPackage of ciphertext. */
export function encryptedXlsx(ciphertext: Uint8Array): Uint8Array {
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" ' +
    'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" blockSize="16" keyBits="256" ' +
    'hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>' +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" ' +
    'saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" ' +
    'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></keyEncryptor></keyEncryptors></encryption>';
  const info = new Uint8Array(8 + xml.length);
  info.set([0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00]);
  for (let i = 0; i < xml.length; i++) info[8 + i] = xml.charCodeAt(i);
  const pkg = new Uint8Array(8 + ciphertext.length);
  put32(pkg, 0, ciphertext.length);
  pkg.set(ciphertext, 8);
  return compoundFile([
    { name: "EncryptionInfo", data: info },
    { name: "EncryptedPackage", data: pkg },
  ]);
}
