import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../common/contract/channels';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';
import { createHandlers } from '../handlers';
import { PUTTY_SESSIONS_KEY, WINSCP_SESSIONS_KEY } from './paths';
import { localUser, writeDevConfig } from './test/dev-config';
import { hasWine, killWineServer, makeWinePrefix, NO_WINE, regQuery, wine } from './test/wine';

if (!hasWine) console.warn(NO_WINE);

/**
 * The bulk export of a developer config, imported by a real registry (Wine's `reg import`): the
 * keepalive is on in every session, the jump host is there with its effective values, and
 * `Default Settings` is written only when it adds a keepalive (a user's own is never set to 0).
 */
describe.skipIf(!hasWine)('bulk export in a real registry (Wine)', { timeout: 150_000 }, () => {
  let prefix = '';
  let config = '';
  const z = (p: string) => `Z:${p.replaceAll('/', '\\')}`;
  beforeAll(async () => {
    prefix = await makeWinePrefix();
    config = await writeDevConfig(path.join(prefix, 'home'));
  }, 120_000);
  afterAll(async () => {
    if (!prefix) return;
    killWineServer(prefix);
    await fs.rm(prefix, { recursive: true, force: true });
  });

  async function exported(req: Record<string, unknown>): Promise<string> {
    const ctx = defaultContext({ homeDir: path.join(prefix, 'home'), stateDir: path.join(prefix, 'state'), systemConfigPath: null, localUser: localUser() });
    const r = await dispatch(createHandlers(ctx), 'putty:export', { configPath: config, all: true, ...req });
    if (!r.ok) throw new Error(r.error.message);
    const file = path.join(prefix, `export-${Object.values(req).join('-')}.reg`);
    await fs.writeFile(file, Buffer.from(channels['putty:export'].response.parse(r.value).files[0]!.base64, 'base64'));
    return file;
  }
  const imp = (file: string) => {
    const r = wine(prefix, ['reg', 'import', z(file)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  };
  const DEFAULTS = `${PUTTY_SESSIONS_KEY}\\Default%20Settings`;

  it('keep mode leaves a keepalive the user set in Default Settings alone (no Default Settings key written)', async () => {
    // The user's PuTTY already sends a keepalive every 30 s by default.
    expect(wine(prefix, ['reg', 'add', DEFAULTS, '/v', 'PingIntervalSecs', '/t', 'REG_DWORD', '/d', '30', '/f']).status).toBe(0);
    imp(await exported({ tool: 'putty', format: 'reg', defaults: true, keepalive: 'keep' }));
    expect(regQuery(prefix, DEFAULTS)).toEqual({ PingIntervalSecs: 'REG_DWORD 0x1e' });
    // ... and writes the effective values as before: a host without keepalive is 0 in its own session.
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\ci`)).toMatchObject({ PingInterval: 'REG_DWORD 0x0', PingIntervalSecs: 'REG_DWORD 0x0' });
  });

  it('the default export: keepalive every 60 s everywhere (600 s raised), Default Settings with 60 s, the jump host by its real name', async () => {
    imp(await exported({ tool: 'putty', format: 'reg', defaults: true }));
    expect(regQuery(prefix, DEFAULTS)).toEqual({ PingInterval: 'REG_DWORD 0x1', PingIntervalSecs: 'REG_DWORD 0x0', TCPKeepalives: 'REG_DWORD 0x1' });
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\ci`)).toMatchObject({ PingInterval: 'REG_DWORD 0x1', PingIntervalSecs: 'REG_DWORD 0x0' });
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\legacy`)).toMatchObject({ PingInterval: 'REG_DWORD 0x1', PingIntervalSecs: 'REG_DWORD 0x0' });
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\bastion`)).toMatchObject({ PingInterval: 'REG_DWORD 0x0', PingIntervalSecs: 'REG_DWORD 0x1e' });
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\db1`)).toEqual({
      HostName: 'REG_SZ 10.0.0.21',
      PortNumber: 'REG_DWORD 0x16',
      Protocol: 'REG_SZ ssh',
      UserName: `REG_SZ ${localUser()}`,
      PingInterval: 'REG_DWORD 0x1',
      PingIntervalSecs: 'REG_DWORD 0x0',
      TCPKeepalives: 'REG_DWORD 0x1',
      PublicKeyFile: 'REG_SZ ~/.ssh/db.ppk',
      ProxyMethod: 'REG_DWORD 0x6',
      ProxyHost: 'REG_SZ bastion.example.com',
      ProxyPort: 'REG_DWORD 0x898',
      ProxyUsername: 'REG_SZ admin',
      ProxyLocalhost: 'REG_DWORD 0x1',
    });
    // A chain PuTTY cannot hold gets no proxy values at all.
    expect(Object.keys(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\deep`)!).filter((k) => k.startsWith('Proxy'))).toEqual([]);
  });

  it('WinSCP .reg: PingType 1 and the tunnel through the jump host', async () => {
    imp(await exported({ tool: 'winscp', format: 'reg' }));
    expect(regQuery(prefix, `${WINSCP_SESSIONS_KEY}\\web2`)).toMatchObject({
      HostName: 'REG_SZ web2.internal.example.com',
      PingType: 'REG_DWORD 0x1',
      PingInterval: 'REG_DWORD 0x1',
      PingIntervalSecs: 'REG_DWORD 0x0',
      Tunnel: 'REG_DWORD 0x1',
      TunnelHostName: 'REG_SZ bastion.example.com',
      TunnelPortNumber: 'REG_DWORD 0x8ae',
      TunnelUserName: 'REG_SZ ops',
    });
  });
});
