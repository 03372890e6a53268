import { useCallback, useEffect, useRef, useState } from 'react';
import { clockTime, createClock, jumpBy, resumeAfterGap, setPlaying, setSpeed as clockSetSpeed, type Clock } from '../../common/nat/clock';
import { advance, applyEvent, createSimulation, simulate, type HostSpec, type SessionSettings, type SimState, type TimedEvent, type UserEvent } from '../../common/nat/simulation';

/** A frame gap longer than this (hidden tab, debugger) is not turned into simulated time. */
const MAX_FRAME_GAP_MS = 250;

export interface NatSimulation {
  sim: SimState;
  playing: boolean;
  speed: number;
  play: () => void;
  pause: () => void;
  setSpeed: (speed: number) => void;
  /** Moves simulated time forward at once (Step, Skip 10 minutes). */
  skip: (simMs: number) => void;
  /** Back to t = 0 with these events scheduled (the story's script; none = free play). */
  restart: (scheduled?: readonly TimedEvent[]) => void;
  /** The state at `simMs` of the scheduled run, at once (reduced motion steps through the story this way). */
  seek: (simMs: number) => void;
  act: (event: UserEvent) => void;
  reconnect: (hostId: string, settings: SessionSettings) => void;
  /** Drops the events still scheduled (the user took over). */
  unschedule: () => void;
}

interface Options {
  autoplay: boolean;
  initialSpeed: number;
  /** 0 = draw every animation frame; otherwise at most once per this many real ms (reduced motion). */
  drawEveryMs: number;
  /** False while the view is hidden (another tab): the clock stands still, the state is kept. */
  active: boolean;
}

/**
 * The animation loop: requestAnimationFrame only moves the clock and asks the pure model for the
 * state at the new simulated time, applying scheduled events at their exact simulated times (so
 * the picture follows the story's script as its transcript says). Restarts when the sessions or
 * the NAT timeout change.
 */
export function useNatSimulation(specs: readonly HostSpec[], sessionsKey: string, natTimeoutSeconds: number, options: Options): NatSimulation {
  const specsRef = useRef(specs);
  specsRef.current = specs;
  const [first] = useState(() => createSimulation({ natTimeoutSeconds }, specs));
  const simRef = useRef<SimState>(first);
  const clockRef = useRef<Clock>(createClock(0, options.initialSpeed, false));
  /** The whole script of this run, and what of it is still to come. */
  const script = useRef<readonly TimedEvent[]>([]);
  const scheduled = useRef<readonly TimedEvent[]>([]);
  const [sim, setSim] = useState<SimState>(first);
  const [playing, setPlayingState] = useState(options.autoplay);
  const [speed, setSpeedState] = useState(options.initialSpeed);
  const drawEveryMs = options.drawEveryMs;
  const running = playing && options.active;

  /** Brings the model to simulated time `t`, applying the scheduled events on the way. */
  const moveTo = useCallback((t: number) => {
    let s = simRef.current;
    while (scheduled.current.length && scheduled.current[0]!.atMs <= t) {
      const [e, ...rest] = scheduled.current;
      scheduled.current = rest;
      s = applyEvent(advance(s, Math.max(s.nowMs, e!.atMs)), e!);
    }
    if (t > s.nowMs) s = advance(s, t);
    simRef.current = s;
    setSim(s);
  }, []);

  /** Brings the model to the clock's time and publishes it. */
  const sync = useCallback((realMs: number) => moveTo(clockTime(clockRef.current, realMs)), [moveTo]);

  const restart = useCallback(
    (events: readonly TimedEvent[] = []) => {
      script.current = [...events].sort((a, b) => a.atMs - b.atMs);
      scheduled.current = script.current;
      simRef.current = createSimulation({ natTimeoutSeconds }, specsRef.current);
      clockRef.current = { ...clockRef.current, anchorSimMs: 0, anchorRealMs: performance.now() };
      moveTo(0);
    },
    [natTimeoutSeconds, moveTo],
  );

  // A new set of sessions, or another NAT: start over at t = 0 (the owner schedules its script again).
  useEffect(() => {
    script.current = [];
    scheduled.current = [];
    simRef.current = createSimulation({ natTimeoutSeconds }, specsRef.current);
    clockRef.current = { ...clockRef.current, anchorSimMs: 0, anchorRealMs: performance.now() };
    setSim(simRef.current);
  }, [sessionsKey, natTimeoutSeconds]);

  useEffect(() => {
    if (!running) return;
    let frame = 0;
    let last = performance.now();
    let lastDraw = -Infinity;
    clockRef.current = setPlaying(clockRef.current, true, last);
    const tick = (now: number) => {
      clockRef.current = resumeAfterGap(clockRef.current, last, now, MAX_FRAME_GAP_MS);
      last = now;
      if (drawEveryMs === 0 || now - lastDraw >= drawEveryMs) {
        lastDraw = now;
        sync(now);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      clockRef.current = setPlaying(clockRef.current, false, performance.now());
    };
  }, [running, drawEveryMs, sync]);

  const setSpeed = useCallback((next: number) => {
    clockRef.current = clockSetSpeed(clockRef.current, next, performance.now());
    setSpeedState(next);
  }, []);

  const skip = useCallback(
    (simMs: number) => {
      const now = performance.now();
      clockRef.current = jumpBy(clockRef.current, simMs, now);
      sync(now);
    },
    [sync],
  );

  const seek = useCallback(
    (simMs: number) => {
      // The scripted run from the start, to `simMs`: the same state the animation reaches there.
      simRef.current = simulate({ natTimeoutSeconds }, specsRef.current, script.current.filter((e) => e.atMs <= simMs), simMs);
      scheduled.current = script.current.filter((e) => e.atMs > simMs);
      clockRef.current = { ...clockRef.current, anchorSimMs: simMs, anchorRealMs: performance.now() };
      setSim(simRef.current);
    },
    [natTimeoutSeconds],
  );

  const act = useCallback((event: UserEvent) => {
    const t = clockTime(clockRef.current, performance.now());
    simRef.current = applyEvent(advance(simRef.current, Math.max(t, simRef.current.nowMs)), event);
    setSim(simRef.current);
  }, []);

  const reconnect = useCallback((hostId: string, settings: SessionSettings) => act({ kind: 'reconnect', hostId, settings }), [act]);

  return {
    sim,
    playing,
    speed,
    play: useCallback(() => setPlayingState(true), []),
    pause: useCallback(() => setPlayingState(false), []),
    setSpeed,
    skip,
    restart,
    seek,
    act,
    reconnect,
    unschedule: useCallback(() => {
      script.current = [];
      scheduled.current = [];
    }, []),
  };
}
