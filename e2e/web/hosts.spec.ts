import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sshG } from '../fixtures/configs/openssh';
import { generateConfig } from '../fixtures/configs/index';
import { ARTIFACTS_DIR, expect, fixtureFiles, hostRow, shownValue, test } from './fixtures';

const APPLIES = /applies to new connections.*open (ssh )?sessions keep their (old )?settings until they reconnect/i;

/** Every row's shown values against `ssh -G -F <config> <sample host>` (real OpenSSH). */
async function expectRowsMatchSsh(page: Page, configPath: string, home: string, hosts: { pattern: string; sampleHost: string }[]) {
  // `Host *` is the all-hosts card, not a row.
  for (const { pattern, sampleHost } of hosts.filter((h) => h.pattern !== '*')) {
    const ssh = await sshG(configPath, sampleHost, home);
    if (!ssh.ok) throw new Error(`ssh -G ${sampleHost}: ${ssh.stderr}`);
    const interval = await shownValue(page, pattern, 'serverAliveInterval');
    const countMax = await shownValue(page, pattern, 'serverAliveCountMax');
    const tcp = await shownValue(page, pattern, 'tcpKeepAlive');
    expect.soft(Number(interval.value), `${pattern}: ServerAliveInterval`).toBe(ssh.values.serverAliveInterval);
    expect.soft(Number(countMax.value), `${pattern}: ServerAliveCountMax`).toBe(ssh.values.serverAliveCountMax);
    expect.soft(tcp.value, `${pattern}: TCPKeepAlive`).toBe(ssh.values.tcpKeepAlive ? 'yes' : 'no');
  }
}

test('lists every Host block with its effective values, their sources and a verdict, as ssh -G says', async ({ app, home, snapshot }) => {
  const snap = await snapshot();
  expect(snap.hosts.map((h) => h.pattern)).toEqual(['github.com', 'web1 web2', 'db', '*.lab !printer.lab', '*']);
  // `Host *` is the all-hosts card, not a row.
  const listed = snap.hosts.filter((h) => h.pattern !== '*');
  await expect(app.locator('tr[data-host]')).toHaveCount(listed.length);
  for (const h of listed) {
    await expect(hostRow(app, h.pattern)).toBeVisible();
    await expect(app.getByRole('switch', { name: `Keepalive for ${h.pattern}`, exact: true })).toHaveAttribute('aria-checked', String(h.keepaliveOn));
  }
  await expectRowsMatchSsh(app, home.configPath, home.home, listed);
  // Where each value comes from: a file:line, or OpenSSH's built-in default.
  expect(await shownValue(app, 'web1 web2', 'serverAliveInterval')).toEqual({ value: '30', source: 'config:9' });
  expect(await shownValue(app, 'db', 'serverAliveCountMax')).toEqual({ value: '5', source: 'config:13' });
  expect(await shownValue(app, 'github.com', 'serverAliveInterval')).toEqual({ value: '0', source: 'OpenSSH default' });
  expect(await shownValue(app, '*.lab !printer.lab', 'tcpKeepAlive')).toEqual({ value: 'no', source: 'config:17' });
  // Keepalive as an outcome: interval x (ServerAliveCountMax + 1) until a dead link is noticed.
  await expect(hostRow(app, 'web1 web2').locator('td[data-field="verdict"] .clamp')).toHaveText('Stays connected: every 30\u00a0s; a dead link noticed after ~2\u00a0min');
  await expect(hostRow(app, 'db').locator('td[data-field="verdict"] .clamp')).toHaveText('Drops when idle: off: drops after 5\u00a0min idle');
  await expect(hostRow(app, 'github.com')).toHaveAttribute('data-status', 'bad');
  // Where each points, as ssh -G resolves it (HostName %h.example.com, User deploy).
  await expect(hostRow(app, 'web1 web2').locator('td[data-field="points-to"]')).toHaveText('deploy@web1.example.com');
  await expect(hostRow(app, 'web1 web2').locator('td[data-field="points-to"]')).toHaveAttribute('title', 'HostName web1.example.com · User deploy · Port 22');
});

