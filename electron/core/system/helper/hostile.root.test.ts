import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEBIAN_SSHD_CONFIG } from './testing/fixture-io';
import { canRunRootTests, makeFixture, runHelper, sha, snapshotTree, type Fixture } from './testing/namespace';
import { previewAndRequest } from './testing/requests';

/**
 * Hostile requests and hostile file-system states. Every case must be refused with a JSON answer,
 * and every byte (and mode/owner/link) under the fixture's /etc/ssh and the backup directory must
 * be unchanged afterwards.
 */
const env = canRunRootTests();
const all: Fixture[] = [];
afterAll(async () => {
  for (const f of all) await f.cleanup();
});

type Setup = (fx: Fixture) => Promise<void>;
interface Case {
  name: string;
  /** Files of the fixture (default: Debian sshd_config with its drop-in dir). */
  files?: Record<string, string>;
  setup?: Setup;
  /** Builds the raw request; `valid` is a correct apply request for ClientAliveInterval 60. */
  request: (valid: Record<string, unknown>, fx: Fixture) => string | Buffer | Promise<string | Buffer>;
  args?: (fx: Fixture) => string[];
  /** A string that must not appear in the answer (no leaking of file contents). */
  secret?: string;
  /** The reason the refusal must give (where another check could refuse first by accident). */
  why?: RegExp;
}

const change = (over: Record<string, unknown>) => (v: Record<string, unknown>) => JSON.stringify({ ...v, changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 60, ...over }] });
const withTop = (over: Record<string, unknown>) => (v: Record<string, unknown>) => JSON.stringify({ ...v, ...over });
const main = '/etc/ssh/sshd_config';
const noDropIns = { sshd_config: 'Port 22\nMatch User bob\n  X11Forwarding no\n' };

/**
 * A real change made first (the helper's own apply), then its backup entry is made not root's own
 * (restored from a tarball as another user, a chmod -R mistake) and rewritten the way that user
 * could: undo would write the entry's bytes into /etc/ssh as root (security review F4).
 */
async function appliedEntry(fx: Fixture): Promise<string> {
  const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }]);
  const r = await runHelper(fx, request);
  expect(r.json, r.stdout).toMatchObject({ ok: true });
  return (r.json as { backup: string }).backup;
}
const entryDir = (fx: Fixture, id: string) => path.join(fx.state, 'backups', id);
/** What another user who could write the entry puts there: sshd_config restored as their bytes. */
async function rewriteEntry(fx: Fixture, id: string): Promise<void> {
  const evil = 'AuthorizedKeysFile /tmp/attacker_keys\n';
  await fs.writeFile(path.join(entryDir(fx, id), 'evil'), evil);
  const meta = { id, target: 'sshd_config', createdAt: 'x', description: 'ClientAliveInterval 60', files: [{ path: main, copy: 'evil', beforeHash: sha(evil), afterHash: sha(await fs.readFile(fx.real(main))), mode: 0o644 }] };
  await fs.writeFile(path.join(entryDir(fx, id), 'meta.json'), JSON.stringify(meta));
}
const undoOf = async (fx: Fixture) => JSON.stringify({ version: 1, op: 'undo', target: 'sshd_config', entry: (await fs.readdir(path.join(fx.state, 'backups')))[0], reload: false });

