import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerStatus, SystemClientStatus } from '../../../common/contract/system';
import { DEBIAN_SSH_CONFIG, DEBIAN_SSHD_CONFIG } from './helper/testing/fixture-io';
import { canRunRootTests, makeFixture, namespaceArgv, sshdT, sshG, type Fixture } from './helper/testing/namespace';
import { lexText } from '../openssh/lexer';

/**
 * What the "This computer" section shows, against the real tools: every value equals `sshd -T` /
 * `ssh -G`, and every file:line source really holds that keyword (so the shown source is true).
 */
const env = canRunRootTests();
const fixtures: Fixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.cleanup();
});

function probe(fx: Fixture): { server: ServerStatus; client: SystemClientStatus } {
  const [cmd, ...args] = namespaceArgv(fx, [process.execPath, '--import', 'tsx', path.join(__dirname, 'testing', 'status-probe.ts')]);
  return JSON.parse(execFileSync(cmd!, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: fx.state } })) as { server: ServerStatus; client: SystemClientStatus };
}

function lineAt(fx: Fixture, file: string, line: number) {
  return lexText(readFileSync(fx.real(file), 'utf8'))[line - 1]!;
}

const layouts: { name: string; files: Record<string, string>; dirs: string[]; expectSources: Record<string, string>; blocks?: string[]; tSpec?: string }[] = [
  { name: 'Debian defaults', files: { sshd_config: DEBIAN_SSHD_CONFIG, ssh_config: DEBIAN_SSH_CONFIG }, dirs: ['sshd_config.d', 'ssh_config.d'], expectSources: {} },
  {
    name: 'earlier drop-in beats a main-file line; client drop-in',
    files: {
      sshd_config: DEBIAN_SSHD_CONFIG.replace('#ClientAliveInterval 0', 'ClientAliveInterval 99'),
      'sshd_config.d/10-a.conf': '# site\nClientAliveInterval 30\nTCPKeepAlive no\n',
      ssh_config: DEBIAN_SSH_CONFIG,
      'ssh_config.d/20-b.conf': 'ServerAliveInterval 20\nServerAliveCountMax 4\n',
    },
    dirs: [],
    expectSources: { 'server:ClientAliveInterval': '/etc/ssh/sshd_config.d/10-a.conf:2', 'server:TCPKeepAlive': '/etc/ssh/sshd_config.d/10-a.conf:3', 'client:ServerAliveInterval': '/etc/ssh/ssh_config.d/20-b.conf:1', 'client:TCPKeepAlive': 'default' },
  },
  {
    name: 'no drop-ins, Key=value spelling, Match blocks, Host * with a time unit',
    files: {
      sshd_config: 'Port 22\n  clientaliveinterval=45\nClientAliveCountMax 0\nMatch User x\n  ClientAliveInterval 5\nMatch Address 10.0.0.0/8\n  Include /etc/ssh/extra.conf\n',
      'extra.conf': 'ClientAliveCountMax 7\n',
      ssh_config: 'Host build\n  ServerAliveInterval 5\nHost *\n  ServerAliveInterval 1m\n',
    },
    dirs: [],
    expectSources: { 'server:ClientAliveInterval': '/etc/ssh/sshd_config:2', 'server:ClientAliveCountMax': '/etc/ssh/sshd_config:3', 'client:ServerAliveInterval': '/etc/ssh/ssh_config:4', 'server:TCPKeepAlive': 'default' },
    blocks: ['Match User x', 'Match Address 10.0.0.0/8', 'Host build'],
  },
  {
    // Only the client resolver (core/openssh) gets this right: a Match that holds for the local
    // user (root, who runs this test) decides for every host that user connects to.
    name: 'client Match localuser decides for this user',
    files: { sshd_config: 'Port 22\n', ssh_config: 'Match localuser root\n  ServerAliveInterval 33\n' },
    dirs: [],
    expectSources: { 'client:ServerAliveInterval': '/etc/ssh/ssh_config:2' },
    blocks: ['Match localuser root'],
  },
  {
    // OpenSSH's own regression configs: a top-level Match all overrides the global line above it.
    name: 'sshd: Match all below a global line decides, and its line is cited',
    files: { sshd_config: 'Port 22\nClientAliveInterval 5\nMatch all\n  ClientAliveInterval 9\n', ssh_config: DEBIAN_SSH_CONFIG },
    dirs: [],
    expectSources: { 'server:ClientAliveInterval': '/etc/ssh/sshd_config:4', 'server:ClientAliveCountMax': 'default' },
  },
  {
    // sshd -t accepts it; plain sshd -T refuses without -C lport=: the values of any other port.
    name: 'sshd: Match LocalPort is no problem: the global values and the conditional block',
    files: { sshd_config: 'Port 22\nClientAliveInterval 5\nMatch LocalPort 2222\n  ClientAliveInterval 9\n', ssh_config: DEBIAN_SSH_CONFIG },
    dirs: [],
    expectSources: { 'server:ClientAliveInterval': '/etc/ssh/sshd_config:2' },
    blocks: ['Match LocalPort 2222'],
    tSpec: 'lport=65535',
  },
];

describe.skipIf(!env.ok)(`status shows what sshd -T and ssh -G say ${env.reason}`, () => {
  for (const layout of layouts) {
    it(layout.name, async () => {
      const fx = await makeFixture({ files: layout.files, dirs: layout.dirs });
      fixtures.push(fx);
      const { server, client } = probe(fx);
      const t = sshdT(fx, layout.tSpec);
      const g = sshG(fx, 'anything.example');
      expect(server.installed).toBe(true);
      expect(server.problem).toBeNull();
      for (const s of server.settings) expect(s.value, s.keyword).toBe(t.get(s.keyword.toLowerCase()));
      for (const s of client.settings) expect(s.value, s.keyword).toBe(g.get(s.keyword.toLowerCase()));
      const tagged = [...server.settings.map((s) => ['server', s] as const), ...client.settings.map((s) => ['client', s] as const)];
      for (const [side, s] of tagged) {
        if (s.source.kind === 'line') expect(lineAt(fx, s.source.file, s.source.line).key, `${side} ${s.keyword} source`).toBe(s.keyword.toLowerCase());
        const want = layout.expectSources[`${side}:${s.keyword}`];
        if (want) expect(s.source.kind === 'line' ? `${s.source.file}:${s.source.line}` : 'default', `${side} ${s.keyword}`).toBe(want);
      }
      expect([...server.conditional, ...client.conditional].map((c) => c.block)).toEqual(layout.blocks ?? []);
      // Each conditional block really overrides for a matching connection.
      for (const c of server.conditional) {
        const spec = c.block.startsWith('Match LocalPort') ? 'lport=2222' : c.block.startsWith('Match User') ? 'user=x,host=h,addr=192.0.2.1' : 'user=y,host=h,addr=10.1.2.3';
        expect(sshdT(fx, spec).get(c.keyword.toLowerCase()), c.block).toBe(c.value);
      }
      for (const c of client.conditional.filter((x) => x.block.startsWith('Host '))) expect(sshG(fx, c.block.replace(/^Host /, '')).get(c.keyword.toLowerCase())).toBe(c.value);
    });
  }
});
