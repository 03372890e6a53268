import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHome, type FixtureHome } from '../../../e2e/fixtures/configs/index';
import { createHandlers } from '../handlers';
import { defaultContext, type HandlerContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';

/**
 * diagnosis:* through the composition root and kernel/dispatch, as every shell calls them: explain
 * over real messages, and what a window's request may NOT make ssh do (read a config outside
 * ~/.ssh, run a program it names, take an option for a host). The login itself is real ssh: a
 * config that points at a closed port fails fast with ssh's own words.
 */
let home: FixtureHome;
let outside = '';
let ctx: HandlerContext;
/** A program a request might try to name as ssh: it leaves a mark if it ever runs. */
let evil = '';
let mark = '';

beforeAll(async () => {
  // Port 1 on 127.0.0.1 refuses at once: ssh fails without a network.
  const refused = 'Host closed\n  HostName 127.0.0.1\n  Port 1\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n';
  home = await makeHome('diag-handlers', { config: refused });
  outside = mkdtempSync(path.join(os.tmpdir(), 'ska-diag-outside-'));
  writeFileSync(path.join(outside, 'planted_config'), refused, { mode: 0o600 });
  symlinkSync(path.join(outside, 'planted_config'), path.join(home.sshDir, 'link_config'));
  mark = path.join(outside, 'ran');
  evil = path.join(outside, 'evil-ssh');
  writeFileSync(evil, `#!/bin/sh\ntouch ${mark}\n`, { mode: 0o755 });
  ctx = defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' });
});

afterAll(async () => {
  await home.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

const windowCall = (channel: string, request: unknown) => dispatch(createHandlers(ctx), channel, request);
const cliCall = (channel: string, request: unknown) => dispatch(createHandlers(ctx, { pathsFromUser: true }), channel, request);

describe('diagnosis:explain', () => {
  it('names the cause of each message the issue lists', async () => {
    const cases: Array<[string, number | null, string]> = [
      ['client_loop: send disconnect: Broken pipe', null, 'nat-idle'],
      ['packet_write_wait: Connection to 10.0.0.5 port 22: Broken pipe', null, 'nat-idle'],
      ['Timeout, server db not responding.', null, 'client-keepalive-timeout'],
      ['timed out waiting for input: auto-logout', null, 'shell-tmout'],
      ['Connection to db closed.', 255, 'sshd-channel-timeout'],
      ['Network error: Software caused connection abort', null, 'nat-idle'],
    ];
    for (const [text, exitStatus, id] of cases) {
      const r = await windowCall('diagnosis:explain', { text, exitStatus });
      expect(r.ok, text).toBe(true);
      if (r.ok) expect((r.value as { causes: { id: string }[] }).causes[0]?.id, text).toBe(id);
    }
  });

  it('reads the end of a long scrollback (where ssh says why), not only its start', async () => {
    const scrollback = `${'make: building something long enough\n'.repeat(3000)}client_loop: send disconnect: Broken pipe\n`;
    expect(scrollback.length).toBeGreaterThan(64 * 1024);
    const r = await windowCall('diagnosis:explain', { text: scrollback });
    expect(r.ok && (r.value as { causes: { id: string }[] }).causes[0]?.id).toBe('nat-idle');
  });

  it('refuses an empty paste and a wrong exit status with a clear error', async () => {
    expect(await windowCall('diagnosis:explain', { text: '  \n ' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/Paste what the terminal said/) } });
    expect(await windowCall('diagnosis:explain', { text: 'x', exitStatus: 256 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('diagnosis:run from a window', () => {
  it('uses a config in ~/.ssh and fails with ssh’s own reason when it cannot log in', async () => {
    const r = await windowCall('diagnosis:run', { configPath: home.configPath, host: 'closed' });
    expect(r).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/^Could not log in to closed: .*(refused|port 1)/i) } });
  });

  it('refuses a config outside ~/.ssh, also through a symlink in ~/.ssh, and names the command that may use it', async () => {
    for (const configPath of [path.join(outside, 'planted_config'), path.join(home.sshDir, 'link_config'), path.join(home.sshDir, '..', 'config')]) {
      const r = await windowCall('diagnosis:run', { configPath, host: 'closed' });
      expect(r, configPath).toMatchObject({ ok: false, error: { code: 'permission', message: expect.stringMatching(/~\/\.ssh only; for .* run: ssh-keepalive diagnose closed --config /) } });
    }
    // The command line's user typed the path: it is used (and ssh then fails to log in, as it should).
    expect(await cliCall('diagnosis:run', { configPath: path.join(outside, 'planted_config'), host: 'closed' })).toMatchObject({ ok: false, error: { code: 'io' } });
  });

  it('takes no option for a host, and no program from a request', async () => {
    for (const host of ['-oProxyCommand=touch /tmp/x', 'a b', '', 'db\nHost *']) {
      expect(await windowCall('diagnosis:run', { configPath: home.configPath, host }), JSON.stringify(host)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    const r = await windowCall('diagnosis:run', { configPath: home.configPath, host: 'closed', sshPath: evil, ssh: evil });
    expect(r).toMatchObject({ ok: false, error: { code: 'io' } });
    expect(existsSync(mark)).toBe(false);
  });

  it('cancel of a run that is not running says so', async () => {
    expect(await windowCall('diagnosis:cancel', { runId: 'nothing-here' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await windowCall('diagnosis:cancel', { runId: '../x' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
