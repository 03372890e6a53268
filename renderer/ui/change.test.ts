import { describe, expect, it } from 'vitest';
import type { FileEditPreview, KeepalivePreview } from '../../common/contract/keepalive';
import type { SystemPreview } from '../../common/contract/system';
import { systemView } from '../system/systemChange';
import { filesOf } from './change';
import { keepaliveView, previewIsStale } from './keepaliveChange';
import { switchTitle } from './useIntervalToggle';

const edit = (file: string, created = false): FileEditPreview => ({ file, baseHash: `h-${file}`, created, diff: [{ kind: 'add', newLine: 1, text: 'ServerAliveInterval 60' }] });

describe('one dialog for every preview', () => {
  it('shows a user edit with its new-file badge, and applies what is shown', () => {
    const view = keepaliveView({ kind: 'edit', summary: 'Keepalive for Host db: every 60 s.', edits: [edit('/h/.ssh/config', true)] });
    expect(view).toMatchObject({ kind: 'edit', files: [{ file: '/h/.ssh/config', badges: ['new file (mode 600)'] }] });
    expect(filesOf(view, undefined).map((f) => f.file)).toEqual(['/h/.ssh/config']);
  });

  it('keeps a blocked edit as data: its reason, what decides, and each alternative with its own files', () => {
    const preview: KeepalivePreview = {
      kind: 'blocked',
      reason: 'decided-earlier',
      summary: 'ServerAliveInterval for Host db is decided by line 3 of /h/.ssh/config.',
      decidedBy: { kind: 'line', file: '/h/.ssh/config', line: 3 },
      alternatives: [
        { id: 'insert-block-before', label: 'Add a block', edits: [edit('/h/.ssh/config')] },
        { id: 'change-decider', label: 'Change line 3', edits: [edit('/h/.ssh/other')] },
      ],
    };
    const view = keepaliveView(preview);
    expect(view).toMatchObject({ kind: 'blocked', reason: 'decided-earlier', decidedBy: { line: 3 } });
    expect(filesOf(view, 'change-decider').map((f) => f.file)).toEqual(['/h/.ssh/other']);
    expect(filesOf(view, 'no-such-choice')).toEqual([]);
    expect(previewIsStale(preview, [{ path: '/h/.ssh/other', hash: 'changed' }])).toBe(true);
    expect(previewIsStale(preview, [{ path: '/h/.ssh/other', hash: 'h-/h/.ssh/other' }])).toBe(false);
  });

  it('shows a system edit with the same diff view: created as root 644, removed files named', () => {
    const preview: SystemPreview = {
      kind: 'edit',
      summary: 'ClientAliveInterval 45',
      notes: ['sshd is reloaded'],
      seen: {},
      edits: [
        { file: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', created: true, deleted: false, diff: [] },
        { file: '/etc/ssh/old.conf', created: false, deleted: true, diff: [] },
      ],
    };
    expect(systemView(preview)).toEqual({
      kind: 'edit',
      summary: 'ClientAliveInterval 45',
      notes: ['sshd is reloaded'],
      files: [
        { file: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', diff: [], badges: ['new file (root, mode 644)'] },
        { file: '/etc/ssh/old.conf', diff: [], badges: ['file removed'] },
      ],
    });
    expect(systemView({ ...preview, kind: 'noop' })).toEqual({ kind: 'noop', summary: 'ClientAliveInterval 45', notes: ['sshd is reloaded'] });
  });

  it('titles every switch change the same way', () => {
    expect(switchTitle('db', { action: 'on', interval: 60 })).toBe('Turn keepalive on for db (every 60 s)');
    expect(switchTitle('all users', { action: 'off' })).toBe('Turn keepalive off for all users');
    expect(switchTitle('db', { action: 'on', interval: 45 }, 'interval')).toBe('Keepalive for db: every 45 s');
    expect(switchTitle('db', { action: 'on', interval: 30 }, 'measured')).toBe('Keepalive for db: every 30 s (measured)');
  });
});
