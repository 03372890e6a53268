import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, type CauseId } from './cause-ids';
import { explainMessage } from './explain';
import { MESSAGE_PATTERNS } from './messages';

/** [what the terminal said, the message's key, the cause named first] for one client release band. */
type Sample = [text: string, key: string, first: CauseId];

/** Each band's own wording (OpenSSH format strings of that release: packet.c, clientloop.c). */
const BANDS: Record<string, Sample[]> = {
  'OpenSSH 6.6-6.7': [
    ['Write failed: Broken pipe', 'write-failed-broken-pipe', 'nat-idle'],
    ['Read from socket failed: Connection reset by peer', 'read-socket-failed', 'nat-idle'],
    ['Timeout, server 203.0.113.7 not responding.', 'server-not-responding', 'client-keepalive-timeout'],
    ['Connection to 203.0.113.7 closed by remote host.', 'closed-by-remote-host', 'sshd-unused-connection-timeout'],
    ['Read from remote host 203.0.113.7: Connection timed out', 'read-from-remote-host', 'nat-idle'],
  ],
  'OpenSSH 6.8-7.1': [
    ['packet_write_wait: Connection to 203.0.113.7: Broken pipe', 'packet-write-wait-broken-pipe', 'nat-idle'],
    ['Connection to 203.0.113.7 timed out while waiting to write', 'connection-timed-out', 'client-keepalive-timeout'],
    ['Connection reset by 203.0.113.7', 'connection-reset-by', 'nat-idle'],
  ],
  'OpenSSH 7.2-7.9': [
    ['packet_write_wait: Connection to 203.0.113.7 port 22: Broken pipe', 'packet-write-wait-broken-pipe', 'nat-idle'],
    ['Connection reset by 203.0.113.7 port 22', 'connection-reset-by', 'nat-idle'],
    ['Connection to 203.0.113.7 port 22 timed out', 'connection-timed-out', 'client-keepalive-timeout'],
    ['Timeout, server db.example.com not responding.', 'server-not-responding', 'client-keepalive-timeout'],
  ],
  'OpenSSH 8.0-9.7': [
    ['client_loop: send disconnect: Broken pipe', 'client-loop-send-disconnect', 'nat-idle'],
    ['Connection reset by 2001:db8::7 port 22', 'connection-reset-by', 'nat-idle'],
    ['Timeout, server 198.51.100.2 not responding.', 'server-not-responding', 'client-keepalive-timeout'],
    ['ssh_dispatch_run_fatal: Connection to 198.51.100.2 port 2222: Broken pipe', 'dispatch-run-fatal-broken-pipe', 'network-change'],
    ['Connection to db closed by remote host.', 'closed-by-remote-host', 'sshd-unused-connection-timeout'],
    ['Connection to db closed.', 'connection-closed', 'sshd-channel-timeout'],
    ['debug1: Exit status -1', 'eow-exit-status-minus-1', 'sshd-channel-timeout'],
  ],
  'OpenSSH 9.8+': [
    ['Read from remote host 203.0.113.7: Connection timed out\nclient_loop: send disconnect: Broken pipe', 'read-from-remote-host', 'nat-idle'],
    ['Read from remote host db: Connection reset by peer', 'read-from-remote-host', 'nat-idle'],
  ],
  'OpenSSH for Windows': [
    ['client_loop: send disconnect: Connection reset', 'client-loop-send-disconnect-reset', 'nat-idle'],
    ['Read from remote host 203.0.113.7: Connection aborted', 'read-from-remote-host', 'nat-idle'],
  ],
  PuTTY: [
    ['Network error: Software caused connection abort', 'putty-software-abort', 'nat-idle'],
    ['Network error: Connection timed out', 'putty-connection-timed-out', 'nat-idle'],
    ['Connection timed out', 'putty-connection-timed-out', 'nat-idle'],
    ['Network error: Connection reset by peer', 'putty-connection-reset', 'nat-idle'],
    ['Server unexpectedly closed network connection', 'putty-unexpectedly-closed', 'sshd-channel-timeout'],
    ['Remote side unexpectedly closed network connection', 'putty-unexpectedly-closed', 'sshd-channel-timeout'],
  ],
  WinSCP: [
    ['Connection has been unexpectedly closed. Server sent command exit status 0.', 'winscp-unexpectedly-closed', 'sshd-channel-timeout'],
    ['Network error: Software caused connection abort', 'putty-software-abort', 'nat-idle'],
  ],
  shells: [
    ['\x07timed out waiting for input: auto-logout', 'bash-auto-logout', 'shell-tmout'],
    ['ksh: line 1: timed out waiting for input', 'ksh-timed-out', 'shell-tmout'],
    ['shell will timeout in 60 seconds due to inactivity', 'ksh-timed-out', 'shell-tmout'],
    ['zsh: timeout', 'zsh-timeout', 'shell-tmout'],
    ['auto-logout', 'csh-auto-logout', 'shell-tmout'],
  ],
  'server logs': [
    ['Nov 20 10:00:00 web sshd[812]: channel 0: closing after 300 seconds of inactivity', 'sshd-channel-inactivity', 'sshd-channel-timeout'],
    ['sshd[99]: terminating inactive connection from user alice 203.0.113.7 port 50000', 'sshd-terminating-inactive', 'sshd-unused-connection-timeout'],
    ['sshd[99]: Timeout, client not responding from user alice 203.0.113.7 port 50000', 'sshd-client-not-responding', 'server-keepalive-timeout'],
    ['systemd-logind[1]: Session "42" of user "alice" is idle, stopping.', 'logind-idle-stopping', 'logind-idle'],
  ],
};

