import { describe, expect, it } from 'vitest';
import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { retarget } from './retarget';

const row = (pattern: string, line: number, file = '/h/.ssh/config') => ({ pattern, line, file }) as HostRow;
const intent = (line: number, file = '/h/.ssh/config'): KeepaliveIntent => ({ configPath: '', target: { kind: 'block', file, line }, action: 'on', interval: 60 });

describe('retarget', () => {
  it('follows a block whose line moved', () => {
    const before = [row('a', 1), row('b', 4)];
    const after = [row('a', 3), row('b', 6)];
    expect(retarget(intent(4), before, after)?.target).toEqual({ kind: 'block', file: '/h/.ssh/config', line: 6 });
  });

  it('keeps the n-th of repeated patterns, and only in the same file', () => {
    const before = [row('x', 1), row('x', 5), row('x', 2, '/h/.ssh/inc')];
    const after = [row('x', 1, '/h/.ssh/inc'), row('x', 3), row('x', 9)];
    expect(retarget(intent(5), before, after)?.target).toEqual({ kind: 'block', file: '/h/.ssh/config', line: 9 });
  });

  it('is null when the block is gone; other targets pass through', () => {
    expect(retarget(intent(4), [row('b', 4)], [row('c', 4)])).toBeNull();
    expect(retarget(intent(7), [row('b', 4)], [row('b', 4)])).toBeNull();
    const all: KeepaliveIntent = { configPath: '', target: { kind: 'all' }, action: 'off' };
    expect(retarget(all, [], [])).toBe(all);
  });
});
