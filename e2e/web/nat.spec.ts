import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import type { Page } from '@playwright/test';
import { developerLaptop, SCREENS, viewportShot } from './developer-laptop';
import { expect, test } from './fixtures';

/** The "Why sessions die" tab, opened from the Hosts view the way a user does. */
async function openNatView(app: Page) {
  await app.getByRole('tab', { name: 'Why sessions die' }).click();
  await expect(app.getByRole('img', { name: /^NAT diagram/ })).toBeVisible();
  return app.getByRole('table', { name: 'NAT connection table' });
}

function natRow(app: Page, pattern: string) {
  return app.getByRole('table', { name: 'NAT connection table' }).locator(`tr[data-nat-host="${pattern.replace(/["\\]/g, '\\$&')}"]`);
}

async function simSeconds(app: Page): Promise<number> {
  return Number(await app.locator('.nat-view').getAttribute('data-sim-ms')) / 1000;
}

async function rowStates(app: Page, patterns: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of patterns) out[p] = (await natRow(app, p).getAttribute('data-state')) ?? '';
  return out;
}

const captions = (app: Page) => app.getByRole('log').locator('li');

/** The controls folded under "More controls" (your own actions, the server what-if). */
async function moreControls(app: Page) {
  const more = app.getByRole('button', { name: 'More controls' });
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
}

