/**
 * Where an Electron binary can be found, WITHOUT requiring 'electron' (its index.js tries to
 * download one). Used by `npm start` and by the `_electron` e2e suite.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The development binary of the `electron` package: { path } or { reason } why there is none. */
export function findElectronBinary(root) {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pkg)) return { reason: 'the electron package is not installed (run npm ci)' };
  if (!fs.existsSync(pathTxt)) return { reason: 'the Electron binary was never downloaded (node_modules/electron has no path.txt)' };
  const binary = path.join(pkg, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  if (!fs.existsSync(binary)) return { reason: `the Electron binary is missing (${path.relative(root, binary)})` };
  return { path: binary };
}

/** The app unpacked by `npm run dist -- --dir` for this platform, or null. */
export function findPackagedApp(root, platform = process.platform, arch = process.arch) {
  const release = path.join(root, 'release');
  const candidates =
    platform === 'win32'
      ? [path.join(release, arch === 'arm64' ? 'win-arm64-unpacked' : 'win-unpacked', 'SSH Keepalive.exe')]
      : platform === 'darwin'
        ? [path.join(release, arch === 'arm64' ? 'mac-arm64' : 'mac', 'SSH Keepalive.app', 'Contents', 'MacOS', 'SSH Keepalive')]
        : [path.join(release, arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked', 'ssh-keepalive')];
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}
