import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHop } from '../../../common/contract/hosts';
import { routeVerdict } from '../../../common/nat/route-verdict';
import { resolveHost } from './resolve';
import { hopResolver, routeOf } from './route';
import { loadModel } from './ssh-config';

/**
 * The route of a host against real OpenSSH: each hop's ssh command line is read from `ssh -v`
 * ("Setting implicit ProxyCommand from ProxyJump: ssh -l U -p P -J ... -W ... HOST", or the
 * ProxyCommand it executes), and that hop's effective values from `ssh -G` with the same options.
 * Every jump host points at 127.0.0.1:1, so each attempt fails at once without leaving the machine.
 */
let dir = '';
let config = '';
const env = { homeDir: os.homedir(), localUser: os.userInfo().username };

const CONFIG = [
  // Before every Host block: only a command line's -l admin makes it apply (User lines come later).
  'Match user admin',
  '    ServerAliveInterval 5',
  '',
  'Host bastion',
  '    HostName 127.0.0.1',
  '    Port 1',
  '    User ops',
  '    ServerAliveInterval 30',
  '',
  'Host inner',
  '    HostName 127.0.0.2',
  '    Port 1',
  '    ProxyJump bastion',
  '',
  'Host web1',
  '    HostName 10.0.0.11',
  '    ProxyJump bastion',
  '',
  'Host listed',
  '    HostName 10.0.0.12',
  '    ProxyJump admin@bastion:2,inner',
  '',
  'Host via-w',
  '    HostName 10.0.0.13',
  '    ProxyCommand ssh -q -W %h:%p inner',
  '',
  'Host via-w-opts',
  '    HostName 10.0.0.14',
  '    ProxyCommand ssh -o ServerAliveInterval=15 -l admin -W %h:%p bastion',
  '',
  'Host via-j',
  '    HostName 10.0.0.15',
  '    ProxyCommand ssh -J bastion -W %h:%p inner',
  '',
  'Host via-nc',
  '    HostName 10.0.0.16',
  '    ProxyCommand nc %h %p',
  '',
  'Host *.internal',
  '    ProxyJump bastion',
  '',
  'Host *',
  '    TCPKeepAlive yes',
  '',
].join('\n');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'route-'));
  config = path.join(dir, 'config');
  await fs.writeFile(config, CONFIG, { mode: 0o600 });
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