test('a toggle shows the exact diff first, then writes only that line; shown values follow ssh -G', async ({ app, home, snapshot }) => {
  const before = await fs.readFile(home.configPath);
  const toggle = app.getByRole('switch', { name: 'Keepalive for db', exact: true });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();

  const dialog = app.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText('Turn keepalive on for db (every 60 s)');
  const added = dialog.locator('tr.diff-add');
  await expect(added).toHaveCount(1);
  await expect(added.locator('.diff-text')).toHaveText('\tServerAliveInterval 60');
  await expect(added.locator('.diff-num').nth(1)).toHaveText('14');
  await expect(dialog.locator('tr.diff-remove')).toHaveCount(0);
  // Nothing is written by the preview.
  expect((await fs.readFile(home.configPath)).equals(before)).toBe(true);

  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('status')).toContainText(APPLIES);

  // The file: exactly one line more, after line 13, in the block's own indentation; every other byte kept.
  const lines = before.toString('utf8').split('\n');
  lines.splice(13, 0, '\tServerAliveInterval 60');
  expect((await fs.readFile(home.configPath)).toString('utf8')).toBe(lines.join('\n'));

  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  expect(await shownValue(app, 'db', 'serverAliveInterval')).toEqual({ value: '60', source: 'config:14' });
  await expect(hostRow(app, 'db')).toContainText('every 60\u00a0s; a dead link noticed after ~6\u00a0min');
  await expectRowsMatchSsh(app, home.configPath, home.home, (await snapshot()).hosts);
});

test('Undo restores the file byte for byte and the view follows', async ({ app, home }) => {
  const before = await fs.readFile(home.configPath);
  await app.getByRole('switch', { name: 'Keepalive for web1 web2', exact: true }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-remove .diff-text')).toHaveText('    ServerAliveInterval 30');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByRole('switch', { name: 'Keepalive for web1 web2', exact: true })).toHaveAttribute('aria-checked', 'false');
  expect((await fs.readFile(home.configPath)).equals(before)).toBe(false);

  await app.getByRole('button', { name: 'Undo last change' }).click();
  await expect(app.getByRole('status')).toContainText('Undone');
  await expect(app.getByRole('switch', { name: 'Keepalive for web1 web2', exact: true })).toHaveAttribute('aria-checked', 'true');
  expect((await fs.readFile(home.configPath)).equals(before)).toBe(true);
  expect(await shownValue(app, 'web1 web2', 'serverAliveInterval')).toEqual({ value: '30', source: 'config:9' });
});

test('a change prepared against an older read of the file is refused, nothing is written, the view reloads', async ({ app, home }) => {
  await app.getByRole('switch', { name: 'Keepalive for github.com', exact: true }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-add')).toHaveCount(1);

  // Another program edits the file between the preview and the apply.
  const edited = (await fs.readFile(home.configPath, 'utf8')) + '\nHost newbox\n    HostName 198.51.100.7\n';
  await fs.writeFile(home.configPath, edited);

  await dialog.getByRole('button', { name: 'Apply' }).click();
  const alert = app.getByRole('alert').filter({ hasText: 'Refused' });
  await expect(alert).toContainText('Nothing was written');
  await expect(dialog).toBeHidden();
  expect(await fs.readFile(home.configPath, 'utf8')).toBe(edited);
  // Reloaded: the block the other program added is listed, github.com is still off.
  await expect(hostRow(app, 'newbox')).toBeVisible();
  await expect(app.getByRole('switch', { name: 'Keepalive for github.com', exact: true })).toHaveAttribute('aria-checked', 'false');
});

test('follows edits made by other programs without a reload', async ({ app, home }) => {
  const text = await fs.readFile(home.configPath, 'utf8');
  await fs.writeFile(home.configPath, text.replace('    User git\n', '    User git\n    ServerAliveInterval 45\n'));
  await expect(app.getByRole('switch', { name: 'Keepalive for github.com', exact: true })).toHaveAttribute('aria-checked', 'true');
  expect(await shownValue(app, 'github.com', 'serverAliveInterval')).toEqual({ value: '45', source: 'config:4' });
  await expect(hostRow(app, 'github.com')).toHaveAttribute('data-status', 'ok');
});

test('the interval is validated (1..86400) with a clear message and nothing is written', async ({ app, home }) => {
  const before = await fs.readFile(home.configPath);
  // The row shows the interval as a button; choosing it opens the field in its place, focused.
  await app.getByRole('button', { name: 'Interval for github.com: 60 s, change' }).click();
  const field = app.getByRole('textbox', { name: 'Interval for github.com (seconds)' });
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('60');
  for (const [input, message] of [
    ['0', 'between 1 and 86400 seconds'],
    ['90000', 'between 1 and 86400 seconds'],
    ['1.5', 'whole number of seconds'],
    ['abc', 'whole number of seconds'],
  ] as const) {
    await field.fill(input);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(new RegExp(message));
    await app.getByRole('switch', { name: 'Keepalive for github.com', exact: true }).click();
    await expect(app.getByRole('dialog')).toHaveCount(0);
  }
  expect((await fs.readFile(home.configPath)).equals(before)).toBe(true);

  // A valid custom interval goes into the preview and the file.
  await field.fill('25');
  await app.getByRole('switch', { name: 'Keepalive for github.com', exact: true }).click();
  await expect(app.getByRole('dialog').locator('tr.diff-add .diff-text')).toHaveText('    ServerAliveInterval 25');
  await app.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByRole('switch', { name: 'Keepalive for github.com', exact: true })).toHaveAttribute('aria-checked', 'true');
  expect(await shownValue(app, 'github.com', 'serverAliveInterval')).toEqual({ value: '25', source: 'config:5' });
  const ssh = await sshG(home.configPath, 'github.com', home.home);
  expect(ssh.ok && ssh.values.serverAliveInterval).toBe(25);
});

test('keyboard only: reach a switch with Tab, preview with Space, apply with Enter, focus always visible', async ({ app, home }) => {
  const target = 'Keepalive for *.lab !printer.lab';
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await app.keyboard.press('Tab');
    const focused = app.locator(':focus');
    // Every stop on the way shows where focus is.
    const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline, `focus ring on ${await focused.evaluate((el) => el.outerHTML.slice(0, 80))}`).not.toBe('none');
    reached = (await focused.getAttribute('aria-label')) === target;
  }
  expect(reached, `Tab reaches "${target}"`).toBe(true);
  await app.keyboard.press('Space');
  const dialog = app.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Apply' })).toBeFocused();
  // Escape cancels without writing.
  const before = await fs.readFile(home.configPath);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await fs.readFile(home.configPath)).equals(before)).toBe(true);
  await expect(app.getByRole('switch', { name: target, exact: true })).toBeFocused();

  await app.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await app.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('switch', { name: target, exact: true })).toHaveAttribute('aria-checked', 'true');
  expect((await fs.readFile(home.configPath, 'utf8')).includes('    TCPKeepAlive no\n    ServerAliveInterval 60\n')).toBe(true);
});

