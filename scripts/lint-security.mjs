#!/usr/bin/env node
/**
 * `npm run lint:security`: @doyensec/electronegativity over the app's shipped sources (electron/ and
 * renderer/, scanned together so its global checks see the whole app; tests and test support left
 * out). Prints every finding; exits 1 on any HIGH-severity finding or on a file it cannot parse.
 * Runs offline: the scanner's two network look-ups (translations, Electron release feed) are cut;
 * the Electron version is checked by electron/main/security-checklist.test.ts instead.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Module = require('node:module');
const scannerDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));

// npm hoists @typescript-eslint/typescript-estree (the scanner's TS parser) to the top, where
// `typescript` is the project's TypeScript 7, whose JS API it cannot use: give it the TypeScript 4
// that electronegativity ships for it.
const scannerTs = require.resolve('typescript', { paths: [scannerDir] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent?.filename?.includes(`${path.sep}@typescript-eslint${path.sep}`)) return scannerTs;
  return resolve.call(this, request, parent, ...rest);
};
// No network: the translation download fails at once instead of trying the internet.
const gotPath = require.resolve('got', { paths: [scannerDir] });
const offline = new Module(gotPath);
offline.filename = gotPath;
offline.loaded = true;
offline.exports = () => Promise.reject(new Error('offline'));
require.cache[gotPath] = offline;

const runner = require('@doyensec/electronegativity');
const run = typeof runner === 'function' ? runner : runner.default;
const electronVersion = require('electron/package.json').version;

// Shipped code only: tests and test support are not part of the app.
const skip = (rel) => /\.test\.tsx?$|(^|\/)(test-support|testing|test)\//.test(rel);
const stage = path.join(root, '.tmp', 'lint-security');
fs.rmSync(stage, { recursive: true, force: true });
let staged = 0;
for (const dir of ['electron', 'renderer']) {
  for (const rel of fs.readdirSync(path.join(root, dir), { recursive: true })) {
    const relPath = path.join(dir, String(rel)).split(path.sep).join('/');
    const src = path.join(root, relPath);
    if (!fs.statSync(src).isFile() || skip(relPath) || !/\.(ts|tsx|js|mjs|cjs|html)$/.test(relPath)) continue;
    fs.mkdirSync(path.dirname(path.join(stage, relPath)), { recursive: true });
    fs.copyFileSync(src, path.join(stage, relPath));
    staged++;
  }
}

const quiet = console.log;
console.log = (...args) => (/translations/.test(String(args[0])) ? undefined : quiet(...args));
const result = await run({
  input: stage,
  customScan: [],
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
console.log = quiet;

let high = 0;
const broken = result.errors.filter((e) => !e.tolerable);
for (const e of broken) console.log(`lint:security: could not parse ${path.relative(stage, e.file)}: ${e.message}`);
for (const issue of result.issues) {
  const severity = issue.severity.name;
  if (severity === 'HIGH') high++;
  const where = issue.location ? `:${issue.location.line}:${issue.location.column}` : '';
  console.log(`${severity.padEnd(7)} ${issue.confidence.name.padEnd(9)} ${issue.id.padEnd(40)} ${issue.file}${where}${issue.manualReview ? ' (manual review)' : ''}`);
}
console.log(`lint:security: electronegativity scanned ${staged} files: ${result.issues.length} finding(s), ${high} high-severity, ${broken.length} unparsable (Electron ${electronVersion})`);
fs.rmSync(stage, { recursive: true, force: true });
process.exitCode = high > 0 || broken.length > 0 ? 1 : 0;
