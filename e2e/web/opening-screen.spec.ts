/**
 * The screen a user opens (issue 15 items 6, 7, 9, 10; issue 16's window), on the realistic
 * developer-laptop config (16 Host blocks: a bastion with five ProxyJump hosts, `Host *.internal`,
 * `Include conf.d/*.conf`, a `Match ... exec` block, a host at 600 s, `Host *` without keepalive):
 * the opening answer and the network question, the dense list with its filter and row menu (keyboard
 * only), feedback that stays in view, file:line that copies its path in a browser, a 10,000-host list
 * rendered a window at a time; axe light and dark, screenshots at 1280x800 and 800x600.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { checkAnswer } from '../../common/contract/bridge-checks';
import { generateConfig } from '../fixtures/configs/index';
import { sshG } from '../fixtures/configs/openssh';
import { developerLaptop, SCREENS, viewportShot } from './developer-laptop';
import type { WebHost } from '../../electron/web/host';
import { TOKEN_HEADER } from '../../electron/web/security';
import { expect, hostRow, test } from './fixtures';
import { expectAxeClean } from './axe';

test.use({ homeSpec: developerLaptop() });

/** The list's hosts by the API itself (`Host *` is the all-hosts card, not a row). */
const listed = (snap: ConfigSnapshot) => snap.hosts.filter((h) => h.pattern !== '*');
/** Hosts whose idle session drops on this network, as the core judges them (decided, not protected). */
const dropping = (snap: ConfigSnapshot) => listed(snap).filter((h) => h.decided && !h.verdict.protected);