function sshG(args: string[], host: string): Map<string, string> {
  const out = execFileSync('ssh', ['-G', '-F', config, ...args, '--', host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const map = new Map<string, string>();
  for (const l of out.split('\n')) {
    const sp = l.indexOf(' ');
    if (sp > 0 && !map.has(l.slice(0, sp))) map.set(l.slice(0, sp), l.slice(sp + 1));
  }
  return map;
}

/** The proxy command this ssh runs first, as ssh -v says it: null when it connects directly. */
function proxyCommandOf(args: string[], host: string): string | null {
  const r = spawnSync('ssh', ['-v', '-F', config, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=3', ...args, host, 'true'], { encoding: 'utf8', timeout: 20_000 });
  const m = /(?:Setting implicit ProxyCommand from ProxyJump|Executing proxy command): (?:exec )?(.*)/.exec(r.stderr);
  return m ? m[1]!.trim() : null;
}

type RealHop = Pick<RouteHop, 'alias' | 'hostName' | 'port' | 'user' | 'serverAliveInterval' | 'serverAliveCountMax' | 'tcpKeepAlive'>;

/** The hops real ssh goes through, client side first: each hop's command line, recursively. */
function realHops(args: string[], host: string, depth = 0): RealHop[] | 'not ssh' {
  if (depth > 8) throw new Error('too deep');
  const command = proxyCommandOf(args, host);
  if (command === null) return [];
  const words = command.replace(/'/g, '').split(/\s+/);
  if (!/(^|\/)ssh$/.test(words[0]!)) return 'not ssh';
  const hopArgs: string[] = [];
  let dest = '';
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-v' || w === '-q') continue;
    if (w === '-F' || w === '-W') {
      i++;
      continue;
    }
    if (['-l', '-p', '-J', '-o'].includes(w)) {
      hopArgs.push(w, words[++i]!);
      continue;
    }
    dest = w;
  }
  const before = realHops(hopArgs, dest, depth + 1);
  if (before === 'not ssh') return before;
  const g = sshG(hopArgs, dest);
  return [
    ...before,
    {
      alias: dest,
      hostName: g.get('hostname')!,
      port: Number(g.get('port')),
      user: g.get('user')!,
      serverAliveInterval: Number(g.get('serveraliveinterval')),
      serverAliveCountMax: Number(g.get('serveralivecountmax')),
      tcpKeepAlive: g.get('tcpkeepalive') === 'yes',
    },
  ];
}

function ourRoute(host: string) {
  const model = loadModel([{ path: config, kind: 'user' }], { homeDir: env.homeDir, platform: 'linux', checkPermissions: false });
  const r = resolveHost(model, host, env);
  return { values: r.values, route: routeOf(r.connection, hopResolver(model, env)) };
}

describe('routeOf follows the chain hop by hop as ssh does', () => {
  it.each(['web1', 'listed', 'via-w', 'via-w-opts', 'via-j', 'db.internal', 'bastion', 'inner'])('%s: every hop as real ssh -v / ssh -G', (host) => {
    const real = realHops([], host);
    const { route } = ourRoute(host);
    if (real === 'not ssh') throw new Error('expected ssh hops');
    if (real.length === 0) return expect(route).toEqual({ kind: 'direct' });
    expect(route.kind).toBe('jumps');
    const hops = route.kind === 'jumps' ? route.hops.map(({ via: _v, decided: _d, ...h }) => h) : [];
    expect(hops).toEqual(real);
  });

  it('the jump connection reads the jump host block, not the host: web1 at 600 s still rides bastion at 30 s', () => {
    const { route } = ourRoute('web1');
    expect(route).toMatchObject({ kind: 'jumps', hops: [{ alias: 'bastion', hostName: '127.0.0.1', port: 1, user: 'ops', serverAliveInterval: 30 }] });
    // -l admin makes `Match user admin` apply to the hop: 5 s, as ssh -G -l admin says.
    expect(ourRoute('via-w-opts').route).toMatchObject({ hops: [{ user: 'admin', serverAliveInterval: 15 }] }); // -o wins over Match
    expect(sshG(['-l', 'admin'], 'bastion').get('serveraliveinterval')).toBe('5');
    // ProxyJump admin@bastion:2,inner: inner's own ProxyJump bastion is replaced by -J admin@bastion:2.
    expect(ourRoute('listed').route).toMatchObject({ hops: [{ alias: 'bastion', user: 'admin', port: 2, serverAliveInterval: 5 }, { alias: 'inner', serverAliveInterval: 0 }] });
  });

  it('any other ProxyCommand is unknown, with why', () => {
    expect(realHops([], 'via-nc')).toBe('not ssh');
    expect(ourRoute('via-nc').route).toEqual({ kind: 'unknown', via: 'ProxyCommand nc %h %p', reason: 'it runs nc, not ssh -W' });
  });

  it('a loop is not followed forever', async () => {
    const loop = path.join(dir, 'loop');
    await fs.writeFile(loop, 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n', { mode: 0o600 });
    const model = loadModel([{ path: loop, kind: 'user' }], { homeDir: env.homeDir, platform: 'linux', checkPermissions: false });
    const route = routeOf(resolveHost(model, 'a', env).connection, hopResolver(model, env));
    expect(route).toMatchObject({ kind: 'unknown', reason: /loop/ });
  });
});

describe('the verdict follows the chain', () => {
  it('a host behind a bastion that sends keepalives is protected by it; without, it is not', () => {
    const web1 = ourRoute('web1');
    expect(web1.values.serverAliveInterval.value).toBe(0);
    expect(routeVerdict(web1.values, web1.route, 300)).toMatchObject({ protected: true, facts: { kind: 'keepalive', interval: 30, via: 'bastion' } });
    const slowBastion = web1.route.kind === 'jumps' ? { kind: 'jumps' as const, hops: web1.route.hops.map((h) => ({ ...h, serverAliveInterval: 600 })) } : web1.route;
    expect(routeVerdict(web1.values, slowBastion, 300)).toMatchObject({ protected: false, facts: { kind: 'no-keepalive' } });
    // Its own keepalive crosses the NAT inside the bastion connection too.
    const own = { ...web1.values, serverAliveInterval: { value: 60, source: { kind: 'default' as const } } };
    expect(routeVerdict(own, slowBastion, 300)).toMatchObject({ protected: true, facts: { kind: 'keepalive', interval: 60 } });
  });

  it('an unknown ProxyCommand: unknown unless the host keeps itself alive', () => {
    const nc = ourRoute('via-nc');
    expect(routeVerdict(nc.values, nc.route, 300)).toMatchObject({ protected: false, facts: { kind: 'unknown' }, text: /^unknown: reached through ProxyCommand nc %h %p/ });
    const own = { ...nc.values, serverAliveInterval: { value: 60, source: { kind: 'default' as const } } };
    expect(routeVerdict(own, nc.route, 300).protected).toBe(true);
  });
});
