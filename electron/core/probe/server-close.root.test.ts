import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabUser } from '../diagnosis/testing/lab-user';
import { startLocalSshd, type LocalSshd } from '../diagnosis/testing/local-sshd';
import { realClock } from './clock';
import { runProbe } from './run-probe';
import { sshSpawner } from './ssh-session';

/**
 * The probe against real sshds that close idle connections themselves (OpenSSH 9.2 here): a
 * ChannelTimeout close is seen as the server's doing, a connection without a session outlives it,
 * and UnusedConnectionTimeout closes that one too. Root: sshd and the login user need it.
 */
const canRun = process.getuid?.() === 0 && process.platform === 'linux';
let dir = '';
let config = '';
const sshds: LocalSshd[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const target = (host: string) => ({ host, configFile: config, connectTimeoutSeconds: 10 });

describe.skipIf(!canRun)('probe sessions on servers that close idle connections', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ska-probe-close-'));
    chmodSync(dir, 0o711);
    mkdirSync(`${dir}/etc`, { mode: 0o755 });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/host`]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/user`]);
    const user = await createLabUser({ dir: `${dir}/users`, home: `${dir}/home`, authorizedKey: readFileSync(`${dir}/user.pub`, 'utf8') });
    // No shell startup chatter or delay: the probe's command runs through the login shell.
    writeFileSync(`${dir}/home/.bashrc`, '');
    const blocks: string[] = [];
    for (const [alias, line] of [
      ['channel-timeout', 'ChannelTimeout session:*=2'],
      ['unused-timeout', 'UnusedConnectionTimeout 2'],
    ] as const) {
      const s = await startLocalSshd({ dir: `${dir}/etc`, hostKey: `${dir}/host`, lines: [line], wrap: user.wrap });
      sshds.push(s);
      blocks.push(`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${s.port}`, `  User ${user.name}`, `  IdentityFile ${dir}/user`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${dir}/known_hosts`, '  StrictHostKeyChecking no', '');
    }
    config = `${dir}/ssh_config`;
    writeFileSync(config, blocks.join('\n'));
  }, 60_000);

  afterAll(() => {
    for (const s of sshds) s.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a session closed by ChannelTimeout ended on the server, not the network', async () => {
    const session = await sshSpawner(target('channel-timeout'))(new AbortController().signal, 'channel');
    await sleep(3500);
    expect(await session.echo(3000)).toBe(false);
    expect(session.ended?.()).toMatchObject({ by: 'server' });
    session.close();
  });

  it('a connection without a session outlives ChannelTimeout, and each echo is a fresh session over it', async () => {
    const session = await sshSpawner(target('channel-timeout'))(new AbortController().signal, 'no-channel');
    await sleep(3500);
    expect(await session.echo(5000)).toBe(true);
    expect(await session.echo(5000)).toBe(true);
    expect(session.ended?.()).toBeNull();
    session.close();
    await sleep(300);
    // The master is gone: no fallback to a fresh connection may answer for it.
    expect(await session.echo(3000)).toBe(false);
    expect(session.ended?.()).toBeNull(); // closed by us: not an ending
  });

  it('UnusedConnectionTimeout closes the connection without a session: the server again', async () => {
    const session = await sshSpawner(target('unused-timeout'))(new AbortController().signal, 'no-channel');
    await sleep(3500);
    expect(await session.echo(3000)).toBe(false);
    expect(session.ended?.()).toMatchObject({ by: 'server', message: expect.stringMatching(/closed by remote host/) });
    session.close();
  });

  it('runProbe reports the server’s ChannelTimeout as the server’s, and measures on without sessions', async () => {
    const result = await runProbe(
      sshSpawner(target('channel-timeout')),
      { maxIdleSeconds: 6, connections: 3, replyTimeoutSeconds: 3, precision: 0.1, resolutionSeconds: 1, deadlineSeconds: 60, maxRounds: 3 },
      { clock: realClock, signal: new AbortController().signal, onProgress: () => undefined },
    );
    // No NAT on 127.0.0.1: nothing was forgotten, and 2 s is not reported as the network's limit.
    expect(result.upperSeconds).toBeNull();
    expect(result.lowerSeconds).toBeGreaterThanOrEqual(5);
    expect(result.serverClose).toMatchObject({ measurable: true, connectionSeconds: null });
    expect(result.serverClose!.sessionSeconds!).toBeGreaterThan(1);
    expect(result.serverClose!.sessionSeconds!).toBeLessThan(3.5);
    expect(result.text).toMatch(/closes idle sessions after about/);
  }, 90_000);
});
