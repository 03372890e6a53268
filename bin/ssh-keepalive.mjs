#!/usr/bin/env node
// `ssh-keepalive` command line. Runs the built bundle (dist/cli.mjs, made by `npm run build`);
// in a source checkout without a build it falls back to the TypeScript source through tsx.
// Both are found next to this file's real path (npm's bin links resolved, even under
// --preserve-symlinks-main), never from the working directory.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fs.realpathSync(fileURLToPath(import.meta.url))), '..');
const bundle = path.join(root, 'dist', 'cli.mjs');
const source = path.join(root, 'electron', 'cli.ts');

if (fs.existsSync(bundle)) {
  await import(pathToFileURL(bundle).href);
} else if (fs.existsSync(source)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    process.stderr.write('ssh-keepalive: dist/cli.mjs is missing; run `npm run build` first\n');
    process.exit(1);
  }
  await import(pathToFileURL(source).href);
} else {
  process.stderr.write('ssh-keepalive: dist/cli.mjs is missing; reinstall the package\n');
  process.exit(1);
}
