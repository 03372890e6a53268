import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { canRunLabHosts, createLabHosts, type LabHosts } from '../../electron/core/diagnosis/testing/lab-hosts';
import type { LocalSshd } from '../../electron/core/diagnosis/testing/local-sshd';
import { defaultContext } from '../../electron/core/kernel/context';
import { packageRoot, startWebHost } from '../../electron/web/host';
import { makeHome } from '../fixtures/configs/index';
import { sshG } from '../fixtures/configs/openssh';
import { test as web, expect, hostRow } from './fixtures';
import { expectAxeClean } from './axe';

/**
 * "Why did my session die?" in Chromium through the web host, with nothing replaced: the Diagnose
 * action logs in to real sshds on 127.0.0.1 (a non-root login user, electron/core/diagnosis/testing),
 * the message box asks the real handlers, and every fix goes through the preview with its diff
 * into the real file, checked with ssh -G. Root only (sshd and the private user database).
 */
let lab: LabHosts;
/** ChannelTimeout session:*=10m: the killer no keepalive can stop. */
let ct: LocalSshd;
/** A config the login user cannot read, no server keepalive: the diagnosis must measure (and can be cancelled). */
let hidden: LocalSshd;

const SHOTS = path.join(packageRoot(), 'test-results', 'diagnosis');

const test = web.extend({
  home: async ({}, use) => {
    const home = await makeHome('web-diagnosis', { config: [lab.hostBlock('ct', ct.port), lab.hostBlock('hidden', hidden.port)].join('\n') });
    await use(home);
    await home.cleanup();
  },
  // Started for the fixture's config: '' in a request is that file (inside this HOME's ~/.ssh).
  webHost: async ({ home }, use) => {
    const host = await startWebHost({ ctx: defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' }), configPath: home.configPath });
    await use(host);
    await host.close();
  },
});

test.skip(!canRunLabHosts, 'needs root on Linux: real sshds with a private login user');
// Real logins, axe in two schemes and eight screenshots per test: more than the suite's default minute on a busy machine.
test.setTimeout(180_000);

test.beforeAll(async () => {
  lab = await createLabHosts();
  ct = await lab.server(['ChannelTimeout session:*=10m']);
  hidden = await lab.server(['ClientAliveInterval 0'], { hidden: true });
});
test.afterAll(() => lab?.close());

async function openDiagnose(app: Page, pattern: string) {
  await app.getByRole('button', { name: `Actions for ${pattern}` }).click();
  await app.getByRole('menuitemcheckbox', { name: 'Diagnose' }).click();
  const panel = app.getByRole('region', { name: `Why do sessions to ${pattern} die?` });
  await expect(panel).toBeVisible();
  return panel;
}

/** The page at both sizes, light and dark, scrolled so that `focus` (what the shot is about) starts in view. */
async function shots(app: Page, name: string, focus: Locator) {
  await fs.mkdir(SHOTS, { recursive: true });
  for (const [w, h] of [
    [1280, 800],
    [800, 600],
  ] as const) {
    await app.setViewportSize({ width: w, height: h });
    await focus.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme });
      await app.screenshot({ path: path.join(SHOTS, `${name}-${w}x${h}-${scheme}.png`) });
    }
  }
  await app.emulateMedia({ colorScheme: 'light' });
  await app.setViewportSize({ width: 1280, height: 800 });
}

