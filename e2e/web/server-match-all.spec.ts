import { promises as fs } from 'node:fs';
import { DEBIAN_SSHD_CONFIG } from '../../electron/core/system/helper/testing/fixture-io';
import { appUserReason, canRunRootTests, sshdT } from '../../electron/core/system/helper/testing/namespace';
import { expect, test } from './fixtures';
import { startHost, type Host } from './this-computer-host';

/**
 * The server card on an sshd_config whose `Match all` block decides ClientAliveInterval for every
 * connection (a site policy that turned keepalive off): the change edits that line, because a
 * drop-in or global line would lose to it, and sshd -T (plain and for a real connection) agrees.
 * A Match every connection passes by its patterns (`Match User *`) is refused, naming the line.
 */
const env = canRunRootTests();
test.skip(!env.ok || appUserReason() !== '', `needs root, mount namespaces and sudo: ${env.reason} ${appUserReason()}`);

const MAIN = '/etc/ssh/sshd_config';
const POLICY = '\tClientAliveInterval 0   # site policy';
const TEXT = `${DEBIAN_SSHD_CONFIG}ClientAliveInterval 5\n\n# every connection\nMatch all\n${POLICY}\n`;
const POLICY_LINE = TEXT.split('\n').indexOf(POLICY) + 1;
const CONN = 'user=alice,host=h.example,addr=192.0.2.1';

let host: Host;
test.beforeAll(async () => {
  host = await startHost({ sshdConfig: TEXT });
});
test.afterAll(async () => {
  host?.child.kill('SIGTERM');
  await host?.fx.cleanup();
});

test('Match all decides: turning keepalive on changes that line only, sshd -T agrees, undo restores the bytes', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'This computer' }).click();
  const card = page.locator('[data-card="server"]');
  const interval = card.locator('[data-keyword="ClientAliveInterval"]');
  await expect(interval.locator('[data-value]')).toHaveText(sshdT(host.fx).get('clientaliveinterval')!);
  await expect(interval.locator('[data-value]')).toHaveText('0');
  await expect(interval.locator('[data-source]')).toHaveText(`${MAIN}:${POLICY_LINE}`);

  await card.getByLabel('Server keepalive interval (seconds)').fill('45');
  await page.getByRole('switch', { name: 'Server keepalive' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`${MAIN}:${POLICY_LINE} (Match all) decides ClientAliveInterval for every connection`);
  await expect(dialog).not.toContainText('50-ssh-keepalive.conf');
  await expect(dialog.locator('tr.diff-add')).toHaveCount(1);
  await expect(dialog.locator('tr.diff-add')).toContainText('ClientAliveInterval 45   # site policy');
  await dialog.getByRole('button', { name: 'Apply as administrator' }).click();

  const notice = page.getByTestId('system-notice');
  await expect(notice).toContainText(`Written: ${MAIN}`);
  expect(await fs.readFile(host.fx.real(MAIN), 'utf8')).toBe(TEXT.replace(POLICY, '\tClientAliveInterval 45   # site policy'));
  expect(sshdT(host.fx).get('clientaliveinterval')).toBe('45');
  expect(sshdT(host.fx, CONN).get('clientaliveinterval')).toBe('45');
  await expect(interval.locator('[data-value]')).toHaveText('45');
  await expect(interval.locator('[data-source]')).toHaveText(`${MAIN}:${POLICY_LINE}`);
  await expect(page.getByRole('switch', { name: 'Server keepalive' })).toHaveAttribute('aria-checked', 'true');

  await card.getByRole('button', { name: /Undo last server change/ }).click();
  await expect(notice).toContainText('Undone.');
  expect(await fs.readFile(host.fx.real(MAIN), 'utf8')).toBe(TEXT);
  await expect(interval.locator('[data-value]')).toHaveText('0');
});

test('Match User * decides for every real connection but not for sshd -T: refused with file:line, nothing written', async ({ page }) => {
  const text = `${DEBIAN_SSHD_CONFIG}Match User *\n\tClientAliveInterval 0\n`;
  const line = text.split('\n').indexOf('\tClientAliveInterval 0') + 1;
  await fs.writeFile(host.fx.real(MAIN), text);
  expect(sshdT(host.fx, CONN).get('clientaliveinterval')).toBe('0');
  const before = await host.fx.snapshot();
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'This computer' }).click();
  const card = page.locator('[data-card="server"]');
  await expect(card.locator('[data-conditional="Match User *"]')).toContainText('ClientAliveInterval 0');
  await card.getByLabel('Server keepalive interval (seconds)').fill('45');
  await page.getByRole('switch', { name: 'Server keepalive' }).click();
  await expect(page.getByText(`ClientAliveInterval is set at ${MAIN}:${line} inside "Match User *", which every connection matches`)).toBeVisible();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Apply as administrator' })).toHaveCount(0);
  expect(await host.fx.snapshot()).toEqual(before);
});
