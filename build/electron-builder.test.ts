import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The YAML parser electron-builder itself reads its config with.
const yaml = createRequire(require.resolve('app-builder-lib'))('js-yaml') as { load(text: string): unknown };

type Target = { target: string; arch?: string[] };
interface BuilderConfig {
  appId: string;
  productName: string;
  artifactName: string;
  asar: boolean;
  afterPack: string;
  files: string[];
  mac: { icon: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; target: Target[] };
  win: { icon: string; target: Target[] };
  linux: { icon: string; target: Target[]; extraResources: Array<{ from: string; to: string }> };
  extraResources: Array<{ from: string; to: string }>;
  deb: { fpm: string[] };
  [key: string]: unknown;
}

const configFile = path.join(root, 'build', 'electron-builder.yml');
const config = yaml.load(fs.readFileSync(configFile, 'utf8')) as BuilderConfig;

describe('build/electron-builder.yml', () => {
  it("is valid against electron-builder's own JSON schema", () => {
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
    // The schema must be able to fail: a misspelt key is rejected.
    expect(validate({ ...config, prodcutName: 'x' })).toBe(false);
  });

  it('builds what the issue asks for', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    // The Windows AppUserModelId the main process sets must be the installer's appId.
    expect(fs.readFileSync(path.join(root, 'electron/main/app.ts'), 'utf8')).toContain(`APP_ID = '${config.appId}'`);
    expect(config.productName).toBe('SSH Keepalive');
    expect(config.asar).toBe(true);
    const targets = (list: Target[]) => Object.fromEntries(list.map((t) => [t.target, t.arch ?? []]));
    expect(targets(config.win.target)).toMatchObject({ nsis: expect.arrayContaining(['x64']), portable: expect.arrayContaining(['x64']) });
    expect(targets(config.mac.target).dmg).toEqual(expect.arrayContaining(['x64', 'arm64']));
    expect(Object.keys(targets(config.linux.target)).sort()).toEqual(['AppImage', 'deb']);
    expect(config.mac.hardenedRuntime).toBe(true);
    // Every artifact name carries the version.
    const names = [config.artifactName, ...['dmg', 'nsis', 'portable', 'appImage', 'deb'].map((k) => (config[k] as { artifactName?: string } | undefined)?.artifactName)];
    for (const name of names) expect(name).toContain('${version}');
    // The deb installs the polkit policy where polkit reads actions.
    expect(config.deb.fpm.some((m) => /\.policy=\/usr\/share\/polkit-1\/actions\/[^/]+\.policy$/.test(m))).toBe(true);
    // Bundled app: dependencies are inside dist/, node_modules must not ship.
    expect(config.files).toContain('!node_modules/**');
  });

  it('every file it references exists', () => {
    const referenced = [
      config.afterPack,
      config.mac.icon,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.win.icon,
      config.linux.icon,
      ...config.deb.fpm.map((m) => m.split('=')[0]!),
      ...config.linux.extraResources.map((r) => r.from),
    ];
    for (const rel of referenced) expect(fs.existsSync(path.join(root, rel)), rel).toBe(true);
    const linuxIcons = fs.readdirSync(path.join(root, config.linux.icon)).filter((f) => /^\d+x\d+\.png$/.test(f));
    expect(linuxIcons.length).toBeGreaterThanOrEqual(6);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).main).toBe('dist/main/index.cjs');
  });

  it('entitlements grant only the JIT', () => {
    const plist = fs.readFileSync(path.join(root, config.mac.entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });
});

