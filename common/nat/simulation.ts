/**
 * A deterministic model of SSH sessions crossing a NAT router: settings + user events + time ->
 * the router's connection table, each session's fate, and the packets in flight.
 *
 * Pure TypeScript with no DOM, React, timers or imports, so the Electron core can use it for the
 * Hosts view's verdicts and tests can fast-forward it. Time is simulated milliseconds; every
 * scheduled time is derived from earlier event times (never from accumulated frame deltas), so a
 * thousand small steps and one big jump reach the same state.
 *
 * What it follows (OpenSSH 9.x clientloop.c / serverloop.c, Linux TCP):
 * - ssh schedules a ServerAlive check `ServerAliveInterval` after the last packet it *received*;
 *   each check first counts an unanswered keepalive and disconnects once the count exceeds
 *   ServerAliveCountMax ("Timeout, server X not responding."), else sends keepalive@openssh.com.
 *   Only a reply to a keepalive resets the count. So ServerAliveCountMax 0 disconnects after one
 *   silent interval.
 * - sshd does the same with ClientAliveInterval/ClientAliveCountMax (0 = never disconnect) and
 *   closes the connection when the client stops answering.
 * - TCPKeepAlive: the kernel probes after 2 h without receiving anything (tcp_keepalive_time),
 *   then every 75 s, and gives up after 9 unanswered probes. Probes never reach ssh/sshd.
 * - The NAT keeps an entry while packets cross it; idle for the timeout or longer, the entry is
 *   deleted (conntrack treats "timeout reached" as expired, so a packet arriving exactly at the
 *   timeout is already too late). Packets without an entry are dropped.
 * - A keystroke that is dropped freezes the terminal: nothing echoes, TCP resends the data and the
 *   router drops every copy, until the kernel gives up (tcp_retries2 = 15: about 924.6 s, the
 *   kernel documentation's figure) and the session ends as "Write failed: Broken pipe", as in the
 *   article, unless ServerAliveInterval notices first ("Timeout, server X not responding.").
 */

export type PacketKind =
  | 'keystroke'
  | 'echo'
  | 'client-keepalive'
  | 'client-keepalive-reply'
  | 'server-keepalive'
  | 'server-keepalive-reply'
  | 'tcp-probe'
  | 'tcp-ack'
  | 'fin';

/** up: client -> router -> server; down: server -> router -> client. */
export type Direction = 'up' | 'down';

const DIRECTION: Record<PacketKind, Direction> = {
  keystroke: 'up',
  echo: 'down',
  'client-keepalive': 'up',
  'client-keepalive-reply': 'down',
  'server-keepalive': 'down',
  'server-keepalive-reply': 'up',
  'tcp-probe': 'up',
  'tcp-ack': 'down',
  fin: 'down',
};

/** A session's keepalive settings, in OpenSSH's units (seconds; 0 = off). */
export interface SessionSettings {
  serverAliveInterval: number;
  serverAliveCountMax: number;
  tcpKeepAlive: boolean;
  /** The server's ClientAliveInterval when known; 0 = off or unknown. */
  clientAliveInterval: number;
  /** 0 = sshd never disconnects an unanswering client. */
  clientAliveCountMax: number;
}

export const OPENSSH_DEFAULTS: SessionSettings = {
  serverAliveInterval: 0,
  serverAliveCountMax: 3,
  tcpKeepAlive: true,
  clientAliveInterval: 0,
  clientAliveCountMax: 3,
};

/** Linux defaults: net.ipv4.tcp_keepalive_time / _intvl / _probes. */
export interface TcpKeepaliveConfig {
  timeMs: number;
  intervalMs: number;
  probes: number;
}

export const LINUX_TCP_KEEPALIVE: TcpKeepaliveConfig = { timeMs: 7_200_000, intervalMs: 75_000, probes: 9 };

export interface SimConfig {
  natTimeoutSeconds: number;
  /** How long TCP resends unacknowledged data before it gives up (Linux tcp_retries2 = 15). */
  retransmitGiveUpMs: number;
  /** Client -> server travel time; the router sits half way. */
  oneWayMs: number;
  /** A typing user sends a keystroke this often. */
  typingEveryMs: number;
  tcp: TcpKeepaliveConfig;
}

