import { describe, expect, it } from 'vitest';
import { NO_BREAK } from '../format/duration';
import { OPENSSH_DEFAULTS, type SessionSettings } from './simulation';
import { idleVerdict, sessionVerdict, verdictText } from './verdict';

const off: SessionSettings = { ...OPENSSH_DEFAULTS, tcpKeepAlive: false };
const ka = (interval: number, more: Partial<SessionSettings> = {}): SessionSettings => ({ ...off, serverAliveInterval: interval, ...more });

describe('idleVerdict', () => {
  it('says what protects a host, or when it dies, from facts it carries', () => {
    expect(idleVerdict(ka(60), 300)).toEqual({ protected: true, text: 'protected: keepalive every 60 s', facts: { kind: 'keepalive', interval: 60 } });
    expect(idleVerdict(OPENSSH_DEFAULTS, 300)).toEqual({
      protected: false,
      text: 'unprotected: an idle session dies after 5 min behind this NAT',
      facts: { kind: 'no-keepalive', afterSeconds: 300 },
    });
    expect(idleVerdict(ka(600), 350).text).toBe('unprotected: keepalive every 600 s is too slow; an idle session dies after 5 min 50 s behind this NAT');
    expect(idleVerdict(ka(60, { serverAliveCountMax: 0 }), 300).text).toBe('unprotected: ServerAliveCountMax 0 ends an idle session after 1 min');
    expect(idleVerdict({ ...off, clientAliveInterval: 30 }, 300).facts).toEqual({ kind: 'server-keepalive', interval: 30 });
    const tcp = idleVerdict(OPENSSH_DEFAULTS, 7440);
    expect(tcp.protected).toBe(true);
    expect(tcp.text).toBe('protected: TCP keepalive after 2 h idle, only because this NAT waits 2 h 4 min');
  });

  it('lays the same words out with no-break spaces for a narrow column', () => {
    const { facts } = idleVerdict(ka(600), 350);
    expect(verdictText(facts!, NO_BREAK)).toBe('unprotected: keepalive every 600\u00a0s is too slow; an idle session dies after 5\u00a0min 50\u00a0s behind this NAT');
  });
});

describe('sessionVerdict (PuTTY/WinSCP sessions)', () => {
  it('judges a session with the hosts model: 600 s is too slow behind a 5 min NAT, 60 s keeps it, off drops', () => {
    expect(sessionVerdict(600, false, 300)).toMatchObject({ protected: false, facts: { kind: 'too-slow', interval: 600, afterSeconds: 300 } });
    expect(sessionVerdict(60, null, 300)).toMatchObject({ protected: true, facts: { kind: 'keepalive', interval: 60 } });
    expect(sessionVerdict(0, false, 300)).toMatchObject({ protected: false, facts: { kind: 'no-keepalive' } });
    expect(sessionVerdict(600, false, 900).protected).toBe(true);
  });
});
