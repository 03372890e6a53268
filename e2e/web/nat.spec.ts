import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { survivesIdle, sessionSettingsOf } from '../../common/nat/simulation';
import { ARTIFACTS_DIR, expect, test } from './fixtures';

/** The "Why sessions die" tab, opened from the Hosts view the way a user does. */
async function openNatView(app: Page) {
  await app.getByRole('tab', { name: 'Why sessions die' }).click();
  await expect(app.getByRole('img', { name: /^NAT diagram/ })).toBeVisible();
  return app.getByRole('table', { name: 'NAT connection table' });
}

function natRow(app: Page, pattern: string) {
  return app.getByRole('table', { name: 'NAT connection table' }).locator(`tr[data-host="${pattern.replace(/["\\]/g, '\\$&')}"]`);
}

async function simSeconds(app: Page): Promise<number> {
  return Number(await app.locator('.nat-view').getAttribute('data-sim-ms')) / 1000;
}

async function rowStates(app: Page, patterns: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of patterns) out[p] = (await natRow(app, p).locator('td.nat-state').innerText()).trim();
  return out;
}

async function screenshot(app: Page, name: string) {
  await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, name);
  await app.locator('.nat-view').screenshot({ path: file });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

test('renders the user\'s hosts; 10 idle minutes at 600x delete exactly the unprotected rows', async ({ app, snapshot }) => {
  const snap = await snapshot();
  const patterns = snap.hosts.map((h) => h.pattern);
  const table = await openNatView(app);

  // One row per host, each with its pattern and a state; at t = 0 everyone is typing.
  await expect(table.locator('tbody tr')).toHaveCount(snap.hosts.length);
  for (const p of patterns) {
    await expect(natRow(app, p).getByRole('rowheader')).toHaveText(p);
    await expect(natRow(app, p).locator('td.nat-state')).toHaveText(/^(active|idle|deleted)$/);
  }
  // The one network question of every view (ui/NetworkField), from the one preset list.
  const timeout = app.getByRole('combobox', { name: 'Where do you connect from?' });
  await expect(timeout.locator('option')).toHaveText([
    'Home router: 5 min',
    'Mobile data (carrier NAT): 4 min',
    'Hotel or café Wi-Fi: 2 min',
    'Office behind a corporate firewall: 1 h',
    'AWS Network Load Balancer (TCP): 5 min 50 s',
    'AWS Classic Load Balancer: 1 min',
    'Azure Load Balancer: 4 min',
    'Azure NAT Gateway: 4 min',
    'Google Cloud NAT: 20 min',
    'A NAT that follows RFC 5382: 2 h 4 min',
    'My own number of seconds…',
  ]);
  await timeout.selectOption({ label: 'Home router: 5 min' });
  await app.getByRole('button', { name: 'Pause' }).click();
  await app.getByRole('button', { name: 'Restart' }).click();
  expect(Object.values(await rowStates(app, patterns))).toEqual(patterns.map(() => 'active'));
  await expect(app.locator('.nat-summary')).toHaveText(/^Behind a 5 min NAT: 1 of 5 hosts survive an idle hour; .* die after 5 min\.$/);
  await screenshot(app, 'nat-t0.png');

  // The user leaves; the animation runs at 600x until 10 simulated minutes have passed.
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  const start = await simSeconds(app);
  await app.getByRole('combobox', { name: 'Speed' }).selectOption('600');
  await app.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => simSeconds(app), { timeout: 20_000 }).toBeGreaterThanOrEqual(start + 600);
  await app.getByRole('button', { name: 'Pause' }).click();

  // Expected from the model on the API's own values, and spelled out for this fixture.
  const expected = Object.fromEntries(snap.hosts.map((h) => [h.pattern, survivesIdle(sessionSettingsOf(h.values), 300, 600).survives ? 'idle' : 'deleted']));
  expect(expected).toEqual({ 'github.com': 'deleted', 'web1 web2': 'idle', db: 'deleted', '*.lab !printer.lab': 'deleted', '*': 'deleted' });
  await expect.poll(() => rowStates(app, patterns)).toEqual(expected);
  await expect(app.getByRole('img', { name: /^NAT diagram/ })).toHaveAttribute('aria-label', /4 of 5 connection-table entries deleted/);
  await screenshot(app, 'nat-expired.png');

  // The next keystroke in a deleted session ends as in the article.
  await natRow(app, 'db').getByRole('button', { name: 'Type in db' }).click();
  await app.getByRole('button', { name: 'Step' }).click();
  await expect(natRow(app, 'db').locator('td.nat-session')).toHaveText('Write failed: Broken pipe');
  await expect(natRow(app, 'web1 web2').locator('td.nat-session')).not.toContainText('Broken pipe');
});

test('Skip 10 minutes fast-forwards at once; other NAT presets change who survives', async ({ app }) => {
  await openNatView(app);
  await app.getByRole('button', { name: 'Pause' }).click();
  await app.getByRole('combobox', { name: 'Where do you connect from?' }).selectOption({ label: 'Google Cloud NAT: 20 min' });
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(await rowStates(app, ['github.com', 'db'])).toEqual({ 'github.com': 'idle', db: 'idle' });
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(await rowStates(app, ['github.com', 'web1 web2', 'db'])).toEqual({ 'github.com': 'deleted', 'web1 web2': 'idle', db: 'deleted' });
  await expect(app.locator('.nat-summary')).toHaveText(/^Behind a 20 min NAT: 1 of 5 hosts survive an idle hour; .* die after 20 min\.$/);

  // A server-side keepalive (ClientAliveInterval) protects every session, whatever the client does.
  await app.getByRole('combobox', { name: "Servers' ClientAliveInterval" }).selectOption('60');
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(Object.values(await rowStates(app, ['github.com', 'web1 web2', 'db', '*.lab !printer.lab', '*']))).toEqual(['idle', 'idle', 'idle', 'idle', 'idle']);
  await expect(app.locator('.nat-summary')).toHaveText('Behind a 20 min NAT: all 5 hosts survive an idle hour.');
});

