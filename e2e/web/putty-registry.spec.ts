import { promises as fs } from 'node:fs';
import { defaultContext } from '../../electron/core/kernel/context';
import { createHandlers } from '../../electron/core/handlers';
import { PUTTY_SESSIONS_KEY } from '../../electron/core/sessions/paths';
import { wineReg } from '../../electron/core/sessions/registry';
import { hasWine, killWineServer, makeWinePrefix, NO_WINE, regQuery, wine } from '../../electron/core/sessions/test/wine';
import { startWebHost } from '../../electron/web/host';
import { expect, test as base } from './fixtures';

/**
 * The Windows registry write, through the real UI, into a real registry: the web host's putty
 * handlers use Wine's `reg` (on Windows it is reg.exe). Preview first, then write, then undo.
 */
const test = base.extend<{ prefix: string }>({
  prefix: async ({}, use) => {
    const prefix = await makeWinePrefix();
    await use(prefix);
    killWineServer(prefix);
    await fs.rm(prefix, { recursive: true, force: true });
  },
  webHost: async ({ home, prefix }, use) => {
    const ctx = defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' });
    const host = await startWebHost({ ctx, handlers: createHandlers(ctx, { sessions: { reg: wineReg(prefix) } }) });
    await use(host);
    await host.close();
  },
});

test.skip(!hasWine, NO_WINE);
test.setTimeout(180_000);

test('writes a host’s PuTTY session into the registry after showing each value, and undo removes it', async ({ app, prefix }) => {
  // The row's actions menu (the host list's one menu per row).
  await app.getByRole('button', { name: 'Actions for db', exact: true }).click();
  await app.locator('[role^="menuitem"]', { hasText: 'PuTTY and WinSCP' }).click();
  const panel = app.getByTestId('putty-panel');
  await panel.getByRole('button', { name: 'Write to PuTTY on this PC…' }).click();
  const preview = panel.getByRole('group', { name: 'Registry changes for PuTTY' });
  await expect(preview).toContainText(`${PUTTY_SESSIONS_KEY}\\db (new key)`);
  await expect(preview).toContainText('add "HostName"="db.internal.example.com"');
  expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\db`)).toBeNull(); // nothing written by the preview

  await preview.getByRole('button', { name: 'Write these values' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'backup of the keys' })).toBeVisible();
  // db has no ServerAliveInterval: the write switches keepalive on (every 60 s), as an export does.
  expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\db`)).toMatchObject({ HostName: 'REG_SZ db.internal.example.com', Protocol: 'REG_SZ ssh', PortNumber: 'REG_DWORD 0x16', PingInterval: 'REG_DWORD 0x1', PingIntervalSecs: 'REG_DWORD 0x0' });
  await panel.getByRole('button', { name: 'Undo the registry change' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Restored the registry keys' })).toBeVisible();
  expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\db`)).toBeNull(); // the key it created is gone again

  // Write it again, then manage it from the sessions tab.
  await panel.getByRole('button', { name: 'Write to PuTTY on this PC…' }).click();
  await preview.getByRole('button', { name: 'Write these values' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'backup of the keys' })).toBeVisible();

  // A session the user made in PuTTY long ago, without keepalive.
  expect(wine(prefix, ['reg', 'add', `${PUTTY_SESSIONS_KEY}\\old`, '/v', 'HostName', '/d', 'old.example.com', '/f']).status).toBe(0);

  // The sessions tab reads them back from the registry: db with the keepalive written, old without.
  await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
  await app.getByRole('radio', { name: /PuTTY \(Windows registry\)/ }).check();
  await expect(app.locator('tr[data-session="db"]')).toContainText('db.internal.example.com');
  await expect(app.locator('tr[data-session="db"] [data-field="keepalive"]')).toHaveText('every 60 s');
  await app.locator('tr[data-session="old"]').getByRole('button', { name: 'Turn keepalive on for old' }).click();
  // The key's values before they are written, as .reg lines.
  const dialog = app.getByRole('dialog', { name: 'Keep old alive (every 60 s)' });
  await expect(dialog.locator('tr.diff-add .diff-text')).toHaveText(['"PingInterval"=dword:00000001', '"PingIntervalSecs"=dword:00000000']);
  expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\old`)).toEqual({ HostName: 'REG_SZ old.example.com' });
  await dialog.getByRole('button', { name: 'Write these changes' }).click();
  await expect(app.locator('tr[data-session="old"] [data-field="keepalive"]')).toHaveText('every 60 s');
  expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\old`)).toMatchObject({ PingInterval: 'REG_DWORD 0x1', PingIntervalSecs: 'REG_DWORD 0x0' });
  await app.getByRole('status').filter({ hasText: 'undo restores' }).getByRole('button', { name: 'Undo' }).click();
  await expect(app.locator('tr[data-session="old"] [data-field="keepalive"]')).toHaveText('off');
  expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\old`)).toEqual({ HostName: 'REG_SZ old.example.com' });
});
