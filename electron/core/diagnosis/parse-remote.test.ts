import { describe, expect, it } from 'vitest';
import { parseJump } from './client-chain';
import { logindFactsFrom, serverFactsFrom, shellFactsFrom } from './facts';
import { parseRemoteOutput } from './parse-remote';
import { remoteScript } from './remote-script';
import { announcedVersion, lastError } from './ssh-args';

const M = '@@ska-00112233445566ff';
const out = (...lines: string[]) => lines.map((l) => `${M} ${l}`).join('\n') + '\n';

/** What the script printed on this machine (OpenSSH 9.2, as a non-root user), plus done. */
const DEBIAN = out(
  'user alice',
  'uid 1000',
  'listener sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
  'sshd /usr/sbin/sshd',
  'config /etc/ssh/sshd_config',
  'sshdline /etc/ssh/sshd_config\t12:Include /etc/ssh/sshd_config.d/*.conf',
  'sshdline /etc/ssh/sshd_config.d/10-idle.conf\t1:ChannelTimeout session:*=10m',
  'sshdmode T',
  'sshdT clientaliveinterval 120',
  'sshdT clientalivecountmax 3',
  'sshdT unusedconnectiontimeout none',
  'sshdT tcpkeepalive yes',
  'sshdT channeltimeout session:*=10m',
  'shell /bin/bash',
  'tmout 900',
  'tmoutro yes',
  'kshversion ',
  'tmoutline /etc/profile.d/tmout.sh\t1:readonly TMOUT=900',
  'xdgsession 7',
  'systemd 252',
  'loginctl StopIdleSessionUSec=15min',
  'done 1',
);

