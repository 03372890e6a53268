import { describe, expect, it } from 'vitest';
import type { KeepalivePreviewResult } from '../../common/contract/sessions';
import { filesOf } from '../ui/change';
import { sessionsKeepaliveView } from './keepaliveSessionsChange';

const preview = (over: Partial<KeepalivePreviewResult>): KeepalivePreviewResult => ({
  location: '/home/u/work.reg',
  interval: 60,
  takesEffect: 'after-import',
  inCopy: false,
  changes: [],
  unchanged: [],
  files: [{ file: '/home/u/work.reg', hash: 'h' }],
  ...over,
});
const diff = [{ kind: 'add' as const, newLine: 4, text: '"PingInterval"=dword:00000001' }];

describe('the one dialog’s view of turning keepalive on in sessions', () => {
  it('one diff per session, even in one file; says when it applies and what needs nothing', () => {
    const view = sessionsKeepaliveView(
      preview({
        changes: [
          { session: 'web1', tool: 'putty', file: '/home/u/work.reg', diff },
          { session: 'db', tool: 'putty', file: '/home/u/work.reg', diff },
        ],
        unchanged: ['bastion'],
      }),
    );
    expect(view.kind).toBe('edit');
    expect(filesOf(view, undefined).map((f) => f.file)).toEqual(['web1 · /home/u/work.reg', 'db · /home/u/work.reg']);
    expect(view.kind === 'edit' && view.notes).toEqual([
      'It applies once work.reg is imported on Windows (double-click it, or run reg import "work.reg"), the next time each session is opened.',
      'Already every 60 s, nothing to write: bastion.',
    ]);
  });

  it('an uploaded copy says to download it; nothing to change is a no-op, not an empty diff', () => {
    const view = sessionsKeepaliveView(preview({ inCopy: true, location: 'exported.reg', changes: [{ session: 'a', tool: 'winscp', file: 'exported.reg', diff }] }));
    expect(view.kind === 'edit' && view.notes[0]).toMatch(/app's copy of exported\.reg: download it/);
    expect(sessionsKeepaliveView(preview({ unchanged: ['a'] })).kind).toBe('noop');
  });
});