const cases: Case[] = [
  { name: 'not JSON', request: () => 'ClientAliveInterval 60' },
  { name: 'a JSON array', request: (v) => JSON.stringify([v]) },
  { name: 'empty input', request: () => '' },
  { name: 'huge JSON (200 KB)', request: (v) => JSON.stringify({ ...v, pad: 'x'.repeat(200_000) }) },
  { name: 'deeply nested JSON', request: () => '['.repeat(100_000) + ']'.repeat(100_000) },
  { name: 'version 2', request: withTop({ version: 2 }) },
  { name: 'unknown op "write"', request: withTop({ op: 'write' }) },
  { name: 'target is a path', request: withTop({ target: '/etc/shadow' }) },
  { name: 'target authorized_keys', request: withTop({ target: 'authorized_keys' }) },
  { name: 'extra top-level field "file"', request: withTop({ file: '/etc/passwd' }) },
  { name: 'extra "content" field', request: withTop({ content: 'PermitRootLogin yes\n' }) },
  { name: '__proto__ field', request: (v) => JSON.stringify(v).replace('{', '{"__proto__":{"admin":true},') },
  { name: 'extra field inside a change', request: change({ path: '/etc/ssh/sshd_config' }) },
  { name: 'keyword PermitRootLogin', request: change({ keyword: 'PermitRootLogin', value: 'yes' }) },
  { name: 'keyword Include', request: change({ keyword: 'Include', value: '/tmp/x' }) },
  { name: 'client keyword on sshd_config', request: change({ keyword: 'ServerAliveInterval' }) },
  { name: 'keyword with a newline', request: change({ keyword: 'ClientAliveInterval\nPermitRootLogin' }) },
  { name: 'value -1', request: change({ value: -1 }) },
  { name: 'value 1e9', request: (v) => change({ value: 60 })(v).replace('"value":60', '"value":1e9') },
  { name: 'value 86401', request: change({ value: 86_401 }) },
  { name: 'value 60.5', request: change({ value: 60.5 }) },
  { name: 'value "60" as a string', request: change({ value: '60' }) },
  { name: 'value "60; reboot"', request: change({ value: '60; reboot' }) },
  { name: 'value "$(id)"', request: change({ value: '$(id)' }) },
  { name: 'value null', request: change({ value: null }) },
  { name: 'flag with an injected line', request: change({ keyword: 'TCPKeepAlive', value: 'yes\nPermitRootLogin yes' }) },
  { name: 'flag as a boolean', request: change({ keyword: 'TCPKeepAlive', value: true }) },
  { name: 'action "append"', request: change({ action: 'append' }) },
  { name: 'no changes', request: withTop({ changes: [] }) },
  { name: 'four changes', request: (v) => JSON.stringify({ ...v, changes: Array(4).fill({ keyword: 'ClientAliveInterval', action: 'unset' }) }) },
  { name: 'the same keyword twice', request: (v) => JSON.stringify({ ...v, changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }, { keyword: 'ClientAliveInterval', action: 'unset' }] }) },
  { name: 'missing hash map', request: (v) => JSON.stringify({ ...v, seen: undefined }) },
  { name: 'empty hash map', request: withTop({ seen: {} }) },
  {
    name: 'hash of an included file missing', why: /no hash for \/etc\/ssh\/sshd_config\.d\/10-site\.conf/,
    setup: async (fx) => fs.writeFile(fx.real('/etc/ssh/sshd_config.d/10-site.conf'), 'PermitRootLogin no\n'),
    request: (v) => JSON.stringify({ ...v, seen: { [main]: (v.seen as Record<string, string>)[main] } }),
  },
  { name: 'wrong hash', why: /changed since the preview/, request: (v) => JSON.stringify({ ...v, seen: { [main]: sha('something else') } }) },
  { name: 'hash that is not sha256', request: (v) => JSON.stringify({ ...v, seen: { [main]: 'abc' } }) },
  { name: 'extra path /etc/shadow in seen', why: /\/etc\/shadow is not part of/, request: (v) => JSON.stringify({ ...v, seen: { ...(v.seen as object), '/etc/shadow': '' } }) },
  { name: 'path with .. in seen', request: (v) => JSON.stringify({ ...v, seen: { '/etc/ssh/../ssh/sshd_config': (v.seen as Record<string, string>)[main] } }) },
  { name: 'relative path in seen', request: (v) => JSON.stringify({ ...v, seen: { sshd_config: (v.seen as Record<string, string>)[main] } }) },
  { name: 'reload for ssh_config', request: withTop({ target: 'ssh_config', reload: true, changes: [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }] }) },
  { name: 'reload as a string', request: withTop({ reload: 'yes' }) },
  { name: 'undo of a path-like entry', request: () => JSON.stringify({ version: 1, op: 'undo', target: 'sshd_config', entry: '../../../etc', reload: false }) },
  { name: 'undo of an unknown entry', why: /not the newest one/, request: () => JSON.stringify({ version: 1, op: 'undo', target: 'sshd_config', entry: 'nope', reload: false }) },
  { name: 'verb other than "run"', request: (v) => JSON.stringify(v), args: () => ['apply'] },
  { name: 'extra command-line argument', request: (v) => JSON.stringify(v), args: () => ['run', '--force'] },
  {
    name: 'the state directory /var/lib/ssh-keepalive is group-writable', why: /\/var\/lib\/ssh-keepalive is writable by other users/,
    setup: async (fx) => fs.chmod(fx.state, 0o775),
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'the state directory belongs to another user', why: /\/var\/lib\/ssh-keepalive is not owned by root/,
    setup: async (fx) => fs.chown(fx.state, 65534, 65534),
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'the backup directory is a symlink to elsewhere', why: /\/var\/lib\/ssh-keepalive\/backups is a symbolic link/,
    setup: async (fx) => {
      await fs.mkdir(path.join(fx.state, 'elsewhere'), { mode: 0o755 });
      await fs.symlink('elsewhere', path.join(fx.state, 'backups'));
    },
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'undo of a backup entry that belongs to another user (rewritten by them)', why: /backups\/[^ ]+ is owned by uid 65534/,
    setup: async (fx) => {
      const id = await appliedEntry(fx);
      await rewriteEntry(fx, id);
      execFileSync('chown', ['-R', '65534:65534', entryDir(fx, id)]);
    },
    request: (_v, fx) => undoOf(fx),
  },
  {
    name: 'undo of a backup entry whose meta.json others may write (rewritten by them)', why: /meta\.json is writable by group or others/,
    setup: async (fx) => {
      const id = await appliedEntry(fx);
      await rewriteEntry(fx, id);
      await fs.chmod(path.join(entryDir(fx, id), 'meta.json'), 0o666);
    },
    request: (_v, fx) => undoOf(fx),
  },
  {
    name: 'undo of a backup entry that is a link to another user\'s directory', why: /backups\/[^ ]+ is a symbolic link/,
    setup: async (fx) => {
      const id = await appliedEntry(fx);
      await rewriteEntry(fx, id);
      const theirs = path.join(fx.state, 'theirs');
      await fs.rename(entryDir(fx, id), theirs);
      execFileSync('chown', ['-R', '65534:65534', theirs]);
      await fs.symlink(theirs, entryDir(fx, id));
    },
    request: (_v, fx) => undoOf(fx),
  },
  {
    name: 'main file is a symlink', why: /sshd_config is a symbolic link/,
    files: { 'real_sshd_config': 'Port 22\n' },
    setup: async (fx) => fs.symlink('real_sshd_config', fx.real(main)),
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'main file has a second hard link', why: /has 2 hard links/,
    files: noDropIns,
    setup: async (fx) => fs.link(fx.real(main), fx.real('/etc/ssh/sshd_config.hardlink')),
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'main file is a FIFO', why: /not a regular file/,
    files: {},
    setup: async (fx) => {
      execFileSync('mkfifo', [fx.real(main)]);
    },
    request: (v) => JSON.stringify(v),
  },
  { name: 'main file not owned by root', why: /not owned by root/, files: noDropIns, setup: async (fx) => fs.chown(fx.real(main), 1000, 1000), request: (v) => JSON.stringify(v) },
  {
    name: 'the deciding drop-in is a symlink', why: /10-link\.conf is a symbolic link/,
    files: { sshd_config: DEBIAN_SSHD_CONFIG, 'elsewhere.conf': 'ClientAliveInterval 300\n' },
    setup: async (fx) => {
      await fs.mkdir(fx.real('/etc/ssh/sshd_config.d'), { mode: 0o755 });
      await fs.symlink('../elsewhere.conf', fx.real('/etc/ssh/sshd_config.d/10-link.conf'));
    },
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'our drop-in name is taken by a directory', why: /not a regular file/,
    setup: async (fx) => fs.mkdir(fx.real('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf')),
    request: (v) => JSON.stringify(v),
  },
  { name: 'drop-in directory is group-writable', why: /writable by other users/, setup: async (fx) => fs.chmod(fx.real('/etc/ssh/sshd_config.d'), 0o775), request: (v) => JSON.stringify(v) },
  {
    name: 'drop-in directory is a symlink', why: /sshd_config\.d is a symbolic link/,
    files: { sshd_config: DEBIAN_SSHD_CONFIG, 'other.d/keep': '' },
    setup: async (fx) => fs.symlink('other.d', fx.real('/etc/ssh/sshd_config.d')),
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'the deciding line is in a file outside the allowlist', why: /extra\/a\.conf:1, a file SSH Keepalive does not edit/,
    files: { sshd_config: 'Include /etc/ssh/extra/*.conf\nPort 22\n', 'extra/a.conf': 'ClientAliveInterval 300\n' },
    request: (v) => JSON.stringify(v),
  },
  {
    name: 'a drop-in with an unsafe name decides', why: /does not edit/,
    setup: async (fx) => fs.writeFile(fx.real('/etc/ssh/sshd_config.d/10 odd;name.conf'), 'ClientAliveInterval 300\n'),
    request: (v) => JSON.stringify(v),
  },
];

