import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { value } from './output';
import { canRunLocally, runLocally } from './testing/run-local';

/**
 * The remote program's writes on a real tree (root, private mount namespace): the exact plan is
 * applied with mode and owner kept and a backup made, undo restores the bytes, and every refusal
 * (a changed file, a different plan, a failed write) leaves every file as it was.
 */
const env = canRunLocally();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

const MAIN = 'Include /etc/ssh/sshd_config.d/*.conf\nClientAliveInterval 10\n\nUsePAM no\n';

async function tree(opts: { main?: string; dirMode?: number; fileMode?: number } = {}): Promise<{ etc: string; state: string }> {
  const etc = mkdtempSync(path.join(os.tmpdir(), 'ska-prog-etc-'));
  const state = mkdtempSync(path.join(os.tmpdir(), 'ska-prog-state-'));
  dirs.push(etc, state);
  await fs.chmod(etc, 0o755);
  await fs.chmod(state, 0o755);
  await fs.writeFile(path.join(etc, 'sshd_config'), opts.main ?? MAIN, { mode: opts.fileMode ?? 0o600 });
  await fs.mkdir(path.join(etc, 'sshd_config.d'), { mode: opts.dirMode ?? 0o755 });
  const dropIn = path.join(etc, 'sshd_config.d', '20-a.conf');
  await fs.writeFile(dropIn, 'ClientAliveInterval 20\n', { mode: opts.fileMode ?? 0o640 });
  await fs.chown(dropIn, 0, 4);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(etc, 'ssh_host_ed25519_key')]);
  return { etc, state };
}

async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = await fs.lstat(p);
      if (e.isDirectory()) {
        out[path.relative(dir, p) + '/'] = (st.mode & 0o7777).toString(8);
        await walk(p);
      } else out[path.relative(dir, p)] = `${(st.mode & 0o7777).toString(8)}:${st.uid}:${st.gid}:${(await fs.readFile(p)).toString('base64')}`;
    }
  };
  await walk(dir);
  return out;
}

const plan = (changes: string[]) => ['intent 1', 'mode plan', ...changes, 'end'];
const apply = (changes: string[], state: string, digest: string, extra: string[] = []) => ['intent 1', 'mode apply', ...changes, `state ${state}`, `digest ${digest}`, 'reload no', ...extra, 'end'];

