import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeepaliveTarget } from '../../../common/contract/keepalive';
import { defaultContext } from '../kernel/context';
import { ClientConfigService } from './service';

function setup(text: string) {
  const home = mkdtempSync(path.join(tmpdir(), 'ka-edit-'));
  mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  const file = path.join(home, '.ssh', 'config');
  writeFileSync(file, text, { mode: 0o600 });
  const service = new ClientConfigService(defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null, localUser: 'me' }));
  const sshInterval = (host: string) =>
    Number(/^serveraliveinterval (\d+)$/m.exec(execFileSync('ssh', ['-G', '-F', file, host], { encoding: 'utf8' }))![1]);
  const apply = async (target: KeepaliveTarget, action: 'on' | 'off', interval?: number, alternative?: string) => {
    const { model } = service.load(file);
    const baseHashes = Object.fromEntries([...model.files.values()].map((f) => [f.path, f.hash]));
    return service.apply({ configPath: file, target, action, interval, alternative, baseHashes });
  };
  return { file, service, sshInterval, apply, read: () => readFileSync(file, 'utf8') };
}

describe('keepalive editor', () => {
  it('inserts into the block in its own style: tabs, CRLF, Key=Value, no final newline', async () => {
    const t = setup('Host web\r\n\tUser=bob\r\n\r\nHost db\r\n\tUser=al');
    await t.apply({ kind: 'block', file: t.file, line: 4 }, 'on', 45);
    expect(t.read()).toBe('Host web\r\n\tUser=bob\r\n\r\nHost db\r\n\tUser=al\r\n\tServerAliveInterval=45');
    expect(t.sshInterval('db')).toBe(45);
    expect(t.sshInterval('web')).toBe(0);
  });

  it('never writes a no-op: a Host * above decides, so it explains and offers edits that work', async () => {
    const t = setup('# defaults\nHost *\n  ServerAliveInterval 0\n\nHost web\n  User bob\n');
    const preview = t.service.preview({ configPath: t.file, target: { kind: 'block', file: t.file, line: 5 }, action: 'on', interval: 60 });
    expect(preview.kind).toBe('blocked');
    if (preview.kind !== 'blocked') return;
    expect(preview.decidedBy).toEqual({ kind: 'line', file: t.file, line: 3 });
    expect(preview.alternatives.map((a) => a.id)).toEqual(['insert-block-before', 'change-decider']);
    const before = t.read();
    await expect(t.apply({ kind: 'block', file: t.file, line: 5 }, 'on', 60)).rejects.toMatchObject({ code: 'blocked' });
    expect(t.read()).toBe(before);
    await t.apply({ kind: 'block', file: t.file, line: 5 }, 'on', 60, 'insert-block-before');
    expect(t.read()).toBe('Host web\n  ServerAliveInterval 60\n\n# defaults\nHost *\n  ServerAliveInterval 0\n\nHost web\n  User bob\n');
    expect(t.sshInterval('web')).toBe(60);
    expect(t.sshInterval('other')).toBe(0);
  });

  it('a new Host block that a runtime-only Match could override is refused, naming that Match', async () => {
    const t = setup('Match exec "false"\n  ServerAliveInterval 5\n\nHost other\n  User x\n');
    const before = t.read();
    const preview = t.service.preview({ configPath: t.file, target: { kind: 'host', name: 'web' }, action: 'on', interval: 60 });
    expect(preview).toMatchObject({ kind: 'blocked', reason: 'runtime-condition', decidedBy: { kind: 'default' }, alternatives: [] });
    if (preview.kind !== 'blocked') return;
    expect(preview.summary).toBe(`ServerAliveInterval for Host web depends on runtime conditions: Match at ${t.file}:1, which the app never runs or guesses, so it cannot check that an edit would take effect.`);
    await expect(t.apply({ kind: 'host', name: 'web' }, 'on', 60)).rejects.toMatchObject({ code: 'blocked' });
    expect(t.read()).toBe(before);
  });

  it('a host no block names, decided by the system-wide file: a new block in the user file, which ssh reads first', async () => {
    const t = setup('Host other\n  User x\n');
    const system = path.join(path.dirname(t.file), 'system_config');
    writeFileSync(system, 'Host *\n  ServerAliveInterval 30\n');
    const service = new ClientConfigService(defaultContext({ homeDir: path.dirname(path.dirname(t.file)), stateDir: path.join(path.dirname(t.file), 'state'), systemConfigPath: system, localUser: 'me' }));
    const intent = { configPath: '', target: { kind: 'host', name: 'web' } as const, action: 'on' as const, interval: 60 };
    const { model } = service.load('');
    await service.apply({ ...intent, baseHashes: Object.fromEntries([...model.files.values()].map((f) => [f.path, f.hash])) });
    expect(t.read()).toBe('Host other\n  User x\n\nHost web\n  ServerAliveInterval 60\n');
    expect(readFileSync(system, 'utf8')).toBe('Host *\n  ServerAliveInterval 30\n');
    // ssh reads the user's file, then the system one: the same order through one -F file.
    const both = path.join(path.dirname(t.file), 'both');
    writeFileSync(both, `Include ${t.file}\nInclude ${system}\n`);
    const interval = (host: string) => /^serveraliveinterval (\d+)$/m.exec(execFileSync('ssh', ['-G', '-F', both, host], { encoding: 'utf8' }))![1];
    expect(interval('web')).toBe('60');
    expect(interval('other')).toBe('30');
  });

  it('a Host * AFTER the block does not block: the block line is read first', async () => {
    const t = setup('Host web\n  User bob\n\nHost *\n  ServerAliveInterval 30\n');
    await t.apply({ kind: 'block', file: t.file, line: 1 }, 'on', 90);
    expect(t.sshInterval('web')).toBe(90);
    // Off where Host * would still give 30: write 0 instead of deleting.
    await t.apply({ kind: 'block', file: t.file, line: 1 }, 'off');
    expect(t.read()).toBe('Host web\n  User bob\n  ServerAliveInterval 0\n\nHost *\n  ServerAliveInterval 30\n');
    expect(t.sshInterval('web')).toBe(0);
  });

  it('off deletes the block line when nothing later turns keepalive back on', async () => {
    const t = setup('Host web\n  ServerAliveInterval 30\n  User bob\n');
    await t.apply({ kind: 'block', file: t.file, line: 1 }, 'off');
    expect(t.read()).toBe('Host web\n  User bob\n');
    expect(t.sshInterval('web')).toBe(0);
  });

  it('changes a value in place, keeping quotes-free value, comment and trailing spaces', async () => {
    const t = setup('Host web\n  ServerAliveInterval   "30"  # was flaky  \n');
    await t.apply({ kind: 'block', file: t.file, line: 1 }, 'on', 15);
    expect(t.read()).toBe('Host web\n  ServerAliveInterval   15  # was flaky  \n');
    expect(t.sshInterval('web')).toBe(15);
  });

  it('all hosts: appends Host * at the end, creating the file (600) when missing', async () => {
    const t = setup('');
    await t.apply({ kind: 'all' }, 'on', 60);
    expect(t.read()).toBe('Host *\n  ServerAliveInterval 60\n');
    expect(t.sshInterval('anything')).toBe(60);
  });

  it('edits the included file that holds the block', async () => {
    const t = setup('Include conf.d/*.conf\n\nHost *\n  ServerAliveInterval 30\n');
    mkdirSync(path.join(path.dirname(t.file), 'conf.d'));
    const inc = path.join(path.dirname(t.file), 'conf.d', 'work.conf');
    writeFileSync(inc, 'Host build\n  HostName 10.1.1.1\n', { mode: 0o600 });
    const snap = await t.service.snapshot(t.file);
    const row = snap.hosts.find((h) => h.pattern === 'build')!;
    expect(row.values.serverAliveInterval).toEqual({ value: 30, source: { kind: 'line', file: t.file, line: 4 } });
    await t.apply({ kind: 'block', file: inc, line: 1 }, 'on', 20);
    expect(readFileSync(inc, 'utf8')).toBe('Host build\n  HostName 10.1.1.1\n  ServerAliveInterval 20\n');
  });

  it('refuses to edit while the config has a line OpenSSH rejects, naming file and line', async () => {
    const t = setup('Host web\n  ServerAliveInterval 60x\n');
    await expect(t.apply({ kind: 'block', file: t.file, line: 1 }, 'on', 60)).rejects.toMatchObject({ code: 'parse', file: t.file, line: 2 });
  });
});

