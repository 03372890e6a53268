import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  OPENSSH_DEFAULTS,
  advance,
  applyEvent,
  createSimulation,
  idleMs,
  LINUX_RETRANSMIT_GIVE_UP_MS,
  packetPositions,
  rowState,
  sessionPhase,
  simulate,
  survivesIdle,
  type HostSpec,
  type HostState,
  type SessionSettings,
  type SimState,
} from './simulation';

const MIN = 60_000;
const off: SessionSettings = { ...OPENSSH_DEFAULTS, tcpKeepAlive: false };
const ka = (interval: number, more: Partial<SessionSettings> = {}): SessionSettings => ({ ...off, serverAliveInterval: interval, ...more });
const host = (id: string, settings: SessionSettings, typing = false): HostSpec => ({ id, label: id, settings, typing });
const only = (s: SimState): HostState => s.hosts[0]!;
const idle = (settings: SessionSettings, nat = 300) => createSimulation({ natTimeoutSeconds: nat }, [host('h', settings)]);

describe('NAT entry expiry', () => {
  it('deletes an idle entry exactly at the timeout, not a millisecond earlier', () => {
    const s0 = idle(off);
    expect(rowState(only(advance(s0, 299_999)))).toBe('idle');
    expect(idleMs(only(advance(s0, 299_999)), 299_999)).toBe(299_999);
    const at = only(advance(s0, 300_000));
    expect(rowState(at)).toBe('deleted');
    expect(at.nat.deletedAt).toBe(300_000);
    // The client does not know yet: its session looks open until it sends something.
    expect(at.client.open).toBe(true);
  });

  it('a packet reaching the router exactly at the timeout is dropped; one a millisecond earlier passes', () => {
    // The keystroke crosses the router half a trip (200 ms) after it is typed.
    const typeAt = (ms: number) => only(advance(applyEvent(advance(idle(off), ms), { kind: 'type', hostId: 'h' }), ms + 1_000));
    expect(typeAt(300_000 - 200).client.frozenSince).toBe(300_000 - 200);
    const early = typeAt(300_000 - 201);
    expect(early.client.open).toBe(true);
    expect(early.nat).toMatchObject({ present: true, lastSeenAt: 300_000 - 201 + 600 });
  });

  it('drops the next keystroke at the router: the terminal freezes while TCP resends it, then Broken pipe', () => {
    let s = advance(idle(off), 10 * MIN);
    s = applyEvent(s, { kind: 'type', hostId: 'h' });
    s = advance(s, s.nowMs + 1_000);
    let h = only(s);
    expect(h.lastDrop).toEqual({ atMs: 10 * MIN + 200, kind: 'keystroke' });
    // Frozen, not ended: nothing echoes, ssh does not know yet.
    expect(h.client).toMatchObject({ open: true, message: null, frozenSince: 10 * MIN, giveUpAt: 10 * MIN + LINUX_RETRANSMIT_GIVE_UP_MS });
    expect(sessionPhase(h)).toBe('frozen');
    // The user keeps typing: every keystroke is dropped too, the session stays frozen.
    h = only(advance(s, 10 * MIN + LINUX_RETRANSMIT_GIVE_UP_MS - 1));
    expect(sessionPhase(h)).toBe('frozen');
    expect(h.lastDrop?.kind).toBe('keystroke');
    // TCP gives up after tcp_retries2 (about 15 min): Broken pipe.
    h = only(advance(s, 10 * MIN + LINUX_RETRANSMIT_GIVE_UP_MS));
    expect(h.client).toMatchObject({ open: false, end: 'broken-pipe', message: 'Write failed: Broken pipe', endedAt: 10 * MIN + LINUX_RETRANSMIT_GIVE_UP_MS });
    expect(sessionPhase(h)).toBe('ended');
  });

  it('a too-slow ServerAliveInterval ends a frozen session before TCP gives up', () => {
    let s = advance(idle({ ...off, serverAliveInterval: 600, serverAliveCountMax: 1 }), 6 * MIN);
    s = applyEvent(s, { kind: 'type', hostId: 'h' });
    const h = only(advance(s, s.nowMs + 20 * MIN));
    // Checks at 10 and 20 min idle find no answer: CountMax 1 is exceeded at the second.
    expect(h.client).toMatchObject({ open: false, end: 'server-timeout', message: 'Timeout, server h not responding.', endedAt: 20 * MIN });
    expect(h.client.frozenSince).toBe(6 * MIN);
  });

  it('keeps a typing session active without any keepalive', () => {
    const s = advance(createSimulation({ natTimeoutSeconds: 300 }, [host('h', off, true)]), 60 * MIN);
    expect(rowState(only(s))).toBe('active');
    expect(idleMs(only(s), s.nowMs)).toBeLessThan(2_500);
  });
});

