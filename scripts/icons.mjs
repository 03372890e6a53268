#!/usr/bin/env node
/**
 * Renders every app icon from ONE source, build/icon.svg, with @resvg/resvg-js:
 *   build/icons/<N>x<N>.png  Linux (electron-builder picks sizes from the folder names)
 *   build/icons/icon.ico     Windows (PNG-compressed entries, 16..256)
 *   build/icons/icon.icns    macOS (PNG entries, 16..1024 incl. @2x)
 *   build/icons/icon.png     1024 px, also used by the dmg/AppImage fallbacks
 * Deterministic: the same SVG gives the same bytes. `--check` exits 1 if the files are stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'build', 'icon.svg');
const outDir = path.join(root, 'build', 'icons');

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types that hold PNG data, by pixel size.
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function renderPng(svg, size) {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng());
}

export function buildIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  const entries = [];
  let offset = 6 + 16 * pngs.length;
  for (const [size, png] of pngs) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...pngs.map(([, png]) => png)]);
}

export function buildIcns(pngBySize) {
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** name -> bytes for every generated file. */
export function renderAll(svg = fs.readFileSync(source)) {
  const pngBySize = new Map(PNG_SIZES.map((s) => [s, renderPng(svg, s)]));
  const files = new Map();
  for (const [size, png] of pngBySize) files.set(`${size}x${size}.png`, png);
  files.set('icon.png', pngBySize.get(1024));
  files.set('icon.ico', buildIco(ICO_SIZES.map((s) => [s, pngBySize.get(s)])));
  files.set('icon.icns', buildIcns(pngBySize));
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = renderAll();
  const check = process.argv.includes('--check');
  let stale = 0;
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of files) {
    const file = path.join(outDir, name);
    const same = fs.existsSync(file) && fs.readFileSync(file).equals(bytes);
    if (same) continue;
    stale++;
    if (check) console.error(`icons: ${path.relative(root, file)} is stale (run: node scripts/icons.mjs)`);
    else fs.writeFileSync(file, bytes);
  }
  if (check && stale) process.exit(1);
  console.log(`icons: ${files.size} files ${check ? 'checked' : 'written'} in build/icons (${stale} ${check ? 'stale' : 'changed'})`);
}
