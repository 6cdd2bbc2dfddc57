// QR images without a canvas: uqr gives the module matrix; PNG (for the QR API's data-URI qrImage) is
// written by hand with stored (uncompressed) deflate blocks, so it runs the same in a service worker and Node.
import { encode } from 'uqr';
import { bytesToBase64, concatBytes, utf8Encode } from '../core/signing/bytes.ts';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concatBytes([utf8Encode(type), data]);
  return concatBytes([u32(data.length), typed, u32(crc32(typed))]);
}

/** zlib stream of stored blocks (at most 65535 bytes each). */
function zlibStored(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  for (let i = 0; i < blocks; i++) {
    const block = data.subarray(i * 65535, (i + 1) * 65535);
    const len = block.length;
    parts.push(new Uint8Array([i === blocks - 1 ? 1 : 0, len & 0xff, len >>> 8, ~len & 0xff, (~len >>> 8) & 0xff]), block);
  }
  parts.push(u32(adler32(data)));
  return concatBytes(parts);
}

/** A 1-bit greyscale PNG of `modules` (true = dark), each module `scale` pixels wide. */
export function pngOfMatrix(modules: readonly (readonly boolean[])[], scale: number): Uint8Array {
  const size = modules.length * scale;
  const rowBytes = Math.ceil(size / 8);
  const raw = new Uint8Array((rowBytes + 1) * size); // each row: filter byte 0, then packed bits
  for (let y = 0; y < size; y++) {
    const row = modules[Math.floor(y / scale)]!;
    for (let x = 0; x < size; x++) {
      // In greyscale a 1 bit is white; dark modules stay 0.
      if (!row[Math.floor(x / scale)]) raw[y * (rowBytes + 1) + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const header = concatBytes([u32(size), u32(size), new Uint8Array([1, 0, 0, 0, 0])]);
  return concatBytes([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** `data:image/png;base64,…` of a QR code for `text`, as the QR API's qrImage. */
export function qrPngDataUri(text: string, scale = 4): string {
  const { data } = encode(text, { ecc: 'M', border: 2 });
  return 'data:image/png;base64,' + bytesToBase64(pngOfMatrix(data, scale));
}

/** An inline SVG of a QR code for `text` (one path, crisp at any size), for the payer pages. */
export function qrSvg(text: string, label: string): string {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let path = '';
  data.forEach((row, y) => row.forEach((dark, x) => (path += dark ? `M${x} ${y}h1v1h-1z` : '')));
  const escaped = label.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="240" height="240" role="img" aria-label="${escaped}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
