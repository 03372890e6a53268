import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Newest modification time under a directory (renderer sources), skipping nothing but dotfiles. */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(full));
    else newest = Math.max(newest, (await fs.stat(full)).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/renderer with Vite when it is missing or older than the renderer sources (a source
 * checkout without `npm run build`). Installed packages ship the build and skip this.
 */
export async function ensureRendererBuilt(root: string, log: (line: string) => void = () => undefined): Promise<string> {
  const outDir = path.join(root, 'dist', 'renderer');
  const index = path.join(outDir, 'index.html');
  const built = await fs.stat(index).then((s) => s.mtimeMs, () => 0);
  const sources = await Promise.all(
    ['renderer', path.join('electron', 'contract')].map((d) => newestMtime(path.join(root, d)).catch(() => 0)),
  );
  if (built && built >= Math.max(...sources)) return outDir;
  const viteConfig = path.join(root, 'vite.config.ts');
  const hasConfig = await fs.stat(viteConfig).then(() => true, () => false);
  if (!hasConfig) {
    if (built) return outDir;
    throw new Error(`The renderer is not built and ${viteConfig} is missing: run npm run build`);
  }
  log('Building the renderer (vite build)...');
  const { build } = await import('vite');
  await build({ configFile: viteConfig, logLevel: 'warn' });
  return outDir;
}
