import { describe, expect, it } from 'vitest';
import { retryWithPassword, type ServerAnswer } from './password-retry';

/** Servers with a sudo password each (null: NOPASSWD); a call answers as sudo would. */
function servers(passwords: Record<string, string | null>) {
  const calls: { hosts: string[]; password: string | undefined }[] = [];
  const call = async (hosts: string[], password?: string): Promise<ServerAnswer[]> => {
    calls.push({ hosts, password });
    return hosts.map((host) => {
      const want = passwords[host];
      if (want === null || password === want) return { host, failure: null, message: `${host}: done` };
      return { host, failure: password === undefined ? 'needs-password' : 'wrong-password', message: `${host}: no` };
    });
  };
  return { call, calls };
}

describe('the sudo password, asked only where sudo wants one', () => {
  it('is not asked when no server wants one', async () => {
    const s = servers({ a: null, b: null });
    let asked = 0;
    const out = await retryWithPassword(['a', 'b'], s.call, async () => (asked++, 'x'));
    expect(asked).toBe(0);
    expect(out.map((o) => o.failure)).toEqual([null, null]);
  });

  it('is asked once for those that want it, and used only for them', async () => {
    const s = servers({ a: null, b: 'pw', c: 'pw' });
    const asked: string[][] = [];
    const out = await retryWithPassword(['a', 'b', 'c'], s.call, async (waiting) => (asked.push(waiting.map((w) => w.host)), 'pw'));
    expect(asked).toEqual([['b', 'c']]);
    expect(s.calls).toEqual([{ hosts: ['a', 'b', 'c'], password: undefined }, { hosts: ['b', 'c'], password: 'pw' }]);
    expect(out.map((o) => [o.host, o.failure])).toEqual([['a', null], ['b', null], ['c', null]]);
  });

  it('asks again after a wrong one, at most three times; a cancel stops at once', async () => {
    const s = servers({ a: 'right' });
    const typed = ['wrong1', 'wrong2', 'wrong3', 'right'];
    const out = await retryWithPassword(['a'], s.call, async () => typed.shift()!);
    expect(out[0]!.failure).toBe('wrong-password');
    expect(typed).toEqual(['right']);
    const c = servers({ a: 'right' });
    const cancelled = await retryWithPassword(['a'], c.call, async () => null);
    expect(cancelled[0]!.failure).toBe('needs-password');
    expect(c.calls).toHaveLength(1);
  });
});
