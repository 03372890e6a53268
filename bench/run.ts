/**
 * `npm run bench [-- name...]`: runs every benchmark script in bench/ (or those whose file name
 * contains one of the given names), one after another so they do not disturb each other's timings.
 * Each prints its own numbers with a reference measured in the same run; nothing here passes or fails
 * on speed. Arguments after `--` that start with `--` are passed on to every script.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--') && !/^\d/.test(a));
const passOn = args.filter((a) => !names.includes(a));

const scripts = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .filter((f) => names.length === 0 || names.some((n) => f.includes(n)))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n=== bench/${script}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, script), ...passOn], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`bench/${script} exited with ${r.status ?? r.signal}`);
  }
}
if (scripts.length === 0) console.log(`no benchmark matches ${names.join(', ')}`);
process.exitCode = failed ? 1 : 0;