test.describe('an earlier block decides the value', () => {
  test.use({ homeSpec: { files: null } });
  test.beforeEach(async ({ home }) => {
    await fs.mkdir(home.sshDir, { recursive: true, mode: 0o700 });
    const files = await fixtureFiles('host-star-first');
    await fs.writeFile(home.configPath, files.config!, { mode: 0o600 });
  });

  test('a blocked edit explains what decides it and offers the edit that works', async ({ page, webHost, home }) => {
    await page.goto(webHost.url);
    const toggle = page.getByRole('switch', { name: 'Keepalive for staging', exact: true });
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await toggle.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('would change nothing');
    await expect(dialog).toContainText('config:3');
    const choices = dialog.getByRole('radio');
    expect(await choices.count()).toBeGreaterThan(0);
    await expect(choices.first()).toBeChecked();
    await expect(dialog.locator('tr.diff-add').first()).toBeVisible();
    await dialog.getByRole('button', { name: 'Apply chosen edit' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status')).toContainText(APPLIES);
    const ssh = await sshG(home.configPath, 'staging', home.home);
    expect(ssh.ok && ssh.values.serverAliveInterval).toBe(0);
    // The chosen edit added a `Host staging` block read first: both staging rows now resolve to off.
    const switches = page.getByRole('switch', { name: 'Keepalive for staging', exact: true });
    await expect(switches).toHaveCount(2);
    for (const s of await switches.all()) await expect(s).toHaveAttribute('aria-checked', 'false');
  });
});

test.describe('no ~/.ssh yet', () => {
  test.use({ homeSpec: { files: null } });

  test('explains the empty state; the all-hosts switch creates the file (600, dir 700)', async ({ app, home }) => {
    await expect(app.getByRole('heading', { name: 'No SSH config yet' })).toBeVisible();
    await app.getByRole('switch', { name: 'Keepalive for all hosts' }).click();
    const dialog = app.getByRole('dialog');
    await expect(dialog).toContainText('new file');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(app.getByRole('switch', { name: 'Keepalive for all hosts' })).toHaveAttribute('aria-checked', 'true');
    expect((await fs.stat(home.configPath)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(home.sshDir)).mode & 0o777).toBe(0o700);
    const ssh = await sshG(home.configPath, 'anything.example', home.home);
    expect(ssh.ok && ssh.values.serverAliveInterval).toBe(60);
    await expect(app.getByRole('heading', { name: 'No SSH config yet' })).toHaveCount(0);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`accessibility (${scheme}): no serious or critical axe violations, with and without the dialog`, async ({ app }) => {
    await app.emulateMedia({ colorScheme: scheme });
    const scan = async (where: string) => {
      const result = await new AxeBuilder({ page: app }).analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${where}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    };
    await scan('hosts view');
    await app.getByRole('switch', { name: 'Keepalive for db', exact: true }).click();
    await expect(app.getByRole('dialog')).toBeVisible();
    await scan('preview dialog');
  });
}

test('screenshot of the Hosts view (artifact)', async ({ app }, testInfo) => {
  await app.setViewportSize({ width: 1280, height: 900 });
  await app.getByRole('switch', { name: 'Keepalive for db', exact: true }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByRole('status')).toContainText(APPLIES);
  await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, 'hosts.png');
  await app.screenshot({ path: file, fullPage: true });
  await testInfo.attach('hosts', { path: file, contentType: 'image/png' });
  expect((await fs.stat(file)).size).toBeGreaterThan(10_000);
  await app.emulateMedia({ colorScheme: 'dark' });
  const dark = path.join(ARTIFACTS_DIR, 'hosts-dark.png');
  await app.screenshot({ path: dark, fullPage: true });
  await testInfo.attach('hosts-dark', { path: dark, contentType: 'image/png' });
});

test('the NAT idle timeout changes the verdicts (and is validated)', async ({ app }) => {
  await expect(hostRow(app, 'web1 web2')).toHaveAttribute('data-status', 'ok');
  const where = app.getByRole('combobox', { name: 'Where do you connect from?' });
  await expect(where).toHaveValue('home');
  await where.selectOption({ label: 'My own number of seconds…' });
  const nat = app.getByRole('textbox', { name: 'NAT idle timeout (seconds)' });
  await expect(nat).toHaveValue('300');
  await nat.fill('20');
  await expect(hostRow(app, 'web1 web2')).toHaveAttribute('data-status', 'bad');
  await expect(hostRow(app, 'web1 web2')).toContainText('every 30\u00a0s: too slow, drops after 20\u00a0s idle');
  await nat.fill('0');
  await expect(nat).toHaveAttribute('aria-invalid', 'true');
  await expect(nat).toHaveAccessibleDescription(/between 1 and/);
  await nat.fill('300');
  await expect(hostRow(app, 'web1 web2')).toHaveAttribute('data-status', 'ok');
});

test.describe('a config with problems', () => {
  test.use({ homeSpec: { files: null } });
  test.beforeEach(async ({ home }) => {
    await fs.mkdir(home.sshDir, { recursive: true, mode: 0o700 });
    await fs.writeFile(home.configPath, (await fixtureFiles('unparseable')).config!, { mode: 0o600 });
    await fs.writeFile(path.join(home.sshDir, 'runtime.conf'), 'Match exec "false"\n  ServerAliveInterval 9\n', { mode: 0o600 });
    await fs.appendFile(home.configPath, '\nMatch all\nInclude runtime.conf\n\nHost after\n  User a\n');
  });

  test('shows each problem with its file:line, and hosts a runtime condition could change', async ({ page, webHost, home }) => {
    await page.goto(webHost.url);
    const problems = page.getByRole('region', { name: 'Problems in the config' });
    await expect(problems).toContainText(`${home.configPath}:5`);
    await expect(problems).toContainText('ServerAlivInterval');
    const ssh = await sshG(home.configPath, 'typo', home.home);
    expect(ssh.ok).toBe(false);
    expect(!ssh.ok && ssh.errors.map((e) => e.line)).toContain(5);
    await expect(hostRow(page, 'after')).toHaveAttribute('data-status', 'depends');
    await expect(hostRow(page, 'after').locator('.tag')).toHaveAttribute('title', /runtime conditions/i);
  });
});

test('section tabs: arrow keys move between them, the panel follows', async ({ app }) => {
  const tabs = app.getByRole('tab');
  expect(await tabs.count()).toBeGreaterThan(1);
  const hostsTab = app.getByRole('tab', { name: 'Hosts' });
  await hostsTab.focus();
  await app.keyboard.press('ArrowRight');
  const second = tabs.nth(1);
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', (await second.getAttribute('id'))!);
  await app.keyboard.press('Home');
  await expect(hostsTab).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('switch', { name: 'Keepalive for all hosts' })).toBeVisible();
});

test.describe('a 5,000-host config', () => {
  test.use({ homeSpec: { files: { config: Buffer.from(generateConfig(5000)) } } });

  test('renders only the rows in view, the last one after scrolling; the filter finds any block and its switch works', async ({ app, home, snapshot }) => {
    await expect(app.getByRole('heading', { name: 'Hosts (5010)' })).toBeVisible();
    const rendered = await app.locator('tr[data-host]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    // The page is as tall as every row: scrolling to the end shows the last one.
    await app.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const last = (await snapshot()).hosts.filter((h) => h.pattern !== '*').at(-1)!.pattern;
    await expect(hostRow(app, last)).toBeInViewport();
    expect(await app.locator('tr[data-host]').count()).toBeLessThan(100);
    await app.evaluate(() => window.scrollTo(0, 0));
    await app.getByRole('searchbox', { name: 'Filter hosts' }).fill('node4998');
    await expect(app.locator('tr[data-host]')).toHaveCount(1);
    const toggle = app.getByRole('switch', { name: 'Keepalive for node4998', exact: true });
    await expect(toggle).toHaveAttribute('aria-checked', 'true'); // from `Host *` at the end
    await app.getByRole('button', { name: /^Interval for node4998: / }).click();
    await app.getByRole('textbox', { name: 'Interval for node4998 (seconds)' }).fill('45');
    await app.getByRole('button', { name: 'Set interval for node4998' }).click();
    await expect(app.getByRole('dialog').locator('tr.diff-add .diff-text')).toHaveText('    ServerAliveInterval 45');
    await app.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
    await expect(app.getByRole('dialog')).toBeHidden();
    await expect(hostRow(app, 'node4998')).toContainText('every 45\u00a0s; a dead link noticed');
    const ssh = await sshG(home.configPath, 'node4998', home.home);
    expect(ssh.ok && ssh.values.serverAliveInterval).toBe(45);
  });
});

test.describe('an unreadable config', () => {
  test.use({ homeSpec: { files: null } });
  test.beforeEach(async ({ home }) => {
    // A directory where the file should be: readable by nobody as a config, whoever runs the test.
    await fs.mkdir(home.configPath, { recursive: true });
  });

  test('says what is wrong and where, instead of an empty list', async ({ page, webHost, home }) => {
    await page.goto(webHost.url);
    const problems = page.getByRole('region', { name: 'Problems in the config' });
    await expect(problems).toContainText(home.configPath);
    await expect(problems).toContainText('not a regular file');
    await expect(page.getByRole('heading', { name: 'No Host blocks yet' })).toHaveCount(0);
  });
});

test.describe('a config another program creates', () => {
  test.use({ homeSpec: { files: {} } });

  test('appears without a reload', async ({ app, home }) => {
    await expect(app.getByRole('heading', { name: 'No SSH config yet' })).toBeVisible();
    await fs.writeFile(home.configPath, 'Host fresh\n  ServerAliveInterval 20\n', { mode: 0o600 });
    await expect(hostRow(app, 'fresh')).toContainText('every 20\u00a0s; a dead link noticed after ~1\u00a0min 20\u00a0s');
    await expect(app.getByRole('heading', { name: 'No SSH config yet' })).toHaveCount(0);
  });
});