describe('keepalives refresh the entry', () => {
  it('a client keepalive every 60 s keeps an idle session for an hour', () => {
    let s = idle(ka(60));
    let maxIdle = 0;
    for (let t = 0; t <= 60 * MIN; t += 100) {
      s = advance(s, t);
      maxIdle = Math.max(maxIdle, idleMs(only(s), t));
    }
    expect(rowState(only(s))).toBe('idle');
    expect(only(s).client.open).toBe(true);
    // keepalive crosses 60.2 s after the reply reached the client, which crossed 0.2 s before that.
    expect(maxIdle).toBeGreaterThanOrEqual(60_000);
    expect(maxIdle).toBeLessThanOrEqual(60_400);
  });

  it("the server's keepalive (ClientAliveInterval) alone keeps the entry too", () => {
    const o = survivesIdle({ ...off, clientAliveInterval: 60 }, 300, 3600);
    expect(o).toMatchObject({ survives: true, keptAliveBy: 'server-keepalive', entryDeletedAfter: null });
  });

  it('with both sides configured, the shorter interval does all the work', () => {
    let s = idle(ka(60, { clientAliveInterval: 45 }));
    const kinds = new Set<string>();
    for (let t = 0; t <= 30 * MIN; t += 250) {
      s = advance(s, t);
      for (const p of only(s).packets) kinds.add(p.kind);
    }
    expect(kinds.has('server-keepalive')).toBe(true);
    expect(kinds.has('client-keepalive')).toBe(false); // each server keepalive postpones the client's check
    expect(rowState(only(s))).toBe('idle');
  });

  it('an interval equal to the timeout is too late; one second less is enough', () => {
    const equal = survivesIdle(ka(300), 300, 3600);
    expect(equal.survives).toBe(false);
    expect(equal.entryDeletedAfter).toBe(300);
    expect(survivesIdle(ka(299), 300, 3600).survives).toBe(true);
  });
});

describe('OpenSSH ServerAliveCountMax', () => {
  it('ends the session after CountMax unanswered keepalives', () => {
    // 600 s behind a 300 s NAT: the entry is gone before the first keepalive, so none is answered.
    const s = advance(idle(ka(600, { serverAliveCountMax: 3 })), 60 * MIN);
    const h = only(s);
    expect(h.nat.deletedAt).toBe(300_000);
    expect(h.client.end).toBe('server-timeout');
    // checks at 600, 1200, 1800 send (3 unanswered); the 4th check at 2400 s gives up
    expect(h.client.endedAt).toBe(2_400_000);
    expect(h.client.message).toBe('Timeout, server h not responding.');
  });

  it('ServerAliveCountMax 0 disconnects after one silent interval, even behind a patient NAT', () => {
    const o = survivesIdle(ka(60, { serverAliveCountMax: 0 }), 7200, 3600);
    expect(o).toMatchObject({ survives: false, sessionEnd: 'server-timeout', sessionEndedAfter: 60, entryDeletedAfter: null });
  });

  it('a dead link is noticed after interval x (CountMax + 1)', () => {
    const h = only(advance(idle(ka(15, { serverAliveCountMax: 2 }), 10), 60 * MIN));
    expect(h.nat.deletedAt).toBe(10_000);
    expect(h.client.endedAt).toBe(45_000);
    // survivesIdle reports the death when the entry goes, long before ssh notices
    expect(survivesIdle(ka(15, { serverAliveCountMax: 2 }), 10, 3600)).toMatchObject({ survives: false, entryDeletedAfter: 10 });
  });
});

describe('TCPKeepAlive', () => {
  it('does not save a session from a 5-minute NAT', () => {
    const o = survivesIdle({ ...OPENSSH_DEFAULTS }, 300, 3600);
    expect(o).toMatchObject({ survives: false, entryDeletedAfter: 300 });
  });

  it('is just enough for an RFC 5382 NAT (2 h 4 min), and not for one of exactly 2 h', () => {
    expect(survivesIdle({ ...OPENSSH_DEFAULTS }, 7440, Infinity)).toMatchObject({ survives: true, keptAliveBy: 'tcp-keepalive' });
    expect(survivesIdle({ ...OPENSSH_DEFAULTS }, 7200, Infinity).survives).toBe(false);
  });

  it('gives up after 9 unanswered probes 75 s apart', () => {
    const h = only(advance(idle({ ...OPENSSH_DEFAULTS }), 3 * 3600_000));
    expect(h.client.end).toBe('tcp-timeout');
    expect(h.client.endedAt).toBe(7_200_000 + 9 * 75_000);
  });
});

