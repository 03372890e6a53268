import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEBIAN_SSHD_CONFIG } from '../../electron/core/system/helper/testing/fixture-io';
import { appUserReason, canRunRootTests, sshdT, sshG } from '../../electron/core/system/helper/testing/namespace';
import { ARTIFACTS_DIR, expect, test } from './fixtures';
import { startHost, type Host } from './this-computer-host';

/**
 * "This computer" through the real web host, run by a normal user (APP_UID) inside a mount namespace
 * where a fixture tree is /etc/ssh. Only the OS prompt is stubbed (a pkexec-compatible script that
 * approves by running the real helper as root with sudo -n, or cancels with exit 126; as root the
 * app would ask no prompt at all); every value is checked with sshd -T and ssh -G.
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

const prompts = async () => (await fs.readFile(host.promptLog, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);

test('server card shows sshd -T values and sources; a change goes through one OS prompt, is validated, and undo restores', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'This computer' }).click();
  const card = page.locator('[data-card="server"]');
  await expect(card.locator('[data-keyword="ClientAliveInterval"] [data-value]')).toHaveText(sshdT(host.fx).get('clientaliveinterval')!);
  await expect(card.locator('[data-keyword="ClientAliveInterval"] [data-source]')).toHaveText('OpenSSH default');
  await expect(card.locator('[data-conditional="Match User bob"]')).toContainText('ClientAliveInterval 5');
  await expect(card).toContainText('bastion and jump hosts');

  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'this-computer.png'), fullPage: true });
  const axe = await new AxeBuilder({ page }).include('.this-computer').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await card.getByLabel('Server keepalive interval (seconds)').fill('45');
  await page.getByRole('switch', { name: 'Server keepalive' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf');
  await expect(dialog.locator('tr.diff-add')).toContainText(['ClientAliveInterval 45']);
  expect(await prompts()).toHaveLength(0); // nothing asked before the user approves the diff
  await dialog.getByRole('button', { name: 'Apply as administrator' }).click();

  const notice = page.getByTestId('system-notice');
  await expect(notice).toContainText('Written: /etc/ssh/sshd_config.d/50-ssh-keepalive.conf');
  await expect(notice).toContainText('Checked with sshd -t');
  expect(await prompts()).toHaveLength(1);
  expect(sshdT(host.fx).get('clientaliveinterval')).toBe('45');
  expect(sshdT(host.fx, 'user=bob,host=h,addr=192.0.2.1').get('clientaliveinterval')).toBe('5');
  await expect(card.locator('[data-keyword="ClientAliveInterval"] [data-value]')).toHaveText('45');
  await expect(card.locator('[data-keyword="ClientAliveInterval"] [data-source]')).toHaveText('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf:2');
  await expect(page.getByRole('switch', { name: 'Server keepalive' })).toHaveAttribute('aria-checked', 'true');
  expect(await fs.readFile(host.fx.real('/etc/ssh/sshd_config'), 'utf8')).toBe(`${DEBIAN_SSHD_CONFIG}Match User bob\n\tClientAliveInterval 5\n`);

  await card.getByRole('button', { name: /Undo last server change/ }).click();
  await expect(notice).toContainText('Undone.');
  await expect(notice).toBeFocused(); // the Undo button is gone; focus is not left on <body>
  await expect(card.locator('[data-keyword="ClientAliveInterval"] [data-value]')).toHaveText('0');
  expect(sshdT(host.fx).get('clientaliveinterval')).toBe('0');
});

test('cancelling the OS prompt is a normal outcome and changes nothing; approving sets it for all users', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'This computer' }).click();
  const card = page.locator('[data-card="system-client"]');
  await expect(card.locator('[data-keyword="ServerAliveInterval"] [data-value]')).toHaveText('0');
  const before = await host.fx.snapshot();

  await fs.writeFile(host.cancelFlag, '');
  await page.getByRole('switch', { name: 'Keepalive for all users' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Apply as administrator' }).click();
  const notice = page.getByTestId('system-notice');
  await expect(notice).toHaveText('Cancelled, nothing changed.');
  await expect(notice).toHaveAttribute('role', 'status'); // not an error
  expect(await host.fx.snapshot()).toEqual(before);

  await fs.rm(host.cancelFlag);
  await page.getByRole('switch', { name: 'Keepalive for all users' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Apply as administrator' }).click();
  await expect(notice).toContainText('Written: /etc/ssh/ssh_config.d/50-ssh-keepalive.conf');
  expect(sshG(host.fx, 'any.example').get('serveraliveinterval')).toBe('60');
  await expect(card.locator('[data-keyword="ServerAliveInterval"] [data-value]')).toHaveText('60');
  await expect(page.getByRole('switch', { name: 'Keepalive for all users' })).toHaveAttribute('aria-checked', 'true');
});

test('keyboard: closing the dialog returns focus to the switch; a bad value says why and moves nothing', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'This computer' }).click();
  const card = page.locator('[data-card="server"]');
  // An interval of 0 is spelled out: it means no keepalive, not "zero of something".
  await expect(card.locator('[data-keyword="ClientAliveInterval"] dd')).toContainText('0 (off)');
  const toggle = page.getByRole('switch', { name: 'Server keepalive' });
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(toggle).toBeFocused();

  // An invalid interval gets its message on its own line; the CountMax field after it stays put.
  const countMax = card.getByLabel('ClientAliveCountMax');
  const before = await countMax.boundingBox();
  await card.getByLabel('Server keepalive interval (seconds)').fill('99999');
  await expect(card.getByRole('alert')).toHaveText('The interval must be between 1 and 86400 seconds.');
  const after = await countMax.boundingBox();
  expect(Math.abs(after!.x - before!.x), 'ClientAliveCountMax moved sideways').toBeLessThan(20);
  await card.getByLabel('Server keepalive interval (seconds)').fill('60');

  // CountMax is checked too, and says why instead of only greying the switch out.
  await countMax.fill('abc');
  await expect(countMax).toHaveAttribute('aria-invalid', 'true');
  await expect(card.getByRole('alert')).toHaveText('ClientAliveCountMax must be a whole number from 0 to 100.');
  await countMax.fill('3');
  await expect(card.getByRole('alert')).toHaveCount(0);
});
