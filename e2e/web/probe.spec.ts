import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { formatDuration } from '../../common/format/duration';
import { defaultContext } from '../../electron/core/kernel/context';
import { createHandlers } from '../../electron/core/handlers';
import { createProbeHandlers } from '../../electron/core/probe/handlers';
import { scaledClock } from '../../electron/core/probe/clock';
import { simulatedNat, type SimulatedNat, type SimulatedNatOptions } from '../../electron/core/probe/simulated-nat';
import { startWebHost } from '../../electron/web/host';
import { sshG } from '../fixtures/configs/openssh';
import { developerLaptop, SCREENS, viewportShot } from './developer-laptop';
import { test as web, expect } from './fixtures';

/**
 * "Measure my network" in the window, on the developer-laptop config: the real panel, chip, web
 * host, contract, handlers and probe algorithm; only the SSH connections are replaced, at the
 * probe's spawn boundary, by a simulated NAT that forgets connections idle for 240 s, on a clock
 * 100 times faster than the wall clock. (The real ssh/sshd path is measured by the NAT lab: e2e/natlab.)
 */
const SPEED = 100;
const NAT_SECONDS = 240;

interface ProbeFixtures {
  natOptions: Partial<SimulatedNatOptions>;
  /** Clock ms per real ms. */
  speed: number;
  nat: SimulatedNat;
  /** What the app asked the SSH boundary for: host and config file of each run. */
  spawned: Array<{ host: string; configFile: string | null }>;
}

const test = web.extend<ProbeFixtures>({
  natOptions: [{}, { option: true }],
  speed: [SPEED, { option: true }],
  nat: async ({ natOptions, speed }, use) => {
    const clock = scaledClock(speed);
    await use(simulatedNat({ timeoutSeconds: NAT_SECONDS, clock, ...natOptions }));
  },
  spawned: async ({}, use) => use([]),
  webHost: async ({ home, nat, spawned, speed }, use) => {
    const ctx = defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' });
    const probeHandlers = createProbeHandlers(ctx, {
      clock: scaledClock(speed),
      spawnFor: (target) => {
        spawned.push(target);
        return nat.spawn;
      },
    });
    const host = await startWebHost({ ctx, handlers: { ...createHandlers(ctx), ...probeHandlers } });
    await use(host);
    await host.close();
  },
});

test.use({ homeSpec: developerLaptop() });

/** Opens (or closes) a host row's measuring panel: its own button, or the row's actions menu. */
async function toggleMeasure(app: Page, pattern: string) {
  const button = app.getByRole('button', { name: `Measure network for ${pattern}` });
  if (await button.count()) return button.click();
  await app.getByRole('button', { name: `Actions for ${pattern}`, exact: true }).click();
  await app.locator('[role^="menuitem"]', { hasText: 'Measure network' }).click();
}

async function openPanel(app: Page, pattern: string): Promise<Locator> {
  await toggleMeasure(app, pattern);
  const panel = app.getByRole('region', { name: `Measure the network to ${pattern}` });
  await expect(panel).toBeVisible();
  return panel;
}

const chip = (app: Page) => app.locator('header').getByRole('button', { name: /^(Measuring|Measurement of|[^ ]+: )/ });
const tab = (app: Page, name: string) => app.getByRole('tab', { name });