describe('explain, every message by client release', () => {
  for (const [band, samples] of Object.entries(BANDS)) {
    for (const [text, key, first] of samples) {
      it(`${band}: ${JSON.stringify(text)} -> ${first}`, () => {
        const r = explainMessage(text);
        expect(r.matches.map((m) => m.key)).toContain(key);
        expect(r.causes[0]?.id).toBe(first);
        for (const c of r.causes) {
          expect(CAUSE_IDS).toContain(c.id);
          expect(c.summary.length).toBeGreaterThan(10);
          expect(c.meaning.length).toBeGreaterThan(10);
          expect(c.fix.length).toBeGreaterThan(10);
        }
      });
    }
  }

  it('has a sample for every message it knows', () => {
    const sampled = new Set(Object.values(BANDS).flatMap((s) => s.map(([, key]) => key)));
    const known = MESSAGE_PATTERNS.map((p) => p.key).filter((k) => k !== 'connect-failed');
    expect(known.filter((k) => !sampled.has(k))).toEqual([]);
  });
});

describe('explain, what decides between causes', () => {
  it('lets the shell message decide over the close that follows it', () => {
    const r = explainMessage('\x07timed out waiting for input: auto-logout\r\nConnection to db closed.\r\n');
    expect(r.causes.map((c) => c.id)).toEqual(['shell-tmout']);
    expect(r.matches.map((m) => m.key)).toEqual(['bash-auto-logout', 'connection-closed']);
  });

  it('reads "Connection to H closed." by the exit status: 255 sshd closed it, 0 the shell ended', () => {
    expect(explainMessage('Connection to db closed.', { exitStatus: 255 }).causes.map((c) => c.id)).toEqual(['sshd-channel-timeout']);
    expect(explainMessage('Connection to db closed.', { exitStatus: 0 }).causes.map((c) => c.id)).toEqual(['shell-tmout']);
    expect(explainMessage('Connection to db closed.').causes.map((c) => c.id)).toEqual(['sshd-channel-timeout', 'shell-tmout']);
  });

  it('puts a server log line ahead of what the client said', () => {
    const r = explainMessage('Connection to db closed by remote host.\nsshd[1]: terminating inactive connection from user a 192.0.2.1 port 4');
    expect(r.causes[0]?.id).toBe('sshd-unused-connection-timeout');
  });

  it('says unknown for text it does not know, and for a failed connect', () => {
    expect(explainMessage('hello world').causes.map((c) => c.id)).toEqual(['unknown']);
    expect(explainMessage('').causes.map((c) => c.id)).toEqual(['unknown']);
    const connect = explainMessage('ssh: connect to host db port 22: Connection timed out');
    expect(connect.causes.map((c) => c.id)).toEqual(['unknown']);
    expect(connect.matches[0]?.note).toMatch(/not an idle session/);
  });

  it('says which fixes the app can apply', () => {
    const nat = explainMessage('client_loop: send disconnect: Broken pipe').causes[0];
    expect(nat?.appFix).toBe('client-keepalive');
    expect(explainMessage('zsh: timeout').causes[0]?.appFix).toBeNull();
  });

  it('ignores colour codes and carriage returns, and cuts a huge paste instead of choking on it', () => {
    expect(explainMessage('\x1b[31mWrite failed: Broken pipe\x1b[0m\r').causes[0]?.id).toBe('nat-idle');
    const huge = 'x'.repeat(200_000) + '\nzsh: timeout';
    expect(explainMessage(huge).causes[0]?.id).toBe('unknown');
  });
});
