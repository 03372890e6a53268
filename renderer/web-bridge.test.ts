import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../common/contract/errors';
import { defaultContext } from '../electron/core/kernel/context';
import { startWebHost, type WebHost } from '../electron/web/host';
import { createWebBridge } from './web-bridge';

// The bridge against the real web host and real handlers (Node 20 has fetch and web streams).
describe('web bridge', () => {
  let home: string;
  let host: WebHost;
  let base: string;
  const configPath = () => path.join(home, '.ssh', 'config');

  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-bridge-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    await fs.writeFile(configPath(), 'Host a\n  ServerAliveInterval 15\n', { mode: 0o600 });
    host = await startWebHost({ ctx: defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null }), staticDir: home });
    base = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('is the web shell and returns validated answers', async () => {
    const api = createWebBridge(host.token, base);
    expect(api.shell).toBe('web');
    const snap = await api.invoke('hosts:list', { configPath: '' });
    expect(snap.hosts.map((h) => [h.pattern, h.values.serverAliveInterval.value])).toEqual([['a', 15]]);
  });

  it('refuses an invalid request before sending it, and turns error Results into AppErrors', async () => {
    const api = createWebBridge(host.token, base);
    const bad = await api.invoke('keepalive:preview', { configPath: '', target: { kind: 'all' }, action: 'on', interval: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect(bad).toMatchObject({ code: 'invalid-input' });
    const missing = await api.invoke('keepalive:preview', { configPath: '', target: { kind: 'block', file: configPath(), line: 99 }, action: 'on', interval: 60 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).not.toBe('internal');
  });

  it('says clearly when the token is wrong', async () => {
    const api = createWebBridge('wrong', base);
    await expect(api.invoke('hosts:list', { configPath: '' })).rejects.toMatchObject({ code: 'permission' });
  });

  it('delivers config:changed from the event stream, and stops after unsubscribing', async () => {
    const api = createWebBridge(host.token, base);
    const got: unknown[] = [];
    let seen: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (seen = resolve));
    const off = api.on('config:changed', (payload) => {
      got.push(payload);
      seen();
    });
    await api.invoke('hosts:list', { configPath: '' }); // waits for the stream to be connected
    await fs.appendFile(configPath(), '# edited elsewhere\n');
    await first;
    expect(got[0]).toEqual({ configPath: configPath(), files: [configPath()] });
    off();
    const count = got.length;
    await fs.appendFile(configPath(), '# again\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(got.length).toBe(count);
  });
});