test('toggling keepalive in the diagram writes the config file and keeps that session alive', async ({ app, home }) => {
  await openNatView(app);
  await app.getByRole('button', { name: 'Pause' }).click();
  const before = await fs.readFile(home.configPath, 'utf8');
  const toggle = natRow(app, 'db').getByRole('switch', { name: 'Keepalive for db', exact: true });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();

  const dialog = app.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Turn keepalive on for db (every 60 s)');
  expect(await fs.readFile(home.configPath, 'utf8')).toBe(before);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();

  // Only the db block gained a line; everything else is byte for byte the same.
  const after = await fs.readFile(home.configPath, 'utf8');
  expect(after).toBe(before.replace('\tServerAliveCountMax 5   \n', '\tServerAliveCountMax 5   \n\tServerAliveInterval 60\n'));
  await expect(natRow(app, 'db').getByRole('switch', { name: 'Keepalive for db', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(natRow(app, 'db').locator('td.nat-keepalive')).toContainText('every 60 s');

  // The animation follows at once: db now survives the coffee break, github.com does not.
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(await rowStates(app, ['db', 'github.com'])).toEqual({ db: 'idle', 'github.com': 'deleted' });

  // Undo from here restores the file byte for byte, and db is unprotected again.
  await app.getByRole('button', { name: 'Undo last change' }).click();
  await expect(natRow(app, 'db').getByRole('switch', { name: 'Keepalive for db', exact: true })).toHaveAttribute('aria-checked', 'false');
  expect(await fs.readFile(home.configPath, 'utf8')).toBe(before);
});

test.describe('without Host blocks', () => {
  test.use({ homeSpec: { files: null } });

  test("shows the article's AWS / work / school example", async ({ app }) => {
    await openNatView(app);
    await app.getByRole('button', { name: 'Pause' }).click();
    await app.getByRole('button', { name: 'Restart' }).click();
    expect(await rowStates(app, ['aws', 'work', 'school'])).toEqual({ aws: 'active', work: 'active', school: 'idle' });
    await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
    // The article: still working in AWS and at work; school was left idle and is gone.
    expect(await rowStates(app, ['aws', 'work', 'school'])).toEqual({ aws: 'active', work: 'active', school: 'deleted' });
    // The example's switch is a what-if: nothing to write, the animation reconnects with keepalive.
    await natRow(app, 'school').getByRole('switch', { name: 'Keepalive for school' }).click();
    await app.getByRole('button', { name: 'Go for coffee' }).click();
    await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
    expect(await rowStates(app, ['aws', 'work', 'school'])).toEqual({ aws: 'deleted', work: 'deleted', school: 'idle' });
  });
});

test('keyboard, reduced motion, dark mode and axe', async ({ app }) => {
  await app.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'dark' });
  // Tabs follow the WAI-ARIA pattern: arrow keys move between them.
  await app.getByRole('tab', { name: 'Hosts' }).focus();
  await app.keyboard.press('ArrowRight');
  await expect(app.getByRole('tab', { name: 'Why sessions die' })).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('img', { name: /^NAT diagram/ })).toBeVisible();

  // Reduced motion: nothing plays by itself and no packet moves.
  await expect(app.getByRole('button', { name: 'Play' })).toBeVisible();
  const t0 = await simSeconds(app);
  await app.waitForTimeout(300);
  expect(await simSeconds(app)).toBe(t0);
  await expect(app.locator('.nat-packet')).toHaveCount(4); // the legend's swatches only

  // Everything works from the keyboard.
  await app.getByRole('button', { name: 'Go for coffee' }).focus();
  await app.keyboard.press('Enter');
  await app.keyboard.press('Tab');
  await expect(app.getByRole('button', { name: 'Skip 10 minutes' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(natRow(app, 'github.com').locator('td.nat-state')).toHaveText('deleted');

  // Dark mode: the page and the diagram take the dark palette.
  expect(await app.locator('html').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(13, 17, 23)');
  expect(await app.locator('.nat-router rect').evaluate((el) => getComputedStyle(el).stroke)).toBe('rgb(68, 147, 248)');
  await screenshot(app, 'nat-dark.png');
  const axe = await new AxeBuilder({ page: app }).include('.nat-view').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test.describe('a config with 300 hosts', () => {
  const config = Array.from({ length: 300 }, (_, i) => `Host n${i}\n    HostName 10.0.${i >> 8}.${i & 255}\n${i % 3 === 0 ? '    ServerAliveInterval 60\n' : ''}`).join('\n');
  test.use({ homeSpec: { files: { config: Buffer.from(config) } } });

  test('draws the first 50 sessions and summarizes all of them', async ({ app }) => {
    const table = await openNatView(app);
    await expect(table.locator('tbody tr')).toHaveCount(50);
    await expect(app.getByText('The diagram and the table show the first 50 of your 300 hosts')).toBeVisible();
    await expect(app.locator('.nat-summary')).toHaveText(/^Behind a 5 min NAT: 100 of 300 hosts survive an idle hour; n1, n2, n4 and 197 more die after 5 min\.$/);
    await app.getByRole('button', { name: 'Go for coffee' }).click();
    await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
    await expect(natRow(app, 'n0').locator('td.nat-state')).toHaveText('idle');
    await expect(natRow(app, 'n1').locator('td.nat-state')).toHaveText('deleted');
  });
});
