#!/usr/bin/env node
/**
 * `npm start`: builds, then opens the Electron window where the Electron binary exists; elsewhere
 * says why in ONE line and serves the same UI from the loopback web host in the browser.
 * Extra arguments go to the web host (`npm start -- --port 8080 --config FILE --no-open`).
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// As serve.ts: as root the token is worth root, and a browser started by root runs without its
// sandbox; refuse before building anything, in one line.
if (process.getuid?.() === 0 && !process.argv.includes('--no-open')) {
  console.error('npm start: refusing to open a browser as root (its token would act as root and the browser would run as root); run as your own user, or add --no-open (npm start -- --no-open) and open the printed address yourself');
  process.exit(2);
}

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectronBinary(root);
// Chromium refuses to start as root unless its sandbox is switched off; we never switch it off.
const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const why = !electron.path ? electron.reason : asRoot ? 'Electron will not run as root with its sandbox on' : noDisplay ? 'there is no graphical display (DISPLAY is unset)' : null;

if (electron.path && !why) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron.path, [root], { stdio: 'inherit', env, cwd: root });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
} else {
  const instead = process.argv.includes('--no-open') ? 'serving the web UI at the address below instead' : 'opening the web UI in your browser instead';
  console.log(`No Electron window: ${why}; ${instead}.`);
  // The web host reads its options from process.argv (--port, --config, --no-open).
  await import(pathToFileURL(path.join(root, 'dist', 'web', 'serve.mjs')).href);
}