describe.skipIf(!env.ok)('remote program: apply and undo', () => {
  it('applies the plan it showed, keeps mode and owner, backs up; undo gives back every byte', async () => {
    const t = await tree();
    const before = await files(t.etc);
    const changes = ['unset ClientAliveInterval'];
    const p = await runLocally(t.etc, t.state, plan(changes));
    expect(p.output.error).toBeNull();
    const a = await runLocally(t.etc, t.state, apply(changes, value(p.output, 'plan state')!, value(p.output, 'plan digest')!));
    expect(a.output.error, a.stdout).toBeNull();
    expect(a.output.lines).toContain('result applied');
    const after = await files(t.etc);
    expect(after['sshd_config']).toBe(`600:0:0:${Buffer.from('Include /etc/ssh/sshd_config.d/*.conf\n\nUsePAM no\n').toString('base64')}`);
    expect(after['sshd_config.d/20-a.conf']!.split(':').slice(0, 3).join(':')).toBe('640:0:4');
    expect(Buffer.from(after['sshd_config.d/20-a.conf']!.split(':')[3]!, 'base64').toString()).toBe('');
    // no temporary files left next to the config
    expect(Object.keys(after).filter((k) => k.includes('.ssh-keepalive.'))).toEqual([]);
    const entry = value(a.output, 'backup')!;
    const manifest = await fs.readFile(path.join(t.state, 'remote-sshd', entry, 'manifest'), 'utf8');
    expect(manifest.split('\n').filter(Boolean)).toHaveLength(2);
    const u = await runLocally(t.etc, t.state, ['intent 1', 'mode undo', `entry ${entry}`, 'reload no', 'end']);
    expect(u.output.lines, u.stdout).toContain('result undone');
    expect(await files(t.etc)).toEqual(before);
    // the same entry cannot be undone twice
    const again = await runLocally(t.etc, t.state, ['intent 1', 'mode undo', `entry ${entry}`, 'reload no', 'end']);
    expect(again.output.error?.code).toBe('not-found');
  });

  it('a config with Match LocalPort (plain sshd -T refuses it) is planned, applied and checked for a port no block names', async () => {
    // no Include: the main file gets the line before its first Match, and the real sshd below reads it as is
    const main = 'UsePAM no\nMatch LocalPort 2222\n  ClientAliveInterval 5\n';
    const t = await tree({ main });
    const changes = ['set ClientAliveInterval 60'];
    const p = await runLocally(t.etc, t.state, plan(changes));
    expect(p.output.error, p.stdout).toBeNull();
    const a = await runLocally(t.etc, t.state, apply(changes, value(p.output, 'plan state')!, value(p.output, 'plan digest')!));
    expect(a.output.error, a.stdout).toBeNull();
    expect(a.output.lines).toContain('result applied');
    const cfg = path.join(t.etc, 'sshd_config');
    const key = path.join(t.etc, 'ssh_host_ed25519_key');
    // the real sshd, outside the program: 60 for other ports, the LocalPort block still decides 2222
    const dump = (lport: number) => execFileSync('/usr/sbin/sshd', ['-T', '-f', cfg, '-h', key, '-C', `lport=${lport}`], { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('clientaliveinterval '));
    expect(await fs.readFile(cfg, 'utf8')).toBe('UsePAM no\nClientAliveInterval 60\nMatch LocalPort 2222\n  ClientAliveInterval 5\n');
    expect(dump(22)).toBe('clientaliveinterval 60');
    expect(dump(2222)).toBe('clientaliveinterval 5');
  });

  it('refuses when a file changed since the plan, or the plan differs, and writes nothing', async () => {
    const t = await tree();
    const changes = ['set ClientAliveInterval 60'];
    const p = await runLocally(t.etc, t.state, plan(changes));
    const state = value(p.output, 'plan state')!;
    const digest = value(p.output, 'plan digest')!;
    await fs.appendFile(path.join(t.etc, 'sshd_config.d', '20-a.conf'), '# someone else\n');
    const before = await files(t.etc);
    const a = await runLocally(t.etc, t.state, apply(changes, state, digest));
    expect(a.output.error?.code).toBe('changed');
    expect(await files(t.etc)).toEqual(before);
    const p2 = await runLocally(t.etc, t.state, plan(changes));
    const other = await runLocally(t.etc, t.state, apply(['set ClientAliveInterval 61'], value(p2.output, 'plan state')!, value(p2.output, 'plan digest')!));
    expect(other.output.error?.code).toBe('changed');
    expect(await files(t.etc)).toEqual(before);
    expect(await fs.readdir(t.state)).toEqual([]);
  });

  it('a write that fails half way puts the files already written back', async () => {
    const t = await tree({ main: `ClientAliveInterval 5\n${MAIN}` });
    const before = await files(t.etc);
    const changes = ['unset ClientAliveInterval'];
    const p = await runLocally(t.etc, t.state, plan(changes));
    expect(p.output.lines.filter((l) => l.startsWith('edit '))).toHaveLength(2);
    // the drop-in directory read-only: the main file is written first, then the drop-in fails
    const a = await runLocally(t.etc, t.state, apply(changes, value(p.output, 'plan state')!, value(p.output, 'plan digest')!), { readOnly: '/etc/ssh/sshd_config.d' });
    expect(a.output.error?.code, a.stdout).toBe('io');
    expect(a.output.error?.message).toMatch(/previous files are back/);
    expect(await files(t.etc)).toEqual(before);
    expect(await fs.readdir(path.join(t.state, 'remote-sshd'))).toEqual([]);
  });

  it('as a normal user: reads where it can, says unknown where it cannot, never writes', async () => {
    const open = await tree({ fileMode: 0o644 });
    const st = await runLocally(open.etc, open.state, ['intent 1', 'mode status', 'end'], { uid: 65534 });
    expect(value(st.output, 'uid')).toBe('65534');
    expect(value(st.output, 'dumpby')).toBe('sshd -T');
    expect(st.output.blocks.get('dump')?.toString()).toMatch(/^clientaliveinterval 20$/m);
    const p = await runLocally(open.etc, open.state, plan(['set ClientAliveInterval 60']), { uid: 65534 });
    expect(p.output.error, p.stdout + p.stderr).toBeNull();
    expect(value(p.output, 'plan uid')).toBe('65534');
    const a = await runLocally(open.etc, open.state, apply(['set ClientAliveInterval 60'], value(p.output, 'plan state')!, value(p.output, 'plan digest')!), { uid: 65534 });
    expect(a.output.error?.code).toBe('not-root');

    // Fedora/RHEL: the drop-in directory is root's alone; sshd would silently skip it.
    const closed = await tree({ dirMode: 0o700, fileMode: 0o644 });
    const st2 = await runLocally(closed.etc, closed.state, ['intent 1', 'mode status', 'end'], { uid: 65534 });
    expect(value(st2.output, 'unknown')).toMatch(/sshd_config.d is not readable/);
    expect(st2.output.blocks.has('dump')).toBe(false);
    const p2 = await runLocally(closed.etc, closed.state, plan(['set ClientAliveInterval 60']), { uid: 65534 });
    expect(p2.output.error?.code).toBe('unreadable');
  });
});

/**
 * The backups as another user could have left them (security review F7): root writes an entry's
 * bytes back into /etc/ssh on undo, so an entry, its directory and the state directory count only
 * when root alone could have written them, and each copy must still have the hash recorded when it
 * was made.
 */
describe.skipIf(!env.ok)('remote program: backups it does not trust', () => {
  const undo = (entry: string) => ['intent 1', 'mode undo', `entry ${entry}`, 'reload no', 'end'];
  /** A real apply that backs up the main file (it changes it), as the program does. */
  async function applied(): Promise<{ t: { etc: string; state: string }; entry: string; dir: string }> {
    const t = await tree();
    const changes = ['unset ClientAliveInterval'];
    const p = await runLocally(t.etc, t.state, plan(changes));
    const a = await runLocally(t.etc, t.state, apply(changes, value(p.output, 'plan state')!, value(p.output, 'plan digest')!));
    expect(a.output.lines, a.stdout).toContain('result applied');
    const entry = value(a.output, 'backup')!;
    const dir = path.join(t.state, 'remote-sshd', entry);
    expect((await fs.readFile(path.join(dir, 'manifest'), 'utf8')).split('\n')[0]).toMatch(/^file 1 1 [0-9a-f]{64} \/etc\/ssh\/sshd_config$/);
    return { t, entry, dir };
  }
  const EVIL = 'AuthorizedKeysFile /tmp/attacker_keys\nUsePAM no\n';

  it('an entry another user owns (and rewrote) is refused; nothing is restored', async () => {
    const { t, entry, dir } = await applied();
    await fs.writeFile(path.join(dir, 'f1'), EVIL);
    const sums = await fs.readFile(path.join(dir, 'sums'), 'utf8').catch(() => '');
    if (sums) await fs.writeFile(path.join(dir, 'sums'), sums.replace(/^1 [0-9a-f]{64}$/m, `1 ${createHash('sha256').update(EVIL).digest('hex')}`));
    execFileSync('chown', ['-R', '65534:65534', dir]);
    const before = await files(t.etc);
    const u = await runLocally(t.etc, t.state, undo(entry));
    expect(u.output.error?.code, u.stdout).toBe('unsafe');
    expect(await files(t.etc)).toEqual(before);
  });

  it('a copy whose bytes changed since the backup (root\'s own file) is refused by its checksum', async () => {
    const { t, entry, dir } = await applied();
    await fs.writeFile(path.join(dir, 'f1'), EVIL);
    const before = await files(t.etc);
    const u = await runLocally(t.etc, t.state, undo(entry));
    expect(u.output.error?.code, u.stdout).toBe('unsafe');
    expect(u.output.error?.message).toMatch(/does not match its checksum/);
    expect(await files(t.etc)).toEqual(before);
  });

  it('a manifest others may write is refused', async () => {
    const { t, entry, dir } = await applied();
    await fs.chmod(path.join(dir, 'manifest'), 0o666);
    const before = await files(t.etc);
    const u = await runLocally(t.etc, t.state, undo(entry));
    expect(u.output.error?.code, u.stdout).toBe('unsafe');
    expect(await files(t.etc)).toEqual(before);
  });

  it('a state directory another user owns is refused before anything is written', async () => {
    const t = await tree();
    await fs.mkdir(path.join(t.state, 'remote-sshd'), { mode: 0o755 });
    execFileSync('chown', ['65534:65534', path.join(t.state, 'remote-sshd')]);
    const before = await files(t.etc);
    const changes = ['set ClientAliveInterval 60'];
    const p = await runLocally(t.etc, t.state, plan(changes));
    const a = await runLocally(t.etc, t.state, apply(changes, value(p.output, 'plan state')!, value(p.output, 'plan digest')!));
    expect(a.output.error?.code, a.stdout).toBe('unsafe');
    expect(await files(t.etc)).toEqual(before);
    expect(await fs.readdir(path.join(t.state, 'remote-sshd'))).toEqual([]);
  });
});