test('Diagnose: the causes most lethal first with evidence, the keepalive fix through the preview, ssh -G agrees, then the badge', async ({ app, home }) => {
  const panel = await openDiagnose(app, 'ct');
  await expect(panel.getByLabel('Host to log in to')).toHaveValue('ct');
  await panel.getByRole('button', { name: 'Diagnose', exact: true }).click();

  const result = panel.getByRole('status', { name: 'Diagnosis of ct' });
  // No keepalive on either side, the Hosts view's NAT at 300 s: the NAT acts first, then sshd.
  await expect(result.locator('[data-field="headline"]')).toHaveText('ct: the network drops idle sessions after 5 min: keepalive fixes it', { timeout: 30_000 });
  const killers = result.getByRole('list', { name: 'Causes that end an idle session' }).getByRole('listitem');
  await expect(killers).toHaveCount(2);
  await expect(killers.nth(0)).toHaveAttribute('data-cause', 'nat-idle');
  const channel = killers.nth(1);
  await expect(channel).toHaveAttribute('data-cause', 'sshd-channel-timeout');
  await expect(channel.locator('[data-field="after"]')).toHaveText('10\u00a0min idle');
  await expect(channel.locator('[data-field="keepalive"]')).toHaveText('cannot help');
  // The evidence is sshd's own answer and the line of the server's file that sets it.
  await expect(channel.locator('[data-field="evidence"]')).toContainText('sshd -T on the server prints `channeltimeout session:*=10m`');
  await expect(channel.locator('[data-field="evidence"]')).toContainText(new RegExp(`set at \\S*sshd_config-${ct.port}:\\d+ \`ChannelTimeout session:\\*=10m\``));
  await expect(channel.locator('[data-field="fix"]')).toContainText("The server's administrator: The administrator must raise or remove `session:*=10m`");
  await expect(channel.getByRole('button')).toHaveCount(0);
  await expect(result.locator('[data-field="server"]')).toContainText(/OpenSSH_\d.*settings read with sshd -T on the server/);

  await expectAxeClean(app, 'diagnosis result', { schemes: ['light', 'dark'] });
  await shots(app, 'diagnose', panel);

  // One click: the usual preview with its diff, then the file has it, as ssh reads it.
  await killers.nth(0).getByRole('button', { name: 'Turn keepalive on for ct (every 60 s)' }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('tr.diff-add .diff-text')).toContainText(['ServerAliveInterval 60']);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => {
    const r = await sshG(home.configPath, 'ct', home.home);
    return r.ok ? r.values.serverAliveInterval : -1;
  }).toBe(60);

  // Again, with the keepalive on: only sshd's ChannelTimeout is left, and the row's badge says so.
  await panel.getByRole('button', { name: 'Diagnose again' }).click();
  await expect(result.locator('[data-field="headline"]')).toHaveText('ct: server closes idle shells after 10 min: keepalive cannot help', { timeout: 30_000 });
  const badge = hostRow(app, 'ct').locator('[data-field="diagnosis"]');
  await expect(badge.locator('[data-short]')).toHaveText('sshd closes it at 10 min');
  await expect(badge.locator('.visually-hidden')).toHaveText('Last diagnosis: server closes idle shells after 10 min: keepalive cannot help');
  await expect(badge).toHaveAttribute('title', /^server closes idle shells after 10 min: keepalive cannot help \(diagnosis of ct, /);
  // Kept across a reload of the page (this browser profile).
  await app.reload();
  await expect(badge.locator('.visually-hidden')).toHaveText('Last diagnosis: server closes idle shells after 10 min: keepalive cannot help');
  await expect(hostRow(app, 'hidden').locator('[data-field="diagnosis"]')).toHaveCount(0);
  await expectAxeClean(app, 'hosts view with a badge', { schemes: ['light', 'dark'] });
  await shots(app, 'hosts-badge', app.getByRole('heading', { name: /^Hosts \(2\)/ }));
});