/** Linux's default tcp_retries2 (15) with the minimum RTO: "a hypothetical timeout of 924.6 seconds" (ip-sysctl.rst). */
export const LINUX_RETRANSMIT_GIVE_UP_MS = 924_600;

export const DEFAULT_SIM_CONFIG: SimConfig = {
  natTimeoutSeconds: 300,
  retransmitGiveUpMs: LINUX_RETRANSMIT_GIVE_UP_MS,
  oneWayMs: 400,
  typingEveryMs: 2_000,
  tcp: LINUX_TCP_KEEPALIVE,
};

export interface HostSpec {
  id: string;
  /** What the client prints in messages, e.g. the Host pattern. */
  label: string;
  settings: SessionSettings;
  /** Whether the user is typing in this session at the start. */
  typing: boolean;
}

export type SessionEnd = 'broken-pipe' | 'server-timeout' | 'tcp-timeout' | 'closed-by-server';

export interface ClientState {
  lastRecvAt: number;
  /** When ssh next checks whether the server is alive; null = ServerAliveInterval off or session over. */
  aliveCheckAt: number | null;
  unanswered: number;
  tcpProbeAt: number | null;
  tcpUnanswered: number;
  open: boolean;
  end: SessionEnd | null;
  endedAt: number | null;
  /** What the user's terminal shows when the session ended. */
  message: string | null;
  /** Since when the terminal is frozen: a keystroke was dropped and TCP is resending it (null: not frozen). */
  frozenSince: number | null;
  /** When TCP gives up resending (the session then ends with Broken pipe); null when not frozen. */
  giveUpAt: number | null;
}

export interface ServerState {
  lastRecvAt: number;
  aliveCheckAt: number | null;
  unanswered: number;
  open: boolean;
}

export interface NatEntry {
  present: boolean;
  /** When a packet last crossed the router for this session. */
  lastSeenAt: number;
  deletedAt: number | null;
}

export interface Packet {
  id: number;
  kind: PacketKind;
  dir: Direction;
  sentAt: number;
  /** True once it passed the router. */
  crossed: boolean;
}

export interface HostState {
  id: string;
  label: string;
  settings: SessionSettings;
  /** Index of the host in the simulation (stable order for drawing). */
  index: number;
  typing: boolean;
  nextKeyAt: number | null;
  client: ClientState;
  server: ServerState;
  nat: NatEntry;
  packets: readonly Packet[];
  lastDrop: { atMs: number; kind: PacketKind } | null;
  nextPacketId: number;
  sessionStartedAt: number;
}

export interface SimState {
  config: SimConfig;
  nowMs: number;
  hosts: readonly HostState[];
}

export type UserEvent =
  /** The user leaves: every session stops typing. */
  | { kind: 'coffee' }
  /** The user types in one session (a keystroke now, then every typingEveryMs). */
  | { kind: 'type'; hostId: string }
  | { kind: 'stop'; hostId: string }
  /** A new connection replaces the session (settings changed, or the user reconnects). */
  | { kind: 'reconnect'; hostId: string; settings?: SessionSettings };

export type TimedEvent = UserEvent & { atMs: number };

export type RowState = 'active' | 'idle' | 'deleted';

// ---------------------------------------------------------------------------------------------
// Creation

function freshHost(spec: HostSpec, index: number, at: number, cfg: SimConfig, typing: boolean): HostState {
  const s = spec.settings;
  // Typing users do not all hit a key at the same instant: stagger them deterministically.
  const firstKey = typing ? at + ((index * 397) % cfg.typingEveryMs) : null;
  return {
    id: spec.id,
    label: spec.label,
    settings: s,
    index,
    typing,
    nextKeyAt: firstKey,
    client: {
      lastRecvAt: at,
      aliveCheckAt: s.serverAliveInterval > 0 ? at + s.serverAliveInterval * 1000 : null,
      unanswered: 0,
      tcpProbeAt: s.tcpKeepAlive ? at + cfg.tcp.timeMs : null,
      tcpUnanswered: 0,
      open: true,
      end: null,
      endedAt: null,
      message: null,
      frozenSince: null,
      giveUpAt: null,
    },
    server: {
      lastRecvAt: at,
      aliveCheckAt: s.clientAliveInterval > 0 ? at + s.clientAliveInterval * 1000 : null,
      unanswered: 0,
      open: true,
    },
    nat: { present: true, lastSeenAt: at, deletedAt: null },
    packets: [],
    lastDrop: null,
    nextPacketId: 1,
    sessionStartedAt: at,
  };
}

