import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture, makeHome, type FixtureHome } from '../../../e2e/fixtures/configs/index';
import { sshG } from '../../../e2e/fixtures/configs/openssh';
import type { Result } from '../../../common/contract/errors';
import type { HostLookup } from '../../../common/contract/lookup';
import { hostsCommands } from '../../cli/hosts';
import { createCliIo } from '../../cli/io';
import { createHandlers } from '../handlers';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';

/**
 * hosts:lookup ("Which settings apply to NAME?") and hosts:list with an explicit config, through
 * dispatch, held to real `ssh -G -F config NAME` on the developer-laptop fixture (16 hosts: a
 * bastion with ProxyJump hosts, Host *.internal, Match ... exec, Include, a host at 600 s).
 */
let home: FixtureHome;
let handlers: ReturnType<typeof createHandlers>;
beforeAll(async () => {
  home = await installFixture('developer-laptop');
  handlers = createHandlers(defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, localUser: os.userInfo().username }));
});
afterAll(async () => home?.cleanup());

const lookup = async (name: string, configPath = home.configPath) => (await dispatch(handlers, 'hosts:lookup', { configPath, name })) as Result<HostLookup>;

const NAMES = ['bastion', 'web-1', 'db-primary', 'backup', 'nas', 'staging', 'monitoring', 'github.com', 'db.internal', 'anything-else', 'www.example.com', '10.0.1.11'];

describe('hosts:lookup equals ssh -G for any name', () => {
  it.each(NAMES)('%s', async (name) => {
    const r = await lookup(name);
    if (!r.ok) throw new Error(r.error.message);
    const real = await sshG(home.configPath, name, home.home);
    if (!real.ok) throw new Error(real.stderr);
    const v = Object.fromEntries(r.value.settings.map((s) => [s.keyword.toLowerCase(), s.value]));
    const g = real.values.raw;
    expect(v).toEqual({
      hostname: g.get('hostname'),
      user: g.get('user'),
      port: g.get('port'),
      proxyjump: g.get('proxyjump') ?? 'none',
      proxycommand: g.get('proxycommand') ?? 'none',
      serveraliveinterval: g.get('serveraliveinterval'),
      serveralivecountmax: g.get('serveralivecountmax'),
      tcpkeepalive: g.get('tcpkeepalive'),
    });
    // Each deciding line says the keyword and the value it decides (as written; ssh lowercases HostName).
    for (const s of r.value.settings) {
      if (!s.line) continue;
      expect(s.line.text.toLowerCase()).toContain(s.keyword.toLowerCase());
      expect((await fs.readFile(s.line.file, 'utf8')).split('\n')[s.line.line - 1]).toBe(s.line.text);
    }
  });

  it('a name only a wildcard matches: its block and the lines that decide; the Match exec that may apply is said', async () => {
    const r = await lookup('db.internal');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.blocks.map((b) => b.text.trim())).toEqual(['Host *.internal', 'Host *']);
    expect(r.value.ownBlock).toBeNull();
    expect(r.value.settings.find((s) => s.keyword === 'ProxyJump')).toMatchObject({ value: 'bastion', line: { text: '    ProxyJump bastion' } });
    expect(r.value.route).toMatchObject({ kind: 'jumps', hops: [{ alias: 'bastion', hostName: 'bastion.example.net', port: 2222, user: 'ops', serverAliveInterval: 60 }] });
    expect(r.value.verdict).toMatchObject({ protected: true, facts: { kind: 'keepalive', via: 'bastion', interval: 60 } });

    const m = await lookup('www.example.com');
    if (!m.ok) throw new Error(m.error.message);
    expect(m.value.decided).toBe(false);
    expect(m.value.undecidedReason).toMatch(/Match at .*config:\d+/);
    const own = await lookup('backup');
    expect(own.ok && own.value.ownBlock).toMatchObject({ file: home.configPath });
    expect(own.ok && own.value.verdict.facts).toMatchObject({ kind: 'too-slow', interval: 600 });
  });

  it('the command line: which NAME prints each value with its line, the blocks, the route and the verdict', async () => {
    let out = '';
    const io = createCliIo(defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, localUser: os.userInfo().username }), { stdout: (t) => (out += t), stderr: () => undefined });
    expect(await hostsCommands.which!.run(['db.internal', '--config', home.configPath], io)).toBe(0);
    expect(out).toContain(`  ProxyJump            bastion  (${home.configPath}:34)  ProxyJump bastion\n`);
    expect(out).toContain(`  ${home.configPath}:32  Host *.internal\n`);
    expect(out).toContain('Reached through bastion (ops@bastion.example.net:2222, keepalive every 60 s).\n');
    expect(out).toContain('protected: the jump connection to bastion sends keepalive every 60 s\n');
    await expect(hostsCommands.which!.run(['x', '--config', `${home.configPath}.missing`], io)).rejects.toThrow(`Can't open user config file ${home.configPath}.missing: No such file or directory`);
  });

  it('refuses what is not a host name, without reading anything', async () => {
    for (const name of ['-oProxyCommand=x', 'a b', '*', 'a,b', '']) expect(await lookup(name)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('an explicit config that does not exist is refused as ssh -F refuses it', () => {
  it('hosts:list and hosts:lookup say ssh’s reason; a missing default ~/.ssh/config is an empty list', async () => {
    const missing = path.join(home.home, 'nope', 'config');
    const ssh = spawnSync('ssh', ['-G', '-F', missing, 'x'], { encoding: 'utf8' });
    expect(ssh.status).not.toBe(0);
    const reason = ssh.stderr.trim();
    expect(reason).toBe(`Can't open user config file ${missing}: No such file or directory`);
    expect(await dispatch(handlers, 'hosts:list', { configPath: missing })).toEqual({ ok: false, error: { code: 'not-found', message: reason, file: missing } });
    expect(await lookup('x', missing)).toMatchObject({ ok: false, error: { message: reason } });

    const empty = await makeHome('no-config', {});
    try {
      const h = createHandlers(defaultContext({ homeDir: empty.home, stateDir: empty.stateDir, systemConfigPath: null }));
      expect(await dispatch(h, 'hosts:list', { configPath: '' })).toMatchObject({ ok: true, value: { hosts: [] } });
    } finally {
      await empty.cleanup();
    }
  });
});
