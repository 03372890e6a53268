import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles the helper into ONE self-contained CommonJS file (node built-ins only), the form that
 * ships in the app's resources and that tests run as root. esbuild is a dev dependency: this module
 * is for the build and for tests, never imported by the running app.
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
    banner: { js: '#!/usr/bin/env node\n// SSH Keepalive privileged helper (bundled). Runs as root: see docs/privileged-helper.md' },
  });
  return outFile;
}
