import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelperResponse } from './response';
import { DEBIAN_SSH_CONFIG, DEBIAN_SSHD_CONFIG } from './testing/fixture-io';
import { canRunRootTests, makeFixture, namespaceArgv, runHelper, sha, sshdT, sshG, type Fixture } from './testing/namespace';
import { previewAndRequest } from './testing/requests';

/**
 * The real helper, as root, in a mount namespace with a fixture over /etc/ssh; the results are
 * checked with the real sshd -T / ssh -G, never with our own resolver.
 */
const env = canRunRootTests();
const fixtures: Fixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});
async function fixture(files: Record<string, string>, dirs: string[] = []) {
  const fx = await makeFixture({ files, dirs });
  fixtures.push(fx);
  return fx;
}
const ok = (r: { json: unknown }) => r.json as Extract<HelperResponse, { ok: true }>;
const undoRequest = (target: string, entry: string, reload = false) => JSON.stringify({ version: 1, op: 'undo', target, entry, reload });

describe.skipIf(!env.ok)(`privileged helper as root in a namespace ${env.reason}`, () => {
  it('Debian layout: writes a drop-in, leaves the main file byte-identical, sshd -T agrees, undo restores', async () => {
    const fx = await fixture({ sshd_config: DEBIAN_SSHD_CONFIG }, ['sshd_config.d']);
    expect(sshdT(fx).get('clientaliveinterval')).toBe('0');
    const { plan, request } = await previewAndRequest(fx.dir, 'sshd_config', [
      { keyword: 'ClientAliveInterval', action: 'set', value: 60 },
      { keyword: 'ClientAliveCountMax', action: 'set', value: 5 },
    ]);
    expect(plan.edits.map((e) => e.file)).toEqual(['/etc/ssh/sshd_config.d/50-ssh-keepalive.conf']);
    const r = await runHelper(fx, request);
    expect(r.json).toMatchObject({ ok: true, validated: true, changed: [{ file: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', action: 'created' }] });
    expect(await fs.readFile(fx.real('/etc/ssh/sshd_config'), 'utf8')).toBe(DEBIAN_SSHD_CONFIG);
    const dropIn = await fs.readFile(fx.real('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf'), 'utf8');
    expect(dropIn).toBe(plan.edits[0]!.after);
    const st = await fs.stat(fx.real('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf'));
    expect([st.mode & 0o777, st.uid]).toEqual([0o644, 0]);
    const t = sshdT(fx);
    expect([t.get('clientaliveinterval'), t.get('clientalivecountmax')]).toEqual(['60', '5']);

    const u = await runHelper(fx, undoRequest('sshd_config', ok(r).backup));
    expect(u.json).toMatchObject({ ok: true, op: 'undo', changed: [{ action: 'deleted' }] });
    await expect(fs.access(fx.real('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf'))).rejects.toThrow();
    expect(sshdT(fx).get('clientaliveinterval')).toBe('0');
    // The backup entry is gone: a second undo is refused.
    expect((await runHelper(fx, undoRequest('sshd_config', ok(r).backup))).json).toMatchObject({ ok: false, error: { code: 'refused' } });
  });

  it('no drop-in directory: inserts before the first Match (and its comment), Match still overrides', async () => {
    const main = 'Port 22\r\nPermitRootLogin no  \r\n\r\n# bob is on a flaky line\r\nMatch User bob\r\n\tClientAliveInterval 5\r\n';
    const fx = await fixture({ sshd_config: main });
    const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }]);
    const r = await runHelper(fx, request);
    expect(r.json).toMatchObject({ ok: true, changed: [{ file: '/etc/ssh/sshd_config', action: 'modified' }] });
    expect(await fs.readFile(fx.real('/etc/ssh/sshd_config'), 'utf8')).toBe(
      'Port 22\r\nPermitRootLogin no  \r\n\r\nClientAliveInterval 60\r\n# bob is on a flaky line\r\nMatch User bob\r\n\tClientAliveInterval 5\r\n',
    );
    expect(sshdT(fx).get('clientaliveinterval')).toBe('60');
    expect(sshdT(fx, 'user=bob,host=h.example,addr=192.0.2.7').get('clientaliveinterval')).toBe('5');
    expect(sshdT(fx, 'user=alice,host=h.example,addr=192.0.2.7').get('clientaliveinterval')).toBe('60');
  });

  it('an earlier drop-in already decides: that line is changed in place, sshd -T agrees', async () => {
    const site = '# site policy\nClientAliveInterval 300\nClientAliveCountMax 2\n';
    const fx = await fixture({ sshd_config: DEBIAN_SSHD_CONFIG, 'sshd_config.d/10-site.conf': site }, ['sshd_config.d']);
    const { plan, request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 45 }]);
    expect(plan.notes.join(' ')).toMatch(/10-site\.conf:2 is read before/);
    const r = await runHelper(fx, request);
    expect(r.json).toMatchObject({ ok: true, changed: [{ file: '/etc/ssh/sshd_config.d/10-site.conf' }] });
    expect(await fs.readFile(fx.real('/etc/ssh/sshd_config.d/10-site.conf'), 'utf8')).toBe('# site policy\nClientAliveInterval 45\nClientAliveCountMax 2\n');
    expect(sshdT(fx).get('clientaliveinterval')).toBe('45');
  });

  it('a later line in the main file is beaten by the drop-in, which sshd -T confirms', async () => {
    const main = DEBIAN_SSHD_CONFIG.replace('#ClientAliveInterval 0', 'ClientAliveInterval 120');
    const fx = await fixture({ sshd_config: main, 'sshd_config.d/90-late.conf': 'ClientAliveCountMax 9\n' }, ['sshd_config.d']);
    const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 30 }]);
    const r = await runHelper(fx, request);
    expect(r.json).toMatchObject({ ok: true, changed: [{ file: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', action: 'created' }] });
    expect(sshdT(fx).get('clientaliveinterval')).toBe('30');
    // unset removes every global line (ours and the main file's), so the default applies again
    const { plan, request: unset } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'unset' }]);
    expect(plan.edits.map((e) => [e.file, e.after === null])).toEqual([
      ['/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', true],
      ['/etc/ssh/sshd_config', false],
    ]);
    expect((await runHelper(fx, unset)).json).toMatchObject({ ok: true });
    expect(sshdT(fx).get('clientaliveinterval')).toBe('0');
    expect(sshdT(fx).get('clientalivecountmax')).toBe('9');
  });

  it('set, unset (removes our drop-in), then undo twice: each step restores the one before, sshd -T agrees', async () => {
    const fx = await fixture({ sshd_config: DEBIAN_SSHD_CONFIG }, ['sshd_config.d']);
    const drop = fx.real('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf');
    const set = await runHelper(fx, (await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }])).request);
    const setBytes = await fs.readFile(drop);
    const unset = await runHelper(fx, (await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'unset' }])).request);
    expect(unset.json).toMatchObject({ ok: true, changed: [{ action: 'deleted' }] });
    expect(sshdT(fx).get('clientaliveinterval')).toBe('0');
    // Only the newest change can be undone.
    expect((await runHelper(fx, undoRequest('sshd_config', ok(set).backup))).json).toMatchObject({ ok: false });
    expect((await runHelper(fx, undoRequest('sshd_config', ok(unset).backup))).json).toMatchObject({ ok: true, changed: [{ action: 'created' }] });
    expect(await fs.readFile(drop)).toEqual(setBytes);
    expect(sshdT(fx).get('clientaliveinterval')).toBe('60');
    expect((await runHelper(fx, undoRequest('sshd_config', ok(set).backup))).json).toMatchObject({ ok: true, changed: [{ action: 'deleted' }] });
    expect(sshdT(fx).get('clientaliveinterval')).toBe('0');
  });

  it('undo refuses when the file was edited after the change, and restores nothing', async () => {
    const fx = await fixture({ sshd_config: 'Port 22\n' });
    const r = await runHelper(fx, (await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }])).request);
    await fs.appendFile(fx.real('/etc/ssh/sshd_config'), 'PermitRootLogin no\n');
    const before = await fx.snapshot();
    expect((await runHelper(fx, undoRequest('sshd_config', ok(r).backup))).json).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await fx.snapshot()).toEqual(before);
  });

  it('system-wide client: Debian ssh_config gets a drop-in, ssh -G agrees', async () => {
    const fx = await fixture({ ssh_config: DEBIAN_SSH_CONFIG }, ['ssh_config.d']);
    const { plan, request } = await previewAndRequest(fx.dir, 'ssh_config', [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }]);
    expect(plan.edits.map((e) => e.file)).toEqual(['/etc/ssh/ssh_config.d/50-ssh-keepalive.conf']);
    expect((await runHelper(fx, request)).json).toMatchObject({ ok: true, validated: true });
    expect(sshG(fx, 'anything.example').get('serveraliveinterval')).toBe('60');
    expect(await fs.readFile(fx.real('/etc/ssh/ssh_config'), 'utf8')).toBe(DEBIAN_SSH_CONFIG);
  });

  it('the ssh_config drop-in is read before Host blocks of the main file: the preview says so, ssh -G confirms', async () => {
    const fx = await fixture({ ssh_config: `${DEBIAN_SSH_CONFIG}Host slow\n    ServerAliveInterval 300\n` }, ['ssh_config.d']);
    const { plan, request } = await previewAndRequest(fx.dir, 'ssh_config', [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }]);
    expect(plan.notes.join(' ')).toMatch(/also decides ServerAliveInterval for those hosts/);
    expect(sshG(fx, 'slow').get('serveraliveinterval')).toBe('300');
    expect((await runHelper(fx, request)).json).toMatchObject({ ok: true });
    expect(sshG(fx, 'slow').get('serveraliveinterval')).toBe('60');
  });

  it('system-wide client without Include: the value goes into Host *, CRLF and the rest kept', async () => {
    const main = 'Host special\r\n  ServerAliveInterval 10\r\n\r\nHost *\r\n  SendEnv LANG LC_*\r\n  HashKnownHosts yes\r\n';
    const fx = await fixture({ ssh_config: main });
    const { request } = await previewAndRequest(fx.dir, 'ssh_config', [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }]);
    expect((await runHelper(fx, request)).json).toMatchObject({ ok: true });
    expect(await fs.readFile(fx.real('/etc/ssh/ssh_config'), 'utf8')).toBe(main.replace('Host *\r\n', 'Host *\r\n  ServerAliveInterval 60\r\n'));
    expect(sshG(fx, 'other.example').get('serveraliveinterval')).toBe('60');
    expect(sshG(fx, 'special').get('serveraliveinterval')).toBe('10');
  });

  it('a config sshd -t already rejects is refused, nothing written', async () => {
    const fx = await fixture({ sshd_config: 'Port 22\nNoSuchOption yes\n' });
    const before = await fx.snapshot();
    const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }]);
    const r = await runHelper(fx, request);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'invalid-config' } });
    expect(await fx.snapshot()).toEqual(before);
  });

  it('someone edits the file after the preview: conflict, nothing written', async () => {
    const fx = await fixture({ sshd_config: 'Port 22\n' });
    const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }]);
    await fs.appendFile(fx.real('/etc/ssh/sshd_config'), 'PermitRootLogin no\n');
    const before = await fx.snapshot();
    expect((await runHelper(fx, request)).json).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await fx.snapshot()).toEqual(before);
  });

  it('reload: SIGHUP to the running sshd named by its PidFile, after validation', async () => {
    const run = await fs.mkdtemp('/run/ska-sshd-');
    const main = `Port 22\nListenAddress 127.0.0.1:2299\nPidFile ${run}/sshd.pid\n`;
    const fx = await fixture({ sshd_config: main });
    const log = path.join(run, 'sshd.log');
    const [cmd, ...args] = namespaceArgv(fx, ['/usr/sbin/sshd', '-D', '-E', log]);
    const daemon = spawn(cmd!, args, { stdio: 'ignore' });
    try {
      // Ready = the pid file holds a pid (it is created empty, then written) and sshd is listening.
      const ready = async () => /^\d+\n?$/.test(await fs.readFile(`${run}/sshd.pid`, 'utf8').catch(() => '')) && (await fs.readFile(log, 'utf8').catch(() => '')).includes('Server listening');
      for (let i = 0; i < 200 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await ready()).toBe(true);
      const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }], true);
      const r = await runHelper(fx, request);
      expect(r.json).toMatchObject({ ok: true, validated: true, reload: { done: true } });
      for (let i = 0; i < 100 && !(await fs.readFile(log, 'utf8')).includes('SIGHUP'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await fs.readFile(log, 'utf8')).toContain('Received SIGHUP; restarting.');
    } finally {
      daemon.kill('SIGTERM');
      const pid = Number((await fs.readFile(`${run}/sshd.pid`, 'utf8').catch(() => '0')).trim());
      if (pid > 1) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // already gone: nothing to stop
        }
      }
      await fs.rm(run, { recursive: true, force: true });
    }
  });

  it('reload without a running sshd says so instead of failing', async () => {
    const fx = await fixture({ sshd_config: 'Port 22\nPidFile /run/ska-none/sshd.pid\n' });
    const { request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'TCPKeepAlive', action: 'set', value: false }], true);
    const r = await runHelper(fx, request);
    expect(r.json).toMatchObject({ ok: true, reload: { done: false } });
    expect(sshdT(fx).get('tcpkeepalive')).toBe('no');
  });

  it('an inherited TMPDIR (sudo -E) another user can write is never used: nothing is created there, the root-only file it races for is untouched', async () => {
    const fx = await fixture({ ssh_config: DEBIAN_SSH_CONFIG }, ['ssh_config.d']);
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-evil-tmp-'));
    const vault = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-root-only-'));
    try {
      // What the attacker races for: a root-only file, and links to it under the names a check
      // directory's candidate gets (`0-<file name>`), ready to be swapped in.
      await fs.writeFile(path.join(vault, 'secret'), 'root only\n', { mode: 0o600 });
      await fs.symlink(path.join(vault, 'secret'), path.join(vault, '0-50-ssh-keepalive.conf'));
      await fs.chown(tmp, 65534, 65534);
      await fs.chmod(tmp, 0o777);
      const stamp = new Date('2001-01-01T00:00:00Z');
      await fs.utimes(tmp, stamp, stamp);
      const { request } = await previewAndRequest(fx.dir, 'ssh_config', [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }]);
      const r = await runHelper(fx, request, { env: { TMPDIR: tmp, TMP: tmp, TEMP: tmp } });
      expect(r.json).toMatchObject({ ok: true });
      expect((await fs.stat(tmp)).mtime.toISOString()).toBe(stamp.toISOString());
      expect(await fs.readdir(tmp)).toEqual([]);
      expect(await fs.readFile(path.join(vault, 'secret'), 'utf8')).toBe('root only\n');
      expect(sshG(fx, 'x.example').get('serveraliveinterval')).toBe('60');
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
      await fs.rm(vault, { recursive: true, force: true });
    }
  });
});
