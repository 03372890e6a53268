import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ResponseOf } from '../../common/contract/channels';
import { defaultContext, type HandlerContext } from '../core/kernel/context';
import { dispatch } from '../core/kernel/dispatch';
import { createHandlers } from '../core/handlers';
import { mapHostToPutty, mapHostToWinscp } from '../core/sessions/mapping';
import { exportCommand } from './export';
import { importCommand } from './import';
import { createCliIo } from './io';

/** The `export` / `import` commands over a fixture config, held to `ssh -G` and to the handlers' bytes. */
const CONFIG = [
  '# fixture',
  'Host web',
  '  HostName web.example.com',
  '  Port 2222',
  '  ServerAliveInterval 90',
  '',
  'Host db db.internal',
  '  HostName 10.0.0.5',
  '  TCPKeepAlive no',
  '',
  'Host app1 app2',
  '  HostName %h.corp.example.com',
  '',
  'Host *',
  '  User alice',
  '  ServerAliveInterval 60',
  '',
].join('\n');

let tmp: string;
let ctx: HandlerContext;
let configPath: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'putty-cli-'));
  await fs.mkdir(path.join(tmp, '.ssh'), { mode: 0o700 });
  configPath = path.join(tmp, '.ssh', 'config');
  await fs.writeFile(configPath, CONFIG, { mode: 0o600 });
  ctx = defaultContext({ homeDir: tmp, stateDir: path.join(tmp, 'state'), systemConfigPath: null, localUser: 'tester' });
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function run(cmd: typeof exportCommand, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await cmd.run(args, createCliIo(ctx, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }));
  return { code, stdout, stderr };
}

