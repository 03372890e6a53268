#!/usr/bin/env node
// `ssh-keepalive` command line. Runs the built bundle (dist/cli.mjs, made by `npm run build`);
// in a source checkout without a build it falls back to the TypeScript source through tsx.
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const source = fileURLToPath(new URL('../electron/cli.ts', import.meta.url));

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
