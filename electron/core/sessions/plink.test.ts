import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../common/contract/channels';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';
import { createHandlers } from '../handlers';
import { mapHostToPutty } from './mapping';
import { writeUnixSessions } from './store';
import { puttyUnixDirs } from './unix';
import { hostRow } from './test/host-row';
import { canRunSshd, startSshd, type TestSshd } from './test/sshd';

/**
 * Real plink (Debian putty-tools) loads the exported Unix session files: it connects to a local
 * sshd with the exported HostName/Port/User/key, and its -sshlog shows SSH_MSG_IGNORE keepalives at
 * the exported interval.
 */
const hasPlink = spawnSync('plink', ['-V'], { stdio: 'ignore' }).status === 0;
const why = !canRunSshd ? 'needs root to run a test sshd' : 'plink (putty-tools) is not installed';
if (!canRunSshd || !hasPlink) console.warn(`plink test skipped: ${why}`);

describe.skipIf(!canRunSshd || !hasPlink)('plink -load with exported session files', () => {
  let tmp = '';
  let home = '';
  let sshd: TestSshd;
  let ppk = '';
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'putty-plink-'));
    home = path.join(tmp, 'home');
    // Both directories exist: PuTTY's rule picks ~/.config/putty and ignores ~/.putty.
    await fs.mkdir(path.join(home, '.config', 'putty'), { recursive: true });
    await fs.mkdir(path.join(home, '.putty', 'sessions'), { recursive: true });
    sshd = await startSshd(tmp);
    ppk = path.join(tmp, 'client.ppk');
    const r = spawnSync('puttygen', [sshd.clientKey, '-O', 'private', '-o', ppk], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  /** Runs plink idle for `seconds`, noting when each outgoing SSH_MSG_IGNORE appears in the -sshlog. */
  async function runIdle(session: string, seconds: number): Promise<{ code: number; stdout: string; ignores: number[]; log: string }> {
    const log = path.join(tmp, `${encodeURIComponent(session)}.log`);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    delete env.XDG_CONFIG_HOME;
    delete env.PUTTYDIR;
    delete env.PUTTYSESSIONS;
    const child = spawn('plink', ['-load', session, '-batch', '-hostkey', sshd.hostKeyFingerprint, '-sshlog', log, `echo "$USER $SSH_CONNECTION"; sleep ${seconds}`], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ignores: number[] = [];
    let seen = 0;
    const start = Date.now();
    const timer = setInterval(async () => {
      const text = await fs.readFile(log, 'utf8').catch(() => '');
      const n = (text.match(/Outgoing packet #0x[0-9a-f]+, type 2 \/ 0x02 \(SSH2_MSG_IGNORE\)/g) ?? []).length;
      for (; seen < n; seen++) ignores.push((Date.now() - start) / 1000);
    }, 50);
    // A hung plink must fail with what it said, not as a bare test timeout.
    const killer = setTimeout(() => child.kill('SIGKILL'), (seconds + 20) * 1000);
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    clearTimeout(killer);
    clearInterval(timer);
    if (code !== 0) {
      const logText = await fs.readFile(log, 'utf8').catch(() => '(no log)');
      throw new Error(`plink exited ${code} after ${((Date.now() - start) / 1000).toFixed(1)} s: ${stderr}\nstdout: ${stdout}\nlog: ${logText.split('\n').filter((l) => /^(Incoming|Outgoing|Event Log)/.test(l)).slice(0, 60).join('\n')}`);
    }
    return { code, stdout, ignores, log: await fs.readFile(log, 'utf8') };
  }

  it('follows PuTTY’s directory rule and connects with the exported host, port, user and key', async () => {
    const dirs = await puttyUnixDirs(home, {});
    expect(dirs.sessionsDir).toBe(path.join(home, '.config', 'putty', 'sessions'));
    const host = hostRow({ pattern: 'x', hostName: '127.0.0.1', port: sshd.port, user: 'root', interval: 2, identityFiles: [ppk] });
    // `keep`: the host's own values as they are (2 s, and 0 = off), to count what plink does with each.
    const on = mapHostToPutty(host, 'lab keepalive/2s', { keepalive: 'keep' });
    const off = mapHostToPutty({ ...host, values: { ...host.values, serverAliveInterval: { value: 0, source: { kind: 'default' } } } }, 'lab off', { keepalive: 'keep' });
    await writeUnixSessions(path.join(tmp, 'state'), dirs.sessionsDir, [on, off]);
    expect(await fs.readFile(path.join(dirs.sessionsDir, 'lab%20keepalive%2F2s'), 'utf8')).toBe(
      `HostName=127.0.0.1\nPortNumber=${sshd.port}\nProtocol=ssh\nUserName=root\nPingInterval=0\nPingIntervalSecs=2\nTCPKeepalives=1\nPublicKeyFile=${ppk}\n`,
    );

    const withKeepalive = await runIdle('lab keepalive/2s', 9);
    // Connected as the exported user to the exported port.
    const [user, , , , serverPort] = withKeepalive.stdout.trim().split(/\s+/);
    expect(user).toBe('root');
    expect(Number(serverPort)).toBe(sshd.port);
    // Idle for 9 s with a 2 s interval: an IGNORE about every 2 s. Timestamps come from polling the
    // log, so one can be late on a loaded machine: judge the mean spacing, not each gap.
    const t = withKeepalive.ignores;
    expect(t.length).toBeGreaterThanOrEqual(3);
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    const mean = (t.at(-1)! - t[0]!) / (t.length - 1);
    expect(mean).toBeGreaterThan(1.6);
    expect(mean).toBeLessThan(2.5);

    // The same session with keepalive off sends none: the count above comes from the export.
    const without = await runIdle('lab off', 5);
    expect(without.log).toMatch(/Outgoing packet/); // the log was written and parsed
    expect(without.ignores).toEqual([]);
    console.log(`plink keepalive: IGNORE at ${withKeepalive.ignores.map((t) => t.toFixed(2)).join(', ')} s (gaps ${gaps.map((g) => g.toFixed(2)).join(', ')})`);
  }, 60_000);
  it('the default export through a jump host: ProxyJump as PuTTY\'s SSH proxy, a 600 s keepalive raised to the chosen interval', async () => {
    // The jump host: a second sshd that logs its forwards, accepting the same key.
    const jumpDir = path.join(tmp, 'jump');
    await fs.mkdir(jumpDir);
    const jump = await startSshd(jumpDir, { logLevel: 'DEBUG1' });
    try {
      await fs.copyFile(`${sshd.clientKey}.pub`, path.join(jumpDir, 'authorized_keys'));
      const config = path.join(home, '.ssh', 'config');
      await fs.mkdir(path.dirname(config), { recursive: true, mode: 0o700 });
      await fs.writeFile(
        config,
        `Host jumphost\n  HostName 127.0.0.1\n  Port ${jump.port}\n  User root\n\nHost far\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  ServerAliveInterval 600\n  ProxyJump jumphost\n  IdentityFile ${ppk}\n`,
        { mode: 0o600 },
      );
      const ctx = defaultContext({ homeDir: home, stateDir: path.join(tmp, 'state'), systemConfigPath: null, localUser: 'root' });
      const r = await dispatch(createHandlers(ctx), 'putty:export', { configPath: config, tool: 'putty', format: 'unix', hosts: ['far'], keepalive: 2 });
      if (!r.ok) throw new Error(r.error.message);
      const [file] = channels['putty:export'].response.parse(r.value).files;
      const text = Buffer.from(file!.base64, 'base64').toString('utf8');
      expect(text).toBe(
        `HostName=127.0.0.1\nPortNumber=${sshd.port}\nProtocol=ssh\nUserName=root\nPingInterval=0\nPingIntervalSecs=2\nTCPKeepalives=1\nPublicKeyFile=${ppk}\n` +
          `ProxyMethod=6\nProxyHost=127.0.0.1\nProxyPort=${jump.port}\nProxyUsername=root\nProxyLocalhost=1\n`,
      );
      const sessions = (await puttyUnixDirs(home, {})).sessionsDir;
      await fs.mkdir(sessions, { recursive: true, mode: 0o700 });
      await fs.writeFile(path.join(sessions, file!.name), text);
      // The user's own PuTTY defaults, which PuTTY uses for the jump connection: their key, and
      // the jump host's key as known (plink -batch cannot ask).
      await fs.writeFile(path.join(sessions, 'Default%20Settings'), `PublicKeyFile=${ppk}\nSSHManualHostKeys=${jump.hostKeyFingerprint}\n`);

      const run = await runIdle('far', 8);
      const [user, , , , serverPort] = run.stdout.trim().split(/\s+/);
      expect([user, Number(serverPort)]).toEqual(['root', sshd.port]);
      // The connection went through the jump host: it logged root's login and the forward to the target.
      expect(jump.log()).toMatch(/Accepted publickey for root from 127\.0\.0\.1/);
      const forwards = jump.log().split(/\r?\n/).filter((l) => l.includes('server_request_direct_tcpip'));
      expect(forwards.some((l) => l.trimEnd().endsWith(`target 127.0.0.1 port ${sshd.port}`)), forwards.map((l) => JSON.stringify(l)).join('\n')).toBe(true);
      // The raised keepalive is what plink sends over it: several IGNOREs in 8 idle seconds (600 s would send none).
      const ignores = (run.log.match(/Outgoing packet #0x[0-9a-f]+, type 2 \/ 0x02 \(SSH2_MSG_IGNORE\)/g) ?? []).length;
      expect(ignores).toBeGreaterThanOrEqual(2);
      console.log(`plink via jump host: IGNORE at ${run.ignores.map((t) => t.toFixed(2)).join(', ')} s`);
    } finally {
      await jump.stop();
    }
  }, 60_000);
});
