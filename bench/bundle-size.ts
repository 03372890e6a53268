/**
 * Bundle sizes (prints numbers, not a test): the renderer as the browser downloads it (gzipped JS +
 * CSS of dist/renderer, target < 300 kB), the main-process, preload, CLI and web-host bundles, each
 * beside a reference measured in the same run: react + react-dom/client alone, minified and gzipped
 * by esbuild (the floor any React renderer pays). The privileged helper (runs as root) is split into
 * its own code and its dependencies from an esbuild metafile of the same entry: target < 60 kB of
 * its own code and no dependency at all (zod alone was ~390 kB of it).
 * Run: npm run build && npx tsx bench/bundle-size.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_RENDERER_GZIP = 300 * 1024;
const TARGET_HELPER_OWN = 60 * 1024;
const HELPER_ENTRY = 'electron/core/system/helper/helper-main.ts';

const gz = (bytes: Buffer | Uint8Array): number => gzipSync(bytes, { level: 9 }).length;
const kB = (n: number): string => `${(n / 1024).toFixed(1)} kB`;

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => ext.test(f) && fs.statSync(f).isFile());
}

async function reactReference(): Promise<{ raw: number; gzip: number }> {
  const out = await build({
    stdin: { contents: "import { createRoot } from 'react-dom/client'; import { createElement } from 'react'; createRoot(document.body).render(createElement('p'));", resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0]!.contents;
  return { raw: bytes.length, gzip: gz(bytes) };
}

/** Bytes of the helper bundle from our own sources vs from node_modules (same options as build.mjs). */
async function helperComposition(): Promise<{ own: number; deps: Map<string, number> }> {
  const out = await build({ entryPoints: [path.join(root, HELPER_ENTRY)], absWorkingDir: root, bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, metafile: true, logLevel: 'silent', legalComments: 'none', define: { 'process.env.NODE_ENV': '"production"' } });
  const output = Object.values(out.metafile.outputs)[0]!;
  let own = 0;
  const deps = new Map<string, number>();
  for (const [file, input] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    if (pkg) deps.set(pkg, (deps.get(pkg) ?? 0) + input.bytesInOutput);
    else own += input.bytesInOutput;
  }
  return { own, deps };
}

const rendererFiles = filesUnder(path.join(root, 'dist', 'renderer'), /\.(js|css|html)$/);
if (rendererFiles.length === 0) {
  console.error('bundle-size: dist/renderer is empty; run npm run build first');
  process.exit(1);
}
const reference = await reactReference();
const renderer = rendererFiles.map((f) => fs.readFileSync(f));
const rendererRaw = renderer.reduce((s, b) => s + b.length, 0);
const rendererGzip = renderer.reduce((s, b) => s + gz(b), 0);

console.log(`reference   react + react-dom/client (esbuild, minified): ${kB(reference.raw)} raw, ${kB(reference.gzip)} gzipped`);
console.log(
  `renderer    dist/renderer (${rendererFiles.length} files): ${kB(rendererRaw)} raw, ${kB(rendererGzip)} gzipped` +
    ` = ${(rendererGzip / reference.gzip).toFixed(2)}x react-dom; target < ${kB(TARGET_RENDERER_GZIP)} gzipped: ${rendererGzip < TARGET_RENDERER_GZIP ? 'met' : 'NOT met'}`,
);
for (const [name, rel] of [
  ['main', 'dist/main/index.cjs'],
  ['preload', 'dist/preload/index.cjs'],
  ['cli', 'dist/cli.mjs'],
  ['web host', 'dist/web/serve.mjs'],
  ['helper', 'dist/privileged/helper.cjs'],
] as const) {
  const file = path.join(root, rel);
  if (!fs.existsSync(file)) {
    console.log(`${name.padEnd(11)} ${rel}: not built`);
    continue;
  }
  const bytes = fs.readFileSync(file);
  console.log(`${name.padEnd(11)} ${rel}: ${kB(bytes.length)} raw, ${kB(gz(bytes))} gzipped = ${(gz(bytes) / reference.gzip).toFixed(2)}x react-dom`);
}

const helper = await helperComposition();
const helperDeps = [...helper.deps].map(([pkg, n]) => `${pkg} ${kB(n)}`).join(', ') || 'none';
console.log(
  `helper      ${HELPER_ENTRY} (unminified): own code ${kB(helper.own)}; target < ${kB(TARGET_HELPER_OWN)}: ${helper.own < TARGET_HELPER_OWN ? 'met' : 'NOT met'}; dependencies: ${helperDeps}`,
);
