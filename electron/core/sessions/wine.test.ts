import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRegFile } from './export';
import { mapHostToPutty, mapHostToWinscp } from './mapping';
import { PUTTY_SESSIONS_KEY, WINSCP_SESSIONS_KEY } from './paths';
import { RegistryAdapter, wineReg } from './registry';
import { keepaliveValues } from './store';
import { hostRow } from './test/host-row';
import { hasWine, killWineServer, makeWinePrefix, NO_WINE, regQuery, wine } from './test/wine';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';
import { createHandlers } from '../handlers';

if (!hasWine) console.warn(NO_WINE);

// Generous timeouts: on a loaded 2-core machine Wine's first calls after creating a prefix can be slow.
describe.skipIf(!hasWine)('exported .reg files in a real registry (Wine)', { timeout: 150_000 }, () => {
  let prefix = '';
  const z = (p: string) => `Z:${p.replaceAll('/', '\\')}`;
  beforeAll(async () => {
    prefix = await makeWinePrefix();
  }, 120_000);
  afterAll(async () => {
    if (!prefix) return;
    killWineServer(prefix);
    await fs.rm(prefix, { recursive: true, force: true });
  });

  const name = 'My 100% .srv/x:*?';
  // The host's own 75 s as it is (the registry's fidelity is checked here; wine-export.test.ts checks the default).
  const KEEP = { keepalive: 'keep' as const };
  const host = hostRow({ pattern: 'x', hostName: 'srv.example.com', port: 2222, user: 'a"b\\c d', interval: 75, tcp: true });

  it('PuTTY: reg import accepts the file and reg query shows the exact key, types and values', async () => {
    const file = path.join(prefix, 'putty.reg');
    await fs.writeFile(file, exportRegFile('putty', [mapHostToPutty(host, name, KEEP)]));
    const r = wine(prefix, ['reg', 'import', z(file)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const values = regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\My%20100%25%20.srv/x:%2A%3F`);
    expect(values).toEqual({
      HostName: 'REG_SZ srv.example.com',
      PortNumber: 'REG_DWORD 0x8ae',
      Protocol: 'REG_SZ ssh',
      UserName: 'REG_SZ a"b\\c d',
      PingInterval: 'REG_DWORD 0x1',
      PingIntervalSecs: 'REG_DWORD 0xf',
      TCPKeepalives: 'REG_DWORD 0x1',
    });
  });

  it('WinSCP: munged site name and string values, PingType 1', async () => {
    const file = path.join(prefix, 'winscp.reg');
    await fs.writeFile(file, exportRegFile('winscp', [mapHostToWinscp(host, 'Work/café', KEEP)]));
    const r = wine(prefix, ['reg', 'import', z(file)]);
    expect(r.stderr).toBe('');
    expect(regQuery(prefix, `${WINSCP_SESSIONS_KEY}\\%EF%BB%BFWork/caf%C3%A9`)).toMatchObject({
      HostName: 'REG_SZ srv.example.com',
      UserName: 'REG_SZ a"b%5Cc%20d',
      PingType: 'REG_DWORD 0x1',
      PingInterval: 'REG_DWORD 0x1',
      PingIntervalSecs: 'REG_DWORD 0xf',
    });
  });

  it('the reg.exe adapter reads what reg export writes, writes with a backup, and undoes exactly', async () => {
    const reg = new RegistryAdapter(wineReg(prefix), path.join(prefix, 'tmp'));
    const before = await reg.readSessions('putty');
    expect(before.sessions.map((s) => [s.name, s.hostName, s.port, s.userName, s.keepaliveSeconds, s.tcpKeepalives])).toEqual([
      [name, 'srv.example.com', 2222, 'a"b\\c d', 75, true],
    ]);
    const key = `${PUTTY_SESSIONS_KEY}\\My%20100%25%20.srv/x:%2A%3F`;
    const newKey = `${PUTTY_SESSIONS_KEY}\\fresh`;
    const backups = path.join(prefix, 'backups');
    const { changes, backupFile } = await reg.applyWithBackup(backups, [
      { path: key, values: keepaliveValues('putty', 180) },
      { path: newKey, values: [{ name: 'HostName', data: { kind: 'sz', value: 'fresh.example.com' } }] },
    ]);
    expect(changes[0]).toMatchObject({ existed: true, values: [{ name: 'PingInterval', before: '"PingInterval"=dword:00000001', after: '"PingInterval"=dword:00000003' }, { name: 'PingIntervalSecs', before: '"PingIntervalSecs"=dword:0000000f', after: '"PingIntervalSecs"=dword:00000000' }] });
    expect(changes[1]).toMatchObject({ existed: false });
    expect(regQuery(prefix, key)).toMatchObject({ PingInterval: 'REG_DWORD 0x3', PingIntervalSecs: 'REG_DWORD 0x0', HostName: 'REG_SZ srv.example.com' });
    expect(regQuery(prefix, newKey)).toEqual({ HostName: 'REG_SZ fresh.example.com' });
    expect((await fs.readFile(backupFile)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));

    await reg.undoLast(backups);
    expect(regQuery(prefix, key)).toMatchObject({ PingInterval: 'REG_DWORD 0x1', PingIntervalSecs: 'REG_DWORD 0xf' });
    expect(regQuery(prefix, newKey)).toBeNull(); // a key the change created is gone again
    await expect(reg.undoLast(backups)).rejects.toThrow(/No registry change/);
  });

  it('refuses keys outside the PuTTY/WinSCP session trees', async () => {
    const reg = new RegistryAdapter(wineReg(prefix), path.join(prefix, 'tmp'));
    await expect(reg.importBlocks([{ path: 'HKEY_CURRENT_USER\\Software\\Other', deleteKey: true, values: [] }])).rejects.toThrow(/Refusing/);
  });

  it('handlers: write the registry with a preview, read it back, turn keepalive on, undo', async () => {
    const home = path.join(prefix, 'home');
    await fs.mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
    const configPath = path.join(home, '.ssh', 'config');
    await fs.writeFile(configPath, 'Host lab1\n  HostName 10.1.1.1\n  User ops\n  ServerAliveInterval 45\n\nHost lab2\n  HostName 10.1.1.2\n', { mode: 0o600 });
    const ctx = defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null, localUser: 'me', platform: 'win32' });
    const handlers = createHandlers(ctx, { sessions: { reg: wineReg(prefix) } });
    const call = async <T,>(channel: string, req: unknown): Promise<T> => {
      const r = await dispatch(handlers, channel, req);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    // By default a write switches keepalive on, as an export does: lab2 (none) gets 60 s.
    type Preview = { applied: boolean; changes: Array<{ key: string; existed: boolean; values: Array<{ name: string; after: string }> }> };
    const byDefault = await call<Preview>('putty:writeRegistry', { configPath, tool: 'putty', all: true, dryRun: true });
    expect(byDefault.changes.find((c) => c.key.endsWith('\\lab2'))!.values.filter((v) => v.name.startsWith('Ping')).map((v) => v.after)).toEqual([
      '"PingInterval"=dword:00000001',
      '"PingIntervalSecs"=dword:00000000',
    ]);
    // The rest of this test writes the hosts' own values (keep), then turns keepalive on for lab2.
    const base = { configPath, tool: 'putty', hosts: [], all: true, defaults: false, keepalive: 'keep' };
    const preview = await call<Preview>('putty:writeRegistry', { ...base, dryRun: true });
    expect(preview.applied).toBe(false);
    expect(preview.changes.map((c) => [c.key.split('\\').at(-1), c.existed])).toEqual([
      ['lab1', false],
      ['lab2', false],
    ]);
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\lab1`)).toBeNull(); // a preview writes nothing
    const applied = await call<{ applied: boolean; backupFile: string }>('putty:writeRegistry', { ...base, dryRun: false });
    expect(applied.applied).toBe(true);
    type Listed = { sessions: Array<{ name: string; keepaliveSeconds: number; userName: string }> };
    const listed = await call<Listed>('putty:import', { source: { kind: 'registry', tool: 'putty' } });
    expect(listed.sessions.filter((x) => x.name.startsWith('lab')).map((x) => [x.name, x.userName, x.keepaliveSeconds])).toEqual([
      ['lab1', 'ops', 45],
      ['lab2', 'me', 0],
    ]);
    const on = await call<{ result: Listed; backupFile: string }>('putty:enableKeepalive', { source: { kind: 'registry', tool: 'putty' }, sessions: ['lab2'], interval: 60 });
    expect(on.result.sessions.find((x) => x.name === 'lab2')!.keepaliveSeconds).toBe(60);
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\lab2`)).toMatchObject({ PingInterval: 'REG_DWORD 0x1', PingIntervalSecs: 'REG_DWORD 0x0', HostName: 'REG_SZ 10.1.1.2' });
    await call('putty:undoRegistry', {}); // undoes the keepalive change
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\lab2`)).toMatchObject({ PingInterval: 'REG_DWORD 0x0' });
    await call('putty:undoRegistry', {}); // undoes the first write: the keys did not exist
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\lab1`)).toBeNull();
    expect(regQuery(prefix, `${PUTTY_SESSIONS_KEY}\\lab2`)).toBeNull();
  });

  it('without Windows (and no reg command given) the registry channels say so clearly', async () => {
    const ctx = defaultContext({ homeDir: prefix, stateDir: path.join(prefix, 'state2'), systemConfigPath: null, platform: 'linux' });
    const r = await dispatch(createHandlers(ctx), 'putty:import', { source: { kind: 'registry', tool: 'winscp' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