test.describe('the story, on a realistic config', () => {
  test.use({ homeSpec: developerLaptop() });

  test('plays its lesson by itself: idle, forgotten, frozen, Broken pipe, with captions naming the user’s own hosts; Replay plays it again', async ({ app, snapshot }) => {
    const patterns = (await snapshot()).hosts.map((h) => h.pattern);
    await openNatView(app);
    // The first screen shows the picture (the controls are one compact bar above it).
    const diagram = app.getByRole('img', { name: /^NAT diagram/ });
    expect((await diagram.boundingBox())!.y).toBeLessThan(400);

    // Nobody clicks: the sessions go idle on their own, and the key moments get captions.
    await expect(captions(app).first()).toHaveText(/^0:00 You are working in /);
    await expect(captions(app).nth(1)).toHaveText('0:15 You stop typing and leave: every session is idle. The router forgets an entry idle for 5 min.', { timeout: 15_000 });
    const forgotten = captions(app).filter({ hasText: 'The router forgot' });
    await expect(forgotten).toHaveCount(1, { timeout: 30_000 });
    await expect(forgotten).toHaveText(/^5:1\d The router forgot .+: idle for 5 min\.$/);
    const frozen = captions(app).filter({ hasText: 'frozen' }).first();
    await expect(frozen).toHaveText(/^\d+:\d\d Next keystroke in (\S+): frozen\. Nothing echoes; TCP resends the keystroke and the router drops every copy\.$/, { timeout: 30_000 });
    const victim = /Next keystroke in (\S+):/.exec(await frozen.innerText())![1]!;
    // The frozen phase as the user lives it: the terminal of that session, its keystroke never appearing.
    const terminal = app.locator('figure.nat-terminal');
    await expect(terminal.locator('figcaption')).toHaveText(`ssh ${victim}`);
    await expect(terminal).toHaveClass(/nat-terminal-frozen/);
    await expect(terminal).toContainText('your keystroke never appears');
    await expect(natRow(app, victim)).toHaveAttribute('data-phase', 'frozen');

    // Then TCP gives up: Broken pipe, after about 15 min frozen, and the story stops with its lesson.
    await expect(captions(app).filter({ hasText: 'Broken pipe' })).toHaveText(new RegExp(`^\\d+:\\d\\d ${victim.replace(/[.*]/g, '\\$&')}: Write failed: Broken pipe \\(after 15 min 25 s frozen\\)$`), { timeout: 30_000 });
    await expect(app.locator('.nat-view')).toHaveAttribute('data-story', 'done', { timeout: 10_000 });
    await expect(terminal.locator('.nat-terminal-error')).toHaveText('Write failed: Broken pipe');
    await expect(natRow(app, victim).locator('td.nat-session')).toHaveText('Write failed: Broken pipe');
    await expect(captions(app).last()).toContainText('still connected: keepalives kept their entries');

    // Every name in the captions is one of the user's own hosts; the forgotten ones are exactly the rows the router deleted.
    const text = (await captions(app).allInnerTexts()).join('\n');
    for (const example of ['aws', 'school', 'example.com']) expect(text).not.toContain(example);
    // "The router forgot github.com, gitlab.com, backup and 3 more": named ones first, then how many more.
    const named = /The router forgot (.+): idle/.exec(await forgotten.innerText())![1]!.split(/, | and /);
    const more = /^(\d+) more$/.exec(named[named.length - 1]!);
    const listed = more ? named.slice(0, -1) : named;
    for (const n of listed) expect(patterns).toContain(n);
    const drawn = await app.getByRole('table', { name: 'NAT connection table' }).locator('tr[data-nat-host]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-nat-host')!));
    const deleted = Object.entries(await rowStates(app, drawn)).filter(([, s]) => s === 'deleted').map(([p]) => p);
    for (const n of listed) expect(deleted).toContain(n);
    expect(listed.length + (more ? Number(more[1]) : 0)).toBe(deleted.length);
    // Hosts kept alive by the bastion's keepalive (ProxyJump) are still there.
    expect(await rowStates(app, ['bastion', 'web-1', 'db-primary', 'monitoring'])).toEqual({ bastion: 'idle', 'web-1': 'idle', 'db-primary': 'idle', monitoring: 'idle' });

    // Replay: from the start, by itself again.
    await app.getByRole('button', { name: 'Replay' }).click();
    await expect(app.locator('.nat-view')).toHaveAttribute('data-story', 'story');
    await expect(captions(app)).toHaveCount(1);
    await expect(captions(app).nth(1)).toHaveText(/You stop typing and leave/, { timeout: 15_000 });
  });

  test('the captions follow the NAT timeout the user chose', async ({ app }) => {
    await openNatView(app);
    await app.getByRole('combobox', { name: 'Where do you connect from?' }).selectOption({ label: 'Hotel or café Wi-Fi: 2 min' });
    await expect(captions(app).nth(1)).toHaveText('0:15 You stop typing and leave: every session is idle. The router forgets an entry idle for 2 min.', { timeout: 15_000 });
    await expect(captions(app).filter({ hasText: 'The router forgot' })).toHaveText(/^2:1\d The router forgot .+: idle for 2 min\.$/, { timeout: 30_000 });
  });

  test('switching tabs keeps the story where it was', async ({ app }) => {
    await openNatView(app);
    await expect(captions(app).nth(1)).toHaveText(/You stop typing/, { timeout: 15_000 });
    await app.getByRole('button', { name: 'Pause' }).click();
    const at = await simSeconds(app);
    const said = await captions(app).allInnerTexts();
    expect(at).toBeGreaterThan(15);
    await app.getByRole('tab', { name: 'Hosts' }).click();
    await expect(app.getByRole('img', { name: /^NAT diagram/ })).toBeHidden();
    await app.getByRole('tab', { name: 'This computer' }).click();
    await app.getByRole('tab', { name: 'Why sessions die' }).click();
    await expect(app.getByRole('img', { name: /^NAT diagram/ })).toBeVisible();
    expect(await simSeconds(app)).toBe(at);
    expect(await captions(app).allInnerTexts()).toEqual(said);
    // And it plays on from there.
    await app.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => simSeconds(app)).toBeGreaterThan(at);
  });

  test('reduced motion: nothing moves by itself, the captions are all there, each shows its moment', async ({ app }) => {
    await app.emulateMedia({ reducedMotion: 'reduce' });
    await openNatView(app);
    const steps = app.getByRole('region', { name: 'What happens, step by step' }).getByRole('button');
    await expect(steps.first()).toContainText('You are working in');
    await expect(steps.filter({ hasText: 'The router forgot' })).toHaveCount(1);
    await expect(steps.filter({ hasText: 'Broken pipe' })).toHaveCount(1);
    expect(await simSeconds(app)).toBe(0);
    await expect(app.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await expect(app.locator('.nat-diagram-wrap .nat-packet')).toHaveCount(0);

    const frozenStep = steps.filter({ hasText: 'frozen. Nothing echoes' });
    const victim = /Next keystroke in (\S+):/.exec(await frozenStep.innerText())![1]!;
    await frozenStep.click();
    await expect(frozenStep).toHaveAttribute('aria-current', 'step');
    await expect(natRow(app, victim)).toHaveAttribute('data-phase', 'frozen');
    await steps.filter({ hasText: 'Broken pipe' }).click();
    await expect(natRow(app, victim).locator('td.nat-session')).toHaveText('Write failed: Broken pipe');
    // Back to the start: the terminal's cursor does not blink either.
    await steps.first().click();
    await expect(natRow(app, victim)).toHaveAttribute('data-phase', 'typing');
    expect(await app.locator('.nat-cursor').evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
  });

  test('screens mid-story (the frozen terminal) at 1280x800 and 800x600, light and dark; axe clean', async ({ app }) => {
    test.setTimeout(120_000);
    await openNatView(app);
    await expect(captions(app).filter({ hasText: 'frozen' })).toHaveCount(1, { timeout: 40_000 });
    await app.getByRole('button', { name: 'Pause' }).click();
    for (const screen of SCREENS) {
      await app.setViewportSize({ width: screen.width, height: screen.height });
      await app.emulateMedia({ colorScheme: screen.scheme });
      await app.evaluate(() => window.scrollTo(0, 0));
      // The first screen shows the diagram.
      const box = (await app.getByRole('img', { name: /^NAT diagram/ }).boundingBox())!;
      expect(box.y).toBeLessThan(screen.height - 100);
      await viewportShot(app, 'nat-story-frozen', screen);
      const axe = await new AxeBuilder({ page: app }).include('.nat-view').include('header').analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
  });
});

test.describe('sixteen sessions', () => {
  // Sixteen hosts that all cross the router: sixteen lanes (the realistic config draws 13: its LAN hosts and Host * are not).
  const config = Array.from({ length: 16 }, (_, i) => `Host app-${i}\n    HostName app-${i}.example.net\n${i % 4 === 0 ? '    ServerAliveInterval 60\n' : ''}`).join('\n');
  test.use({ homeSpec: { files: { config: Buffer.from(config) } } });

  test('at 800 px nothing is clipped, and 16 lanes stay legible', async ({ app }) => {
    await app.setViewportSize({ width: 800, height: 600 });
    const table = await openNatView(app);
    await app.getByRole('button', { name: 'Pause' }).click();
    // The table fits: no sideways scroll, every Type/Reconnect button inside the window.
    const wrap = app.locator('.nat-table-wrap');
    expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const buttons = table.getByRole('button', { name: /^(Type in|Reconnect) / });
    expect(await buttons.count()).toBe(16);
    for (const b of await buttons.all()) {
      await b.scrollIntoViewIfNeeded();
      const box = (await b.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(800);
    }
    expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    // The drawing fits its box sideways; its lanes are at least 20 px apart with text of 11 px or more.
    const lanes = app.locator('.nat-lanes');
    expect(await lanes.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const rows = app.locator('.nat-diagram .nat-row text:first-child');
    const n = await rows.count();
    expect(n).toBe(16);
    const ys = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('y'))));
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(20);
    expect(await rows.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(11);
    // The names are the user's, whole or cut with an ellipsis, never overlapping the bars.
    await expect(app.locator('.nat-diagram .nat-row text').filter({ hasText: /^app-15$/ })).toHaveCount(1);
  });

});

test('free play on the small config: coffee, 10 idle minutes at 600x delete exactly the unprotected rows; the next keystroke freezes', async ({ app, snapshot }) => {
  const snap = await snapshot();
  // Host * is every host's defaults (the Hosts view's all-hosts card), not a session: not drawn.
  const patterns = snap.hosts.map((h) => h.pattern).filter((p) => p !== '*');
  const table = await openNatView(app);
  await expect(table.locator('tbody tr')).toHaveCount(patterns.length);
  await expect(natRow(app, '*')).toHaveCount(0);
  for (const p of patterns) await expect(natRow(app, p).getByRole('rowheader')).toHaveText(p);
  await app.getByRole('combobox', { name: 'Where do you connect from?' }).selectOption({ label: 'Home router: 5 min' });
  await app.getByRole('button', { name: 'Pause' }).click();
  await app.getByRole('button', { name: 'Replay' }).click();
  await app.getByRole('button', { name: 'Pause' }).click();
  expect(Object.values(await rowStates(app, patterns))).toEqual(patterns.map(() => 'active'));
  await expect(app.locator('.nat-summary')).toHaveText(/^Behind a 5 min NAT: 1 of 4 hosts survive an idle hour; .* die after 5 min\.$/);
  // A wildcard block is drawn to its pattern, never to a made-up sample name.
  await expect(natRow(app, '*.lab !printer.lab').locator('td.nat-mapping')).toHaveText('*.lab:22');

  // The user takes over: leaves, and lets 10 simulated minutes pass at 600x.
  await moreControls(app);
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  await expect(app.locator('.nat-view')).toHaveAttribute('data-story', 'free');
  const start = await simSeconds(app);
  await app.getByRole('combobox', { name: 'Speed' }).selectOption('600');
  await app.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => simSeconds(app), { timeout: 20_000 }).toBeGreaterThanOrEqual(start + 600);
  await app.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => rowStates(app, patterns)).toEqual({ 'github.com': 'deleted', 'web1 web2': 'idle', db: 'deleted', '*.lab !printer.lab': 'deleted' });
  await expect(app.getByRole('img', { name: /^NAT diagram/ })).toHaveAttribute('aria-label', /3 of 4 connection-table entries deleted/);
  // The captions follow what the user does.
  await expect(captions(app).filter({ hasText: 'The router forgot' })).toHaveCount(1);

  // The next keystroke in a deleted session freezes it (nothing echoes); a protected one answers.
  await natRow(app, 'db').getByRole('button', { name: 'Type in db' }).click();
  await app.getByRole('button', { name: 'Step' }).click();
  await expect(natRow(app, 'db')).toHaveAttribute('data-phase', 'frozen');
  await expect(natRow(app, 'db').locator('td.nat-session')).toHaveText(/^frozen for \d+ s: nothing echoes$/);
  await expect(app.locator('figure.nat-terminal figcaption')).toHaveText('ssh db');
  await natRow(app, 'web1 web2').getByRole('button', { name: 'Type in web1 web2' }).click();
  await app.getByRole('button', { name: 'Step' }).click();
  await expect(natRow(app, 'web1 web2')).toHaveAttribute('data-phase', 'typing');
  // About 15 minutes later TCP gives up: Broken pipe.
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  await expect(natRow(app, 'db').locator('td.nat-session')).toHaveText('Write failed: Broken pipe');
  await expect(natRow(app, 'db').getByRole('button', { name: 'Reconnect db' })).toBeVisible();
});

