import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { packageRoot } from '../../electron/web/host';
import { ARTIFACTS_DIR, test, type HomeSpec } from './fixtures';
import { promises as fs } from 'node:fs';

/**
 * The realistic home of issue 15's e2e: e2e/fixtures/configs/developer-laptop (16 Host blocks: a
 * bastion with five ProxyJump hosts, `Host *.internal`, `Include conf.d/*.conf`, a `Match ... exec`
 * block, a host at 600 s, LAN hosts, `Host *` without keepalive), as a web fixture home.
 */
export function developerLaptop(): HomeSpec {
  const root = path.join(packageRoot(), 'e2e', 'fixtures', 'configs', 'developer-laptop');
  const files: Record<string, Buffer> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(root, full)] = readFileSync(full);
    }
  };
  walk(root);
  return { files };
}

/** The sizes and colour schemes every issue-15 screen is checked at. */
export const SCREENS = [
  { width: 1280, height: 800, scheme: 'light' },
  { width: 1280, height: 800, scheme: 'dark' },
  { width: 800, height: 600, scheme: 'light' },
  { width: 800, height: 600, scheme: 'dark' },
] as const;

/** A full-viewport screenshot into artifacts/ (attached to the report), named by size and scheme. */
export async function viewportShot(page: Page, name: string, screen: (typeof SCREENS)[number]): Promise<string> {
  await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}-${screen.width}x${screen.height}-${screen.scheme}.png`);
  await page.screenshot({ path: file });
  await test.info().attach(path.basename(file), { path: file, contentType: 'image/png' });
  return file;
}