describe.skipIf(!env.ok)(`hostile requests are refused and change nothing ${env.reason}`, () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));
  for (const c of cases) {
    it(c.name, async () => {
      const fx = await makeFixture({ files: c.files ?? { sshd_config: DEBIAN_SSHD_CONFIG }, dirs: c.files ? [] : ['sshd_config.d'] });
      all.push(fx);
      await c.setup?.(fx);
      let valid: Record<string, unknown>;
      try {
        valid = JSON.parse((await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }])).request) as Record<string, unknown>;
      } catch {
        // The app itself cannot plan here (e.g. an unreadable drop-in); hand the helper what a
        // hostile app would: a well-formed request with the main file's hash.
        valid = { version: 1, op: 'apply', target: 'sshd_config', changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }], seen: { [main]: (await fs.stat(fx.real(main)).catch(() => null))?.isFile() ? sha(await fs.readFile(fx.real(main))) : '' }, reload: false };
      }
      const before = await snapshotTree(fx.dir);
      const stateBefore = await snapshotTree(fx.state);
      const r = await runHelper(fx, await c.request(valid, fx), c.args ? { args: c.args(fx) } : {});
      if (process.env.SKA_DEBUG) console.log(c.name, "=>", r.stdout.trim());
      expect(r.json, r.stdout + r.stderr).toMatchObject({ ok: false });
      expect(r.code).toBe(1);
      expect(await snapshotTree(fx.dir)).toEqual(before);
      expect(await snapshotTree(fx.state)).toEqual(stateBefore);
      if (c.secret) expect(r.stdout + r.stderr).not.toContain(c.secret);
      if (c.why) expect((r.json as { error: { message: string } }).error.message).toMatch(c.why);
      // And the file sshd reads is still accepted by sshd.
      if (c.files === undefined) execFileSync('/usr/sbin/sshd', ['-t', '-f', fx.real(main), '-h', fx.real('/etc/ssh/ssh_host_ed25519_key')], { stdio: 'ignore' });
    });
  }

  it('--request-file answers one identical message for a missing, directory, symlink, non-JSON or oversized root-only path (no existence oracle)', async () => {
    const fx = await makeFixture({ files: { sshd_config: DEBIAN_SSHD_CONFIG }, dirs: ['sshd_config.d'] });
    all.push(fx);
    const secret = await fs.mkdtemp(path.join(fx.state, 'root-only-'));
    await fs.chmod(secret, 0o700);
    await fs.mkdir(path.join(secret, 'dir'));
    await fs.writeFile(path.join(secret, 'shadow'), 'root:TOP-SECRET-HASH:19000::::::\n', { mode: 0o600 });
    await fs.symlink(path.join(secret, 'shadow'), path.join(secret, 'link'));
    await fs.writeFile(path.join(secret, 'big'), '{' + ' '.repeat(64 * 1024) + '}', { mode: 0o600 });
    const valid = (await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }])).request;
    await fs.writeFile(path.join(secret, 'valid.json'), valid, { mode: 0o600 });
    const before = await snapshotTree(fx.dir);
    const answers = new Map<string, string>();
    const codes = new Set<number | null>();
    // The file is not read at all: even a valid request in it gets the same answer (stdin only).
    for (const name of ['missing', 'dir', 'link', 'shadow', 'big', 'valid.json']) {
      const r = await runHelper(fx, '', { args: ['run', '--request-file', path.join(secret, name)] });
      codes.add(r.code);
      answers.set(name, r.stdout + r.stderr);
    }
    expect(new Set(answers.values()).size, [...answers].join('\n')).toBe(1);
    expect([...codes]).toEqual([1]);
    expect([...answers.values()][0]).not.toContain('TOP-SECRET');
    expect(await snapshotTree(fx.dir)).toEqual(before);
  });

  it('control: the same valid request IS accepted (so the refusals above are meaningful)', async () => {
    const fx = await makeFixture({ files: { sshd_config: DEBIAN_SSHD_CONFIG }, dirs: ['sshd_config.d'] });
    all.push(fx);
    const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }]);
    expect((await runHelper(fx, request)).json).toMatchObject({ ok: true });
  });
});