test('the opening answer counts the hosts that drop on this network and Protect them fixes what it can, as ssh -G reads it', async ({ app, home, snapshot }) => {
  const snap = await snapshot();
  expect(listed(snap)).toHaveLength(16);
  const bad = dropping(snap);
  expect(bad.length).toBeGreaterThan(1);
  const headline = app.locator('#opening-answer');
  await expect(headline).toHaveText(`${bad.length} of 16 hosts drop after 5 min idle on this network`);
  // Each of them really has no keepalive that crosses a 5-minute NAT, by ssh -G itself.
  for (const h of bad.filter((b) => !/[*?]/.test(b.pattern))) {
    const ssh = await sshG(home.configPath, h.sampleHost, home.home);
    expect(ssh.ok && (ssh.values.serverAliveInterval === 0 || ssh.values.serverAliveInterval >= 300), h.pattern).toBe(true);
  }
  const undecided = listed(snap).filter((h) => !h.decided).length;
  await expect(app.locator('.opening')).toContainText(`${undecided} more depend on a Match block.`);

  await app.getByRole('button', { name: 'Protect them' }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-add .diff-text')).toContainText(['    ServerAliveInterval 60']);
  await dialog.getByRole('button', { name: /^Apply/ }).click();
  await expect(dialog).toBeHidden();
  const github = await sshG(home.configPath, 'github.com', home.home);
  expect(github.ok && github.values.serverAliveInterval).toBe(60);
  // What is left is what the file itself decides first: backup's own 600 s.
  const after = await snapshot();
  expect(dropping(after).map((h) => h.pattern)).toEqual(['backup']);
  await expect(headline).toHaveText('1 of 16 hosts drops after 5 min idle on this network');
});

test('"Where do you connect from?" in words: one list of networks with their documented timeouts, remembered, the same control in the NAT view', async ({ app, webHost }) => {
  const where = app.getByRole('combobox', { name: 'Where do you connect from?' });
  await expect(where).toHaveValue('home');
  await expect(where.locator('option')).toContainText([
    'Home router: 5 min',
    'Mobile data (carrier NAT): 4 min',
    'Hotel or café Wi-Fi: 2 min',
    'Office behind a corporate firewall: 1 h',
    'AWS Network Load Balancer (TCP): 5 min 50 s',
    'AWS Classic Load Balancer: 1 min',
    'Azure Load Balancer: 4 min',
    'Google Cloud NAT: 20 min',
  ]);
  // Each says where its number comes from.
  await where.selectOption({ label: 'AWS Network Load Balancer (TCP): 5 min 50 s' });
  await expect(where).toHaveAccessibleDescription(/AWS documentation, Network Load Balancer idle timeout: 350 s by default/);
  await where.selectOption({ label: 'Google Cloud NAT: 20 min' });
  // 600 s is enough behind a 20-minute NAT: the verdicts follow.
  await expect(hostRow(app, 'backup')).toHaveAttribute('data-status', 'ok');
  const bad = dropping(await snapshotAt(webHost, 1200));
  await expect(app.locator('#opening-answer')).toHaveText(`${bad.length} of 16 hosts drop after 20 min idle on this network`);

  // Remembered, and the one control of every view: the NAT view shows the same choice.
  await app.reload();
  await expect(app.getByRole('combobox', { name: 'Where do you connect from?' })).toHaveValue('gcp-cloud-nat');
  await app.getByRole('tab', { name: 'Why sessions die' }).click();
  const natWhere = app.getByRole('tabpanel').getByRole('combobox', { name: 'Where do you connect from?' });
  await expect(natWhere).toHaveValue('gcp-cloud-nat');
  await natWhere.selectOption({ label: 'Azure NAT Gateway: 4 min' });
  await app.getByRole('tab', { name: 'Hosts' }).click();
  // Two presets share 4 minutes: the one chosen is the one shown.
  await expect(app.getByRole('combobox', { name: 'Where do you connect from?' })).toHaveValue('azure-nat-gateway');
  await expect(app.locator('#opening-answer')).toContainText('after 4 min idle');
});

/** What the API answers for this config behind a NAT of `seconds` (the same call the page makes). */
async function snapshotAt(webHost: WebHost, seconds: number): Promise<ConfigSnapshot> {
  const res = await fetch(`http://127.0.0.1:${webHost.port}/api/hosts:list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: webHost.token },
    body: JSON.stringify({ configPath: '', natTimeoutSeconds: seconds }),
  });
  // Decoded as the page decodes it (the rows travel as a host table).
  const body = checkAnswer('hosts:list', await res.json());
  if (!body.ok) throw new Error(body.error.message);
  return body.value;
}

test('a dense list: one line per host with where it points (as ssh -G says) and keepalive as an outcome; Host * only in the card; the Match block as a condition; 12+ hosts at 1280x800', async ({ app, home, snapshot }) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  const snap = await snapshot();
  const rows = app.locator('tr[data-host]');
  await expect(rows).toHaveCount(16);
  await expect(hostRow(app, '*')).toHaveCount(0);
  await expect(app.getByRole('region', { name: 'All hosts' })).toContainText('Host *');

  // Every literal host: user@HostName[:port] via its jump host, as ssh -G resolves it.
  for (const h of listed(snap).filter((x) => !/[*?]/.test(x.pattern))) {
    const ssh = await sshG(home.configPath, h.pattern, home.home);
    if (!ssh.ok) throw new Error(ssh.stderr);
    const jump = ssh.values.raw.get('proxyjump');
    const port = ssh.values.port === 22 ? '' : `:${ssh.values.port}`;
    const cell = hostRow(app, h.pattern).locator('td[data-field="points-to"]');
    await expect(cell, h.pattern).toHaveText(`${ssh.values.user}@${ssh.values.hostName}${port}${jump ? ` via ${jump}` : ''}`);
    await expect(cell).toHaveAttribute('title', new RegExp(`^HostName ${ssh.values.hostName.replace(/\./g, '\\.')} · User ${ssh.values.user} · Port ${ssh.values.port}`));
  }
  // A wildcard block never shows the made-up name its values were computed for.
  await expect(hostRow(app, '*.internal').locator('td[data-field="points-to"]')).toHaveText(/^\S+@\*\.internal via bastion$/);
  expect(await app.locator('body').innerText()).not.toContain('keepalive-sample');
  expect(await app.evaluate(() => [...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title')).join('\n'))).not.toContain('keepalive-sample');

  // Keepalive as what the user gets, with the keywords in the tooltip.
  const bastion = hostRow(app, 'bastion').locator('td[data-field="verdict"]');
  await expect(bastion).toContainText('every 60\u00a0s; a dead link noticed after ~4\u00a0min');
  await expect(bastion).toHaveAttribute('title', 'ServerAliveInterval 60 (config:8) · ServerAliveCountMax 3 (OpenSSH default) · TCPKeepAlive yes (OpenSSH default)');
  await expect(hostRow(app, 'backup').locator('td[data-field="verdict"]')).toContainText('every 600\u00a0s: too slow, drops after 5\u00a0min idle');

  // The Match block is a condition, where ssh reads it, not a host.
  const match = app.locator('tr[data-match]');
  await expect(match).toHaveCount(1);
  await expect(match).toContainText('host *.example.com exec "test -f ~/.ssh/at-the-office"');
  await expect(match).toContainText('Sets ServerAliveInterval 20 if its conditions hold when ssh connects.');
  await expect(match.getByRole('switch')).toHaveCount(0);
  await expect(hostRow(app, 'staging').locator('.tag')).toHaveText('Match');

  // One line per host, and at least 12 hosts on the first screen.
  const boxes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, height: r.height })));
  expect(new Set(boxes.map((b) => Math.round(b.height))).size).toBe(1);
  expect(boxes.filter((b) => b.top >= 0 && b.bottom <= 800).length).toBeGreaterThanOrEqual(12);
  // One menu per row instead of repeated links.
  await expect(app.getByRole('button', { name: /^Actions for / })).toHaveCount(16);
  await expect(app.getByRole('button', { name: /^(PuTTY and WinSCP|Measure network) for / })).toHaveCount(0);
});

test('keyboard only: the filter finds hosts by alias, address, user and jump host, and by status', async ({ app, snapshot }) => {
  const filter = app.getByRole('searchbox', { name: 'Filter hosts' });
  for (let i = 0; i < 40 && !(await filter.evaluate((el) => el === document.activeElement)); i++) await app.keyboard.press('Tab');
  await expect(filter).toBeFocused();
  const shown = () => app.locator('tr[data-host]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-host')));
  const count = app.locator('.filter [role="status"]');

  await app.keyboard.type('bastion');
  // The bastion itself, and every host whose jump host it is.
  await expect.poll(shown).toEqual(['bastion', 'web-1', 'web-2', 'api', 'db-primary', 'db-replica', '*.internal']);
  await expect(count).toHaveText('7 of 16 hosts');
  await filter.fill('');
  await app.keyboard.type('10.0.3.');
  await expect.poll(shown).toEqual(['db-primary', 'db-replica']);
  await filter.fill('');
  await app.keyboard.type('grafana');
  await expect.poll(shown).toEqual(['monitoring']);
  await filter.fill('');

  // Status: Tab to the select, pick "Drops when idle" with the arrow keys.
  await app.keyboard.press('Tab');
  const status = app.getByRole('combobox', { name: 'Show' });
  await expect(status).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(status).toHaveValue('bad');
  const bad = dropping(await snapshot()).map((h) => h.pattern);
  await expect.poll(shown).toEqual(bad);
  // Match-dependent hosts, and the Match block itself, under "Depends on a Match".
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await expect(status).toHaveValue('depends');
  await expect.poll(shown).toEqual(['ci-runner', 'staging']);
  await expect(app.locator('tr[data-match]')).toHaveCount(1);
});

test('keyboard only: the row actions menu (menu button pattern) opens, moves, closes and opens a panel', async ({ app }) => {
  const button = app.getByRole('button', { name: 'Actions for db-primary', exact: true });
  await button.focus();
  await expect(button).toHaveAttribute('aria-haspopup', 'menu');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await app.keyboard.press('Enter');
  const menu = app.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const items = menu.getByRole('menuitemcheckbox');
  await expect(items.first()).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await app.keyboard.press('End');
  await expect(items.last()).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(items.first()).toBeFocused(); // wraps
  await app.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();

  // Up opens on the last item; a letter moves to the item starting with it.
  await app.keyboard.press('ArrowUp');
  await expect(items.last()).toBeFocused();
  await app.keyboard.press('p');
  await expect(menu.getByRole('menuitemcheckbox', { name: 'PuTTY and WinSCP' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();
  const panel = app.getByRole('region', { name: 'PuTTY and WinSCP for db-primary' });
  await expect(panel).toBeVisible();
  await expectAxeClean(app, 'row panel open', { schemes: ['light', 'dark'] });
  await app.keyboard.press('Enter');
  await expect(app.getByRole('menuitemcheckbox', { name: 'PuTTY and WinSCP' })).toHaveAttribute('aria-checked', 'true');
  await app.keyboard.press('Escape');
  await panel.getByRole('button', { name: 'Close PuTTY and WinSCP for db-primary' }).click();
  await expect(panel).toHaveCount(0);
  // Tab leaves an open menu and closes it.
  await button.focus();
  await app.keyboard.press('Space');
  await expect(menu).toBeVisible();
  await expectAxeClean(app, 'row menu open', { schemes: ['light', 'dark'] });
  await app.keyboard.press('Tab');
  await expect(menu).toHaveCount(0);
});

test('feedback stays where the user looks: the saved notice is a toast in view with Undo, whatever row changed', async ({ app, home }) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  const before = await fs.readFile(home.configPath);
  // A row at the bottom of the list, the page scrolled so that it is the last thing on screen.
  const row = hostRow(app, 'dev-vm');
  await row.scrollIntoViewIfNeeded();
  await app.getByRole('switch', { name: 'Keepalive for dev-vm', exact: true }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  const saved = app.getByRole('status').filter({ hasText: 'Saved.' });
  await expect(saved).toBeInViewport({ ratio: 1 });
  await app.evaluate(() => window.scrollTo(0, 0));
  await expect(saved).toBeInViewport({ ratio: 1 });
  await app.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(saved).toBeInViewport({ ratio: 1 });
  const undo = app.getByRole('button', { name: /^Undo last change/ });
  await expect(undo).toBeInViewport();
  await undo.click();
  await expect(app.getByRole('status').filter({ hasText: 'Undone.' })).toBeInViewport({ ratio: 1 });
  expect((await fs.readFile(home.configPath)).equals(before)).toBe(true);
  await app.getByRole('button', { name: 'Dismiss' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Undone.' })).toHaveCount(0);

  // Words: hosts are hosts, blocks are the config's; no placeholder article or made-up host.
  const text = await app.locator('main').innerText();
  expect(text).not.toMatch(/the article/i);
  expect(text).not.toContain('Host blocks (');
  await expect(app.getByRole('heading', { name: 'Hosts (16)' })).toBeVisible();
});

test('file:line in a browser copies the full path and line (a page must not start programs)', async ({ app, home, context, webHost }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const place = hostRow(app, 'monitoring').getByRole('button', { name: 'Copy the path conf.d/work.conf:11' });
  await expect(place).toHaveText('conf.d/work.conf:11');
  await place.click();
  await expect(hostRow(app, 'monitoring').getByRole('status')).toHaveText('Copied');
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(`${path.join(home.sshDir, 'conf.d', 'work.conf')}:11`);
  // The all-hosts card's Host * line, and the Match block's, too.
  await app.getByRole('region', { name: 'All hosts' }).getByRole('button', { name: 'Copy the path config:63' }).click();
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(`${home.configPath}:63`);
  // The web host starts no editor, whatever a page asks.
  const res = await fetch(`http://127.0.0.1:${webHost.port}/api/editor:open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: webHost.token },
    body: JSON.stringify({ configPath: '', file: home.configPath, line: 1 }),
  });
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unsupported' } });
});

