import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ResponseOf } from '../../../common/contract/channels';
import type { PuttyExportResult } from '../../../common/contract/sessions';
import { defaultContext, type HandlerContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';
import { createHandlers } from '../handlers';
import { parseIni } from './ini';
import { parseSshW } from '../openssh/jump-spec';
import { jumpOf } from './jump';
import { parseReg } from './reg';
import { DEV_HOSTS, localUser, sshG, writeDevConfig } from './test/dev-config';

describe('ProxyCommand: the `ssh -W %h:%p HOST` form and nothing else', () => {
  it.each([
    ['ssh -W %h:%p bastion', { host: 'bastion', user: null, port: null }],
    ['exec ssh -q -W [%h]:%p ops@bastion', { host: 'bastion', user: 'ops', port: null }],
    ['/usr/bin/ssh -l ops -p 2200 -o ServerAliveInterval=30 bastion -W %h:%p', { host: 'bastion', user: 'ops', port: 2200 }],
    ['ssh -qW%h:%p ssh://ops@bastion:2200', { host: 'bastion', user: 'ops', port: 2200 }],
  ])('%s', (command, spec) => {
    expect(parseSshW(command)).toEqual({ ok: true, spec });
  });
  it.each([
    ['ssh bastion nc %h %p', /runs a command on bastion/],
    ['nc -X connect -x proxy:3128 %h %p', /runs nc, not ssh -W/],
    ['ssh -W %h:%p bastion | tee log', /shell syntax/],
    ["ssh -W %h:%p 'bastion'", /shell syntax/],
    ['ssh -W %h:%p $JUMP', /shell syntax/],
    ['ssh -J a -W %h:%p b', /-J is not a single plain jump/],
    ['ssh -F other -W %h:%p b', /-F is not a single plain jump/],
    ['ssh -o Port=2200 -W %h:%p b', /changes where the jump connects/],
    ['ssh -W 10.0.0.5:22 bastion', /fixed place/],
    ['ssh bastion', /no -W/],
    ['ssh -W %h:%p', /names no jump host/],
    ['ssh -l a -W %h:%p b@bastion', /two users/],
  ])('%s: not expressible', (command, reason) => {
    const r = parseSshW(command);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(reason);
  });
  it('without a resolver or with a jump host that itself jumps: unsupported, never a value', () => {
    expect(jumpOf({ proxyJump: 'bastion', proxyCommand: null }, undefined)).toMatchObject({ kind: 'unsupported', reason: /not read/ });
    const viaBastion = () => ({ connection: { hostName: '10.0.0.9', port: 22, user: 'x', identityFiles: [], proxyJump: 'bastion', proxyCommand: null } }) as never;
    expect(jumpOf({ proxyJump: 'inner', proxyCommand: null }, viaBastion)).toMatchObject({ kind: 'unsupported', reason: /inner is itself reached through ProxyJump bastion: two hops/ });
  });
});

let tmp = '';
let config = '';
let ctx: HandlerContext;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'putty-jump-'));
  config = await writeDevConfig(tmp);
  ctx = defaultContext({ homeDir: tmp, stateDir: path.join(tmp, 'state'), systemConfigPath: null, localUser: localUser() });
});
afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function exportAll(tool: 'putty' | 'winscp', format: 'reg' | 'ini', extra: Record<string, unknown> = {}): Promise<{ result: PuttyExportResult; bytes: Buffer }> {
  const r = await dispatch(createHandlers(ctx), 'putty:export', { configPath: config, tool, format, all: true, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  const result = channels['putty:export'].response.parse(r.value);
  return { result, bytes: Buffer.from(result.files[0]!.base64, 'base64') };
}

/** Session name -> { value name -> data } of a .reg export, as regedit would store it. */
function regSessions(bytes: Buffer): Map<string, Record<string, string | number>> {
  const out = new Map<string, Record<string, string | number>>();
  for (const k of parseReg(bytes)) {
    const values: Record<string, string | number> = {};
    for (const v of k.values) if (v.data.kind === 'sz' || v.data.kind === 'dword') values[v.name] = v.data.value;
    out.set(decodeURIComponent(k.path.split('\\').at(-1)!), values);
  }
  return out;
}

/** The jump host as `ssh -G` resolves it for the hop (`-l`/`-p` from user@host:port). */
const jumpG = (alias: string, extra: string[] = []) => {
  const g = sshG(config, alias, extra);
  return { host: g.hostname!, port: Number(g.port), user: g.user! };
};
const JUMPED: Record<string, [string, string[]]> = {
  web1: ['bastion', []],
  web2: ['bastion', []],
  web3: ['bastion', []],
  cache: ['bastion', []],
  inner: ['bastion', []],
  db1: ['bastion', ['-l', 'admin', '-p', '2200']],
  'old-jump': ['bastion', []],
};
const NOT_EXPRESSIBLE = ['nc-jump', 'deep', 'behind-inner'];

describe('bulk export of a developer config (16 hosts, bastion, Include, Match, a host at 600 s)', () => {
  it('"Download PuTTY .reg" with the defaults: every session and Default Settings keep alive; nothing is 0', async () => {
    const { result, bytes } = await exportAll('putty', 'reg', { defaults: true });
    const sessions = regSessions(bytes);
    expect([...sessions.keys()]).toEqual(['Default Settings', ...DEV_HOSTS]);
    const seconds = (v: Record<string, string | number>) => Number(v.PingInterval) * 60 + Number(v.PingIntervalSecs);
    for (const [name, v] of sessions) {
      // bastion keeps its own 30 s; everything else (none, or legacy's 600 s) gets 60 s.
      expect(seconds(v), name).toBe(name === 'bastion' ? 30 : 60);
    }
    const byName = new Map(result.details.map((d) => [d.sessionName, d]));
    expect(byName.get('legacy')).toMatchObject({ keepaliveOrigin: 'raised', hostKeepaliveSeconds: 600, keepaliveSeconds: 60 });
    expect(byName.get('bastion')).toMatchObject({ keepaliveOrigin: 'own', keepaliveSeconds: 30 });
    expect(result.details.filter((d) => d.keepaliveOrigin === 'added').length).toBe(15); // 14 hosts + Default Settings
    // The per-host warnings reach the bulk export too: raised value, jump hosts, key formats.
    expect(result.warnings).toContain('legacy: ServerAliveInterval 600 is longer than the 60 s this export uses: exported as a keepalive every 60 s.');
    expect(result.warnings.some((w) => w.startsWith('web1: ProxyJump bastion maps to PuTTY\'s "SSH to proxy'))).toBe(true);
    expect(result.warnings.some((w) => w.startsWith('ci: IdentityFile ~/.ssh/id_ed25519: PuTTY needs a PuTTY key (.ppk)'))).toBe(true);
    for (const name of NOT_EXPRESSIBLE) expect(result.warnings.some((w) => w.startsWith(`${name}: `) && w.includes('cannot be expressed in a PuTTY session')), name).toBe(true);
  });

  it('PuTTY: ProxyHost/ProxyPort/ProxyUsername are the jump host’s effective values (real ssh -G), not its alias', async () => {
    const sessions = regSessions((await exportAll('putty', 'reg')).bytes);
    for (const [name, [alias, extra]] of Object.entries(JUMPED)) {
      const g = jumpG(alias, extra);
      expect(sessions.get(name), name).toMatchObject({ ProxyMethod: 6, ProxyHost: g.host, ProxyPort: g.port, ProxyUsername: g.user, ProxyLocalhost: 1 });
      // The target is the host's own effective HostName/Port, which the jump forwards to (-W %h:%p).
      const t = sshG(config, name);
      expect([sessions.get(name)!.HostName, sessions.get(name)!.PortNumber]).toEqual([t.hostname, Number(t.port)]);
    }
    expect(jumpG('bastion')).toEqual({ host: 'bastion.example.com', port: 2222, user: 'ops' });
    expect(sessions.get('db1')).toMatchObject({ ProxyPort: 2200, ProxyUsername: 'admin' });
    for (const name of [...NOT_EXPRESSIBLE, 'ci', 'legacy']) {
      expect(Object.keys(sessions.get(name)!).filter((k) => k.startsWith('Proxy')), name).toEqual([]);
    }
  });

  it('WinSCP.ini: Tunnel, TunnelHostName, TunnelPortNumber, TunnelUserName from the same ssh -G values; PingType=1 everywhere', async () => {
    const { result, bytes } = await exportAll('winscp', 'ini');
    const sections = new Map(parseIni(bytes.toString('utf8')).map((s) => [s.name, Object.fromEntries(s.entries.map((e) => [e.key, e.value]))]));
    for (const name of DEV_HOSTS) expect(sections.get(`Sessions\\${name}`)?.PingType, name).toBe('1');
    for (const [name, [alias, extra]] of Object.entries(JUMPED)) {
      const g = jumpG(alias, extra);
      expect(sections.get(`Sessions\\${name}`), name).toMatchObject({ Tunnel: '1', TunnelHostName: g.host, TunnelPortNumber: String(g.port), TunnelUserName: g.user });
    }
    for (const name of NOT_EXPRESSIBLE) {
      expect(sections.get(`Sessions\\${name}`)!.Tunnel, name).toBeUndefined();
      expect(result.warnings.some((w) => w.startsWith(`${name}: `) && w.includes('cannot be expressed in a WinSCP site')), name).toBe(true);
    }
  });

  it('keepalive keep: today’s export (0 stays 0, 600 stays 600), and Default Settings is left out with the reason', async () => {
    const { result, bytes } = await exportAll('putty', 'reg', { defaults: true, keepalive: 'keep' });
    const sessions = regSessions(bytes);
    expect(sessions.has('Default Settings')).toBe(false);
    expect(result.warnings[0]).toMatch(/^PuTTY's Default Settings is left out: Host \* has no ServerAliveInterval/);
    for (const name of DEV_HOSTS) {
      const v = sessions.get(name)!;
      expect(Number(v.PingInterval) * 60 + Number(v.PingIntervalSecs), name).toBe(Number(sshG(config, name).serveraliveinterval));
    }
  });

  it('putty:mapping previews the same jump host and keepalive the export writes', async () => {
    const snap = await dispatch(createHandlers(ctx), 'hosts:list', { configPath: config });
    if (!snap.ok) throw new Error(snap.error.message);
    const web = (snap.value as ResponseOf<'hosts:list'>).hosts.find((h) => h.pattern === 'web1 web2 web3')!;
    const r = await dispatch(createHandlers(ctx), 'putty:mapping', { configPath: config, hostId: web.id, keepalive: 45 });
    if (!r.ok) throw new Error(r.error.message);
    const m = channels['putty:mapping'].response.parse(r.value);
    expect(m.putty).toMatchObject({ keepaliveSeconds: 45, keepaliveOrigin: 'added', jump: { alias: 'bastion', hostName: 'bastion.example.com', port: 2222, user: 'ops' } });
    expect(m.winscp.jump).toEqual(m.putty.jump);
  });
});
