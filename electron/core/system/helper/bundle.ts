import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles the helper into ONE self-contained CommonJS file (node built-ins only) with the options
 * scripts/build.mjs uses for dist/privileged/helper.cjs, into a path of the caller's choosing, so
 * parallel test files each run their own copy of what ships. Tests only: esbuild is a dev
 * dependency and the running app never imports this module.
 */
export const HELPER_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helper-main.ts');

export async function bundleHelper(outFile: string): Promise<string> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [HELPER_ENTRY],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: '#!/usr/bin/env node\n// SSH Keepalive privileged helper (bundled). Runs as root: see docs/privileged-helper.md' },
  });
  return outFile;
}
