/**
 * What a daily user trips over, found by using the whole app (light/dark, 1280 and 800 px,
 * keyboard only): each test holds one fix in place. Real web host, real files, real Chromium.
 */
import { promises as fs } from 'node:fs';
import { expect, test } from './fixtures';

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

  // Refused undo: a change by the app, then a hand edit; undo would lose the hand edit.
  await app.getByRole('button', { name: 'Dismiss' }).click();
  await app.getByRole('switch', { name: 'Keepalive for github.com', exact: true }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await fs.appendFile(home.configPath, '# another hand edit\n');
  await app.getByRole('button', { name: 'Undo last change' }).click();
  const undoRefused = app.getByRole('alert').filter({ hasText: 'undo would lose' });
  await expect(undoRefused).toBeVisible();
  const undoText = await undoRefused.innerText();
  expect(count(undoText, home.configPath), undoText).toBe(1);
});
