import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exportCommand } from '../../electron/cli/export';
import { createCliIo } from '../../electron/cli/io';
import { defaultContext } from '../../electron/core/kernel/context';
import { encodeReg } from '../../electron/core/sessions/reg';
import { expect, test } from './fixtures';

/**
 * The "PuTTY & WinSCP" tab: existing sessions with their keepalive state, one click to turn it on
 * (the file is edited in place, nothing else changes), and undo restores the exact bytes.
 */
test('lists PuTTY’s own sessions, turns keepalive on in place, undo restores the bytes', async ({ app, home }) => {
  const dir = path.join(home.home, '.putty', 'sessions');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const offText = 'HostName=files.example.com\nPortNumber=2200\nProtocol=ssh\nUserName=ann\nColour0=1,2,3\n';
  await fs.writeFile(path.join(dir, 'file%20server'), offText);
  await fs.writeFile(path.join(dir, 'router'), 'HostName=192.168.1.1\nPingIntervalSecs=30\n');
  // A symlinked "session" (beta -> ~/.profile) is named as skipped and never written through.
  const profile = path.join(home.home, '.profile');
  const profileBytes = Buffer.from('HostName=not-a-session\nexport EDITOR=vi\n');
  await fs.writeFile(profile, profileBytes);
  await fs.symlink(profile, path.join(dir, 'beta'));

  await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
  await expect(app.getByRole('radio', { name: /PuTTY sessions on this computer/ })).toBeChecked();
  const row = (name: string) => app.locator(`tr[data-session="${name}"]`);
  await expect(row('file server')).toContainText('ann@files.example.com:2200');
  await expect(row('file server').locator('[data-field="keepalive"]')).toHaveText('off');
  await expect(row('router').locator('[data-field="keepalive"]')).toHaveText('every 30 s');
  await expect(row('beta')).toHaveCount(0);
  await expect(app.getByTestId('putty-skipped')).toContainText('beta: a symbolic link');

  await row('file server').getByRole('button', { name: 'Turn keepalive on for file server' }).click();
  await expect(row('file server').locator('[data-field="keepalive"]')).toHaveText('every 60 s');
  expect(await fs.readFile(path.join(dir, 'file%20server'), 'utf8')).toBe(`${offText}PingInterval=1\nPingIntervalSecs=0\n`);
  const status = app.getByRole('status').filter({ hasText: 'Keepalive every 60 s' });
  await expect(status).toBeVisible();
  await expect(status).toContainText('Skipped: beta');
  expect((await fs.readFile(profile)).equals(profileBytes)).toBe(true);

  const axe = await new AxeBuilder({ page: app }).include('.putty-sessions').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await status.getByRole('button', { name: 'Undo' }).click();
  await expect(row('file server').locator('[data-field="keepalive"]')).toHaveText('off');
  expect(await fs.readFile(path.join(dir, 'file%20server'), 'utf8')).toBe(offText);
});

test('reads an uploaded .reg file, turns keepalive on in the app’s copy and offers the changed file', async ({ app, home }) => {
  const file = path.join(home.home, 'exported.reg');
  const k = (n: string) => `[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\${n}]`;
  const original = encodeReg(`Windows Registry Editor Version 5.00\r\n\r\n${k('a')}\r\n"HostName"="a.example"\r\n\r\n${k('b')}\r\n"HostName"="b.example"\r\n"PingType"=dword:00000001\r\n\r\n`);
  await fs.writeFile(file, original);
  await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
  // The page sends the file's bytes; the host never learns (or accepts) a path from the page.
  await app.getByLabel(/Or a file/).setInputFiles(file);
  await expect(app.getByRole('heading', { name: '2 sessions in exported.reg' })).toBeVisible();
  await app.getByLabel('Keepalive interval (seconds)').fill('25');
  await app.getByRole('button', { name: 'Turn keepalive on for 1 session without it' }).click();
  await expect(app.locator('tr[data-session="a"] [data-field="keepalive"]')).toHaveText('every 25 s');
  const status = app.getByRole('status').filter({ hasText: 'Keepalive every 25 s' });
  await expect(status).toContainText('download it');
  expect((await fs.readFile(file)).equals(original)).toBe(true); // the page cannot write the original
  const [download] = await Promise.all([app.waitForEvent('download'), status.getByRole('button', { name: 'Download the changed exported.reg' }).click()]);
  expect(download.suggestedFilename()).toBe('exported.reg');
  const bytes = await fs.readFile((await download.path())!);
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  expect(bytes.subarray(2).toString('utf16le')).toContain(`${k('a')}\r\n"HostName"="a.example"\r\n"PingType"=dword:00000001\r\n"PingInterval"=dword:00000000\r\n"PingIntervalSecs"=dword:00000019\r\n\r\n`);
  // Undo takes the copy back to the uploaded bytes.
  await status.getByRole('button', { name: 'Undo' }).click();
  await expect(app.locator('tr[data-session="a"] [data-field="keepalive"]')).toHaveText('off');
});

