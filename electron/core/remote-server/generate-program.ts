/**
 * Writes program.generated.ts from remote-program.sh: the program travels inside the app as a
 * string, so the same import works in tsx, vitest and every esbuild bundle (no loader, no file next
 * to the bundle). Run after editing the .sh: `npx tsx electron/core/remote-server/generate-program.ts`
 * (program.test.ts fails while they differ).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export function generatedSource(script: string): string {
  return [
    '// Generated from remote-program.sh by generate-program.ts. Do not edit: edit the .sh and re-run it.',
    `export const REMOTE_PROGRAM = ${JSON.stringify(script)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const script = readFileSync(path.join(here, 'remote-program.sh'), 'utf8');
  writeFileSync(path.join(here, 'program.generated.ts'), generatedSource(script));
  console.log(`program.generated.ts: ${Buffer.byteLength(script)} bytes`);
}
