import { promises as fs } from 'node:fs';
import path from 'node:path';
import { enableKeepaliveInPath } from '../../electron/core/sessions/enable';
import type { WebHost } from '../../electron/web/host';
import { TOKEN_HEADER } from '../../electron/web/security';
import { expect, test } from './fixtures';

/**
 * Hostile requests to the real web host from a token holder: the putty:* channels read, list and
 * write PuTTY's sessions folder and files the user picked in the page, never a path named in a
 * request. Each refusal is checked on disk: nothing outside was read into the answer or written.
 */
interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

async function call(host: WebHost, channel: string, body: unknown): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

const refusedOutside = /not in PuTTY's sessions folder/;

test('putty:import of ~/.ssh or of a file outside the sessions folder is refused, and nothing of it is read', async ({ webHost, home }) => {
  const secret = path.join(home.home, 'secret-session');
  await fs.writeFile(secret, 'HostName=secret.example\nUserName=hidden-user\n');
  for (const p of [home.sshDir, home.configPath, secret, `${home.home}/.putty/sessions/../../.ssh`]) {
    const answer = await call(webHost, 'putty:import', { source: { kind: 'file', path: p } });
    expect(answer.ok, p).toBe(false);
    expect(answer.error?.message).toMatch(refusedOutside);
    // No field of the file reaches the answer (today's code listed ~/.ssh and read HostName/UserName).
    expect(JSON.stringify(answer)).not.toMatch(/secret\.example|hidden-user|id_ed25519|example\.com/);
  }
  // A relative path would resolve against the host's working directory: refused the same way.
  const relative = await call(webHost, 'putty:import', { source: { kind: 'file', path: 'secret-session' } });
  expect(relative.error?.message).toMatch(refusedOutside);
  // A handle the host never handed out is not a way in either.
  const forged = await call(webHost, 'putty:import', { source: { kind: 'picked', handle: 'A'.repeat(32) } });
  expect(forged.ok).toBe(false);
  expect(forged.error?.message).toMatch(/choose it again/);
  // The web host has no file dialog to hand out handles from: the page uploads instead.
  const pick = await call(webHost, 'putty:pick', { kind: 'folder' });
  expect(pick.error?.message).toMatch(/no file dialog/);
});

test('putty:enableKeepalive on a file outside the sessions folder is refused and the file stays byte-identical', async ({ webHost, home }) => {
  const bashrc = path.join(home.home, '.bashrc');
  const before = Buffer.from('# my shell\nexport PATH=$PATH:~/bin\n');
  await fs.writeFile(bashrc, before);
  const answer = await call(webHost, 'putty:enableKeepalive', { source: { kind: 'file', path: bashrc }, sessions: ['.bashrc'], interval: 60 });
  expect(answer.ok).toBe(false);
  expect(answer.error?.message).toMatch(refusedOutside);
  expect((await fs.readFile(bashrc)).equals(before)).toBe(true);
});

test('putty:undoFile of a path outside the sessions folder is refused and restores nothing', async ({ webHost, home }) => {
  // A change the user made to a file of their own (as a file picked in the window would be): the
  // journal holds it. A token holder naming that path must not be able to roll it back.
  const reg = path.join(home.home, 'sessions.reg');
  await fs.writeFile(reg, 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\a]\r\n"HostName"="a"\r\n\r\n');
  await enableKeepaliveInPath(home.stateDir, reg, ['a'], 60);
  const after = await fs.readFile(reg);
  const answer = await call(webHost, 'putty:undoFile', { path: reg });
  expect(answer.ok).toBe(false);
  expect(answer.error?.message).toMatch(refusedOutside);
  expect((await fs.readFile(reg)).equals(after)).toBe(true);
  const asSource = await call(webHost, 'putty:undoFile', { source: { kind: 'file', path: reg } });
  expect(asSource.error?.message).toMatch(refusedOutside);
  expect((await fs.readFile(reg)).equals(after)).toBe(true);
});

test('an uploaded file is read from the host’s own copy: its name cannot place it elsewhere', async ({ webHost, home }) => {
  const text = 'HostName=up.example\nUserName=ann\n';
  const up = await call(webHost, 'putty:upload', { name: '../../escape', base64: Buffer.from(text).toString('base64') });
  expect(up.ok).toBe(true);
  await expect(fs.stat(path.join(home.home, 'escape'))).rejects.toThrow();
  await expect(fs.stat(path.join(home.stateDir, 'escape'))).rejects.toThrow();
  const source = (up.value as { source: unknown }).source;
  const read = await call(webHost, 'putty:import', { source });
  expect(read.ok).toBe(true);
  expect((read.value as { sessions: Array<{ hostName: string }> }).sessions.map((s) => s.hostName)).toEqual(['up.example']);
});

test('the sessions folder, and a session file in it, are still read by path; a symlinked entry is not', async ({ webHost, home }) => {
  const dir = path.join(home.home, '.putty', 'sessions');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(dir, 'alpha'), 'HostName=alpha.example\n');
  const outside = path.join(home.home, '.profile');
  await fs.writeFile(outside, 'HostName=leaked.example\n');
  await fs.symlink(outside, path.join(dir, 'beta'));
  const folder = await call(webHost, 'putty:import', { source: { kind: 'file', path: dir } });
  expect(folder.value).toMatchObject({ sessions: [{ name: 'alpha', hostName: 'alpha.example' }], skipped: [{ name: 'beta' }] });
  const one = await call(webHost, 'putty:import', { source: { kind: 'file', path: path.join(dir, 'alpha') } });
  expect(one.value).toMatchObject({ sessions: [{ name: 'alpha' }] });
  const link = await call(webHost, 'putty:import', { source: { kind: 'file', path: path.join(dir, 'beta') } });
  expect(link.error?.message).toMatch(/symbolic link/);
  expect(JSON.stringify(link)).not.toContain('leaked.example');
});