test('a measurement is a background task: it survives tab switches and a closed row, shows a chip, and its result sets the NAT timeout', async ({ app, home, nat, spawned }) => {
  test.setTimeout(180_000);
  const panel = await openPanel(app, 'db-primary');
  await panel.getByLabel('Longest idle to try').selectOption({ label: '10 min' });
  await panel.getByRole('button', { name: 'Measure', exact: true }).click();

  // Progress: a bar, elapsed time, the bound so far, time left, and a way out.
  await expect(panel.getByRole('progressbar', { name: 'Measuring db-primary' })).toBeVisible();
  await expect(panel.locator('[data-field="elapsed"]')).toHaveText(/^\d+:\d\d$/);
  await expect(panel.locator('[data-field="time-left"]')).toHaveText(/^\d+:\d\d$/);
  await expect(chip(app)).toHaveText(/^Measuring db-primary · about \d+:\d\d left$/);

  // Another tab, and back: still running, same run (the NAT was asked once).
  await tab(app, 'This computer').click();
  await expect(chip(app)).toHaveText(/^Measuring db-primary/);
  await chip(app).click();
  const popup = app.getByRole('region', { name: 'Measurement of db-primary' });
  await expect(popup.getByRole('progressbar', { name: 'Measuring db-primary' })).toBeVisible();
  await chip(app).click();
  await tab(app, 'Hosts').click();
  // Closing the row's panel does not stop it either; reopened, it shows the same run.
  const again = await openPanel(app, 'db-primary');
  await expect(again.getByRole('progressbar')).toBeVisible();
  await toggleMeasure(app, 'db-primary');
  await expect(app.getByRole('region', { name: 'Measure the network to db-primary' })).toHaveCount(0);
  expect(nat.stats.open).toBeGreaterThan(0);

  // The time left never rises without the panel saying why (sampled while it runs).
  const live = await openPanel(app, 'db-primary');
  const samples: Array<{ left: number; note: string }> = [];
  await expect
    .poll(
      async () => {
        if (await live.locator('[data-field="result"]').count()) return 'done';
        // allInnerTexts: no waiting for an element that is not there (yet).
        const left = /^(\d+):(\d\d)$/.exec(((await live.locator('[data-field="time-left"]').allInnerTexts())[0] ?? '').trim());
        const note = (await live.locator('[data-field="time-left-grew"]').allInnerTexts())[0] ?? '';
        if (left) samples.push({ left: Number(left[1]) * 60 + Number(left[2]), note });
        return 'running';
      },
      { timeout: 90_000, intervals: [100] },
    )
    .toBe('done');
  expect(samples.length).toBeGreaterThan(3);
  samples.forEach((s, i) => {
    if (i > 0 && s.left > samples[i - 1]!.left + 2) expect(s.note, `time left rose from ${samples[i - 1]!.left} to ${s.left} s`).toMatch(/^Longer than estimated \(\+.+\): /);
  });

  const result = live.locator('[data-field="result"]');
  const duration = String.raw`\d+(\.\d)? (h|min|s)( \d+ (min|s))*`;
  await expect(result).toHaveText(new RegExp(`^This network forgets idle connections after ${duration} to ${duration}\\.$`));
  const lower = Number(await result.getAttribute('data-lower'));
  const upper = Number(await result.getAttribute('data-upper'));
  expect(lower).toBeLessThanOrEqual(NAT_SECONDS);
  expect(upper).toBeGreaterThanOrEqual(NAT_SECONDS);
  expect(upper - lower).toBeLessThanOrEqual(0.2 * NAT_SECONDS);
  expect(nat.stats.maxOpen).toBeLessThanOrEqual(8);
  expect(nat.stats.open).toBe(0);
  expect(spawned).toEqual([{ host: 'db-primary', configFile: null }]);

  // "Use N s as my NAT timeout": the one remembered value; the verdicts follow at once.
  const measured = Math.floor(lower);
  const panel2 = app.getByRole('region', { name: 'Measure the network to db-primary' });
  await expect(app.getByRole('tabpanel')).toContainText('after 5 min');
  await panel2.getByRole('button', { name: `Use ${measured} s as my NAT timeout` }).click();
  await expect(panel2.locator('[data-field="nat-timeout-set"]')).toHaveText(`${formatDuration(measured)} is your NAT timeout: every verdict uses it.`);
  await expect(app.getByRole('tabpanel')).toContainText(`after ${formatDuration(measured)}`);
  await expect(app.getByRole('tabpanel')).not.toContainText('after 5 min');
  // The NAT view judges with the same value.
  await tab(app, 'Why sessions die').click();
  await expect(app.getByRole('img', { name: /^NAT diagram/ })).toHaveAttribute('aria-label', new RegExp(`forgets connections idle for ${formatDuration(measured)}`));
  await tab(app, 'Hosts').click();
  // Reopened after the tab switch: the finished run and its result are still there.
  await openPanel(app, 'db-primary');
  await expect(panel2.locator('[data-field="nat-timeout-set"]')).toBeVisible();

  const axe = await new AxeBuilder({ page: app }).include('section.probe-panel').include('header').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // One click: the usual preview of the edit, then the file has it (as ssh -G reads it).
  await panel2.getByRole('button', { name: 'Use 60 s for db-primary' }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-add .diff-text')).toContainText(['ServerAliveInterval 60']);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => {
    const r = await sshG(home.configPath, 'db-primary', home.home);
    return r.ok ? r.values.serverAliveInterval : -1;
  }).toBe(60);

  // Seen: the chip is dismissed from its panel.
  await chip(app).click();
  await app.getByRole('region', { name: 'Measurement of db-primary' }).getByRole('button', { name: 'Dismiss' }).click();
  await expect(chip(app)).toHaveCount(0);
});