describe('client config service', () => {
  it('recovers once an unreadable config is fixed (no stale cached error)', async () => {
    const { mkdirSync: mk, rmSync } = await import('node:fs');
    const home = mkdtempSync(path.join(tmpdir(), 'ka-recover-'));
    const file = path.join(home, '.ssh', 'config');
    mk(file, { recursive: true }); // a directory where the file should be
    const service = new ClientConfigService(defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null }));
    const broken = await service.snapshot(file);
    expect(broken.issues[0]?.message).toMatch(/not a regular file/);
    rmSync(file, { recursive: true });
    writeFileSync(file, 'Host web\n  ServerAliveInterval 60\n', { mode: 0o600 });
    const fixed = await service.snapshot(file);
    expect(fixed.issues).toEqual([]);
    expect(fixed.hosts.map((h) => h.pattern)).toEqual(['web']);
  });
});

describe('review findings', () => {
  it('set NAME checks NAME itself: for the second name of a block an earlier wildcard decides, it refuses and offers a block of its own', async () => {
    const t = setup('Host prod-*\n  ServerAliveInterval 10\n\nHost dev1 prod-db\n  User deploy\n');
    const before = t.read();
    await expect(t.apply({ kind: 'host', name: 'prod-db' }, 'on', 30)).rejects.toMatchObject({ code: 'blocked', line: 2 });
    expect(t.read()).toBe(before);
    await t.apply({ kind: 'host', name: 'prod-db' }, 'on', 30, 'insert-block-before');
    expect(t.read()).toBe('Host prod-db\n  ServerAliveInterval 30\n\n' + before);
    expect(t.sshInterval('prod-db')).toBe(30);
    expect(t.sshInterval('dev1')).toBe(0);
    expect(t.sshInterval('prod-x')).toBe(10);
    await t.apply({ kind: 'host', name: 'prod-db' }, 'off');
    expect(t.sshInterval('prod-db')).toBe(0);
  });

  it('a block that names a host but negates it is skipped; a block that never applies is skipped for the next', async () => {
    const neg = setup('Host a d !d\n  User u\n');
    await neg.apply({ kind: 'host', name: 'd' }, 'on', 109);
    expect(neg.sshInterval('d')).toBe(109);
    const inc = setup('Host b\n  Include hx.conf\nHost x\n  User y\n');
    writeFileSync(path.join(path.dirname(inc.file), 'hx.conf'), 'Host x\n  User u\n', { mode: 0o600 });
    await inc.apply({ kind: 'host', name: 'x' }, 'on', 30);
    expect(inc.sshInterval('x')).toBe(30);
  });

  it('CanonicalizeHostname makes open values undecided; "off" then writes 0 instead of claiming it is off', async () => {
    const t = setup('CanonicalizeHostname yes\nHost alias\n  HostName real\nHost real\n  ServerAliveInterval 5\n');
    const snap = await t.service.snapshot(t.file);
    expect(snap.hosts.find((h) => h.pattern === 'alias')!.decided).toBe(false);
    await t.apply({ kind: 'block', file: t.file, line: 2 }, 'off');
    expect(t.sshInterval('alias')).toBe(0);
  });

  it('the default ~/.ssh/config is checked for permissions ssh refuses', async () => {
    const t = setup('Host a\n  User u\n');
    const { chmodSync } = await import('node:fs');
    chmodSync(t.file, 0o666);
    const home = path.dirname(path.dirname(t.file));
    const service = new ClientConfigService(defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null }));
    const snap = await service.snapshot('');
    expect(snap.issues.some((i) => i.severity === 'error' && /Bad owner or permissions/.test(i.message))).toBe(true);
  });
});

describe('all hosts at the top', () => {
  it('says which later lines a new Host * line overrides', async () => {
    const t = setup('Host *\n  User x\n\nHost a\n  ServerAliveInterval 5\n');
    const p = t.service.preview({ configPath: t.file, target: { kind: 'all' }, action: 'on', interval: 60 });
    expect(p.kind).toBe('edit');
    if (p.kind === 'edit') expect(p.summary).toMatch(/line 5 of .* will no longer apply/);
    await t.apply({ kind: 'all' }, 'on', 60);
    expect(t.sshInterval('a')).toBe(60); // what the summary warned about, as ssh sees it
  });
});