describe('the remote script’s answers', () => {
  it('reads a full answer into facts', () => {
    const r = parseRemoteOutput(`Welcome to web1!\n${DEBIAN}`, M);
    expect(r.complete).toBe(true);
    const s = serverFactsFrom(r, 'OpenSSH_9.2p1 Debian-2+deb12u10');
    expect(s).toMatchObject({ trusted: true, clientAliveInterval: 120, clientAliveCountMax: 3, channelTimeout: 'session:*=10m', unusedConnectionTimeout: 0, tcpKeepAlive: true });
    expect(s.configLines[1]).toEqual({ file: '/etc/ssh/sshd_config.d/10-idle.conf', line: 1, text: 'ChannelTimeout session:*=10m' });
    expect(shellFactsFrom(r)).toMatchObject({ path: '/bin/bash', tmout: 900, readonly: true, variable: 'TMOUT', graceSeconds: 0 });
    expect(logindFactsFrom(r)).toEqual({ stopIdleSessionSec: 900, source: 'loginctl: StopIdleSessionUSec=15min', registered: true, systemdVersion: 252 });
  });

  it('ignores lines without this run’s marker (banners, rc files, a forged marker)', () => {
    const forged = DEBIAN.replace(`${M} sshdT channeltimeout session:*=10m`, `@@ska-ffffffffffffffff sshdT channeltimeout session:*=1s\nsshdT channeltimeout session:*=1s`);
    expect(serverFactsFrom(parseRemoteOutput(forged, M), null).channelTimeout).toBeNull();
    // A repeated keyword is not sshd talking: the first value stays.
    const repeated = DEBIAN + out('sshdT channeltimeout session:*=1s');
    expect(serverFactsFrom(parseRemoteOutput(repeated, M), null).channelTimeout).toBe('session:*=10m');
  });

  it('never trusts sshd -T when a file it reads is unreadable (it prints defaults and exits 0)', () => {
    const r = parseRemoteOutput(DEBIAN + out('unreadable /etc/ssh/sshd_config.d'), M);
    const s = serverFactsFrom(r, null);
    expect(s.trusted).toBe(false);
    expect(s.clientAliveInterval).toBeNull();
    expect(s.reason).toMatch(/\/etc\/ssh\/sshd_config\.d, which alice cannot read/);
  });

  it('says why when sshd -T could not run', () => {
    const r = parseRemoteOutput(out('user bob', 'sshd /usr/sbin/sshd', 'sshdmode ', 'sshderr sshd: no hostkeys available -- exiting.', 'shell /bin/sh', 'tmout ', 'tmoutro no', 'done 1'), M);
    expect(serverFactsFrom(r, null)).toMatchObject({ trusted: false, reason: expect.stringMatching(/no hostkeys available/) });
    expect(shellFactsFrom(r)).toMatchObject({ tmout: null, reason: null });
  });

  it('survives hostile output: control characters, huge values, junk numbers, endless lines', () => {
    const hostile =
      out(
        'user alice\x1b[2J',
        'sshd /usr/sbin/sshd',
        'sshdmode T',
        `sshdT clientaliveinterval ${'9'.repeat(30)}`,
        'sshdT channeltimeout session:*=5m; rm -rf /',
        `shell /bin/bash\x07`,
        'tmout 12abc',
        `tmoutline relative/path\t1:TMOUT=1`,
        `tmoutline /etc/profile\tnot-a-line`,
        'done 1',
      ) + `${M} junk ${'x'.repeat(1_000_000)}\n`.repeat(3);
    const r = parseRemoteOutput(hostile, M);
    expect(r.user).toBeNull(); // control characters are stripped, then the name must look like one
    const s = serverFactsFrom(r, null);
    expect(s.clientAliveInterval).toBeNull();
    expect(s.trusted).toBe(false); // a ChannelTimeout it cannot read is not guessed at
    expect(r.shell.lines).toEqual([]);
    expect(shellFactsFrom(r).tmout).toBeNull();
  });

  it('reads csh autologout (minutes), ksh93’s extra minute, an unknown shell, logind.conf', () => {
    const csh = parseRemoteOutput(out('user a', 'shell /bin/tcsh', 'autologout 30', 'done 1'), M);
    expect(shellFactsFrom(csh)).toMatchObject({ tmout: 1800, variable: 'autologout' });
    const ksh = parseRemoteOutput(out('user a', 'shell /bin/ksh', 'tmout 300', 'tmoutro no', 'kshversion Version AJM 93u+m/1.0.4 2022-10-22', 'done 1'), M);
    expect(shellFactsFrom(ksh)).toMatchObject({ tmout: 300, graceSeconds: 60 });
    const fish = parseRemoteOutput(out('user a', 'shell /usr/bin/fish', 'shellunknown fish', 'done 1'), M);
    expect(shellFactsFrom(fish).reason).toMatch(/fish is not one/);
    const conf = parseRemoteOutput(out('user a', 'logindconf StopIdleSessionSec=1h', 'xdgsession ', 'done 1'), M);
    expect(logindFactsFrom(conf)).toMatchObject({ stopIdleSessionSec: 3600, registered: null });
    const off = parseRemoteOutput(out('user a', 'loginctl StopIdleSessionUSec=infinity', 'done 1'), M);
    expect(logindFactsFrom(off)?.stopIdleSessionSec).toBeNull();
  });
});

describe('ssh’s own output', () => {
  it('finds the target’s announced version and the real error', () => {
    expect(announcedVersion('debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1 Debian-2+deb12u10\r\n')).toBe('OpenSSH_9.2p1 Debian-2+deb12u10');
    expect(lastError('debug1: Authentications that can continue: publickey\r\nuser@h: Permission denied (publickey).\r\n')).toBe('user@h: Permission denied (publickey).');
  });

  it('splits ProxyJump words as ssh does', () => {
    expect(parseJump('bastion')).toEqual({ host: 'bastion', user: null, port: null });
    expect(parseJump('me@bastion:2222')).toEqual({ host: 'bastion', user: 'me', port: 2222 });
    expect(parseJump('ssh://me@[2001:db8::1]:22')).toEqual({ host: '2001:db8::1', user: 'me', port: 22 });
    expect(parseJump('bad host')).toBeNull();
  });

  it('refuses a marker that could break out of the script', () => {
    expect(() => remoteScript("'; rm -rf / #")).toThrow();
    expect(remoteScript(M)).toContain(`M='${M}'`);
  });
});
