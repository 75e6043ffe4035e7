// Draws the app icon (build/icon.png, 1024 px, plus build/icons/<size>x<size>.png for Linux) with
// Node alone: a rounded dark tile, an amber ring and a red dot, the "incident live" light.
// electron-builder derives the macOS .icns and Windows .ico from build/icon.png.
// Run: node scripts/make-icons.mjs (the PNGs are committed; rerun only to change the design).
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) row.set(pixel(x / size, y / size, 1 / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of a shape edge with one pixel of antialiasing. */
const edge = (distance, px) => Math.min(1, Math.max(0, 0.5 - distance / px));

function icon(x, y, px) {
  const corner = 0.18;
  const inset = 0.04;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - corner), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - corner), 0);
  const tile = edge(Math.hypot(qx, qy) - corner, px);
  const r = Math.hypot(x - 0.5, y - 0.5);
  const ring = edge(Math.abs(r - 0.3) - 0.045, px);
  const dot = edge(r - 0.14, px);
  let [red, green, blue] = [0x15, 0x18, 0x20];
  const mix = (colour, amount) => {
    red += (colour[0] - red) * amount;
    green += (colour[1] - green) * amount;
    blue += (colour[2] - blue) * amount;
  };
  mix([0xff, 0xc5, 0x3d], ring);
  mix([0xe5, 0x48, 0x4d], dot);
  return [Math.round(red), Math.round(green), Math.round(blue), Math.round(tile * 255)];
}

mkdirSync('build/icons', { recursive: true });
writeFileSync('build/icon.png', png(1024, icon));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(`build/icons/${size}x${size}.png`, png(size, icon));
}
console.log('wrote build/icon.png and build/icons/*.png');