test('a server-side keepalive protects every session; other NAT presets change who survives', async ({ app }) => {
  await openNatView(app);
  await app.getByRole('button', { name: 'Pause' }).click();
  await app.getByRole('combobox', { name: 'Where do you connect from?' }).selectOption({ label: 'Google Cloud NAT: 20 min' });
  await moreControls(app);
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(await rowStates(app, ['github.com', 'db'])).toEqual({ 'github.com': 'idle', db: 'idle' });
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(await rowStates(app, ['github.com', 'web1 web2', 'db'])).toEqual({ 'github.com': 'deleted', 'web1 web2': 'idle', db: 'deleted' });
  await expect(app.locator('.nat-summary')).toHaveText(/^Behind a 20 min NAT: 1 of 4 hosts survive an idle hour; .* die after 20 min\.$/);

  await app.getByRole('combobox', { name: "Servers' ClientAliveInterval" }).selectOption('60');
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  for (let i = 0; i < 3; i++) await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(Object.values(await rowStates(app, ['github.com', 'web1 web2', 'db', '*.lab !printer.lab']))).toEqual(['idle', 'idle', 'idle', 'idle']);
  await expect(app.locator('.nat-summary')).toHaveText('Behind a 20 min NAT: all 4 hosts survive an idle hour.');
});

