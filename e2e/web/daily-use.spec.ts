/**
 * What a daily user trips over, found by using the whole app (light/dark, 1280 and 800 px,
 * keyboard only): each test holds one fix in place. Real web host, real files, real Chromium.
 */
import AxeBuilder from '@axe-core/playwright';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../electron/web/host';
import { expect, openRowPanel, test } from './fixtures';

/** How often `needle` occurs in `text`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

test('a refusal names the file once and says what to do, without repeating itself', async ({ app, home }) => {
  // Refused apply: the file changed between the preview and Apply.
  await app.getByRole('switch', { name: 'Keepalive for github.com', exact: true }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-add')).toHaveCount(1);
  await fs.appendFile(home.configPath, '# edited by hand\n');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  const refused = app.getByRole('alert').filter({ hasText: 'Refused' });
  await expect(refused).toContainText('try again');
  const text = await refused.innerText();
  expect(count(text, home.configPath), text).toBe(1);
  expect(count(text.toLowerCase(), 'the view'), text).toBe(1);
});

test('Undo is offered only while it can work: a hand edit after the change takes it away', async ({ app, home }) => {
  const undo = app.getByRole('button', { name: 'Undo last change' });
  await expect(undo).toHaveCount(0);
  await app.getByRole('switch', { name: 'Keepalive for github.com', exact: true }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // It says what it would undo: the change may be from yesterday's session.
  await expect(undo).toHaveText('Undo last change (Keepalive for Host github.com: every 60 s)');
  await app.reload();
  await expect(undo).toHaveText('Undo last change (Keepalive for Host github.com: every 60 s)');
  // Alone (no message yet), it sits by the list it changes, on the line of its heading.
  const [undoBox, headingBox] = [(await undo.boundingBox())!, (await app.getByRole('heading', { name: /^Hosts \(/ }).boundingBox())!];
  expect(Math.abs(undoBox.y + undoBox.height / 2 - (headingBox.y + headingBox.height / 2))).toBeLessThan(12);
  // Undo would now lose this edit (the core refuses it), so the button goes instead of failing.
  const edited = (await fs.readFile(home.configPath, 'utf8')) + '# my own note\n';
  await fs.writeFile(home.configPath, edited);
  await expect(undo).toHaveCount(0);
  // A fresh window (the journal persists) offers no stale undo either.
  await app.reload();
  await expect(app.getByRole('switch', { name: 'Keepalive for github.com', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(undo).toHaveCount(0);
  expect(await fs.readFile(home.configPath, 'utf8')).toBe(edited);
});

test('panels in a host row look like the rest: one background per table, selects in the page font', async ({ app }) => {
  await openRowPanel(app, 'db', 'PuTTY and WinSCP');
  const values = app.locator('tr[data-host="db"] + tr table').first();
  await expect(values).toBeVisible();
  // The host table's detail-row background once leaked into every cell of the tables inside it.
  const backgrounds = await values.locator('th, td').evaluateAll((cells) => [...new Set(cells.map((c) => getComputedStyle(c).backgroundColor))]);
  expect(backgrounds).toEqual(['rgba(0, 0, 0, 0)']);

  await openRowPanel(app, 'db', 'Measure network');
  const select = app.getByRole('combobox', { name: 'Longest idle to try' });
  await expect(select).toBeVisible();
  const [selectFont, bodyFont] = await select.evaluate((el) => [getComputedStyle(el).fontSize, getComputedStyle(document.body).fontSize]);
  expect(selectFont).toBe(bodyFont);
});

test('an 800 px window shows every column of the host list, one host per row, without sideways scrolling', async ({ app }) => {
  // Wide: one line per host.
  await app.setViewportSize({ width: 1280, height: 800 });
  const rows = app.locator('tr[data-host]');
  const heights = async () => new Set(await rows.evaluateAll((trs) => trs.map((tr) => Math.round(tr.getBoundingClientRect().height))));
  const lineHeight = await rows.first().locator('td[data-field="verdict"]').evaluate((td) => parseFloat(getComputedStyle(td).lineHeight));
  const wide = [...(await heights())];
  expect(wide).toHaveLength(1);
  expect(wide[0]!).toBeLessThan(lineHeight * 2);

  await app.setViewportSize({ width: 800, height: 800 });
  expect(await app.evaluate(() => document.documentElement.scrollWidth), 'the page scrolls sideways').toBeLessThanOrEqual(800);
  expect([...(await heights())], 'every row has the same height (the window of rows counts on it)').toHaveLength(1);
  for (const cell of await app.locator('tr[data-host] td[data-field="verdict"]').all()) {
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width, 'outcome cut off at the right edge').toBeLessThanOrEqual(800);
    // The outcome wraps onto a second line instead of being cut: nothing hidden in its box.
    const hidden = await cell.locator('.clamp').evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    expect(hidden, `${await cell.innerText()} is cut`).toBe(false);
    // "60 s" never splits into "60" and a lone "s" on the next line.
    expect(await cell.textContent()).toMatch(/\d\u00a0(s|min|h)\b/);
  }
  // One menu per row instead of two links per row; it names the host for screen readers.
  await expect(app.getByRole('button', { name: 'Actions for web1 web2', exact: true })).toHaveAttribute('aria-haspopup', 'menu');
  await expect(app.getByRole('button', { name: /^PuTTY and WinSCP for/ })).toHaveCount(0);
});

test('an 800 px window: no tab makes the whole page scroll sideways; the NAT table keeps its router entries readable', async ({ app }) => {
  await app.setViewportSize({ width: 800, height: 800 });
  for (const tab of await app.getByRole('tab').all()) {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await app.waitForTimeout(300); // let the panel lay out (the NAT view draws on the next frame)
    const pageWidth = await app.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth, `page width on the ${await tab.innerText()} tab`).toBeLessThanOrEqual(800);
  }
  await app.getByRole('tab', { name: 'Why sessions die' }).click();
  const entries = app.getByRole('table', { name: 'NAT connection table' }).locator('td.nat-mapping');
  await expect(entries.first()).toBeVisible();
  for (const cell of await entries.all()) expect((await cell.boundingBox())!.width).toBeGreaterThanOrEqual(150);
});

test('the file changes while the preview is open: the dialog says so at once and previews again on request', async ({ app, home }) => {
  await app.getByRole('switch', { name: 'Keepalive for github.com', exact: true }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.locator('tr.diff-add')).toHaveCount(1);
  const addedBefore = await dialog.locator('tr.diff-add').innerText();

  // Another program puts two lines at the top: every line of the old preview moved.
  const edited = '# managed elsewhere\n\n' + (await fs.readFile(home.configPath, 'utf8'));
  await fs.writeFile(home.configPath, edited);
  await expect(dialog.getByRole('alert')).toContainText('changed on disk');
  await dialog.getByRole('button', { name: 'Preview again' }).click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Preview again' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Apply' })).toBeFocused();
  const addedAfter = await dialog.locator('tr.diff-add').innerText();
  expect(addedAfter).not.toBe(addedBefore); // new line numbers

  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const now = await fs.readFile(home.configPath, 'utf8');
  expect(now.startsWith('# managed elsewhere\n\n')).toBe(true);
  await expect(app.getByRole('switch', { name: 'Keepalive for github.com', exact: true })).toHaveAttribute('aria-checked', 'true');
});

test('landmarks: one main region holds the tabs and the panel on every tab (axe, all rules, light and dark)', async ({ app }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme });
    for (const tab of await app.getByRole('tab').all()) {
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      await expect(app.getByRole('main').getByRole('tabpanel')).toBeVisible();
      const name = await tab.innerText();
      const result = await new AxeBuilder({ page: app }).analyze();
      expect(result.violations.map((v) => `${scheme} ${name}: ${v.id} (${v.impact})`)).toEqual([]);
    }
  }
});

test('npm start without Electron: one line says why, then the URL it serves; the page works there', async ({ page }) => {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-start-'));
  const child = spawn(process.execPath, [path.join(packageRoot(), 'scripts', 'start.mjs'), '--no-open'], {
    cwd: packageRoot(),
    // No DISPLAY: even where an Electron binary exists, start.mjs takes the web path.
    env: { PATH: process.env.PATH ?? '', HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => /running at (\S+)/.exec(out)?.[1], { timeout: 90_000 }).toBeTruthy();
    const lines = out.split('\n').filter((l) => !l.startsWith('build:'));
    expect(lines[0]).toMatch(/^No Electron window: .+; serving the web UI at the address below instead\.$/);
    expect(lines[1]).toMatch(/^SSH Keepalive is running at http:\/\/127\.0\.0\.1:\d+\/#token=/);
    await page.goto(/running at (\S+)/.exec(out)![1]!);
    await expect(page.getByRole('heading', { name: 'No SSH config yet' })).toBeVisible();
  } finally {
    child.kill('SIGTERM');
    await fs.rm(home, { recursive: true, force: true });
  }
});

test('typing a bad NAT idle timeout shows the message under the field; the label does not jump', async ({ app }) => {
  await app.getByRole('combobox', { name: 'Where do you connect from?' }).selectOption({ label: 'My own number of seconds…' });
  const field = app.getByRole('textbox', { name: 'NAT idle timeout (seconds)' });
  const label = app.locator('label', { hasText: 'Where do you connect from?' });
  const before = (await label.boundingBox())!;
  await field.fill('abc');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(app.getByText('The NAT timeout must be')).toBeVisible();
  const after = (await label.boundingBox())!;
  expect(Math.abs(after.x - before.x), 'label moved sideways').toBeLessThan(2);
  await field.fill('300');
});

test('saving a PuTTY session says the exact command that loads it', async ({ app }) => {
  await openRowPanel(app, 'web1 web2', 'PuTTY and WinSCP');
  const panel = app.getByTestId('putty-panel');
  await panel.getByRole('button', { name: 'Save as PuTTY session on this computer' }).click();
  const status = panel.getByRole('status');
  await expect(status).toContainText('Saved');
  const text = await status.innerText();
  // Not a placeholder: the session's own name, quoted for the shell when it needs it.
  expect(text).not.toContain('-load NAME');
  expect(text).toContain('`plink -load web1` uses web1');
});

test.describe('a config ssh refuses', () => {
  test.use({ homeSpec: { files: { config: Buffer.from('Host good\n  ServerAliveInterval 30\n\nHost typo\n  ServerAlivInterval 30\n') } } });

  test('says that ssh will not run at all until the error is fixed, not only where the error is', async ({ page, webHost, home }) => {
    await page.goto(webHost.url);
    const problems = page.getByRole('region', { name: 'Problems in the config' });
    await expect(problems).toContainText(`${home.configPath}:5`);
    await expect(problems).toContainText('refuses to run with this config');
    // What OpenSSH itself says about it, for the words we quote.
    const ssh = spawnSync('ssh', ['-F', home.configPath, '-G', 'good'], { encoding: 'utf8' });
    expect(ssh.stderr).toMatch(/terminating, 1 bad configuration options/);
  });
});

test.describe('a config with only a warning', () => {
  test.use({ homeSpec: { files: { config: Buffer.from('Host a,b\n  ServerAliveInterval 30\n') } } });

  test('does not claim ssh refuses it', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    const problems = page.getByRole('region', { name: 'Problems in the config' });
    await expect(problems).toContainText('comma');
    await expect(problems).not.toContainText('refuses to run');
  });
});

test('keyboard: after Apply (turning off) and after Undo, focus is where the user was, and the outcome reads once', async ({ app }) => {
  const toggle = app.getByRole('switch', { name: 'Keepalive for web1 web2', exact: true });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await toggle.focus();
  await app.keyboard.press('Space');
  await expect(app.getByRole('dialog').getByRole('button', { name: 'Apply' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(toggle).toBeFocused(); // was left on <body> when the page behind the dialog was still inert
  const undo = app.getByRole('button', { name: /Undo last change/ });
  await undo.focus();
  await app.keyboard.press('Enter');
  const status = app.getByRole('status').filter({ hasText: 'Undone.' });
  await expect(status).toBeFocused();
  expect(await status.innerText()).not.toMatch(/Undone\.\s*Undone/);
  await expect(status).toContainText('“Keepalive for Host web1 web2: off” is reverted.');
});

test('PuTTY tab with no sessions yet: points at the export on the same tab; no gap above the heading', async ({ app }) => {
  await app.getByRole('tab', { name: 'PuTTY & WinSCP' }).click();
  const list = app.locator('section[aria-labelledby="putty-list-heading"]');
  await expect(list).toContainText('No saved sessions here yet');
  await expect(list).toContainText('“Save into PuTTY’s sessions folder” above');
  await expect(app.getByRole('button', { name: 'Save into PuTTY’s sessions folder' })).toBeVisible();
  const heading = list.getByRole('heading');
  expect(await heading.evaluate((h) => getComputedStyle(h).marginTop)).toBe('0px');

  // Save every host: the example command names a session that connects somewhere.
  await app.getByRole('button', { name: 'Save into PuTTY’s sessions folder' }).click();
  const status = app.getByRole('region', { name: 'Export your hosts' }).getByText(/^Saved /);
  await expect(status).toBeVisible();
  expect(await status.innerText()).not.toContain("-load 'Default Settings'");
  // The export switched keepalive on in every session: the list says so instead of offering "0 sessions".
  await expect(list).toContainText('Every session here stays connected when idle');
  await expect(list.getByRole('button', { name: /Turn keepalive on for 0 sessions/ })).toHaveCount(0);
});
