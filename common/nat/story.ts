import { formatDuration, formatInterval } from '../format/duration';
import { SPEEDS } from './clock';
import { listNames } from './summary';
import {
  advance,
  applyEvent,
  createSimulation,
  DEFAULT_SIM_CONFIG,
  rowState,
  survivesIdle,
  type HostSpec,
  type SimConfig,
  type SimState,
  type TimedEvent,
  type UserEvent,
} from './simulation';

/**
 * The NAT view's lesson, played by itself on the user's own hosts and NAT timeout: a few seconds of
 * typing, then the user leaves (every session idles), the router forgets the unprotected entries,
 * the user comes back and types in one of them (the terminal freezes while TCP resends the
 * keystroke, then Broken pipe), and the protected sessions are still there. Pure: the script is
 * derived from the same model the diagram runs, and the captions from its state changes, so what
 * the captions say is what the picture shows.
 */

/** Simulated time spent typing before the user leaves: "sessions go idle on their own after a few seconds". */
export const LEAD_IN_MS = 15_000;
/** Real seconds each phase should take on screen (the speed is the nearest of the player's speeds). */
const LEAD_IN_REAL_S = 3;
const IDLE_REAL_S = 6;
const FROZEN_REAL_S = 8;

/** One step of the script: at `atMs` (simulated), do `event`, play on at `speed` (0: the story ends here), and say `caption`. */
export interface StoryBeat {
  atMs: number;
  event: UserEvent | null;
  speed: number;
  caption: string | null;
}

export interface Story {
  beats: StoryBeat[];
  /** The session the user comes back to and types in (one whose entry the router forgot), if any. */
  victim: string | null;
  /** When the story is over (simulated ms). */
  endMs: number;
}

/** The player's speed nearest to covering `simSeconds` in `realSeconds`. */
export function speedFor(simSeconds: number, realSeconds: number): number {
  const want = simSeconds / realSeconds;
  return SPEEDS.reduce((best, s) => (Math.abs(Math.log(s / want)) < Math.abs(Math.log(best / want)) ? s : best), SPEEDS[0] as number);
}