test('Diagnose: progress while it measures a server whose config it cannot read, and Cancel', async ({ app }) => {
  const panel = await openDiagnose(app, 'hidden');
  await panel.getByRole('button', { name: 'Diagnose', exact: true }).click();
  await expect(panel.getByRole('progressbar', { name: 'Diagnosing hidden' })).toBeVisible();
  await expect(panel.locator('[data-field="phase"]')).toHaveText(/could not be read: timing its keepalive on an idle connection \(up to .* more\)/, { timeout: 30_000 });
  await expect(panel.locator('[data-field="elapsed"]')).toHaveText(/^\d+ (s|min)( \d+ s)? elapsed$/);
  await panel.getByRole('button', { name: 'Cancel diagnosis' }).click();
  await expect(panel.getByText('Diagnosis cancelled. Its ssh connections were closed.')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Diagnose', exact: true })).toBeEnabled();
});

test('Diagnose: a host name is checked before anything runs', async ({ app }) => {
  const panel = await openDiagnose(app, 'ct');
  const field = panel.getByLabel('Host to log in to');
  await field.fill('-oProxyCommand=touch /tmp/x');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.getByRole('button', { name: 'Diagnose', exact: true })).toBeDisabled();
});

test('What did the terminal say?: the cause, what it means, the fix, and one click through the preview', async ({ app, home }) => {
  await app.getByRole('tab', { name: 'Explain a message' }).click();
  const box = app.getByRole('region', { name: 'What did the terminal say?' });
  await box.getByLabel('The last lines ssh, PuTTY or WinSCP printed').fill('me@laptop:~$ ssh ct\n...\npacket_write_wait: Connection to ct port 22: Broken pipe\n');
  await box.getByRole('button', { name: 'Explain' }).click();

  const answer = box.getByRole('status');
  await expect(answer.locator('[data-field="match"]')).toContainText(['packet_write_wait: Connection to ct port 22: Broken pipe (OpenSSH client 6.8-7.9']);
  const first = answer.getByRole('list', { name: 'Causes, most likely first' }).getByRole('listitem').first();
  await expect(first).toHaveAttribute('data-cause', 'nat-idle');
  await expect(first).toContainText('Most likely: A NAT or firewall on the way forgot the idle connection');
  await expect(first.locator('[data-field="meaning"]')).toContainText('drop connections that carry nothing');
  await expect(first.locator('[data-field="fix"]')).toContainText('ServerAliveInterval');
  // The message names ct, one of the config's hosts: the fix is offered for it.
  await expect(first.getByLabel('Host', { exact: true })).toHaveValue('ct');
  await expectAxeClean(app, 'explain answer', { schemes: ['light', 'dark'] });
  await shots(app, 'explain', answer);

  await first.getByLabel('Keepalive interval (seconds)').fill('45');
  await first.getByRole('button', { name: 'Turn keepalive on for ct (every 45 s)' }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-add .diff-text')).toContainText(['ServerAliveInterval 45']);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => {
    const r = await sshG(home.configPath, 'ct', home.home);
    return r.ok ? r.values.serverAliveInterval : -1;
  }).toBe(45);
});

test('What did the terminal say?: the exit status tells sshd’s close from the shell’s, and nothing to click where the app cannot fix it', async ({ app }) => {
  await app.getByRole('tab', { name: 'Explain a message' }).click();
  const box = app.getByRole('region', { name: 'What did the terminal say?' });
  await box.getByLabel('The last lines ssh, PuTTY or WinSCP printed').fill('Connection to ct closed.');
  const status = box.getByLabel("ssh's exit status (optional)");
  await status.fill('300');
  await expect(status).toHaveAttribute('aria-invalid', 'true');
  await expect(box.getByRole('button', { name: 'Explain' })).toBeDisabled();
  await status.fill('255');
  // Keyboard only: Ctrl+Enter in the text explains.
  await box.getByLabel('The last lines ssh, PuTTY or WinSCP printed').press('Control+Enter');
  const causes = box.getByRole('status').getByRole('list', { name: 'Causes, most likely first' }).getByRole('listitem');
  await expect(causes.first()).toHaveAttribute('data-cause', 'sshd-channel-timeout');
  await expect(causes).toHaveCount(1);
  await expect(causes.first().getByRole('button')).toHaveCount(0);
  await status.fill('0');
  await box.getByRole('button', { name: 'Explain' }).click();
  await expect(causes.first()).toHaveAttribute('data-cause', 'shell-tmout');
});
