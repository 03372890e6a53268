import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exportCommand } from '../../electron/cli/export';
import { createCliIo } from '../../electron/cli/io';
import { defaultContext } from '../../electron/core/kernel/context';
import { encodeReg } from '../../electron/core/sessions/reg';
import { developerLaptop, SCREENS, viewportShot } from './developer-laptop';
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
  // The one change dialog first: the session's own diff, nothing written yet.
  const dialog = app.getByRole('dialog', { name: 'Keep file server alive (every 60 s)' });
  await expect(dialog.locator('figcaption code')).toHaveText(`file server · ${path.join(dir, 'file%20server')}`);
  await expect(dialog.locator('tr.diff-add .diff-text')).toHaveText(['PingInterval=1', 'PingIntervalSecs=0']);
  await expect(dialog).toContainText('It applies the next time each session is opened.');
  expect(await fs.readFile(path.join(dir, 'file%20server'), 'utf8')).toBe(offText);
  await dialog.getByRole('button', { name: 'Write these changes' }).click();
  await expect(dialog).toBeHidden();
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

test('a too-slow session’s fix button rewrites only its PingInterval/PingIntervalSecs lines; undo restores the bytes', async ({ app, home }) => {
  const dir = path.join(home.home, '.putty', 'sessions');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // 9 min + 60 s = 600 s: on, but slower than the NAT forgets (PuTTY adds the two keys).
  const slowText = 'HostName=db.example.com\nPingInterval=9\nPortNumber=22\nPingIntervalSecs=60\nColour0=255,255,255\nUserName=ops\nWinTitle=db  (prod) \n';
  const file = path.join(dir, 'db%20prod');
  await fs.writeFile(file, slowText);
  await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
  const row = app.locator('tr[data-session="db prod"]');
  await expect(row.locator('[data-field="keepalive"]')).toHaveText('every 600 s: too slow, drops after 5 min idle');

  await row.getByRole('button', { name: 'Keep alive every 60 s for db prod' }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-remove .diff-text')).toHaveText(['PingInterval=9', 'PingIntervalSecs=60']);
  await expect(dialog.locator('tr.diff-add .diff-text')).toHaveText(['PingInterval=1', 'PingIntervalSecs=0']);
  expect(await fs.readFile(file, 'utf8')).toBe(slowText);
  await dialog.getByRole('button', { name: 'Write these changes' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.locator('[data-field="keepalive"]')).toHaveText('every 60 s');
  expect(await fs.readFile(file, 'utf8')).toBe(slowText.replace('PingInterval=9\n', 'PingInterval=1\n').replace('PingIntervalSecs=60\n', 'PingIntervalSecs=0\n'));

  await app.getByRole('status').filter({ hasText: 'Keepalive every 60 s' }).getByRole('button', { name: 'Undo' }).click();
  await expect(row.locator('[data-field="keepalive"]')).toHaveText('every 600 s: too slow, drops after 5 min idle');
  expect(await fs.readFile(file, 'utf8')).toBe(slowText);
});

test('reads an uploaded .reg file, turns keepalive on in the app’s copy and offers the changed file', async ({ app, home }) => {
  const file = path.join(home.home, 'exported.reg');
  const k = (n: string) => `[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\${n}]`;
  const original = encodeReg(`Windows Registry Editor Version 5.00\r\n\r\n${k('a')}\r\n"HostName"="a.example"\r\n\r\n${k('b')}\r\n"HostName"="b.example"\r\n"PingType"=dword:00000001\r\n\r\n`);
  await fs.writeFile(file, original);
  await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
  // The page sends the file's bytes; the host never learns (or accepts) a path from the page.
  // The picker sits beside the field that shows where the list was read from.
  await expect(app.getByRole('button', { name: 'Choose a file…' })).toBeVisible();
  await app.getByLabel('Session file to read').setInputFiles(file);
  await expect(app.getByRole('heading', { name: '2 sessions in exported.reg' })).toBeVisible();
  await expect(app.getByRole('textbox', { name: 'Reading' })).toHaveValue('exported.reg');
  await app.getByLabel('Keepalive interval (seconds)').fill('25');
  await app.getByRole('button', { name: 'Turn keepalive on for 1 session without it' }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('figcaption code')).toHaveText(['a · exported.reg']);
  await expect(dialog).toContainText("app's copy of exported.reg: download it afterwards");
  await dialog.getByRole('button', { name: 'Write these changes' }).click();
  await expect(app.locator('tr[data-session="a"] [data-field="keepalive"]')).toHaveText('every 25 s');
  const status = app.getByRole('status').filter({ hasText: 'Keepalive every 25 s' });
  await expect(status).toContainText('download it');
  // A .reg file: the change applies once it is imported on Windows, and the outcome says so.
  await expect(status).toContainText('It applies once exported.reg is imported on Windows');
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

test.describe('on a realistic config', () => {
  test.use({ homeSpec: developerLaptop() });

  test('bulk "turn keepalive on" shows every session it changes before writing, then writes exactly that', async ({ app, home }) => {
    await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
    // The user's hosts, exported with their own values (most have no keepalive), saved as a .reg.
    const card = app.getByRole('region', { name: 'Export your hosts' });
    await card.getByRole('checkbox', { name: /Keep every session alive/ }).uncheck();
    const [download] = await Promise.all([app.waitForEvent('download'), card.getByRole('button', { name: 'Download PuTTY .reg' }).click()]);
    const file = path.join(home.home, 'laptop.reg');
    await fs.copyFile((await download.path())!, file);
    const original = await fs.readFile(file);

    await app.getByLabel('Session file to read').setInputFiles(file);
    await expect(app.getByRole('heading', { name: /sessions in laptop\.reg$/ })).toBeVisible();
    const bulk = app.getByRole('button', { name: /^(Turn keepalive on for \d+ sessions without it|Keep alive every 60 s in \d+ sessions that would drop)$/ });
    const count = Number(/(\d+) sessions/.exec(await bulk.innerText())![1]);
    expect(count).toBeGreaterThan(5);
    await bulk.click();

    // One diff per session, each naming its session; nothing written yet.
    const dialog = app.getByRole('dialog');
    await expect(dialog.locator('figure.diff')).toHaveCount(count);
    const captions = await dialog.locator('figcaption code').allInnerTexts();
    for (const c of captions) expect(c).toMatch(/^\S+ · laptop\.reg$/);
    expect(captions.map((c) => c.split(' · ')[0])).toContain('github.com');
    // The exported 0 (off) becomes 1 min, in that session's own key: the only line that changes.
    const github = dialog.locator('figure.diff').filter({ hasText: 'github.com · laptop.reg' });
    await expect(github.locator('tr.diff-remove .diff-text')).toHaveText(['"PingInterval"=dword:00000000']);
    await expect(github.locator('tr.diff-add .diff-text')).toHaveText(['"PingInterval"=dword:00000001']);
    await expect(dialog).toContainText('It applies once laptop.reg is imported on Windows');
    expect((await fs.readFile(file)).equals(original)).toBe(true);

    for (const screen of SCREENS) {
      await app.setViewportSize({ width: screen.width, height: screen.height });
      await app.emulateMedia({ colorScheme: screen.scheme });
      // The dialog fits the window: its buttons are reachable.
      const apply = dialog.getByRole('button', { name: 'Write these changes' });
      await apply.scrollIntoViewIfNeeded();
      const box = (await apply.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(screen.width);
      await viewportShot(app, 'putty-bulk-preview', screen);
      const axe = await new AxeBuilder({ page: app }).include('dialog').analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await app.setViewportSize({ width: 1280, height: 800 });
    await app.emulateMedia({ colorScheme: 'light' });
    await dialog.getByRole('button', { name: 'Write these changes' }).click();
    await expect(dialog).toBeHidden();
    const status = app.getByRole('status').filter({ hasText: `Keepalive every 60 s for ${count} sessions` });
    await expect(status).toContainText('It applies once laptop.reg is imported on Windows');
    for (const row of await app.locator('tr[data-session] [data-field="keepalive"]').allInnerTexts()) expect(row).toMatch(/^every \d+ s/);
    await viewportShot(app, 'putty-bulk-done', SCREENS[0]);
  });

  test('a session file changed after the preview: Apply is refused, nothing is written', async ({ app, home }) => {
    const dir = path.join(home.home, '.putty', 'sessions');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(dir, 'staging'), 'HostName=staging.example.com\nPortNumber=2200\n');
    await fs.writeFile(path.join(dir, 'ci-runner'), 'HostName=ci.example.com\n');
    await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
    await expect(app.getByRole('textbox', { name: 'Reading' })).toHaveValue(dir);
    await app.getByRole('button', { name: 'Turn keepalive on for 2 sessions without it' }).click();
    const dialog = app.getByRole('dialog');
    await expect(dialog.locator('figure.diff')).toHaveCount(2);
    // Another program (PuTTY itself, say) saves staging meanwhile.
    const edited = 'HostName=staging.example.com\nPortNumber=2201\n';
    await fs.writeFile(path.join(dir, 'staging'), edited);
    await dialog.getByRole('button', { name: 'Write these changes' }).click();
    await expect(dialog).toBeHidden();
    await expect(app.getByRole('alert')).toContainText('changed on disk since it was shown');
    expect(await fs.readFile(path.join(dir, 'staging'), 'utf8')).toBe(edited);
    expect(await fs.readFile(path.join(dir, 'ci-runner'), 'utf8')).toBe('HostName=ci.example.com\n');
  });
});
