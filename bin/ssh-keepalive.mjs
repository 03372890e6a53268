#!/usr/bin/env node
// `ssh-keepalive` command line. Runs the built bundle (dist/cli.mjs, made by `npm run build`), found
// next to this file's real path (npm's bin links resolved, even under --preserve-symlinks-main), never
// from the working directory. A source checkout without a build is refused: the TypeScript source is
// never run through tsx here, whose transform cache ($TMPDIR/tsx-<uid>) another local user can
// create first and fill, and which reads tsconfig.json from the working directory and above.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fs.realpathSync(fileURLToPath(import.meta.url))), '..');
const bundle = path.join(root, 'dist', 'cli.mjs');

if (!fs.existsSync(bundle)) {
  const fix = fs.existsSync(path.join(root, 'electron', 'cli.ts')) ? `run npm run build in ${root}` : 'reinstall the package';
  process.stderr.write(`ssh-keepalive: ${bundle} is missing: ${fix}\n`);
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
