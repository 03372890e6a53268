/**
 * Packaging end to end without the network: electron-builder packs the built app (`--dir`) around a
 * stand-in Electron distribution (a file carrying a real V1 fuse wire), with build/electron-builder.yml
 * unchanged. Checks what ships: the asar holds dist/ and package.json only, the helper and its Linux
 * launcher sit in resources/privileged, and the afterPack hook flipped every fuse as
 * build/fuses.cjs says.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const built = ['dist/main/index.cjs', 'dist/preload/index.cjs', 'dist/renderer/index.html', 'dist/privileged/helper.cjs'].every((f) => fs.existsSync(path.join(root, f)));

test.describe('npm run dist -- --dir (Linux, stand-in Electron)', () => {
  test.skip(process.platform !== 'linux', 'packs the Linux layout; other platforms run the real `npm run dist`');
  test.skip(!built, 'dist/ is not built (npm run build)');
  test.setTimeout(180_000);

  test('packs only what the app runs, with the fuses flipped', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-pack-'));
    try {
      const electronDist = path.join(tmp, 'electron-dist');
      fs.mkdirSync(path.join(electronDist, 'locales'), { recursive: true });
      fs.mkdirSync(path.join(electronDist, 'resources'));
      // A V1 fuse wire of 8 fuses, all off, as in Electron's binary.
      fs.writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.alloc(8, 0x30), Buffer.from('\n')]), { mode: 0o755 });
      fs.writeFileSync(path.join(electronDist, 'locales', 'en-US.pak'), '');
      fs.writeFileSync(path.join(electronDist, 'locales', 'de.pak'), '');
      fs.writeFileSync(path.join(electronDist, 'LICENSE'), '');
      const version = (require('electron/package.json') as { version: string }).version;
      const out = path.join(tmp, 'release');
      execFileSync(
        process.execPath,
        [
          require.resolve('electron-builder/cli.js'),
          '--config', 'build/electron-builder.yml', '--linux', '--dir', '--publish', 'never',
          `-c.electronDist=${electronDist}`, `-c.electronVersion=${version}`, `-c.directories.output=${out}`,
        ],
        { cwd: root, stdio: 'pipe', env: { ...process.env, CI: 'true' } },
      );
      const app = path.join(out, 'linux-unpacked');

      const asar = require('@electron/asar') as { listPackage(file: string, o?: object): string[] };
      const files = asar.listPackage(path.join(app, 'resources', 'app.asar'), { isPack: false }).map((f) => f.split(path.sep).join('/'));
      expect(files).toContain('/package.json');
      expect(files).toContain('/dist/main/index.cjs');
      expect(files).toContain('/dist/preload/index.cjs');
      expect(files).toContain('/dist/renderer/index.html');
      expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(files.filter((f) => f.startsWith('/dist/privileged'))).toEqual([]);
      expect(files.filter((f) => /^\/(electron|renderer|e2e|scripts|build)\//.test(f))).toEqual([]);

      const privileged = path.join(app, 'resources', 'privileged');
      expect(fs.readFileSync(path.join(privileged, 'helper.cjs'))).toEqual(fs.readFileSync(path.join(root, 'dist', 'privileged', 'helper.cjs')));
      expect(fs.statSync(path.join(privileged, 'ssh-keepalive-helper')).mode & 0o111).not.toBe(0);
      expect(fs.readdirSync(path.join(app, 'locales'))).toEqual(['en-US.pak']);

      const binary = fs.readFileSync(path.join(app, 'ssh-keepalive'));
      const at = binary.indexOf(SENTINEL) + SENTINEL.length + 2;
      const wire = binary.subarray(at, at + 8).toString('latin1');
      const { fuses } = require('../../build/fuses.cjs') as { fuses: Record<string, boolean> };
      const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };
      const expected = Array.from({ length: 8 }, (_, i) => {
        const name = Object.keys(fuses).find((k) => FuseV1Options[k] === i)!;
        return fuses[name] ? '1' : '0';
      }).join('');
      expect(wire).toBe(expected);
      expect(wire).not.toBe('00000000');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
