import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../common/contract/errors';
import type { ApplyResult, KeepalivePreview } from '../../../common/contract/keepalive';
import { installFixture, type FixtureHome } from '../../../e2e/fixtures/configs/index';
import { sshG } from '../../../e2e/fixtures/configs/openssh';
import { createHandlers } from '../handlers';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';

/**
 * Keepalive for all hosts says what it will and will not fix before writing; after the write, real
 * ssh -G agrees host by host (developer-laptop: backup's own 600 s comes first, staging and
 * ci-runner sit under a Match exec).
 */
let home: FixtureHome;
let handlers: ReturnType<typeof createHandlers>;
beforeAll(async () => {
  home = await installFixture('developer-laptop');
  handlers = createHandlers(defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, localUser: os.userInfo().username }));
});
afterAll(async () => home?.cleanup());

describe('keepalive for all hosts: what it will and will not fix', () => {
  it('names the fixed hosts, the ones an earlier line decides, and the Match-dependent ones; ssh -G agrees after the write', async () => {
    const intent = { configPath: '', target: { kind: 'all' as const }, action: 'on' as const, interval: 60 };
    const preview = (await dispatch(handlers, 'keepalive:preview', intent)) as Result<KeepalivePreview>;
    if (!preview.ok || preview.value.kind !== 'edit') throw new Error(JSON.stringify(preview));
    const notes = preview.value.notes ?? [];
    expect(notes[0]).toMatch(/^Gets keepalive every 60 s: web-1, web-2, /);
    expect(notes[1]).toBe(
      'Not fixed by this: backup (every 600 s, config:46) keeps its own value, because an earlier line decides (ssh takes the first value it reads). Use its “Keep alive every 60 s” button to change that line.',
    );
    expect(notes[2]).toBe('May not be fixed: ci-runner and staging depend on a Match that ssh evaluates when it connects (Match at config:60).');

    const baseHashes = Object.fromEntries(preview.value.edits.map((e) => [e.file, e.baseHash]));
    const applied = (await dispatch(handlers, 'keepalive:apply', { ...intent, baseHashes })) as Result<ApplyResult>;
    expect(applied.ok).toBe(true);
    const interval = async (host: string) => {
      const r = await sshG(home.configPath, host, home.home);
      return r.ok ? r.values.serverAliveInterval : null;
    };
    expect(await interval('backup')).toBe(600);
    expect(await interval('web-1')).toBe(60);
    expect(await interval('github.com')).toBe(60);
  });
});