describe('build/after-pack.cjs (fuses)', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  /** A stand-in Electron binary: bytes around a V1 fuse wire of `length` fuses, all '0'. */
  function fakeBinary(dir: string, length: number): string {
    const file = path.join(dir, 'ssh-keepalive');
    fs.writeFileSync(file, Buffer.concat([Buffer.alloc(64, 7), Buffer.from(SENTINEL), Buffer.from([1, length]), Buffer.alloc(length, 0x30), Buffer.alloc(64, 7)]));
    return file;
  }
  const context = (appOutDir: string) => ({ appOutDir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'SSH Keepalive' }, executableName: 'ssh-keepalive' } });
  const hook = require('./after-pack.cjs') as { default: (ctx: unknown) => Promise<void> };
  const { fuses } = require('./fuses.cjs') as { fuses: Record<string, boolean> };
  const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };

  it('writes every fuse of build/fuses.cjs into the packed binary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-fuses-'));
    try {
      const file = fakeBinary(dir, 8);
      await hook.default(context(dir));
      const bytes = fs.readFileSync(file);
      const wire = bytes.subarray(bytes.indexOf(SENTINEL) + SENTINEL.length + 2, bytes.indexOf(SENTINEL) + SENTINEL.length + 10);
      for (const [name, on] of Object.entries(fuses)) expect(String.fromCharCode(wire[FuseV1Options[name]!]!), name).toBe(on ? '1' : '0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a binary with a fuse nobody decided (a newer Electron)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-fuses-'));
    try {
      fakeBinary(dir, 9);
      await expect(hook.default(context(dir))).rejects.toThrow(/strictlyRequireAllFuses/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Linux helper wrapper (pkexec target)', () => {
  it('ships next to helper.cjs, where the launcher looks for it', () => {
    expect(config.extraResources).toContainEqual({ from: 'dist/privileged/helper.cjs', to: 'privileged/helper.cjs' });
    expect(config.linux.extraResources).toContainEqual({ from: 'build/linux/ssh-keepalive-helper', to: 'privileged/ssh-keepalive-helper' });
    expect(fs.readFileSync(path.join(root, 'scripts', 'build.mjs'), 'utf8')).toContain("outfile: 'dist/privileged/helper.cjs'");
  });

  it.skipIf(process.platform === 'win32')('runs the app binary as Node on helper.cjs with a clean environment', () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-wrapper-'));
    try {
      // The installed layout: <app>/ssh-keepalive and <app>/resources/privileged/{ssh-keepalive-helper,helper.cjs}.
      const privileged = path.join(app, 'resources', 'privileged');
      fs.mkdirSync(privileged, { recursive: true });
      fs.copyFileSync(path.join(root, 'build', 'linux', 'ssh-keepalive-helper'), path.join(privileged, 'ssh-keepalive-helper'));
      fs.chmodSync(path.join(privileged, 'ssh-keepalive-helper'), 0o755);
      // A stand-in for the Electron binary that reports how it was called.
      fs.writeFileSync(path.join(app, 'ssh-keepalive'), '#!/bin/sh\necho "args=$*"\necho "node=$ELECTRON_RUN_AS_NODE"\necho "leak=${SECRET_FROM_CALLER:-none}"\n', { mode: 0o755 });
      const out = execFileSync(path.join(privileged, 'ssh-keepalive-helper'), ['run', '--request-file', '/tmp/x'], {
        env: { ...process.env, SECRET_FROM_CALLER: 'yes', NODE_OPTIONS: '--require /tmp/evil.js' },
        encoding: 'utf8',
      });
      expect(out).toContain(`args=${path.join(privileged, 'helper.cjs')} run --request-file /tmp/x`);
      expect(out).toContain('node=1');
      expect(out).toContain('leak=none');
      expect(fs.statSync(path.join(root, 'build', 'linux', 'ssh-keepalive-helper')).mode & 0o111).not.toBe(0);
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  });
});

describe('icons from build/icon.svg', () => {
  it('are up to date with the SVG (scripts/icons.mjs --check)', () => {
    expect(() => execFileSync(process.execPath, [path.join(root, 'scripts', 'icons.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('PNGs have the size in their name; ICO and ICNS hold PNG entries up to 256 and 1024', () => {
    const dir = path.join(root, 'build', 'icons');
    for (const f of fs.readdirSync(dir).filter((n) => /^\d+x\d+\.png$/.test(n))) {
      const png = fs.readFileSync(path.join(dir, f));
      const size = Number(f.split('x')[0]);
      expect(png.readUInt32BE(16), f).toBe(size);
      expect(png.readUInt32BE(20), f).toBe(size);
    }
    const ico = fs.readFileSync(path.join(dir, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    const icns = fs.readFileSync(path.join(dir, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
  });
});
