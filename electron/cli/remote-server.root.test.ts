/**
 * `server ... --host` and `export ansible` against real sshds (the servers lab on loopback): the
 * JSON of `server status --host` is the local one's plus the host; set/unset/undo on several servers
 * print each diff, ask the sudo password only for those whose sudo wants one, exit 0 only when all
 * succeeded, and say one line per failed server on stderr while the others are still done.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSnapshot, sameSnapshot, sshdT } from '../../e2e/servers-lab/check';
import { canRunLoopbackLab, labPassword, startLoopbackLab, type LoopbackLab } from '../../e2e/servers-lab/loopback';
import { defaultContext, type HandlerContext } from '../core/kernel/context';
import { commands } from './index';
import { createCliIo } from './io';
import { withAnsibleExport, withRemoteServer } from './remote-server';
import { exportCommand } from './export';
import { serverCommands } from './system';

const can = canRunLoopbackLab();
let lab: LoopbackLab;
let ctx: HandlerContext;
let stateDir: string;
const repo = path.resolve(import.meta.dirname, '..', '..');

/** Runs a command in-process; `answers` are what the user types at each password prompt. */
async function cli(args: string[], answers: (string | null)[] = []) {
  let stdout = '';
  let stderr = '';
  const prompts: string[] = [];
  const command = args[0] === 'export' ? withAnsibleExport(exportCommand) : withRemoteServer(serverCommands.server!, async (prompt) => {
    prompts.push(prompt);
    return answers.length ? answers.shift()! : null;
  });
  const io = createCliIo(ctx, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const code = await command.run(args.slice(1), io).catch((err: Error) => {
    stderr += `ssh-keepalive: ${err.message}\n`;
    return 1;
  });
  return { code, stdout, stderr, prompts, failures: stderr.split('\n').filter((l) => l.startsWith('ssh-keepalive: ')) };
}

describe.skipIf(!can.ok)(`server --host and export ansible on the command line${can.ok ? '' : ` (skipped: ${can.reason})`}`, () => {
  beforeAll(async () => {
    lab = await startLoopbackLab([
      { name: 'deb-nopw', layout: 'debian', login: 'nopw' },
      { name: 'deb-pw', layout: 'debian', login: 'pw' },
      { name: 'plain-nosudo', layout: 'plain', login: 'nosudo' },
    ]);
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'rs-cli-state-'));
    ctx = defaultContext({ homeDir: lab.home, stateDir, systemConfigPath: null, platform: 'linux' });
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('server status --host --json: the local `server status --json` object plus the host', async () => {
    const remote = await cli(['server', 'status', '--host', 'deb-nopw', '--config', lab.sshConfig, '--json']);
    expect(remote.code, remote.stderr).toBe(0);
    const r = JSON.parse(remote.stdout) as Record<string, unknown>;
    const local = await cli(['server', 'status', '--json']);
    expect(local.code, local.stderr).toBe(0);
    for (const key of Object.keys(JSON.parse(local.stdout) as object)) expect(r, key).toHaveProperty(key);
    expect(r).toMatchObject({ host: 'deb-nopw', valuesKnown: true, configPath: '/etc/ssh/sshd_config' });
    const truth = await sshdT(lab.byName('deb-nopw'), r.connection as string);
    expect((r.settings as { value: string }[])[0]!.value).toBe(truth.get('clientaliveinterval'));
    const text = await cli(['server', 'status', '--host', 'plain-nosudo', '--config', lab.sshConfig]);
    expect(text.stdout).toMatch(/ClientAliveCountMax\s+2\s+\(\/etc\/ssh\/sshd_config:\d+\)/);
    expect(text.stdout).toMatch(/Match User skl-nopw \(\/etc\/ssh\/sshd_config:\d+\) sets ClientAliveCountMax 5/);
  });

  it('server set on three servers: diffs first, the password only where sudo asks, the others done, one stderr line per failure', async () => {
    const hosts = ['deb-nopw', 'deb-pw', 'plain-nosudo'];
    const before = new Map(await Promise.all(hosts.map(async (h) => [h, await configSnapshot(lab.byName(h))] as const)));
    const r = await cli(['server', 'set', ...hosts.flatMap((h) => ['--host', h]), '--interval', '30', '--config', lab.sshConfig], [labPassword(lab.byName('deb-pw')), lab.etc.users.nosudo.password]);
    expect(r.code).toBe(1);
    // Every diff, before anything was written.
    expect(r.stdout).toContain('--- deb-nopw:/etc/ssh/sshd_config.d/50-ssh-keepalive.conf (new)');
    expect(r.stdout).toContain('--- plain-nosudo:/etc/ssh/sshd_config\n');
    expect(r.stdout).toContain('+ClientAliveInterval 30');
    // Asked twice: for the two whose sudo wanted one, then (that password was wrong there) for the last.
    expect(r.prompts).toEqual(['sudo password on deb-pw and 1 more: ', 'sudo password on plain-nosudo: ']);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatch(/^ssh-keepalive: Your account on plain-nosudo may not use sudo .*nothing changed/);
    expect(r.stdout).toContain('Please make this change as root on plain-nosudo:');
    for (const h of ['deb-nopw', 'deb-pw']) expect((await sshdT(lab.byName(h))).get('clientaliveinterval'), h).toBe('30');
    expect(sameSnapshot(before.get('plain-nosudo')!, await configSnapshot(lab.byName('plain-nosudo')))).toBeNull();

    const undone = await cli(['server', 'undo', '--host', 'deb-nopw', '--host', 'deb-pw', '--config', lab.sshConfig], [labPassword(lab.byName('deb-pw'))]);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.prompts).toEqual(['sudo password on deb-pw: ']);
    for (const h of ['deb-nopw', 'deb-pw']) expect(sameSnapshot(before.get(h)!, await configSnapshot(lab.byName(h))), h).toBeNull();
  });

  it('a wrong password three times, or none: nothing changed, said on one line, exit 1', async () => {
    const before = await configSnapshot(lab.byName('deb-pw'));
    const wrong = await cli(['server', 'set', '--host', 'deb-pw', '--interval', '30', '--config', lab.sshConfig], ['nope1', 'nope2', 'nope3']);
    expect(wrong.code).toBe(1);
    expect(wrong.prompts).toHaveLength(3);
    expect(wrong.failures).toEqual(['ssh-keepalive: Wrong password for sudo on deb-pw; nothing changed.']);
    const cancelled = await cli(['server', 'set', '--host', 'deb-pw', '--interval', '30', '--config', lab.sshConfig], [null]);
    expect(cancelled.code).toBe(1);
    expect(cancelled.failures).toEqual(['ssh-keepalive: sudo on deb-pw needs your password; nothing changed.']);
    expect(sameSnapshot(before, await configSnapshot(lab.byName('deb-pw')))).toBeNull();
  });

  it('set then unset gives back the original bytes; nothing to do is a success', async () => {
    const s = lab.byName('deb-nopw');
    const before = await configSnapshot(s);
    const set = await cli(['server', 'set', '--host', 'deb-nopw', '--interval', '45', '--count-max', '4', '--config', lab.sshConfig, '--no-reload']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Not reloaded/);
    expect((await readFile(path.join(s.etcDir, 'sshd_config.d', '50-ssh-keepalive.conf'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['ClientAliveInterval 45', 'ClientAliveCountMax 4']));
    const again = await cli(['server', 'set', '--host', 'deb-nopw', '--interval', '45', '--count-max', '4', '--config', lab.sshConfig]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('deb-nopw: nothing to change.');
    const unset = await cli(['server', 'unset', '--host', 'deb-nopw', '--config', lab.sshConfig]);
    expect(unset.code, unset.stderr).toBe(0);
    // unset removes the interval; our drop-in keeps the count until the undo of the set.
    expect((await sshdT(s)).get('clientaliveinterval')).toBe('0');
    await cli(['server', 'undo', '--host', 'deb-nopw', '--config', lab.sshConfig]);
    await cli(['server', 'undo', '--host', 'deb-nopw', '--config', lab.sshConfig]);
    expect(sameSnapshot(before, await configSnapshot(s))).toBeNull();
  });

  it('export ansible writes inventory.ini, keepalive.yml and cloud-init.yml from ssh -G', async () => {
    const out = path.join(lab.dir, 'ansible-out');
    const r = await cli(['export', 'ansible', '--host', 'deb-nopw', '--host', 'plain-nosudo', '--interval', '30', '--out', out, '--config', lab.sshConfig]);
    expect(r.code, r.stderr).toBe(0);
    const inventory = await readFile(path.join(out, 'inventory.ini'), 'utf8');
    const port = (name: string) => lab.byName(name).port;
    expect(inventory).toMatch(new RegExp(`^deb-nopw ansible_host=127\\.0\\.0\\.1 ansible_port=${port('deb-nopw')} ansible_user=skl-nopw `, 'm'));
    expect(inventory).toMatch(new RegExp(`^plain-nosudo ansible_host=127\\.0\\.0\\.1 ansible_port=${port('plain-nosudo')} ansible_user=skl-nosudo `, 'm'));
    expect(await readFile(path.join(out, 'keepalive.yml'), 'utf8')).toContain('ClientAliveInterval 30');
    expect(await readFile(path.join(out, 'cloud-init.yml'), 'utf8')).toMatch(/^#cloud-config\n/);
    expect(r.stdout).toContain(`ansible-playbook -i ${path.join(out, 'inventory.ini')} ${path.join(out, 'keepalive.yml')}`);
    const bad = await cli(['export', 'ansible', '--interval', '30', '--out', path.join(lab.dir, 'none')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/at least one host/);
  });

  it('the real command: help names --host, and a password piped in (no terminal) is read like sudo -S, never printed', async () => {
    expect(commands.server!.summary).toContain('--host HOST');
    expect(commands.export!.summary).toContain('export ansible');
    const password = labPassword(lab.byName('deb-pw'))!;
    const before = await configSnapshot(lab.byName('deb-pw'));
    const child = spawn(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repo, 'electron', 'cli.ts'), 'server', 'set', '--host', 'deb-pw', '--interval', '32', '--config', lab.sshConfig], {
      env: { ...process.env, HOME: lab.home, XDG_STATE_HOME: stateDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(`${password}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('sudo password on deb-pw: ');
    expect(stdout + stderr).not.toContain(password);
    expect((await sshdT(lab.byName('deb-pw'))).get('clientaliveinterval')).toBe('32');
    const undone = await cli(['server', 'undo', '--host', 'deb-pw', '--config', lab.sshConfig], [password]);
    expect(undone.code, undone.stderr).toBe(0);
    expect(sameSnapshot(before, await configSnapshot(lab.byName('deb-pw')))).toBeNull();
  });

  it.skipIf(!existsSync('/usr/bin/script'))('on a terminal the password is read without echo (a real pty: what the terminal shows never holds it)', async () => {
    const password = labPassword(lab.byName('deb-pw'))!;
    const before = await configSnapshot(lab.byName('deb-pw'));
    const argv = [process.execPath, path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repo, 'electron', 'cli.ts'), 'server', 'set', '--host', 'deb-pw', '--interval', '33', '--config', lab.sshConfig];
    // script(1) runs the command on a pseudo-terminal and copies everything the terminal shows to stdout.
    const child = spawn('/usr/bin/script', ['-qfec', argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null'], {
      env: { ...process.env, HOME: lab.home, XDG_STATE_HOME: stateDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      // Typed only once the prompt is on the screen (raw mode is on by then).
      if (screen.includes('sudo password on deb-pw: ') && !child.stdin.writableEnded) child.stdin.end(`${password}\r`);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, screen).toBe(0);
    expect(screen).not.toContain(password);
    expect((await sshdT(lab.byName('deb-pw'))).get('clientaliveinterval')).toBe('33');
    const undone = await cli(['server', 'undo', '--host', 'deb-pw', '--config', lab.sshConfig], [password]);
    expect(undone.code, undone.stderr).toBe(0);
    expect(sameSnapshot(before, await configSnapshot(lab.byName('deb-pw')))).toBeNull();
  });
});