/** "5:15", "1:02:05": the diagram's clock. */
export function clockLabel(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The script for these sessions behind this NAT. `names` gives each session's name as the user
 * wrote it (the Host pattern).
 */
export function planStory(specs: readonly HostSpec[], natTimeoutSeconds: number, names: (id: string) => string, config: Partial<SimConfig> = {}): Story {
  const cfg: SimConfig = { ...DEFAULT_SIM_CONFIG, ...config, natTimeoutSeconds };
  const typing = specs.filter((h) => h.typing);
  const beats: StoryBeat[] = [];
  beats.push({
    atMs: 0,
    event: null,
    speed: speedFor(LEAD_IN_MS / 1000, LEAD_IN_REAL_S),
    caption:
      typing.length > 0
        ? `You are working in ${listNames(typing.map((h) => names(h.id)))}: every keystroke crosses the router and keeps its ${typing.length === 1 ? 'entry' : 'entries'} fresh.`
        : 'Your sessions are open.',
  });
  beats.push({
    atMs: LEAD_IN_MS,
    event: { kind: 'coffee' },
    speed: speedFor(natTimeoutSeconds, IDLE_REAL_S),
    caption: `You stop typing and leave: every session is idle. The router forgets an entry idle for ${formatDuration(natTimeoutSeconds)}.`,
  });

  // Who survives the break, and how: the same model as the verdicts, from the moment the user leaves.
  const { natTimeoutSeconds: _n, ...modelConfig } = cfg;
  const outcomes = specs.map((h) => ({ h, o: survivesIdle(h.settings, natTimeoutSeconds, Infinity, modelConfig) }));
  const kept = outcomes.filter(({ o }) => o.survives && (o.keptAliveBy === 'client-keepalive' || o.keptAliveBy === 'server-keepalive'));
  if (kept.length > 0) {
    const interval = (h: HostSpec) => (h.settings.serverAliveInterval > 0 && h.settings.serverAliveInterval < natTimeoutSeconds ? h.settings.serverAliveInterval : h.settings.clientAliveInterval);
    const first = Math.min(...kept.map(({ h }) => interval(h)));
    const group = kept.filter(({ h }) => interval(h) === first).map(({ h }) => names(h.id));
    beats.push({
      atMs: LEAD_IN_MS + first * 1000,
      event: null,
      speed: beats[1]!.speed,
      caption: `${listNames(group)} ${group.length === 1 ? 'sends' : 'send'} a keepalive every ${formatInterval(first)}: the router keeps ${group.length === 1 ? 'its entry' : 'their entries'}.`,
    });
  }

  const forgotten = outcomes.filter(({ o }) => o.entryDeletedAfter !== null && (o.sessionEndedAfter === null || o.sessionEndedAfter > o.entryDeletedAfter));
  const victim = forgotten[0] ?? null;
  const margin = Math.max(20, Math.min(120, natTimeoutSeconds * 0.1)) * 1000;
  if (victim) {
    const comeBack = LEAD_IN_MS + victim.o.entryDeletedAfter! * 1000 + margin;
    const end = endOf(specs, victim.h.id, comeBack, cfg);
    beats.push({
      atMs: comeBack,
      event: { kind: 'type', hostId: victim.h.id },
      speed: speedFor((end - comeBack) / 1000, FROZEN_REAL_S),
      caption: `You come back and type in ${names(victim.h.id)}.`,
    });
    const still = kept.length > 0 ? `${listNames(kept.map(({ h }) => names(h.id)))} ${kept.length === 1 ? 'is' : 'are'} still connected: keepalives kept ${kept.length === 1 ? 'its entry' : 'their entries'}. ` : '';
    const lesson = `${still}A keepalive more often than every ${formatDuration(natTimeoutSeconds)} (ServerAliveInterval 60 is the usual choice) would have kept ${names(victim.h.id)} alive.`;
    beats.push({ atMs: end + 2_000, event: null, speed: 0, caption: lesson });
    return { beats, victim: victim.h.id, endMs: end + 2_000 };
  }
  // Nobody is forgotten: come back after more than one timeout and type in the first session.
  const back = LEAD_IN_MS + Math.round(natTimeoutSeconds * 1.5) * 1000;
  const first = specs[0];
  if (first) {
    beats.push({ atMs: back, event: { kind: 'type', hostId: first.id }, speed: 5, caption: `You come back and type in ${names(first.id)}: it answers at once.` });
  }
  beats.push({ atMs: back + 4_000, event: null, speed: 0, caption: 'Every session survived the break: something crossed the router before it forgot them.' });
  return { beats, victim: null, endMs: back + 4_000 };
}

/** When the victim's session ends after the user types in it (frozen, then Broken pipe or ssh's timeout). */
function endOf(specs: readonly HostSpec[], victim: string, comeBack: number, cfg: SimConfig): number {
  const spec = specs.find((h) => h.id === victim)!;
  let s = createSimulation(cfg, [spec]);
  s = applyEvent(advance(s, LEAD_IN_MS), { kind: 'coffee' });
  s = applyEvent(advance(s, comeBack), { kind: 'type', hostId: victim });
  s = advance(s, comeBack + cfg.retransmitGiveUpMs + 1_000);
  return s.hosts[0]!.client.endedAt ?? comeBack + cfg.retransmitGiveUpMs;
}

/** The script's user actions, for the player to apply at their exact simulated times. */
export function storyEvents(story: Story): TimedEvent[] {
  return story.beats.filter((b) => b.event !== null).map((b) => ({ ...b.event!, atMs: b.atMs }) as TimedEvent);
}

/** One caption: when (simulated ms), the words, and which sessions it is about. */
export interface Caption {
  atMs: number;
  kind: 'script' | 'forgotten' | 'frozen' | 'ended';
  text: string;
  hosts: readonly string[];
}

/**
 * What happened between two states, as captions with the model's own times: entries the router
 * forgot, terminals that froze, sessions that ended (and how long they were frozen).
 */
export function momentsBetween(before: SimState, after: SimState, names: (id: string) => string): Caption[] {
  const previous = new Map(before.hosts.map((h) => [h.id, h]));
  const out: Caption[] = [];
  const timeout = formatDuration(after.config.natTimeoutSeconds);
  for (const h of after.hosts) {
    const old = previous.get(h.id);
    if (!old) continue;
    const name = names(h.id);
    if (rowState(old) !== 'deleted' && rowState(h) === 'deleted') {
      out.push({ atMs: h.nat.deletedAt ?? after.nowMs, kind: 'forgotten', text: `The router forgot ${name}: idle for ${timeout}.`, hosts: [h.id] });
    }
    if (old.client.frozenSince === null && h.client.frozenSince !== null) {
      out.push({
        atMs: h.client.frozenSince,
        kind: 'frozen',
        text: `Next keystroke in ${name}: frozen. Nothing echoes; TCP resends the keystroke and the router drops every copy.`,
        hosts: [h.id],
      });
    }
    if (old.client.open && !h.client.open && h.client.message) {
      const frozen = h.client.frozenSince !== null && h.client.endedAt !== null ? ` after ${formatDuration(Math.round((h.client.endedAt - h.client.frozenSince) / 1000))} frozen` : '';
      out.push({ atMs: h.client.endedAt ?? after.nowMs, kind: 'ended', text: `${name}: ${h.client.message}${frozen ? ` (${frozen.trim()})` : ''}`, hosts: [h.id] });
    }
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** Entries forgotten within this much simulated time are one caption ("forgot a, b and 3 more"). */
const MERGE_FORGOTTEN_MS = 15_000;

/** Adds captions to a list, merging entries forgotten at nearly the same time into one caption. */
export function addCaptions(list: readonly Caption[], added: readonly Caption[], names: (id: string) => string, natTimeoutSeconds: number): Caption[] {
  const out = [...list];
  for (const c of added) {
    const last = out[out.length - 1];
    if (c.kind === 'forgotten' && last?.kind === 'forgotten' && c.atMs - last.atMs <= MERGE_FORGOTTEN_MS) {
      const hosts = [...last.hosts, ...c.hosts];
      out[out.length - 1] = { ...last, hosts, text: `The router forgot ${listNames(hosts.map(names))}: idle for ${formatDuration(natTimeoutSeconds)}.` };
    } else {
      out.push(c);
    }
  }
  return out;
}

/**
 * The whole story as captions, computed ahead (reduced motion shows it as a list the user steps
 * through; tests check it): the script's own captions and every moment the model produces.
 */
export function storyTranscript(specs: readonly HostSpec[], natTimeoutSeconds: number, names: (id: string) => string, config: Partial<SimConfig> = {}): Caption[] {
  const story = planStory(specs, natTimeoutSeconds, names, config);
  const events = storyEvents(story);
  let s = createSimulation({ ...config, natTimeoutSeconds }, specs);
  let captions: Caption[] = [];
  let next = 0;
  const beats = [...story.beats];
  const stepMs = 1_000;
  for (let t = 0; t <= story.endMs; t = Math.min(story.endMs, t + stepMs)) {
    while (next < events.length && events[next]!.atMs <= t) {
      const e = events[next]!;
      const before = s;
      s = applyEvent(advance(s, Math.max(s.nowMs, e.atMs)), e);
      captions = addCaptions(captions, momentsBetween(before, s, names), names, natTimeoutSeconds);
      next++;
    }
    while (beats.length && beats[0]!.atMs <= t) {
      const b = beats.shift()!;
      if (b.caption) captions = addCaptions(captions, [{ atMs: b.atMs, kind: 'script', text: b.caption, hosts: [] }], names, natTimeoutSeconds);
    }
    const before = s;
    s = advance(s, Math.max(s.nowMs, t));
    captions = addCaptions(captions, momentsBetween(before, s, names), names, natTimeoutSeconds);
    if (t === story.endMs) break;
  }
  return captions;
}