test('exports every named host plus PuTTY’s Default Settings: the download equals the CLI’s file', async ({ app, home }) => {
  await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
  const card = app.getByRole('region', { name: 'Export your hosts' });
  const [download] = await Promise.all([app.waitForEvent('download'), card.getByRole('button', { name: 'Download PuTTY .reg' }).click()]);
  const got = await fs.readFile((await download.path())!);
  const out = path.join(home.home, 'cli.reg');
  const ctx = defaultContext({ homeDir: home.home, stateDir: path.join(home.home, 'cli-state'), systemConfigPath: null, platform: 'linux' });
  expect(await exportCommand.run(['putty', '--format', 'reg', '--all', '--defaults', '--out', out], createCliIo(ctx, { stdout: () => undefined, stderr: () => undefined }))).toBe(0);
  expect(got.equals(await fs.readFile(out))).toBe(true);
  const text = got.subarray(2).toString('utf16le');
  expect(text).toContain('[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\Default%20Settings]');
  expect(text).not.toContain('Sessions\\%2A]'); // Host * is the Default Settings, not a session

  // Keepalive on in every session: added where a host has none, web1's own 30 s kept; the host
  // warnings (here github.com's key format) are listed with the bulk export too.
  await expect(card.getByRole('status')).toContainText('Keepalive added to 3 sessions without one.');
  await expect(card.getByRole('list', { name: 'Exported: settings without an exact equivalent' })).toContainText('github.com: IdentityFile ~/.ssh/id_ed25519: PuTTY needs a PuTTY key (.ppk)');

  // Saving them into PuTTY's own folder lists them below, with their keepalive.
  await card.getByRole('button', { name: 'Save into PuTTY’s sessions folder' }).click();
  await expect(card.getByRole('status')).toContainText('Saved Default Settings, github.com, web1, web2, db');
  await expect(app.locator('tr[data-session="web1"] [data-field="keepalive"]')).toHaveText('every 30 s');
  await expect(app.locator('tr[data-session="db"] [data-field="keepalive"]')).toHaveText('every 60 s');

  // Switched off: each host's own values, as `--keepalive keep`; Default Settings (Host * has no
  // keepalive here) is left out rather than written with 0, and the list says why.
  await card.getByRole('checkbox', { name: /Keep every session alive/ }).uncheck();
  const [kept] = await Promise.all([app.waitForEvent('download'), card.getByRole('button', { name: 'Download PuTTY .reg' }).click()]);
  const keptBytes = await fs.readFile((await kept.path())!);
  expect(await exportCommand.run(['putty', '--format', 'reg', '--all', '--defaults', '--keepalive', 'keep', '--out', out], createCliIo(ctx, { stdout: () => undefined, stderr: () => undefined }))).toBe(0);
  expect(keptBytes.equals(await fs.readFile(out))).toBe(true);
  expect(keptBytes.subarray(2).toString('utf16le')).not.toContain('Default%20Settings');
  await expect(card.getByRole('list', { name: 'Exported: settings without an exact equivalent' })).toContainText("PuTTY's Default Settings is left out");
});