describe('server side (ClientAliveCountMax)', () => {
  it('sshd gives up on an unreachable client; its goodbye is dropped too, and the next keystroke fails', () => {
    let s = advance(idle({ ...off, clientAliveInterval: 600, clientAliveCountMax: 3 }), 60 * MIN);
    expect(only(s).server.open).toBe(false);
    expect(only(s).client.open).toBe(true);
    expect(only(s).lastDrop?.kind).toBe('fin');
    s = advance(applyEvent(s, { kind: 'type', hostId: 'h' }), s.nowMs + LINUX_RETRANSMIT_GIVE_UP_MS + 1000);
    expect(only(s).client.message).toBe('Write failed: Broken pipe');
  });

  it('sshd never gives up on a client that answers its keepalives', () => {
    const h = only(advance(idle({ ...off, clientAliveInterval: 1, clientAliveCountMax: 1 }, 3600), 60 * MIN));
    // The client answers every server keepalive, so the server never gives up.
    expect(h.server.open).toBe(true);
    expect(h.client.open).toBe(true);
  });
});

describe('time stepping', () => {
  const hosts = [host('aws', ka(60), true), host('work', ka(30, { clientAliveInterval: 45 }), true), host('school', off)];
  const events = [
    { atMs: 20_000.5, kind: 'coffee' as const },
    { atMs: 400_000, kind: 'type' as const, hostId: 'school' },
    { atMs: 410_000, kind: 'reconnect' as const, hostId: 'school', settings: ka(60) },
  ];

  it('thousands of small steps reach exactly the state of one jump', () => {
    const end = 30 * MIN;
    const jump = simulate({}, hosts, events, end);
    let s = createSimulation({}, hosts);
    let next = 0;
    const frame = 1000 / 60;
    for (let i = 1; i * frame * 7 <= end + frame * 7; i++) {
      const t = Math.min(end, i * frame * 7);
      while (next < events.length && events[next]!.atMs <= t) {
        s = applyEvent(advance(s, events[next]!.atMs), events[next]!);
        next++;
      }
      s = advance(s, t);
      if (t === end) break;
    }
    expect(s.nowMs).toBe(end);
    expect(s).toEqual(jump);
    // Frozen at 400 s (the keystroke was dropped), reconnected with keepalive: typing goes on in the new session.
    expect(rowState(s.hosts[2]!)).toBe('active');
    expect(s.hosts[2]!.client).toMatchObject({ open: true, frozenSince: null });
  });

  it('is pure: advancing does not change the state it started from', () => {
    const s0 = createSimulation({}, hosts);
    const copy = structuredClone(s0);
    advance(s0, 10 * MIN);
    applyEvent(s0, { kind: 'coffee' });
    expect(s0).toEqual(copy);
  });

  it('refuses to go back in time', () => {
    expect(() => advance(advance(createSimulation({}, hosts), 10), 5)).toThrow(RangeError);
  });

  it('reports packet positions between client (0), router (0.5) and server (1)', () => {
    let s = createSimulation({ oneWayMs: 400 }, [host('h', off)]);
    s = applyEvent(s, { kind: 'type', hostId: 'h' });
    expect(packetPositions(advance(s, 100))).toEqual([expect.objectContaining({ kind: 'keystroke', dir: 'up', x: 0.25 })]);
    expect(packetPositions(advance(s, 600))).toEqual([expect.objectContaining({ kind: 'echo', dir: 'down', x: 0.5 })]);
    expect(packetPositions(advance(s, 900))).toEqual([]);
  });
});

describe('Go for coffee: only unprotected sessions lose their entry', () => {
  it('after 10 idle minutes behind 300 s, exactly the hosts without a short keepalive are deleted', () => {
    const hosts = [host('aws', ka(60), true), host('work', ka(240), true), host('school', off, true), host('slow', ka(600), true), host('tcp', OPENSSH_DEFAULTS, true)];
    let s = advance(createSimulation({ natTimeoutSeconds: 300 }, hosts), 5_000);
    s = applyEvent(s, { kind: 'coffee' });
    s = advance(s, s.nowMs + 10 * MIN);
    const deleted = s.hosts.filter((h) => rowState(h) === 'deleted').map((h) => h.id);
    expect(deleted).toEqual(['school', 'slow', 'tcp']);
    const expected = hosts.filter((h) => !survivesIdle(h.settings, 300, 600).survives).map((h) => h.id);
    expect(deleted).toEqual(expected);
  });
});

describe('survivesIdle agrees with the closed form', () => {
  it('for any interval, count and TCP setting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        (interval, nat, countMax, tcp) => {
          const o = survivesIdle({ ...off, serverAliveInterval: interval, serverAliveCountMax: countMax, tcpKeepAlive: tcp }, nat, Infinity);
          const clientSaves = interval > 0 && interval < nat && countMax >= 1;
          const clientKills = interval > 0 && interval < nat && countMax === 0;
          const tcpSaves = tcp && nat > 7200; // first probe crosses at 7200.2 s
          expect(o.survives).toBe(clientSaves || (!clientKills && tcpSaves));
          if (!o.survives && !clientKills) expect(o.entryDeletedAfter).toBe(nat);
        },
      ),
      { numRuns: 300 },
    );
  });
});