function sshG(host: string): Record<string, string> {
  const out = execFileSync('ssh', ['-G', '-F', configPath, host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

describe('export / import commands', () => {
  it('the mapping agrees with ssh -G for every named host (User from Host * counts)', async () => {
    const snap = await dispatch(createHandlers(ctx), 'hosts:list', { configPath });
    if (!snap.ok) throw new Error(snap.error.message);
    const hosts = (snap.value as ResponseOf<'hosts:list'>).hosts; // dispatch's value is already decoded
    for (const name of ['web', 'db']) {
      const host = hosts.find((h) => h.pattern.split(' ')[0] === name)!;
      // keep: the host's own effective keepalive, to hold it to ssh -G.
      const r = await dispatch(createHandlers(ctx), 'putty:mapping', { configPath, hostId: host.id, keepalive: 'keep' });
      if (!r.ok) throw new Error(r.error.message);
      const m = channels['putty:mapping'].response.parse(r.value);
      // The one-host fast path gives what the full snapshot's row gives.
      expect(m).toEqual({ hostId: host.id, putty: mapHostToPutty(host, undefined, { keepalive: 'keep' }), winscp: mapHostToWinscp(host, undefined, { keepalive: 'keep' }) });
      const g = sshG(name);
      const v = Object.fromEntries(m.putty.values.map((x) => [x.name, x.value]));
      expect(v).toMatchObject({
        HostName: g.hostname,
        PortNumber: Number(g.port),
        UserName: g.user,
        Protocol: 'ssh',
        TCPKeepalives: g.tcpkeepalive === 'yes' ? 1 : 0,
      });
      expect(Number(v.PingInterval) * 60 + Number(v.PingIntervalSecs)).toBe(Number(g.serveraliveinterval));
      const w = Object.fromEntries(m.winscp.values.map((x) => [x.name, x.value]));
      expect(w).toMatchObject({ HostName: g.hostname, PortNumber: Number(g.port), UserName: g.user, PingType: 1 });
    }
  });

  it('export putty --format reg writes exactly the bytes the window downloads', async () => {
    const out = path.join(tmp, 'out', 'putty.reg');
    const r = await run(exportCommand, ['putty', '--format', 'reg', '--all', '--defaults', '--keepalive', 'keep', '--config', configPath, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Default Settings, web, db, db.internal, app1, app2/);
    const viaApi = await dispatch(createHandlers(ctx), 'putty:export', { configPath, tool: 'putty', format: 'reg', hosts: [], all: true, defaults: true, sessionNames: {}, keepalive: 'keep' });
    if (!viaApi.ok) throw new Error(viaApi.error.message);
    const file = channels['putty:export'].response.parse(viaApi.value).files[0]!;
    expect(await fs.readFile(out)).toEqual(Buffer.from(file.base64, 'base64'));

    const back = await run(importCommand, ['putty', '--from', out, '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toEqual([
      { name: 'Default Settings', hostName: '', port: 22, userName: '', keepaliveSeconds: 60, tcpKeepalives: true },
      { name: 'web', hostName: 'web.example.com', port: 2222, userName: 'alice', keepaliveSeconds: 90, tcpKeepalives: true },
      { name: 'db', hostName: '10.0.0.5', port: 22, userName: 'alice', keepaliveSeconds: 60, tcpKeepalives: false },
      // `Host db db.internal` names two hosts: one session each.
      { name: 'db.internal', hostName: '10.0.0.5', port: 22, userName: 'alice', keepaliveSeconds: 60, tcpKeepalives: false },
      { name: 'app1', hostName: 'app1.corp.example.com', port: 22, userName: 'alice', keepaliveSeconds: 60, tcpKeepalives: true },
      { name: 'app2', hostName: 'app2.corp.example.com', port: 22, userName: 'alice', keepaliveSeconds: 60, tcpKeepalives: true },
    ]);
    // Every exported session agrees with `ssh -G <its name>`.
    for (const s of JSON.parse(back.stdout) as Array<{ name: string; hostName: string; port: number; userName: string; keepaliveSeconds: number; tcpKeepalives: boolean }>) {
      if (s.name === 'Default Settings') continue;
      const g = sshG(s.name);
      expect([s.hostName, s.port, s.userName, s.keepaliveSeconds, s.tcpKeepalives], s.name).toEqual([g.hostname, Number(g.port), g.user, Number(g.serveraliveinterval), g.tcpkeepalive === 'yes']);
    }
  });

  it('export with the defaults switches keepalive on (--keepalive N; a longer own value is raised and said)', async () => {
    const out = path.join(tmp, 'out', 'on.reg');
    const r = await run(exportCommand, ['putty', '--format', 'reg', '--all', '--config', configPath, '--out', out]);
    expect(r.code).toBe(0);
    // web's own 90 s is longer than 60: raised, and stderr says so; the others have 60 from Host *.
    expect(r.stderr).toContain('warning: web: ServerAliveInterval 90 is longer than the 60 s this export uses: exported as a keepalive every 60 s.\n');
    expect(r.stdout).toMatch(/^Keepalive every 60 s or sooner in every session: added to 0, shortened for 1, the host's own for 4\.\n/);
    const seconds = async () => (JSON.parse((await run(importCommand, ['putty', '--from', out, '--json'])).stdout) as Array<{ keepaliveSeconds: number }>).map((s) => s.keepaliveSeconds);
    expect(await seconds()).toEqual([60, 60, 60, 60, 60]);
    expect((await run(exportCommand, ['putty', '--format', 'reg', '--all', '--keepalive', '30', '--config', configPath, '--out', out])).code).toBe(0);
    expect(await seconds()).toEqual([30, 30, 30, 30, 30]);
    for (const bad of ['0', '86401', 'often', '-5']) {
      await expect(run(exportCommand, ['putty', '--format', 'reg', '--all', `--keepalive=${bad}`, '--config', configPath, '--out', out])).rejects.toThrow(/keepalive|interval/i);
    }
  });

  it('export winscp --format ini and unix session dirs; import lists them', async () => {
    const ini = path.join(tmp, 'out', 'WinSCP.ini');
    expect((await run(exportCommand, ['winscp', '--format', 'ini', '--host', 'db.internal', '--config', configPath, '--out', ini])).code).toBe(0);
    expect(await fs.readFile(ini, 'utf8')).toBe('[Sessions\\db.internal]\r\nHostName=10.0.0.5\r\nPortNumber=22\r\nUserName=alice\r\nPingType=1\r\nPingInterval=1\r\nPingIntervalSecs=0\r\n');
    const listed = await run(importCommand, ['winscp', '--from', ini]);
    expect(listed.stdout).toBe('db.internal\talice@10.0.0.5:22\tkeepalive 60 s\n');

    const dir = path.join(tmp, 'out', 'sessions');
    expect((await run(exportCommand, ['putty', '--format', 'unix', '--host', 'web', '--config', configPath, '--out', dir])).code).toBe(0);
    // A user's own setting in an existing session file survives a second export.
    await fs.appendFile(path.join(dir, 'web'), 'Colour0=187,187,187\n');
    await fs.writeFile(configPath, CONFIG.replace('ServerAliveInterval 90', 'ServerAliveInterval 45'));
    expect((await run(exportCommand, ['putty', '--format', 'unix', '--host', 'web', '--config', configPath, '--out', dir])).code).toBe(0);
    expect(await fs.readFile(path.join(dir, 'web'), 'utf8')).toBe(
      'HostName=web.example.com\nPortNumber=2222\nProtocol=ssh\nUserName=alice\nPingInterval=0\nPingIntervalSecs=45\nTCPKeepalives=1\nColour0=187,187,187\n',
    );
    await fs.writeFile(configPath, CONFIG);
  });

  it('bad input: one clear error, nothing written', async () => {
    const out = path.join(tmp, 'out', 'never.reg');
    await expect(run(exportCommand, ['putty', '--format', 'ini', '--all', '--config', configPath, '--out', out])).rejects.toThrow(/PuTTY exports reg or unix/);
    await expect(run(exportCommand, ['winscp', '--format', 'reg', '--defaults', '--config', configPath, '--out', out])).rejects.toThrow(/PuTTY only/);
    await expect(run(exportCommand, ['putty', '--format', 'reg', '--config', configPath, '--out', out])).rejects.toThrow(/Choose hosts/);
    await expect(run(exportCommand, ['putty', '--format', 'reg', '--host', 'nope', '--config', configPath, '--out', out])).rejects.toThrow(/No Host block "nope"/);
    await expect(run(exportCommand, ['kitty', '--format', 'reg', '--all', '--out', out])).rejects.toThrow(/"putty" or "winscp"/);
    await expect(run(importCommand, ['putty', '--from', path.join(tmp, 'missing.reg')])).rejects.toThrow(/does not exist/);
    await expect(fs.stat(out)).rejects.toThrow();
  });
});