/** Every session has just exchanged data at t = 0 (its NAT entry is fresh). */
export function createSimulation(config: Partial<SimConfig>, hosts: readonly HostSpec[]): SimState {
  const cfg: SimConfig = { ...DEFAULT_SIM_CONFIG, ...config };
  if (!(cfg.natTimeoutSeconds > 0)) throw new RangeError('The NAT idle timeout must be positive');
  if (!(cfg.oneWayMs > 0) || !(cfg.typingEveryMs > 0) || !(cfg.retransmitGiveUpMs > 0)) throw new RangeError('Travel, typing and retransmission times must be positive');
  return { config: cfg, nowMs: 0, hosts: hosts.map((h, i) => freshHost(h, i, 0, cfg, h.typing)) };
}

// ---------------------------------------------------------------------------------------------
// The event engine (works on a private copy of one host)

type Draft = Omit<HostState, 'packets'> & { packets: Packet[] };

function draftOf(h: HostState): Draft {
  return {
    ...h,
    client: { ...h.client },
    server: { ...h.server },
    nat: { ...h.nat },
    packets: h.packets.map((p) => ({ ...p })),
  };
}

// Priorities for events at the same millisecond. The NAT's expiry comes first (a packet at exactly
// the timeout is dropped); arrivals come before timers (ssh skips its alive check when input is
// ready, and the input reschedules it).
const P_EXPIRE = 0;
const P_ARRIVE = 1;
const P_CROSS = 2;
const P_KEY = 3;
const P_CLIENT_ALIVE = 4;
const P_SERVER_ALIVE = 5;
const P_TCP = 6;
const P_GIVE_UP = 7;

interface NextEvent {
  at: number;
  priority: number;
  packetIndex: number;
}

function nextEvent(h: HostState | Draft, cfg: SimConfig): NextEvent | null {
  let best: NextEvent | null = null;
  const offer = (at: number | null, priority: number, packetIndex = -1): void => {
    if (at === null) return;
    if (best === null || at < best.at || (at === best.at && priority < best.priority)) best = { at, priority, packetIndex };
  };
  if (h.nat.present) offer(h.nat.lastSeenAt + cfg.natTimeoutSeconds * 1000, P_EXPIRE);
  const half = cfg.oneWayMs / 2;
  h.packets.forEach((p, i) => {
    if (p.crossed) offer(p.sentAt + cfg.oneWayMs, P_ARRIVE, i);
    else offer(p.sentAt + half, P_CROSS, i);
  });
  if (h.client.open) {
    offer(h.typing ? h.nextKeyAt : null, P_KEY);
    offer(h.client.aliveCheckAt, P_CLIENT_ALIVE);
    offer(h.client.tcpProbeAt, P_TCP);
    offer(h.client.giveUpAt, P_GIVE_UP);
  }
  if (h.server.open) offer(h.server.aliveCheckAt, P_SERVER_ALIVE);
  return best;
}

function send(h: Draft, kind: PacketKind, at: number): void {
  h.packets.push({ id: h.nextPacketId, kind, dir: DIRECTION[kind], sentAt: at, crossed: false });
  h.nextPacketId += 1;
}

function endClient(h: Draft, at: number, end: SessionEnd, message: string): void {
  h.client = { ...h.client, open: false, end, endedAt: at, message, aliveCheckAt: null, tcpProbeAt: null, giveUpAt: null };
  h.typing = false;
  h.nextKeyAt = null;
}

function receiveAtServer(h: Draft, p: Packet, at: number): void {
  if (!h.server.open) return;
  // TCP keepalive probes are answered by the kernel and never reach sshd.
  if (p.kind === 'tcp-probe') {
    send(h, 'tcp-ack', at);
    return;
  }
  h.server.lastRecvAt = at;
  if (h.settings.clientAliveInterval > 0) h.server.aliveCheckAt = at + h.settings.clientAliveInterval * 1000;
  if (p.kind === 'keystroke') send(h, 'echo', at);
  else if (p.kind === 'client-keepalive') send(h, 'client-keepalive-reply', at);
  else if (p.kind === 'server-keepalive-reply') h.server.unanswered = 0;
}

