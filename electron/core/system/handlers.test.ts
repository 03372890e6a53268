import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../handlers';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';

/** server:status may read another sshd_config only for the command line (pathsFromUser). */
describe('server:status with sshdConfigPath', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-server-status-'));
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));
  const ctx = defaultContext({ homeDir: dir, stateDir: path.join(dir, 'state'), systemConfigPath: null, localUser: 'me', platform: 'linux' });

  it('the window and the web host (no pathsFromUser) refuse it and read nothing', async () => {
    const planted = path.join(dir, 'planted_config');
    await fs.writeFile(planted, 'ClientAliveInterval 7\n');
    const r = await dispatch(createHandlers(ctx), 'server:status', { sshdConfigPath: planted });
    expect(r).toEqual({ ok: false, error: { code: 'permission', message: expect.stringMatching(/only the command line/i) } });
  });

  it('the command line reads the file its user named', async () => {
    const mine = path.join(dir, 'sshd_config');
    await fs.writeFile(mine, 'ClientAliveInterval 7\n');
    const r = await dispatch(createHandlers(ctx, { pathsFromUser: true }), 'server:status', { sshdConfigPath: mine });
    expect(r).toMatchObject({ ok: true, value: { configPath: mine } });
  });

  it('an empty request still reads /etc/ssh/sshd_config, in every shell', async () => {
    const r = await dispatch(createHandlers(ctx), 'server:status', {});
    expect(r).toMatchObject({ ok: true, value: { configPath: '/etc/ssh/sshd_config' } });
  });
});
