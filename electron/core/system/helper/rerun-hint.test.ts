import { describe, expect, it } from 'vitest';
import { cliCommandFor, noPromptMessage } from './rerun-hint';
import { parseRequest } from './request';

/** Without pkexec the user is told the exact `sudo ssh-keepalive ...` that makes the same change. */
const seen = { '/etc/ssh/ssh_config': '' };
const req = (o: Record<string, unknown>) => parseRequest(JSON.stringify({ version: 1, op: 'apply', seen, reload: false, ...o }));

describe('the command to run with sudo instead of a prompt', () => {
  it.each([
    [{ target: 'ssh_config', changes: [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }] }, 'ssh-keepalive system set --interval 60'],
    [{ target: 'ssh_config', changes: [{ keyword: 'ServerAliveInterval', action: 'unset' }] }, 'ssh-keepalive system unset'],
    [{ target: 'sshd_config', reload: true, changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 45 }] }, 'ssh-keepalive server set --interval 45'],
    [
      { target: 'sshd_config', changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 45 }, { keyword: 'ClientAliveCountMax', action: 'set', value: 4 }] },
      'ssh-keepalive server set --interval 45 --count-max 4 --no-reload',
    ],
    [{ target: 'sshd_config', reload: true, changes: [{ keyword: 'ClientAliveInterval', action: 'unset' }] }, 'ssh-keepalive server unset'],
    // No CLI flag for these: the generic advice instead.
    [{ target: 'ssh_config', changes: [{ keyword: 'TCPKeepAlive', action: 'set', value: 'no' }] }, null],
    [{ target: 'sshd_config', changes: [{ keyword: 'ClientAliveCountMax', action: 'set', value: 3 }] }, null],
  ])('%j -> %s', (o, expected) => expect(cliCommandFor(req(o))).toBe(expected));

  it('undo of either target', () => {
    expect(cliCommandFor(parseRequest(JSON.stringify({ version: 1, op: 'undo', target: 'ssh_config', entry: 'x', reload: false })))).toBe('ssh-keepalive system undo');
    expect(cliCommandFor(parseRequest(JSON.stringify({ version: 1, op: 'undo', target: 'sshd_config', entry: 'x', reload: false })))).toBe('ssh-keepalive server undo --no-reload');
  });

  it('says what is missing and what to run, in one line', () => {
    const m = noPromptMessage(req({ target: 'ssh_config', changes: [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }] }));
    expect(m).toBe('Administrator rights cannot be asked for here: pkexec (polkit) is not installed. Run: sudo ssh-keepalive system set --interval 60');
    expect(noPromptMessage(null)).toMatch(/Run the same ssh-keepalive command as root \(with sudo\) instead\.$/);
  });
});