function receiveAtClient(h: Draft, p: Packet, at: number, cfg: SimConfig): void {
  if (!h.client.open) return;
  // Anything received, even a bare ACK, restarts the kernel's keepalive timer.
  h.client.tcpUnanswered = 0;
  if (h.settings.tcpKeepAlive) h.client.tcpProbeAt = at + cfg.tcp.timeMs;
  if (p.kind === 'tcp-ack') return;
  h.client.lastRecvAt = at;
  if (h.settings.serverAliveInterval > 0) h.client.aliveCheckAt = at + h.settings.serverAliveInterval * 1000;
  if (p.kind === 'client-keepalive-reply') h.client.unanswered = 0;
  else if (p.kind === 'server-keepalive') send(h, 'server-keepalive-reply', at);
  else if (p.kind === 'fin') endClient(h, at, 'closed-by-server', `Connection to ${h.label} closed by remote host.`);
}

function crossRouter(h: Draft, index: number, at: number, cfg: SimConfig): void {
  const p = h.packets[index]!;
  if (h.nat.present) {
    h.nat.lastSeenAt = at;
    p.crossed = true;
    return;
  }
  h.packets.splice(index, 1);
  h.lastDrop = { atMs: at, kind: p.kind };
  // The terminal freezes: TCP resends the keystroke (every copy dropped here) until it gives up.
  if (p.kind === 'keystroke' && h.client.open && h.client.frozenSince === null) {
    h.client = { ...h.client, frozenSince: p.sentAt, giveUpAt: p.sentAt + cfg.retransmitGiveUpMs };
  }
}

function step(h: Draft, e: NextEvent, cfg: SimConfig): void {
  const at = e.at;
  const s = h.settings;
  switch (e.priority) {
    case P_EXPIRE:
      h.nat = { ...h.nat, present: false, deletedAt: at };
      return;
    case P_ARRIVE: {
      const p = h.packets[e.packetIndex]!;
      h.packets.splice(e.packetIndex, 1);
      if (p.dir === 'up') receiveAtServer(h, p, at);
      else receiveAtClient(h, p, at, cfg);
      return;
    }
    case P_CROSS:
      crossRouter(h, e.packetIndex, at, cfg);
      return;
    case P_GIVE_UP:
      endClient(h, at, 'broken-pipe', 'Write failed: Broken pipe');
      return;
    case P_KEY:
      send(h, 'keystroke', at);
      h.nextKeyAt = at + cfg.typingEveryMs;
      return;
    case P_CLIENT_ALIVE:
      h.client.unanswered += 1;
      if (h.client.unanswered > s.serverAliveCountMax) {
        endClient(h, at, 'server-timeout', `Timeout, server ${h.label} not responding.`);
        return;
      }
      send(h, 'client-keepalive', at);
      h.client.aliveCheckAt = at + s.serverAliveInterval * 1000;
      return;
    case P_SERVER_ALIVE:
      // sshd only counts when ClientAliveCountMax > 0 (0 = never disconnect).
      if (s.clientAliveCountMax > 0) {
        h.server.unanswered += 1;
        if (h.server.unanswered > s.clientAliveCountMax) {
          h.server = { ...h.server, open: false, aliveCheckAt: null };
          send(h, 'fin', at);
          return;
        }
      }
      send(h, 'server-keepalive', at);
      h.server.aliveCheckAt = at + s.clientAliveInterval * 1000;
      return;
    case P_TCP:
      if (h.client.tcpUnanswered >= cfg.tcp.probes) {
        endClient(h, at, 'tcp-timeout', `Read from remote host ${h.label}: Connection timed out`);
        return;
      }
      send(h, 'tcp-probe', at);
      h.client.tcpUnanswered += 1;
      h.client.tcpProbeAt = at + cfg.tcp.intervalMs;
      return;
  }
}

