import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../common/diagnosis';
import { defaultContext } from '../core/kernel/context';
import { commands } from './index';
import { createCliIo } from './io';

/**
 * `explain` as the command line runs it: through the command table, the CLI's io and dispatch
 * (in-process, for the many messages), and once as a real process (`--json`'s exact shape, exit 0).
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function explain(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = createCliIo(defaultContext({ homeDir: os.tmpdir(), systemConfigPath: null }), { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const code = await commands.explain!.run(args, io);
  return { code, stdout, stderr };
}

describe('ssh-keepalive explain', () => {
  it.each([
    ['Write failed: Broken pipe', 'nat-idle'],
    ['packet_write_wait: Connection to 203.0.113.7 port 22: Broken pipe', 'nat-idle'],
    ['client_loop: send disconnect: Broken pipe', 'nat-idle'],
    ['Connection reset by 203.0.113.7 port 22', 'nat-idle'],
    ['Timeout, server db.example.com not responding.', 'client-keepalive-timeout'],
    ['timed out waiting for input: auto-logout', 'shell-tmout'],
    ['auto-logout', 'shell-tmout'],
    ['Network error: Software caused connection abort', 'nat-idle'],
    ['Connection has been unexpectedly closed. Server sent command exit status 0.', 'sshd-channel-timeout'],
    ['nothing to see here', 'unknown'],
  ])('--json: %s -> %s first', async (text, id) => {
    const r = await explain(text, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { causes: { id: string; summary: string }[] };
    expect(Object.keys(json)).toEqual(['causes']);
    expect(json.causes[0]?.id).toBe(id);
    for (const c of json.causes) {
      expect(Object.keys(c)).toEqual(['id', 'summary']);
      expect(CAUSE_IDS).toContain(c.id);
      expect(c.summary.length).toBeGreaterThan(10);
    }
  });

  it('--exit-status settles "Connection to H closed.": 255 is sshd, 0 the shell', async () => {
    const ids = async (...args: string[]) => (JSON.parse((await explain('Connection to db closed.', '--json', ...args)).stdout) as { causes: { id: string }[] }).causes.map((c) => c.id);
    expect((await ids('--exit-status', '255'))[0]).toBe('sshd-channel-timeout');
    expect((await ids('--exit-status', '0'))[0]).toBe('shell-tmout');
  });

  it('says the line it recognised, the cause, what it means, the fix, and the command that applies it', async () => {
    const r = await explain('client_loop: send disconnect: Broken pipe');
    expect(r.stdout).toMatch(/^Recognised: "client_loop: send disconnect: Broken pipe" \(OpenSSH client/);
    expect(r.stdout).toMatch(/Most likely: A NAT or firewall on the way forgot the idle connection\n {2}What it means: .+\n {2}Fix: .+\n {2}This app can do it: ssh-keepalive set HOST --interval 60/);
  });

  it('bad input: one line on stderr, non-zero', async () => {
    await expect(explain('--json')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^usage: explain/) });
    await expect(explain('x', '--exit-status', 'abc')).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('as a real process: --json prints {"causes":[{"id","summary"}]} and exits 0', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'electron', 'cli.ts'), 'explain', 'Timeout, server db not responding.', '--json'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as { causes: { id: string; summary: string }[] };
    expect(Object.keys(json)).toEqual(['causes']);
    expect(json.causes[0]).toEqual({ id: 'client-keepalive-timeout', summary: expect.any(String) });
    const empty = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'electron', 'cli.ts'), 'explain', '   '], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ssh-keepalive: .*Paste what the terminal said/)]);
  });
});
