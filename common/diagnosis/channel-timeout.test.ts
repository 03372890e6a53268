import { describe, expect, it } from 'vitest';
import { analyseChannelTimeout, globMatch, parseChannelTimeout, timeoutFor } from './channel-timeout';
import { parseOpenSshVersion } from './openssh-version';

const v92 = parseOpenSshVersion('OpenSSH_9.2p1 Debian-2+deb12u10');
const v97 = parseOpenSshVersion('OpenSSH_9.7p1');

describe('ChannelTimeout as sshd reads it', () => {
  it('globs like match_pattern', () => {
    expect(globMatch('session:shell', 'session:*')).toBe(true);
    expect(globMatch('session:shell', 'session')).toBe(false);
    expect(globMatch('session:shell', 'session:she??')).toBe(true);
    expect(globMatch('direct-tcpip', '*')).toBe(true);
    expect(globMatch('Session:shell', 'session:*')).toBe(false);
  });

  it('parses the values sshd -T prints, in its time formats', () => {
    expect(parseChannelTimeout('session:*=1h30m direct-tcpip=5m x11-connection=10').rules.map((r) => [r.pattern, r.seconds])).toEqual([
      ['session:*', 5400],
      ['direct-tcpip', 300],
      ['x11-connection', 10],
    ]);
    expect(parseChannelTimeout('none').rules).toEqual([]);
    expect(parseChannelTimeout(null).rules).toEqual([]);
    expect(parseChannelTimeout('session:*=5x =3 session').invalid).toEqual(['session:*=5x', '=3', 'session']);
  });

  it('closes idle shells for session:*= and session:shell=, and says why session= does not', () => {
    expect(analyseChannelTimeout('session:*=5m', v92).shell).toEqual({ seconds: 300, rule: 'session:*=5m' });
    expect(analyseChannelTimeout('session:shell=90s', v92).shell).toEqual({ seconds: 90, rule: 'session:shell=90s' });
    const plain = analyseChannelTimeout('session=5m', v92);
    expect(plain.shell).toBeNull();
    expect(plain.command).toBeNull();
    expect(plain.ineffective[0]?.why).toMatch(/relabels/);
  });

  it('uses the first matching rule only, and 0 means never', () => {
    expect(analyseChannelTimeout('session:*=0 session:shell=5', v92).shell).toBeNull();
    expect(analyseChannelTimeout('session:command=10 session:*=20', v92).shell?.seconds).toBe(20);
    expect(analyseChannelTimeout('session:command=10 session:*=20', v92).command?.seconds).toBe(10);
    expect(analyseChannelTimeout('session:*=20 session:shell=5', v92).ineffective[0]?.rule).toBe('session:shell=5');
  });

  it('honours global only from 9.7 (on 9.2 it is a channel type nothing has)', () => {
    expect(analyseChannelTimeout('global=7', v97).shell).toEqual({ seconds: 7, rule: 'global=7' });
    const old = analyseChannelTimeout('global=7', v92);
    expect(old.shell).toBeNull();
    expect(old.ineffective[0]?.why).toMatch(/9\.7/);
    // Unknown version: assume the newer behaviour (the cautious answer: it may close shells).
    expect(analyseChannelTimeout('global=7', null).shell?.seconds).toBe(7);
    // global is a separate clock: the shorter of it and the first match wins.
    expect(timeoutFor(parseChannelTimeout('session:*=60 global=30').rules, 'session:shell', v97)?.seconds).toBe(30);
  });

  it('reports direct-tcpip (forwardings, ProxyJump through the host) apart from shells', () => {
    const a = analyseChannelTimeout('direct-tcpip=5m', v92);
    expect(a.shell).toBeNull();
    expect(a.directTcpip).toEqual({ seconds: 300, rule: 'direct-tcpip=5m' });
  });
});