test('toggling keepalive in the table writes the config file and keeps that session alive', async ({ app, home }) => {
  await openNatView(app);
  await app.getByRole('button', { name: 'Pause' }).click();
  const before = await fs.readFile(home.configPath, 'utf8');
  const toggle = natRow(app, 'db').getByRole('switch', { name: 'Keepalive for db', exact: true });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();

  const dialog = app.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Turn keepalive on for db (every 60 s)');
  expect(await fs.readFile(home.configPath, 'utf8')).toBe(before);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();

  // Only the db block gained a line; everything else is byte for byte the same.
  const after = await fs.readFile(home.configPath, 'utf8');
  expect(after).toBe(before.replace('\tServerAliveCountMax 5   \n', '\tServerAliveCountMax 5   \n\tServerAliveInterval 60\n'));
  await expect(natRow(app, 'db').getByRole('switch', { name: 'Keepalive for db', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(natRow(app, 'db').locator('td.nat-keepalive')).toContainText('every 60 s');

  // The animation follows at once: db now survives the coffee break, github.com does not.
  await moreControls(app);
  await app.getByRole('button', { name: 'Go for coffee' }).click();
  await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
  expect(await rowStates(app, ['db', 'github.com'])).toEqual({ db: 'idle', 'github.com': 'deleted' });

  // Undo from here restores the file byte for byte, and db is unprotected again.
  await app.getByRole('button', { name: 'Undo last change' }).click();
  await expect(natRow(app, 'db').getByRole('switch', { name: 'Keepalive for db', exact: true })).toHaveAttribute('aria-checked', 'false');
  expect(await fs.readFile(home.configPath, 'utf8')).toBe(before);
});

test.describe('without Host blocks', () => {
  test.use({ homeSpec: { files: null } });

  test('plays the story on an example that says it is one', async ({ app }) => {
    await openNatView(app);
    await expect(app.getByText(/this shows an example \(sessions named aws, work and school, with example addresses\)/)).toBeVisible();
    await app.getByRole('button', { name: 'Pause' }).click();
    await app.getByRole('button', { name: 'Replay' }).click();
    await app.getByRole('button', { name: 'Pause' }).click();
    expect(await rowStates(app, ['aws', 'work', 'school'])).toEqual({ aws: 'active', work: 'active', school: 'idle' });
    await moreControls(app);
    await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
    // Still working in aws and work; school was left idle and is gone.
    expect(await rowStates(app, ['aws', 'work', 'school'])).toEqual({ aws: 'active', work: 'active', school: 'deleted' });
    // The example's switch is a what-if: nothing to write, the animation reconnects with keepalive.
    await natRow(app, 'school').getByRole('switch', { name: 'Keepalive for school' }).click();
    await app.getByRole('button', { name: 'Go for coffee' }).click();
    await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
    expect(await rowStates(app, ['aws', 'work', 'school'])).toEqual({ aws: 'deleted', work: 'deleted', school: 'idle' });
  });
});

test('keyboard, dark mode and axe', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  // Tabs follow the WAI-ARIA pattern: arrow keys move between them.
  await app.getByRole('tab', { name: 'Hosts' }).focus();
  await app.keyboard.press('ArrowRight');
  await expect(app.getByRole('tab', { name: 'Why sessions die' })).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('img', { name: /^NAT diagram/ })).toBeVisible();

  // Everything works from the keyboard, the folded controls too.
  await app.getByRole('button', { name: 'Pause' }).focus();
  await app.keyboard.press('Enter');
  await app.getByRole('button', { name: 'More controls' }).focus();
  await app.keyboard.press('Enter');
  await app.keyboard.press('Tab');
  await expect(app.getByRole('button', { name: 'Go for coffee' })).toBeFocused();
  await app.keyboard.press('Enter');
  await app.keyboard.press('Tab');
  await expect(app.getByRole('button', { name: 'Skip 10 minutes' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(natRow(app, 'github.com')).toHaveAttribute('data-state', 'deleted');

  // Dark mode: the page and the diagram take the dark palette.
  expect(await app.locator('html').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(13, 17, 23)');
  expect(await app.locator('.nat-router rect').evaluate((el) => getComputedStyle(el).stroke)).toBe('rgb(68, 147, 248)');
  const axe = await new AxeBuilder({ page: app }).include('.nat-view').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test.describe('a config with 300 hosts', () => {
  const config = Array.from({ length: 300 }, (_, i) => `Host n${i}\n    HostName 198.51.${i >> 8}.${i & 255}\n${i % 3 === 0 ? '    ServerAliveInterval 60\n' : ''}`).join('\n');
  test.use({ homeSpec: { files: { config: Buffer.from(config) } } });

  test('draws the first 50 sessions (the lanes scroll) and summarizes all of them', async ({ app }) => {
    const table = await openNatView(app);
    await expect(table.locator('tbody tr')).toHaveCount(50);
    await expect(app.getByText('The diagram and the table show the first 50 of your 300 hosts')).toBeVisible();
    await expect(app.locator('.nat-summary')).toHaveText(/^Behind a 5 min NAT: 100 of 300 hosts survive an idle hour; n1, n2, n4 and 197 more die after 5 min\.$/);
    // 50 lanes scroll inside their box instead of shrinking.
    expect(await app.locator('.nat-lanes').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await moreControls(app);
    await app.getByRole('button', { name: 'Go for coffee' }).click();
    await app.getByRole('button', { name: 'Skip 10 minutes' }).click();
    await expect(natRow(app, 'n0')).toHaveAttribute('data-state', 'idle');
    await expect(natRow(app, 'n1')).toHaveAttribute('data-state', 'deleted');
  });
});
