/**
 * Playwright fixtures for the web e2e: a temp HOME holding a fixture ~/.ssh/config, the real loopback
 * web host started in-process on it (real handlers, real files), and a page opened on its URL.
 * Nothing is faked: every assertion about values is checked against the real `ssh -G`.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultContext } from '../../electron/core/kernel/context';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { checkAnswer } from '../../common/contract/bridge-checks';
import { packageRoot, startWebHost, type WebHost } from '../../electron/web/host';
import { ensureRendererBuilt } from '../../electron/web/renderer-build';
import { TOKEN_HEADER } from '../../electron/web/security';
import { fixtureFiles, makeHome, type FixtureHome } from '../fixtures/configs/index';

export { expect };

/** Where the suite's artifacts (screenshots) go; git-ignored. */
export const ARTIFACTS_DIR = path.join(packageRoot(), 'artifacts');

/** The web suite's own config: unprotected and protected hosts, a tab-indented block, trailing spaces. */
export async function webHomeFiles(): Promise<Record<string, Buffer>> {
  return { config: await fs.readFile(path.join(packageRoot(), 'e2e', 'fixtures', 'web-home', 'config')) };
}

export interface HomeSpec {
  /** Files under ~/.ssh (relative path -> bytes); null = no ~/.ssh at all. */
  files: Record<string, Buffer> | null;
}

interface Fixtures {
  /** Override per test with `test.use({ homeSpec: ... })`. */
  homeSpec: HomeSpec | null;
  home: FixtureHome;
  webHost: WebHost;
  /** The page, opened on the web host's URL with its token, once the Hosts view has loaded. */
  app: Page;
  /** What the API itself says (for sample host names): the same call the page makes. */
  snapshot: () => Promise<ConfigSnapshot>;
}

interface WorkerFixtures {
  rendererBuilt: string;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  rendererBuilt: [
    async ({}, use) => {
      await use(await ensureRendererBuilt(packageRoot()));
    },
    { scope: 'worker', auto: true, timeout: 120_000 },
  ],

  homeSpec: [null, { option: true }],

  home: async ({ homeSpec }, use) => {
    const files = homeSpec ? homeSpec.files : await webHomeFiles();
    const home = await makeHome('web', files ?? {});
    if (files === null) await fs.rm(home.sshDir, { recursive: true, force: true });
    await use(home);
    // Retries: a late write in the state dir (journal) can race a single recursive rm.
    await fs.rm(home.home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  },

  webHost: async ({ home }, use) => {
    const host = await startWebHost({
      ctx: defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' }),
    });
    await use(host);
    await host.close();
  },

  app: async ({ page, webHost }, use) => {
    const problems: string[] = [];
    page.on('console', (msg) => {
      // Any console error fails the test, CSP notes included (e.g. a directive a <meta> cannot carry).
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(webHost.url);
    await expect(page.getByRole('heading', { name: 'SSH Keepalive', level: 1 })).toBeVisible();
    await expect(page.getByRole('switch', { name: 'Keepalive for all hosts' })).toBeVisible();
    await use(page);
    // A CSP violation or an uncaught error in the page fails the test that caused it.
    expect(problems, 'browser console errors').toEqual([]);
  },

  snapshot: async ({ webHost }, use) => {
    await use(async () => {
      const res = await fetch(`http://127.0.0.1:${webHost.port}/api/hosts:list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: webHost.token },
        body: JSON.stringify({ configPath: '' }),
      });
      // Decoded as the page decodes it (the rows travel as a host table).
      const body = checkAnswer('hosts:list', await res.json());
      if (!body.ok) throw new Error(body.error.message);
      return body.value as ConfigSnapshot;
    });
  },
});

export { fixtureFiles };

/** The table row of a Host block, by its pattern as written. */
export function hostRow(page: Page, pattern: string) {
  return page.locator(`tr[data-host="${pattern.replace(/["\\]/g, '\\$&')}"]`);
}

/** Opens one of a row's panels ("PuTTY and WinSCP", "Measure network", …) from the row's actions menu. */
export async function openRowPanel(page: Page, pattern: string, item: string) {
  await page.getByRole('button', { name: `Actions for ${pattern}`, exact: true }).click();
  await page.getByRole('menuitemcheckbox', { name: item, exact: true }).click();
}

/**
 * The value and source a row shows for one keyword: the row's Keepalive cell names each keyword in
 * its tooltip ("ServerAliveInterval 30 (config:9) · ServerAliveCountMax 3 (OpenSSH default) · …").
 */
export async function shownValue(page: Page, pattern: string, field: 'serverAliveInterval' | 'serverAliveCountMax' | 'tcpKeepAlive') {
  const keyword = { serverAliveInterval: 'ServerAliveInterval', serverAliveCountMax: 'ServerAliveCountMax', tcpKeepAlive: 'TCPKeepAlive' }[field];
  const title = (await hostRow(page, pattern).locator('td[data-field="verdict"]').getAttribute('title')) ?? '';
  const m = new RegExp(`${keyword} (\\S+) \\(([^)]*)\\)`).exec(title);
  if (!m) throw new Error(`${pattern}: no ${keyword} in "${title}"`);
  return { value: m[1]!, source: m[2]! };
}
