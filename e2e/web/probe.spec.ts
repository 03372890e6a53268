import AxeBuilder from '@axe-core/playwright';
import { defaultContext } from '../../electron/core/kernel/context';
import { createHandlers } from '../../electron/core/handlers';
import { createProbeHandlers } from '../../electron/core/probe/handlers';
import { scaledClock } from '../../electron/core/probe/clock';
import { simulatedNat, type SimulatedNat, type SimulatedNatOptions } from '../../electron/core/probe/simulated-nat';
import { startWebHost } from '../../electron/web/host';
import { sshG } from '../fixtures/configs/openssh';
import { test as web, expect } from './fixtures';

/**
 * "Measure my network" in the window: the real panel, web host, contract, handlers and probe
 * algorithm; only the SSH connections are replaced, at the probe's spawn boundary, by a simulated
 * NAT that forgets connections idle for 240 s, on a clock 100 times faster than the wall clock.
 * (The real ssh/sshd path is measured by the NAT lab: e2e/natlab.)
 */
const SPEED = 100;
const NAT_SECONDS = 240;

interface ProbeFixtures {
  natOptions: Partial<SimulatedNatOptions>;
  nat: SimulatedNat;
  /** What the app asked the SSH boundary for: host and config file of each run. */
  spawned: Array<{ host: string; configFile: string | null }>;
}

const test = web.extend<ProbeFixtures>({
  natOptions: [{}, { option: true }],
  nat: async ({ natOptions }, use) => {
    const clock = scaledClock(SPEED);
    await use(simulatedNat({ timeoutSeconds: NAT_SECONDS, clock, ...natOptions }));
  },
  spawned: async ({}, use) => use([]),
  webHost: async ({ home, nat, spawned }, use) => {
    const ctx = defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' });
    const probeHandlers = createProbeHandlers(ctx, {
      clock: scaledClock(SPEED),
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

async function openPanel(app: import('@playwright/test').Page, pattern: string) {
  const toggle = app.getByRole('button', { name: `Measure network for ${pattern}` });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const panel = app.getByRole('region', { name: `Measure the network to ${pattern}` });
  await expect(panel).toBeVisible();
  return panel;
}

test('measures a 240 s NAT: progress while it runs, the bound, and one click to apply', async ({ app, home, nat, spawned }) => {
  const panel = await openPanel(app, 'db');
  await panel.getByLabel('Longest idle to try').selectOption({ label: '10 min' });
  await panel.getByRole('button', { name: 'Measure', exact: true }).click();

  // Progress: a bar, elapsed time, the bound so far, time left, and a way out.
  await expect(panel.getByRole('progressbar', { name: 'Measuring db' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Cancel measurement' })).toBeVisible();
  await expect(panel.locator('[data-field="elapsed"]')).toHaveText(/^\d+:\d\d$/);
  await expect(panel.locator('[data-field="time-left"]')).toHaveText(/^\d+:\d\d$/);
  // The first connection forgotten gives a bound before the end.
  // Durations as everywhere in the app (common/format/duration): "between 3 min 45 s and 4 min".
  const duration = String.raw`\d+(\.\d)? (h|min|s)( \d+ (min|s))*`;
  await expect(panel.locator('[data-field="bound"]')).toHaveText(new RegExp(`^between ${duration} and ${duration}$`), { timeout: 20_000 });

  const result = panel.locator('[data-field="result"]');
  await expect(result).toHaveText(/^This network forgets idle connections after \d+-\d+ s\.$/, { timeout: 30_000 });
  const [, lower, upper] = /after (\d+)-(\d+) s/.exec(await result.innerText())!.map(Number);
  expect(lower).toBeLessThanOrEqual(NAT_SECONDS);
  expect(upper).toBeGreaterThanOrEqual(NAT_SECONDS);
  expect(upper! - lower!).toBeLessThanOrEqual(0.2 * NAT_SECONDS);
  await expect(panel.locator('[data-field="recommended"]')).toHaveText('60 s');
  expect(nat.stats.maxOpen).toBeLessThanOrEqual(8);
  expect(nat.stats.open).toBe(0);
  // The app asked ssh for the row's host, with the config this window manages: the default one, so
  // ssh reads it (and the system-wide file) itself, without -F, as in the Electron window.
  expect(spawned).toEqual([{ host: 'db', configFile: null }]);

  const axe = await new AxeBuilder({ page: app }).include('section.probe-panel').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // One click: the usual preview of the edit, then the file has it (as ssh -G reads it).
  await panel.getByRole('button', { name: 'Use 60 s for db' }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('tr.diff-add .diff-text')).toContainText(['ServerAliveInterval 60']);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => {
    const r = await sshG(home.configPath, 'db', home.home);
    return r.ok ? r.values.serverAliveInterval : -1;
  }).toBe(60);
});

test('cancel stops the measurement and closes every connection', async ({ app, nat }) => {
  const panel = await openPanel(app, 'db');
  await panel.getByRole('button', { name: 'Measure', exact: true }).click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await expect.poll(() => nat.stats.open).toBeGreaterThan(0);
  await panel.getByRole('button', { name: 'Cancel measurement' }).click();
  await expect(panel.getByText(/^Measurement cancelled after \d+:\d\d\. Every connection was closed\.$/)).toBeVisible();
  expect(nat.stats.open).toBe(0);
  await expect(panel.getByRole('button', { name: 'Measure again' })).toBeEnabled();
});

test.describe('when ssh cannot log in', () => {
  test.use({ natOptions: { failOpen: () => 'ssh db exited 255: Permission denied (publickey).' } });
  test('says why, in ssh’s words, and opens nothing', async ({ app, nat }) => {
    const panel = await openPanel(app, 'db');
    await panel.getByRole('button', { name: 'Measure', exact: true }).click();
    await expect(panel.getByRole('alert')).toHaveText('Could not measure: ssh db exited 255: Permission denied (publickey).');
    expect(nat.stats.open).toBe(0);
  });
});

test('a block for many hosts asks which host to measure, and checks the name', async ({ app, spawned }) => {
  const panel = await openPanel(app, '*.lab !printer.lab');
  const field = panel.getByLabel('Host to connect to');
  await expect(field).toHaveValue('');
  const measure = panel.getByRole('button', { name: 'Measure', exact: true });
  await expect(measure).toBeDisabled();
  await field.fill('-oProxyCommand=evil');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(measure).toBeDisabled();
  await field.fill('gw.lab');
  await measure.click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel measurement' }).click();
  expect(spawned.map((s) => s.host)).toEqual(['gw.lab']);
});