test('cancel asks first: Keep measuring goes on, Stop closes every connection', async ({ app, nat }) => {
  const panel = await openPanel(app, 'db-primary');
  await panel.getByRole('button', { name: 'Measure', exact: true }).click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await expect.poll(() => nat.stats.open).toBeGreaterThan(0);

  await panel.getByRole('button', { name: 'Cancel measurement…' }).click();
  const confirm = app.getByRole('dialog', { name: 'Stop measuring db-primary?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Keep measuring' })).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Cancel measurement…' })).toBeFocused();

  await panel.getByRole('button', { name: 'Cancel measurement…' }).click();
  await confirm.getByRole('button', { name: 'Stop measurement' }).click();
  await expect(panel.getByText(/^Measurement cancelled after \d+:\d\d\. Every connection was closed\.$/)).toBeVisible();
  expect(nat.stats.open).toBe(0);
  await expect(panel.getByRole('button', { name: 'Measure again' })).toBeEnabled();
});

test.describe('when ssh cannot log in without a prompt', () => {
  test.use({ natOptions: { failOpen: () => 'ssh db-primary exited 255: postgres@10.0.3.10: Permission denied (publickey).' } });
  test('says the next step (ssh-copy-id) from the core’s code, with ssh’s words, and opens nothing', async ({ app, nat }) => {
    const panel = await openPanel(app, 'db-primary');
    await panel.getByRole('button', { name: 'Measure', exact: true }).click();
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText('Could not measure: ssh could not log in to db-primary without a prompt');
    await expect(alert.locator('code')).toHaveText('ssh-copy-id db-primary');
    await expect(alert).toContainText('ssh said: ssh db-primary exited 255: postgres@10.0.3.10: Permission denied (publickey).');
    await expect(chip(app)).toHaveText('Measuring db-primary failed');
    expect(nat.stats.open).toBe(0);
  });
});

test.describe('when the host cannot be reached', () => {
  test.use({ natOptions: { failOpen: () => 'ssh backup exited 255: ssh: connect to host backup.example.org port 22: Connection timed out' } });
  test('says to check `ssh HOST` in a terminal', async ({ app }) => {
    const panel = await openPanel(app, 'backup');
    await panel.getByRole('button', { name: 'Measure', exact: true }).click();
    await expect(panel.getByRole('alert')).toContainText('Could not measure: backup could not be reached.');
    await expect(panel.getByRole('alert').locator('code')).toHaveText('ssh backup');
  });
});

test('a block for many hosts asks which host to measure, and checks the name', async ({ app, spawned }) => {
  const panel = await openPanel(app, '*.internal');
  const field = panel.getByLabel('Host to connect to');
  await expect(field).toHaveValue('');
  const measure = panel.getByRole('button', { name: 'Measure', exact: true });
  await expect(measure).toBeDisabled();
  await field.fill('-oProxyCommand=evil');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(measure).toBeDisabled();
  await field.fill('build.internal');
  await measure.click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel measurement…' }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Stop measurement' }).click();
  expect(spawned.map((s) => s.host)).toEqual(['build.internal']);
});

test.describe('screens', () => {
  // Slower: the run must still be going while four screens are taken.
  test.use({ speed: 10 });
  test.setTimeout(150_000);
  test('the running measurement and its chip at 1280x800 and 800x600, light and dark; axe clean', async ({ app }) => {
    const panel = await openPanel(app, 'db-primary');
    await panel.getByRole('button', { name: 'Measure', exact: true }).click();
    await expect(panel.getByRole('progressbar')).toBeVisible();
    await expect(panel.locator('[data-field="bound"]')).toHaveText(/^between /, { timeout: 60_000 });
    const cancel = panel.getByRole('button', { name: 'Cancel measurement…' });
    for (const screen of SCREENS) {
      // On a loaded machine the run can end before the last screen: start it again, so every
      // screen shows a measurement that is still running.
      if (!(await cancel.isVisible())) {
        await app.setViewportSize({ width: 1280, height: 800 });
        await panel.getByRole('button', { name: 'Measure again' }).click();
        await expect(cancel).toBeVisible();
      }
      await app.setViewportSize({ width: screen.width, height: screen.height });
      await app.emulateMedia({ colorScheme: screen.scheme });
      await chip(app).click();
      const popup = app.getByRole('region', { name: 'Measurement of db-primary' });
      await expect(popup).toBeVisible();
      // Nothing of the chip's panel is cut off by the window.
      const box = (await popup.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(screen.width);
      await viewportShot(app, 'probe-running', screen);
      const axe = await new AxeBuilder({ page: app }).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await chip(app).click();
    }
    await app.setViewportSize({ width: 1280, height: 800 });
    if (!(await cancel.isVisible())) await panel.getByRole('button', { name: 'Measure again' }).click();
    await cancel.click();
    await app.getByRole('dialog').getByRole('button', { name: 'Stop measurement' }).click();
  });
});
