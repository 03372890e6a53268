import { useCallback, useEffect, useRef, useState } from 'react';
import { clockTime, createClock, jumpBy, resumeAfterGap, setPlaying, setSpeed as clockSetSpeed, type Clock } from '../../common/nat/clock';
import { advance, applyEvent, createSimulation, type HostSpec, type SessionSettings, type SimState, type UserEvent } from '../../common/nat/simulation';

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
  restart: () => void;
  act: (event: UserEvent) => void;
  reconnect: (hostId: string, settings: SessionSettings) => void;
}

interface Options {
  autoplay: boolean;
  initialSpeed: number;
  /** 0 = draw every animation frame; otherwise at most once per this many real ms (reduced motion). */
  drawEveryMs: number;
}

/**
 * The animation loop: requestAnimationFrame only moves the clock and asks the pure model for the
 * state at the new simulated time. Restarts when the sessions or the NAT timeout change.
 */
export function useNatSimulation(specs: readonly HostSpec[], sessionsKey: string, natTimeoutSeconds: number, options: Options): NatSimulation {
  const specsRef = useRef(specs);
  specsRef.current = specs;
  const [first] = useState(() => createSimulation({ natTimeoutSeconds }, specs));
  const simRef = useRef<SimState>(first);
  const clockRef = useRef<Clock>(createClock(0, options.initialSpeed, false));
  const [sim, setSim] = useState<SimState>(first);
  const [playing, setPlayingState] = useState(options.autoplay);
  const [speed, setSpeedState] = useState(options.initialSpeed);
  const drawEveryMs = options.drawEveryMs;

  /** Brings the model to the clock's time and publishes it. */
  const sync = useCallback((realMs: number) => {
    const t = clockTime(clockRef.current, realMs);
    if (t > simRef.current.nowMs) simRef.current = advance(simRef.current, t);
    setSim(simRef.current);
  }, []);

  // A new set of sessions, or another NAT: start over at t = 0.
  useEffect(() => {
    simRef.current = createSimulation({ natTimeoutSeconds }, specsRef.current);
    clockRef.current = { ...clockRef.current, anchorSimMs: 0, anchorRealMs: performance.now() };
    setSim(simRef.current);
  }, [sessionsKey, natTimeoutSeconds]);

  useEffect(() => {
    if (!playing) return;
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
  }, [playing, drawEveryMs, sync]);

  const setSpeed = useCallback(
    (next: number) => {
      const now = performance.now();
      clockRef.current = clockSetSpeed(clockRef.current, next, now);
      setSpeedState(next);
    },
    [],
  );

  const skip = useCallback(
    (simMs: number) => {
      const now = performance.now();
      clockRef.current = jumpBy(clockRef.current, simMs, now);
      sync(now);
    },
    [sync],
  );

  const restart = useCallback(() => {
    simRef.current = createSimulation({ natTimeoutSeconds }, specsRef.current);
    clockRef.current = { ...clockRef.current, anchorSimMs: 0, anchorRealMs: performance.now() };
    setSim(simRef.current);
  }, [natTimeoutSeconds]);

  const act = useCallback((event: UserEvent) => {
    const now = performance.now();
    const t = clockTime(clockRef.current, now);
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
    act,
    reconnect,
  };
}
