import { test, expect, type Locator, type Page } from '@playwright/test';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultContext } from '../../electron/core/kernel/context';
import { packageRoot, startWebHost, type WebHost } from '../../electron/web/host';
import { ensureRendererBuilt } from '../../electron/web/renderer-build';
import { configSnapshot, sameSnapshot, sshdT } from '../servers-lab/check';
import { canRunLoopbackLab, labPassword, startLoopbackLab, type LoopbackLab } from '../servers-lab/loopback';
import { expectAxeClean } from './axe';

/**
 * Server keepalive where the servers are, in Chromium through the web host, against real sshds (the
 * servers lab on loopback: each in a mount namespace of its own, with its own /etc/ssh, users and
 * sudoers): a host row's server switch with the app's sudo password dialog (a wrong password, then
 * the right one), the fleet's per-server progress list with its outcomes and undo, and the Ansible
 * export. Every value is checked against that sshd's own `sshd -T`.
 */
const can = canRunLoopbackLab();
test.skip(!can.ok, can.reason);
test.describe.configure({ mode: 'serial' });

const SHOTS = path.join(packageRoot(), 'artifacts');
let lab: LoopbackLab;
let host: WebHost;
let stateDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await ensureRendererBuilt(packageRoot());
  lab = await startLoopbackLab([
    { name: 'deb-nopw', layout: 'debian', login: 'nopw' },
    { name: 'deb-pw', layout: 'debian', login: 'pw' },
    { name: 'plain-nosudo', layout: 'plain', login: 'nosudo' },
  ]);
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rs-e2e-state-'));
  // The lab's client config is this user's ~/.ssh/config: '' in a request means it.
  host = await startWebHost({ ctx: defaultContext({ homeDir: lab.home, stateDir, systemConfigPath: null, platform: 'linux' }), configPath: lab.sshConfig });
});

test.afterAll(async () => {
  await host?.close();
  await lab?.close();
  if (stateDir) await fs.rm(stateDir, { recursive: true, force: true });
});

async function open(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('pageerror', (err) => problems.push(err.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'SSH Keepalive', level: 1 })).toBeVisible();
  return problems;
}

