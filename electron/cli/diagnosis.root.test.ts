import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunLabHosts, createLabHosts, type LabHosts } from '../core/diagnosis/testing/lab-hosts';

/**
 * `diagnose` and `probe --json` as a user runs them (a real process, HOME a scratch directory),
 * against real sshds with a non-root login user: the JSON is the shape with what OpenSSH
 * really does; a host it cannot log in to is one line on stderr and a non-zero exit.
 */
const repo = path.resolve(__dirname, '..', '..');
let lab: LabHosts;
let config = '';
let home = '';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'electron', 'cli.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!canRunLabHosts)('ssh-keepalive diagnose / probe with real ssh and sshd', () => {
  beforeAll(async () => {
    lab = await createLabHosts();
    home = mkdtempSync(path.join(os.tmpdir(), 'ska-cli-diag-home-'));
    const tmout = await lab.server(['ChannelTimeout session:*=10m', 'ClientAliveInterval 45']);
    const short = await lab.server(['ChannelTimeout session:*=2']);
    writeFileSync(`${lab.user.home}/.bashrc`, '');
    config = path.join(lab.dir, 'ssh_config');
    writeFileSync(
      config,
      [
        lab.hostBlock('ct', tmout.port, ['ServerAliveInterval 60']),
        lab.hostBlock('nokey', tmout.port, [], { key: 'wrong' }),
        lab.hostBlock('short', short.port),
      ].join('\n'),
      { mode: 0o600 },
    );
  }, 60_000);

  afterAll(() => {
    lab?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('diagnose --json: the issue’s shape, with sshd -T’s values and the lethal cause first', () => {
    const r = cli('diagnose', 'ct', '--config', config, '--nat-timeout', '240', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { server: Record<string, unknown>; shell: Record<string, unknown>; causes: Record<string, unknown>[] };
    expect(Object.keys(j)).toEqual(['host', 'server', 'shell', 'hops', 'causes']);
    expect(Object.keys(j.server)).toEqual(['version', 'clientAliveInterval', 'clientAliveCountMax', 'channelTimeout', 'unusedConnectionTimeout', 'source']);
    expect(j.server).toMatchObject({ clientAliveInterval: 45, clientAliveCountMax: 3, channelTimeout: 'session:*=10m', source: 'sshd -T' });
    expect(j.server.version).toMatch(/^OpenSSH_\d/);
    expect(j.shell).toEqual({ path: '/bin/bash', tmout: null, readonly: false });
    expect(j.hops).toEqual([]);
    for (const c of j.causes) expect(Object.keys(c)).toEqual(['id', 'kills', 'afterSeconds', 'evidence', 'fix']);
    // Client keepalive 60 s beats the 240 s NAT; ChannelTimeout is the one killer, and keepalive does not reset it.
    expect(j.causes.filter((c) => c.kills).map((c) => [c.id, c.afterSeconds])).toEqual([['sshd-channel-timeout', 600]]);
    expect(j.causes[0]).toMatchObject({ id: 'sshd-channel-timeout', evidence: expect.stringContaining('channeltimeout session:*=10m'), fix: expect.stringMatching(/administrator/) });
  }, 120_000);

  it('diagnose without --nat-timeout assumes 300 s and says so; the text names the killer, the evidence and who fixes it', () => {
    const r = cli('diagnose', 'ct', '--config', config);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('ct: server closes idle shells after 10 min: keepalive cannot help');
    expect(r.stdout).toMatch(/NAT timeout 5 min \(the default: none given; --nat-timeout S/);
    expect(r.stdout).toMatch(/evidence: sshd -T on the server prints `channeltimeout session:\*=10m`; set at .*sshd_config-\d+:\d+/);
    expect(r.stdout).toMatch(/fix, by the server's administrator: /);
    const json = cli('diagnose', 'ct', '--config', config, '--json');
    expect(json.stderr).toMatch(/^NAT timeout 5 min \(the default/);
    expect(JSON.parse(json.stdout)).toMatchObject({ host: 'ct' });
  }, 120_000);

  it('a host it cannot log in to: non-zero, one line on stderr, nothing on stdout', () => {
    const r = cli('diagnose', 'nokey', '--config', config, '--json');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ssh-keepalive: Could not log in to nokey: .*Permission denied/)]);
  }, 120_000);

  it('probe --json prints serverClose: the server’s ChannelTimeout, not the network’s', () => {
    const r = cli('probe', 'short', '--config', config, '--max-idle', '6', '--connections', '3', '--reply-timeout', '3', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { upperSeconds: number | null; serverClose: { sessionSeconds: number | null; measurable: boolean } | null };
    expect(j.upperSeconds).toBeNull();
    expect(j.serverClose).toMatchObject({ measurable: true });
    expect(j.serverClose!.sessionSeconds).toBeGreaterThan(1);
    expect(j.serverClose!.sessionSeconds).toBeLessThan(3.5);
  }, 120_000);
});
