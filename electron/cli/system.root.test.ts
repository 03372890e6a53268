import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_SSHD_CONFIG, DEBIAN_SSH_CONFIG } from '../core/system/helper/testing/fixture-io';
import { appUserPromptStub, appUserReason, asAppUser, canRunRootTests, makeFixture, namespaceArgv, sshdT, sshG, type Fixture } from '../core/system/helper/testing/namespace';

/**
 * The `server` and `system` commands end to end, inside a namespace with a fixture /etc/ssh:
 * as root (the launcher spawns the built helper, dist/privileged/helper.cjs), and as a normal user
 * through a stubbed OS prompt (pkexec-compatible program) that approves (runs the real helper as root
 * with sudo -n), cancels (exit 126) or refuses (exit 127). As root the app never asks a prompt.
 */
const env = canRunRootTests();
const fixtures: Fixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.cleanup();
});
const root = path.resolve(__dirname, '..', '..');
// Unit tests run before `npm run build`: build the helper the launcher will look for.
beforeAll(() => {
  if (env.ok) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only=helper'], { cwd: root, stdio: 'ignore' });
}, 120_000);

async function stub(body: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-prompt-'));
  await fs.chmod(dir, 0o755);
  const file = path.join(dir, 'fake-pkexec');
  await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** The CLI from source as root, or (`asApp`) as the normal user whose OS prompt is a stub; tsx without its shared cache. */
function cli(fx: Fixture, args: string[], extraEnv: Record<string, string> = {}, asApp = false) {
  const argv = [process.execPath, '--import', 'tsx', path.join(root, 'electron', 'cli.ts'), ...args];
  const [cmd, ...rest] = namespaceArgv(fx, asApp ? asAppUser(argv) : argv);
  const r = spawnSync(cmd!, rest, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: fx.state, TSX_DISABLE_CACHE: '1', ...extraEnv } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!env.ok)(`ssh-keepalive server/system commands ${env.reason}`, () => {
  it('as root: server set shows the diff, writes, validates; status and undo agree with sshd -T', async () => {
    const fx = await makeFixture({ files: { sshd_config: DEBIAN_SSHD_CONFIG }, dirs: ['sshd_config.d'] });
    fixtures.push(fx);
    const set = cli(fx, ['server', 'set', '--interval', '45', '--count-max', '4', '--no-reload']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('+ClientAliveInterval 45');
    expect(set.stdout).toMatch(/Checked with sshd -t/);
    expect(set.stdout).toMatch(/Restart needed: run "(systemctl reload sshd?|service sshd? reload|kill -HUP.*)"/);
    expect([sshdT(fx).get('clientaliveinterval'), sshdT(fx).get('clientalivecountmax')]).toEqual(['45', '4']);

    const status = cli(fx, ['server', 'status', '--json']);
    const s = JSON.parse(status.stdout) as { settings: { keyword: string; value: string; source: { kind: string; file?: string; line?: number } }[]; undo: unknown };
    expect(s.settings[0]).toEqual({ keyword: 'ClientAliveInterval', value: '45', source: { kind: 'line', file: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', line: 2 } });
    expect(s.undo).not.toBeNull();

    const undo = cli(fx, ['server', 'undo', '--no-reload']);
    expect(undo.code, undo.stderr).toBe(0);
    expect(sshdT(fx).get('clientaliveinterval')).toBe('0');
  });

  it('server status --sshd-config reads another file (read only)', async () => {
    const fx = await makeFixture({ files: { sshd_config: 'Port 22\n', 'alt/sshd_config': 'ClientAliveInterval 15\nMatch Address 10.0.0.0/8\n  ClientAliveInterval 600\n' } });
    fixtures.push(fx);
    const r = cli(fx, ['server', 'status', '--sshd-config', '/etc/ssh/alt/sshd_config']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ClientAliveInterval\s+15\s+\(\/etc\/ssh\/alt\/sshd_config:1\)/);
    expect(r.stdout).toContain('Match Address 10.0.0.0/8 (/etc/ssh/alt/sshd_config:3) sets ClientAliveInterval 600');
  });

  it.skipIf(appUserReason() !== '')('through the OS prompt (a normal user): approve runs the real helper, cancel is a normal outcome, refusal is an error', async () => {
    const fx = await makeFixture({ files: { ssh_config: DEBIAN_SSH_CONFIG }, dirs: ['ssh_config.d'] });
    fixtures.push(fx);
    const logDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-prompt-log-'));
    await fs.chmod(logDir, 0o755);
    const log = path.join(logDir, 'prompts.log');
    const cancel = cli(fx, ['system', 'set', '--interval', '60'], { SSH_KEEPALIVE_ELEVATE: await appUserPromptStub(log, 'cancel') }, true);
    expect(cancel.code).toBe(126);
    expect(cancel.stdout).toContain('Cancelled, nothing changed.');
    await expect(fs.access(fx.real('/etc/ssh/ssh_config.d/50-ssh-keepalive.conf'))).rejects.toThrow();

    const denied = cli(fx, ['system', 'set', '--interval', '60'], { SSH_KEEPALIVE_ELEVATE: await stub('exit 127') }, true);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/Administrator rights were not granted/);

    const approve = cli(fx, ['system', 'set', '--interval', '60'], { SSH_KEEPALIVE_ELEVATE: await appUserPromptStub(log, 'approve') }, true);
    expect(approve.code, approve.stderr + approve.stdout).toBe(0);
    expect(sshG(fx, 'x.example').get('serveraliveinterval')).toBe('60');
    // One prompt per change, the helper's fixed verb, no request data on the command line.
    const prompts = (await fs.readFile(log, 'utf8')).trim().split('\n');
    expect(prompts).toHaveLength(2);
    for (const p of prompts) expect(p).toMatch(/privileged\/helper\.cjs run$/);
  });
});