/** Both window sizes, with `focus` scrolled to the top of the view. */
async function shot(page: Page, name: string, focus: Locator) {
  await fs.mkdir(SHOTS, { recursive: true });
  for (const size of [
    { width: 1280, height: 800 },
    { width: 800, height: 600 },
  ]) {
    await page.setViewportSize(size);
    await focus.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const file = path.join(SHOTS, `remote-server-${name}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    await test.info().attach(path.basename(file), { path: file, contentType: 'image/png' });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const passwordDialog = (page: Page) => page.getByRole('dialog', { name: /^sudo password for / });

test("a host's server switch: the server's diff, the app's password dialog (wrong, then right), undo", async ({ page }) => {
  test.setTimeout(150_000);
  const problems = await open(page);
  const s = lab.byName('deb-pw');
  const original = await configSnapshot(s);
  await page.getByRole('button', { name: 'Actions for deb-pw', exact: true }).click();
  await page.locator('[role^="menuitem"]', { hasText: 'Server keepalive' }).click();
  const panel = page.getByRole('region', { name: 'Server keepalive for deb-pw' });
  await expect(panel.getByRole('heading', { name: 'Server keepalive for deb-pw' })).toBeVisible();

  // The status is that sshd's own answer, with the line behind each value.
  const interval = panel.locator('[data-keyword="ClientAliveInterval"]');
  await expect(interval.locator('[data-value]')).toHaveText('0', { timeout: 30_000 });
  await expect(panel.locator('[data-keyword="ClientAliveCountMax"] [data-value]')).toHaveText((await sshdT(s)).get('clientalivecountmax')!);
  await expect(panel.locator('[data-field="suggestion"]')).toContainText('OpenSSH 9.');
  const suggested = await panel.getByLabel('ClientAliveInterval for deb-pw (seconds)').inputValue();
  expect(Number(suggested)).toBeGreaterThan(0);
  await expectAxeClean(page, 'server panel');
  await shot(page, 'panel', panel);

  await panel.getByRole('switch', { name: 'Server keepalive for deb-pw' }).click();
  const change = page.getByRole('dialog', { name: /Turn keepalive on for the SSH server on deb-pw/ });
  await expect(change.locator('figcaption code')).toHaveText('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf');
  await expect(change.locator('tr.diff-add', { hasText: `ClientAliveInterval ${suggested}` })).toBeVisible();
  expect(sameSnapshot(original, await configSnapshot(s)), 'the preview wrote nothing').toBeNull();
  await change.getByRole('button', { name: 'Apply with sudo' }).click();

  // sudo -n said a password is needed: the app's own dialog asks.
  const pw = passwordDialog(page);
  await expect(pw).toBeVisible();
  await expect(pw.getByRole('heading')).toHaveText('sudo password for deb-pw');
  await expectAxeClean(page, 'server panel');
  await shot(page, 'password', panel);
  await pw.getByLabel('Password').fill('not-the-password');
  await pw.getByRole('button', { name: 'Continue' }).click();
  await expect(pw.getByRole('alert')).toHaveText('Wrong password; nothing changed. Type it again, or cancel.', { timeout: 30_000 });
  expect(sameSnapshot(original, await configSnapshot(s)), 'a wrong password changed nothing').toBeNull();
  await expect(pw.getByLabel('Password')).toHaveValue('');
  await pw.getByLabel('Password').fill(labPassword(s)!);
  await pw.getByRole('button', { name: 'Continue' }).click();

  const notice = panel.getByTestId('remote-server-notice');
  await expect(notice).toContainText('Saved.', { timeout: 60_000 });
  await expect(notice).toContainText('sshd -t accepted it');
  expect((await sshdT(s)).get('clientaliveinterval')).toBe(suggested);
  await expect(interval.locator('[data-value]')).toHaveText(suggested, { timeout: 30_000 });
  await expect(interval.locator('[data-source]')).toContainText('50-ssh-keepalive.conf:2');
  await expect(panel.getByRole('switch', { name: 'Server keepalive for deb-pw' })).toHaveAttribute('aria-checked', 'true');

  await panel.getByRole('button', { name: /^Undo last change there/ }).click();
  await expect(pw).toBeVisible();
  await pw.getByLabel('Password').fill(labPassword(s)!);
  await pw.getByRole('button', { name: 'Continue' }).click();
  await expect(notice).toContainText('Undone.', { timeout: 60_000 });
  expect(sameSnapshot(original, await configSnapshot(s))).toBeNull();
  // The password is nowhere in the page.
  expect(await page.content()).not.toContain(labPassword(s)!);
  expect(problems).toEqual([]);
});

test('a fleet: each server\'s diff, one password for those whose sudo asks, the per-server progress list, undo', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = await open(page);
  const names = ['deb-nopw', 'deb-pw', 'plain-nosudo'];
  const before = new Map(await Promise.all(names.map(async (n) => [n, await configSnapshot(lab.byName(n))] as const)));
  await page.getByRole('tab', { name: 'Servers' }).click();
  await page.getByLabel('Select by pattern').fill('deb-* plain-*');
  await page.getByRole('button', { name: 'Select 3 matching' }).click();
  await page.getByLabel('ClientAliveInterval (seconds)').fill('30');
  await page.getByRole('button', { name: 'Preview on 3 servers' }).click();

  const row = (name: string) => page.locator(`li[data-fleet-host="${name}"]`);
  for (const n of names) await expect(row(n)).toHaveAttribute('data-outcome', 'plan-edit', { timeout: 60_000 });
  await row('plain-nosudo').getByText('Diff for plain-nosudo').click();
  await expect(row('plain-nosudo').locator('tr.diff-add', { hasText: 'ClientAliveInterval 30' })).toBeVisible();
  for (const n of names) expect(sameSnapshot(before.get(n)!, await configSnapshot(lab.byName(n))), n).toBeNull();

  await page.getByRole('button', { name: 'Apply to 3 servers' }).click();
  // Asked once, for the two whose sudo wants a password; the NOPASSWD server is already done.
  const pw = passwordDialog(page);
  await expect(pw.getByRole('heading')).toHaveText('sudo password for deb-pw, plain-nosudo', { timeout: 60_000 });
  await expect(row('deb-nopw')).toHaveAttribute('data-outcome', 'applied');
  await pw.getByLabel('Password').fill(labPassword(lab.byName('deb-pw'))!);
  await pw.getByRole('button', { name: 'Continue' }).click();
  // That password was wrong on plain-nosudo: asked again for it alone; its own password then meets "not in sudoers".
  await expect(pw.getByRole('heading')).toHaveText('sudo password for plain-nosudo', { timeout: 60_000 });
  await expect(pw.getByRole('alert')).toContainText('Wrong password; nothing changed.');
  await pw.getByLabel('Password').fill(lab.etc.users.nosudo.password);
  await pw.getByRole('button', { name: 'Continue' }).click();

  await expect(row('plain-nosudo')).toHaveAttribute('data-outcome', 'failed', { timeout: 60_000 });
  await expect(row('plain-nosudo')).toContainText('may not use sudo');
  await row('plain-nosudo').getByText('Lines for the administrator of plain-nosudo').click();
  await expect(row('plain-nosudo').locator('pre')).toContainText('ClientAliveInterval 30');
  for (const n of ['deb-nopw', 'deb-pw']) {
    await expect(row(n)).toHaveAttribute('data-outcome', 'applied');
    await expect(row(n)).toHaveAttribute('data-step', 'done');
    expect((await sshdT(lab.byName(n))).get('clientaliveinterval'), n).toBe('30');
  }
  expect(sameSnapshot(before.get('plain-nosudo')!, await configSnapshot(lab.byName('plain-nosudo')))).toBeNull();
  await expectAxeClean(page, 'server panel');
  await shot(page, 'fleet', page.locator('.fleet-controls'));

  await page.getByRole('button', { name: 'Undo on 2 servers' }).click();
  await expect(pw.getByRole('heading')).toHaveText('sudo password for deb-pw', { timeout: 60_000 });
  await pw.getByLabel('Password').fill(labPassword(lab.byName('deb-pw'))!);
  await pw.getByRole('button', { name: 'Continue' }).click();
  for (const n of ['deb-nopw', 'deb-pw']) await expect(row(n)).toHaveAttribute('data-outcome', 'undone', { timeout: 60_000 });
  for (const n of names) expect(sameSnapshot(before.get(n)!, await configSnapshot(lab.byName(n))), n).toBeNull();
  expect(problems).toEqual([]);
});

test('Export to Ansible: the files to download, and ansible-playbook run here with its output as it comes', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = await open(page);
  await page.getByRole('tab', { name: 'Servers' }).click();
  await page.getByRole('checkbox', { name: 'deb-nopw' }).check();
  await page.getByLabel('ClientAliveInterval (seconds)').fill('31');
  const card = page.getByRole('region', { name: 'Export to Ansible' });
  await card.getByRole('button', { name: 'Export 1 server' }).click();
  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Download inventory.ini' }).click();
  const file = await (await download).path();
  expect(await fs.readFile(file, 'utf8')).toMatch(new RegExp(`^deb-nopw ansible_host=127\\.0\\.0\\.1 ansible_port=${lab.byName('deb-nopw').port} ansible_user=skl-nopw `, 'm'));
  const before = await configSnapshot(lab.byName('deb-nopw'));
  await card.getByRole('button', { name: 'Check what would change' }).click();
  const log = card.getByRole('log', { name: 'ansible-playbook output' });
  await expect(log).toContainText('TASK [', { timeout: 120_000 });
  await expect(card.locator('[data-field="ansible-result"]')).toContainText('exited 0', { timeout: 120_000 });
  await expect(log).toContainText('+ClientAliveInterval 31');
  await expect(log).toContainText('PLAY RECAP');
  expect(sameSnapshot(before, await configSnapshot(lab.byName('deb-nopw'))), '--check changed nothing').toBeNull();
  await expectAxeClean(page, 'server panel');
  await shot(page, 'ansible', card);
  expect(problems).toEqual([]);
});
