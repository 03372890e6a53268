import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import { appUserReason, canRunRootTests, sshdT } from '../../electron/core/system/helper/testing/namespace';
import { SCREENS, viewportShot } from './developer-laptop';
import { expect, test } from './fixtures';
import { startHost, type Host } from './this-computer-host';

/**
 * Issue 15 item 4: "This computer" offers Undo only while the file is as the app wrote it. After
 * another edit of that file, the change is history with why, and Discard hides it without a
 * prompt; nothing in /etc/ssh changes. Real web host, real helper (sudo), real sshd -T.
 */
const env = canRunRootTests();
test.skip(!env.ok || appUserReason() !== '', `needs root, mount namespaces and sudo: ${env.reason} ${appUserReason()}`);

let host: Host;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  host?.child.kill('SIGTERM');
  await host?.fx.cleanup();
});

const DROP_IN = '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf';

test('an undo entry whose file changed since is history with Discard, not a stale Undo', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'This computer' }).click();
  const card = page.locator('[data-card="server"]');
  await card.getByLabel('Server keepalive interval (seconds)').fill('45');
  await page.getByRole('switch', { name: 'Server keepalive' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Apply as administrator' }).click();
  await expect(page.getByTestId('system-notice')).toContainText(`Written: ${DROP_IN}`);
  await expect(card.getByRole('button', { name: /Undo last server change/ })).toBeVisible();

  // Someone else edits the file the app wrote (an administrator, a config manager).
  const file = host.fx.real(DROP_IN);
  await fs.appendFile(file, 'ClientAliveCountMax 4\n');
  expect(sshdT(host.fx).get('clientalivecountmax')).toBe('4');
  const before = await host.fx.snapshot();

  await page.reload();
  await page.getByRole('tab', { name: 'This computer' }).click();
  await expect(card.getByRole('button', { name: /Undo last server change/ })).toHaveCount(0);
  const history = card.getByRole('group', { name: 'Last change' });
  await expect(history).toContainText('Last change by SSH Keepalive: ClientAliveInterval 45');
  await expect(history).toContainText(`It can no longer be undone: ${DROP_IN} changed since SSH Keepalive wrote it; undoing would lose that change.`);
  for (const screen of SCREENS) {
    await page.emulateMedia({ colorScheme: screen.scheme });
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await history.scrollIntoViewIfNeeded();
    await viewportShot(page, 'this-computer-history', screen);
  }
  const axe = await new AxeBuilder({ page }).include('.this-computer').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  const prompts = (await fs.readFile(host.promptLog, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).length;
  await history.getByRole('button', { name: /Discard/ }).click();
  await expect(history).toHaveCount(0);
  await expect(card.getByRole('button', { name: /Undo last server change/ })).toHaveCount(0);
  // No prompt, no file changed: only the app's own note.
  expect((await fs.readFile(host.promptLog, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).length).toBe(prompts);
  expect(await host.fx.snapshot()).toEqual(before);
  await page.reload();
  await page.getByRole('tab', { name: 'This computer' }).click();
  await expect(card.locator('[data-keyword="ClientAliveInterval"] [data-value]')).toHaveText('45');
  await expect(card.getByRole('group', { name: 'Last change' })).toHaveCount(0);
});
