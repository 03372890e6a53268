import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigSnapshot } from '../../common/contract/hosts';
import { createBridge, type IpcLike } from './bridge';

function fakeIpc(answer: (channel: string, request: unknown) => unknown) {
  const sent: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  const ipc: IpcLike = {
    invoke: async (channel, request) => {
      sent.push([channel, request]);
      return answer(channel, request);
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({}, payload));
  return { ipc, sent, emit, listeners };
}

const def = { source: { kind: 'default' } };
const values = { serverAliveInterval: { value: 0, ...def }, serverAliveCountMax: { value: 3, ...def }, tcpKeepAlive: { value: true, ...def } };
const snapshot = {
  ok: true,
  value: {
    configPath: '/x',
    files: [{ path: '/x', exists: true, hash: 'abc' }],
    hosts: [],
    allHosts: { block: null, sampleHost: 'h', values, keepaliveOn: false, verdict: { protected: false, text: 'unprotected' } },
    natTimeoutSeconds: 300,
    issues: [],
    canUndo: false,
  },
};

describe('preload bridge (window.keepalive)', () => {
  it('says it is the electron shell', () => {
    expect(createBridge(fakeIpc(() => null).ipc).shell).toBe('electron');
  });

  it('validates requests before they leave the page: an invalid one is never sent', async () => {
    const f = fakeIpc(() => snapshot);
    const api = createBridge(f.ipc);
    await expect(api.invoke('hosts:list', { configPath: 7 } as never)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(api.invoke('no:such' as never, {} as never)).rejects.toMatchObject({ code: 'invalid-input' });
    expect(f.sent).toEqual([]);
  });

  it('validates responses: a malformed answer is an internal error, an error Result keeps code, file and line', async () => {
    const bad = createBridge(fakeIpc(() => ({ ok: true, value: { nonsense: 1 } })).ipc);
    await expect(bad.invoke('hosts:list', { configPath: '' })).rejects.toMatchObject({ code: 'internal' });
    const failing = createBridge(fakeIpc(() => ({ ok: false, error: { code: 'parse', message: 'Bad line', file: '/c', line: 3 } })).ipc);
    const err = await failing.invoke('hosts:list', { configPath: '' }).catch((e: unknown) => e);
    // A plain object, because contextBridge would strip an Error down to its message.
    expect(err).toEqual({ code: 'parse', message: 'Bad line', file: '/c', line: 3 });
    expect(err).not.toBeInstanceOf(Error);
  });

  it('passes a valid answer through (decoded from its wire form, as main sends it)', async () => {
    const f = fakeIpc(() => ({ ok: true, value: z.encode(ConfigSnapshot, snapshot.value as ConfigSnapshot) }));
    const api = createBridge(f.ipc);
    const value = await api.invoke('hosts:list', { configPath: '' });
    expect(value).toEqual(snapshot.value);
    expect(f.sent).toEqual([['hosts:list', { configPath: '' }]]);
  });

  it('delivers only valid event payloads, and unsubscribes', () => {
    const f = fakeIpc(() => null);
    const api = createBridge(f.ipc);
    const got: unknown[] = [];
    const off = api.on('config:changed', (p) => got.push(p));
    f.emit('config:changed', { configPath: '/a', files: ['/a'] });
    f.emit('config:changed', { configPath: 5 });
    expect(got).toEqual([{ configPath: '/a', files: ['/a'] }]);
    off();
    f.emit('config:changed', { configPath: '/b', files: [] });
    expect(got).toHaveLength(1);
    expect(() => api.on('bogus' as never, () => {})).toThrow();
  });
});