test('axe clean and screenshots: the opening screen at 1280x800 and 800x600, light and dark', async ({ app }) => {
  await expectAxeClean(app, 'opening screen', { schemes: ['light', 'dark'] });
  for (const screen of SCREENS) {
    await app.setViewportSize({ width: screen.width, height: screen.height });
    await app.emulateMedia({ colorScheme: screen.scheme });
    await app.evaluate(() => window.scrollTo(0, 0));
    await viewportShot(app, 'opening-screen', screen);
    await app.locator('#hosts-heading').scrollIntoViewIfNeeded();
    await app.getByRole('button', { name: 'Actions for web-1', exact: true }).click();
    await viewportShot(app, 'host-list-menu', screen);
    await app.keyboard.press('Escape');
    // Nothing makes the page scroll sideways.
    expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
  }
});

test.describe('10,000 hosts', () => {
  test.use({ homeSpec: { files: { config: Buffer.from(generateConfig(10_000)) } } });

  test('only a window of rows is in the DOM; the page scrolls as if all were there; the filter finds any host', async ({ app, snapshot }) => {
    const snap = await snapshot();
    const all = listed(snap);
    await expect(app.getByRole('heading', { name: `Hosts (${all.length})` })).toBeVisible();
    await expect(app.locator('table.hosts-table')).toHaveAttribute('aria-rowcount', String(all.length + 1));
    expect(await app.locator('tr[data-host]').count()).toBeLessThan(80);
    // Jump to the middle: the rows there are rendered, with their own values and row index.
    const middle = all[5000]!;
    await app.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await expect(app.locator('tr[data-host]').first()).not.toHaveAttribute('data-host', all[0]!.pattern);
    const index = await app.locator('tr[data-host]').first().getAttribute('aria-rowindex');
    const first = all[Number(index) - 2]!;
    await expect(hostRow(app, first.pattern).first()).toHaveAttribute('data-status', first.verdict.protected ? 'ok' : 'bad');
    expect(await app.locator('tr[data-host]').count()).toBeLessThan(80);
    await app.getByRole('searchbox', { name: 'Filter hosts' }).fill(middle.pattern.split(' ')[0]!);
    await expect(hostRow(app, middle.pattern)).toBeVisible();
  });
});