function advanceHost(h: HostState, toMs: number, cfg: SimConfig): HostState {
  let e = nextEvent(h, cfg);
  if (e === null || e.at > toMs) return h; // nothing happens: share the old object
  const d = draftOf(h);
  while (e !== null && e.at <= toMs) {
    step(d, e, cfg);
    e = nextEvent(d, cfg);
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Public transitions

/** The state at `toMs` (>= state.nowMs). Pure: the input state is not changed. */
export function advance(state: SimState, toMs: number): SimState {
  if (!(toMs >= state.nowMs)) throw new RangeError(`Cannot go back in time (${toMs} < ${state.nowMs})`);
  const hosts = state.hosts.map((h) => advanceHost(h, toMs, state.config));
  return { config: state.config, nowMs: toMs, hosts };
}

function applyToHost(h: HostState, event: UserEvent, at: number, cfg: SimConfig): HostState {
  switch (event.kind) {
    case 'coffee':
    case 'stop':
      return h.typing ? { ...h, typing: false, nextKeyAt: null } : h;
    case 'type': {
      if (!h.client.open) return h;
      const d = draftOf(h);
      d.typing = true;
      send(d, 'keystroke', at);
      d.nextKeyAt = at + cfg.typingEveryMs;
      return d;
    }
    case 'reconnect': {
      const spec: HostSpec = { id: h.id, label: h.label, settings: event.settings ?? h.settings, typing: h.typing };
      const fresh = freshHost(spec, h.index, at, cfg, false);
      return h.typing ? { ...fresh, typing: true, nextKeyAt: at } : fresh;
    }
  }
}

/** Applies a user's action at the current simulated time. */
export function applyEvent(state: SimState, event: UserEvent): SimState {
  const hosts = state.hosts.map((h) =>
    event.kind === 'coffee' || h.id === event.hostId ? applyToHost(h, event, state.nowMs, state.config) : h,
  );
  return { ...state, hosts };
}

/** settings + events + time -> state, in one call. Events at the same time apply in the given order. */
export function simulate(config: Partial<SimConfig>, hosts: readonly HostSpec[], events: readonly TimedEvent[], atMs: number): SimState {
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i);
  let state = createSimulation(config, hosts);
  for (const { e } of ordered) {
    if (e.atMs > atMs) break;
    state = applyEvent(advance(state, Math.max(state.nowMs, e.atMs)), e);
  }
  return advance(state, Math.max(state.nowMs, atMs));
}

// ---------------------------------------------------------------------------------------------
// Reading the state

export function rowState(h: HostState): RowState {
  if (!h.nat.present) return 'deleted';
  return h.typing && h.client.open ? 'active' : 'idle';
}

/** What the user lives in one session's terminal. */
export type SessionPhase = 'typing' | 'idle' | 'frozen' | 'ended';

export function sessionPhase(h: HostState): SessionPhase {
  if (!h.client.open) return 'ended';
  if (h.client.frozenSince !== null) return 'frozen';
  return h.typing ? 'typing' : 'idle';
}

/** How long the router's entry has seen no packet (0 once deleted: the timer is gone). */
export function idleMs(h: HostState, nowMs: number): number {
  return h.nat.present ? Math.max(0, nowMs - h.nat.lastSeenAt) : 0;
}

export interface PacketPosition {
  hostId: string;
  hostIndex: number;
  packetId: number;
  kind: PacketKind;
  dir: Direction;
  /** 0 = at the client, 0.5 = at the router, 1 = at the server. */
  x: number;
}

export function packetPositions(state: SimState): PacketPosition[] {
  const out: PacketPosition[] = [];
  const one = state.config.oneWayMs;
  for (const h of state.hosts) {
    for (const p of h.packets) {
      const f = Math.min(1, Math.max(0, (state.nowMs - p.sentAt) / one));
      out.push({ hostId: h.id, hostIndex: h.index, packetId: p.id, kind: p.kind, dir: p.dir, x: p.dir === 'up' ? f : 1 - f });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// "Does host X survive an idle period of T behind timeout N?"

export type KeptAliveBy = 'client-keepalive' | 'server-keepalive' | 'tcp-keepalive';

export interface IdleOutcome {
  /** The session is still usable when the user comes back after the idle period. */
  survives: boolean;
  /** Seconds after the last exchange when the router deleted the entry (null: not within the period). */
  entryDeletedAfter: number | null;
  /** Seconds after the last exchange when the client ended the session on its own (null: it did not). */
  sessionEndedAfter: number | null;
  sessionEnd: SessionEnd | null;
  /** What crossed the router while idle, when it kept the entry alive. */
  keptAliveBy: KeptAliveBy | null;
}

function signature(h: Draft, at: number): string {
  const rel = (t: number | null): number | null => (t === null ? null : t - at);
  return JSON.stringify([
    rel(h.client.aliveCheckAt),
    h.client.unanswered,
    rel(h.client.tcpProbeAt),
    h.client.tcpUnanswered,
    h.client.open,
    rel(h.server.aliveCheckAt),
    h.server.unanswered,
    h.server.open,
    h.nat.present,
    rel(h.nat.lastSeenAt),
    h.packets.map((p) => [p.kind, p.crossed, p.sentAt - at]),
  ]);
}

const KEPT_ALIVE_BY: Partial<Record<PacketKind, KeptAliveBy>> = {
  'client-keepalive': 'client-keepalive',
  'server-keepalive': 'server-keepalive',
  'tcp-probe': 'tcp-keepalive',
};

/**
 * Runs one session from its last exchange (t = 0) through `idleSeconds` of silence behind a NAT
 * that deletes entries idle for `natTimeoutSeconds`. Uses the same engine as the animation; stops
 * early once the session's state repeats (periodic from then on: it survives any longer wait).
 * `idleSeconds` may be Infinity ("forever").
 */
export function survivesIdle(
  settings: SessionSettings,
  natTimeoutSeconds: number,
  idleSeconds: number,
  config: Partial<Omit<SimConfig, 'natTimeoutSeconds'>> = {},
): IdleOutcome {
  const state = createSimulation({ ...config, natTimeoutSeconds }, [{ id: 'h', label: 'h', settings, typing: false }]);
  const cfg = state.config;
  const h = draftOf(state.hosts[0]!);
  const limit = idleSeconds * 1000;
  const seen = new Set<string>();
  let keptAliveBy: KeptAliveBy | null = null;
  // A safety net only: every real configuration repeats or dies within a few dozen events.
  for (let guard = 0; guard < 1_000_000; guard++) {
    const e = nextEvent(h, cfg);
    if (e === null || e.at > limit) break;
    const crossing = e.priority === P_CROSS ? h.packets[e.packetIndex]!.kind : null;
    step(h, e, cfg);
    if (crossing !== null && h.nat.present && h.nat.lastSeenAt === e.at) keptAliveBy ??= KEPT_ALIVE_BY[crossing] ?? null;
    if (!h.nat.present || !h.client.open) break;
    if (e.priority === P_ARRIVE) {
      // Only compare at arrivals: a full keepalive round trip ends with one.
      const sig = signature(h, e.at);
      if (seen.has(sig)) break;
      seen.add(sig);
    }
  }
  const deleted = h.nat.present ? null : h.nat.deletedAt! / 1000;
  const ended = h.client.open ? null : h.client.endedAt! / 1000;
  return {
    survives: h.nat.present && h.client.open,
    entryDeletedAfter: deleted,
    sessionEndedAfter: ended,
    sessionEnd: h.client.end,
    keptAliveBy: h.nat.present && h.client.open ? keptAliveBy : null,
  };
}

/** The effective values as the Hosts view has them (common/contract KeepaliveValues), structurally. */
export interface EffectiveKeepaliveValues {
  serverAliveInterval: { value: number };
  serverAliveCountMax: { value: number };
  tcpKeepAlive: { value: boolean };
}

/** Client values from a host's effective config; the server's side as given (0 = unknown). */
export function sessionSettingsOf(values: EffectiveKeepaliveValues, server: { clientAliveInterval?: number; clientAliveCountMax?: number } = {}): SessionSettings {
  return {
    serverAliveInterval: values.serverAliveInterval.value,
    serverAliveCountMax: values.serverAliveCountMax.value,
    tcpKeepAlive: values.tcpKeepAlive.value,
    clientAliveInterval: server.clientAliveInterval ?? 0,
    clientAliveCountMax: server.clientAliveCountMax ?? OPENSSH_DEFAULTS.clientAliveCountMax,
  };
}
