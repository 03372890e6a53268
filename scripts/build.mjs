#!/usr/bin/env node
/**
 * Builds everything the shells run, into dist/:
 *   dist/main/index.cjs        Electron main process (CJS; `electron` external)
 *   dist/preload/index.cjs     sandboxed preload (CJS is required for sandboxed preloads)
 *   dist/cli.mjs               `ssh-keepalive` command line (bin/ssh-keepalive.mjs loads it)
 *   dist/privileged/helper.cjs the privileged helper, run as root via ELECTRON_RUN_AS_NODE (if present)
 *   dist/web/serve.mjs         the loopback web host (if present)
 *   dist/renderer/             `vite build` of renderer/ (if renderer/index.html exists)
 * Usage: node scripts/build.mjs [--only=main,preload,cli,helper,web,renderer] [--outdir=DIR] [--quiet]
 * --quiet: no summary line on stdout (`npm run -s cli` builds first; its stdout is the CLI's).
 * --outdir writes the same dist/ tree under DIR instead of this checkout (tests build a throwaway
 * install of the package with it; the renderer is not built there).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const outDir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);
const quiet = process.argv.includes('--quiet');
const want = (name) => (!only || only.includes(name)) && !(outDir && name === 'renderer');
const exists = (rel) => fs.existsSync(path.join(root, rel));

// Electron 45 ships Node 22 and Chromium 140; the CLI and web host run on the user's Node (>= 20).
const ELECTRON_NODE = 'node22';
const ELECTRON_CHROME = 'chrome140';
// ESM bundles of CJS dependencies need a real `require` for Node built-ins.
const esmRequireBanner = "import { createRequire as __skCreateRequire } from 'node:module'; const require = __skCreateRequire(import.meta.url);";
// The source uses `import.meta.url` to find files next to the running code (the privileged helper
// above all: never from the working directory). esbuild empties `import.meta` in CommonJS, so the
// CJS bundles get the bundle's own URL under that name ("use strict" first, or it is no directive).
const cjsImportMetaUrl = {
  define: { 'import.meta.url': '__skImportMetaUrl' },
  banner: { js: "\"use strict\";\nconst __skImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/**
 * zod re-exports all ~50 of its error-message locales as a namespace, which no bundler can drop:
 * ~260 kB of every bundle. We only use the default (English), so the namespace keeps just that.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), 'en.js'))};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

const common = { plugins: [zodEnglishOnly], bundle: true, sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root, legalComments: 'none', define: { 'process.env.NODE_ENV': '"production"' } };

// Build tools that source checkouts load on demand (vite for an unbuilt renderer, esbuild for an
// unbuilt helper); never bundled, and never reached in a built or packaged app.
const devOnly = ['vite', 'esbuild'];

/** [name, source that must exist, esbuild options] */
const targets = [
  ['main', 'electron/main/index.ts', { platform: 'node', format: 'cjs', target: ELECTRON_NODE, outfile: 'dist/main/index.cjs', external: ['electron', ...devOnly], ...cjsImportMetaUrl }],
  ['preload', 'electron/preload/index.ts', { platform: 'browser', format: 'cjs', target: ELECTRON_CHROME, outfile: 'dist/preload/index.cjs', external: ['electron'], minify: true }],
  ['cli', 'electron/cli.ts', { platform: 'node', format: 'esm', target: 'node20', outfile: 'dist/cli.mjs', banner: { js: esmRequireBanner }, external: devOnly }],
  ['helper', 'electron/core/system/helper/helper-main.ts', { platform: 'node', format: 'cjs', target: 'node20', outfile: 'dist/privileged/helper.cjs', sourcemap: false, banner: { js: '#!/usr/bin/env node\n// SSH Keepalive privileged helper (bundled). Runs as root.' } }],
  ['web', 'electron/web/serve.ts', { platform: 'node', format: 'esm', target: 'node20', outfile: 'dist/web/serve.mjs', banner: { js: esmRequireBanner }, external: devOnly }],
];

async function buildRenderer() {
  if (!exists('renderer/index.html')) {
    console.log('build: renderer/index.html does not exist yet, skipping the renderer');
    return;
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

const started = Date.now();
const jobs = [];
for (const [name, entry, options] of targets) {
  if (!want(name)) continue;
  if (!exists(entry)) {
    console.log(`build: ${entry} does not exist yet, skipping ${name}`);
    continue;
  }
  const define = { ...common.define, ...options.define };
  const outfile = outDir ? path.resolve(outDir, options.outfile) : options.outfile;
  jobs.push(esbuild({ ...common, ...options, define, outfile, entryPoints: [entry] }).then(() => name));
}
if (want('renderer')) jobs.push(buildRenderer().then(() => 'renderer'));

const results = await Promise.allSettled(jobs);
const failed = results.filter((r) => r.status === 'rejected');
for (const f of failed) console.error(`build failed: ${f.reason?.message ?? f.reason}`);
if (failed.length) process.exit(1);
if (!quiet) console.log(`build: done in ${Date.now() - started} ms (${results.map((r) => r.value).join(', ')})`);
