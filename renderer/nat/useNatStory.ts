import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HostSpec, SimState } from '../../common/nat/simulation';
import { addCaptions, momentsBetween, planStory, storyEvents, storyTranscript, type Caption, type Story } from '../../common/nat/story';
import type { NatSimulation } from './useNatSimulation';

/** story: the script plays; free: the user took over (captions follow what happens); done: the story ended. */
export type StoryMode = 'story' | 'free' | 'done';

export interface NatStory {
  story: Story;
  mode: StoryMode;
  /** What happened so far, oldest first (script captions and the model's moments). */
  captions: readonly Caption[];
  /** The whole story ahead of time (reduced motion shows it as steps). */
  transcript: readonly Caption[];
  /** Reduced motion: the step shown (index into transcript), -1 before the first. */
  step: number;
  replay: () => void;
  /** The user acted (typed, skipped, changed the speed…): the script stops directing. */
  takeOver: () => void;
  showStep: (index: number) => void;
}

/**
 * Plays the lesson by itself: schedules the story's events in the simulation, sets each phase's
 * speed as its beat passes, stops at the end, and collects the captions as the model produces its
 * moments. With reduced motion nothing moves by itself: the transcript is shown whole and each
 * step jumps the picture to its moment.
 */
export function useNatStory(sim: NatSimulation, specs: readonly HostSpec[], sessionsKey: string, natTimeoutSeconds: number, names: (id: string) => string, reducedMotion: boolean): NatStory {
  const story = useMemo(() => planStory(specs, natTimeoutSeconds, names), [specs, natTimeoutSeconds, names]);
  const transcript = useMemo(() => (reducedMotion ? storyTranscript(specs, natTimeoutSeconds, names) : []), [reducedMotion, specs, natTimeoutSeconds, names]);
  const [mode, setMode] = useState<StoryMode>('story');
  const [captions, setCaptions] = useState<readonly Caption[]>([]);
  const [step, setStep] = useState(-1);
  const beat = useRef(0);
  const previous = useRef<SimState | null>(null);
  const storyRef = useRef(story);
  storyRef.current = story;
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const { restart, setSpeed, play, pause, unschedule, seek } = sim;

  const start = useCallback(() => {
    const s = storyRef.current;
    beat.current = 0;
    previous.current = null;
    setCaptions([]);
    setStep(-1);
    setMode('story');
    restart(storyEvents(s));
    setSpeed(s.beats[0]?.speed || 1);
    if (reducedMotion) pause();
    else play();
  }, [restart, setSpeed, play, pause, reducedMotion]);

  // From the start whenever the sessions or the NAT change (the simulation restarts then too).
  useEffect(() => {
    start();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only these restart the story
  }, [sessionsKey, natTimeoutSeconds, reducedMotion]);

  // Every new state: the beats it passed (speed, end, caption) and the moments it brought.
  const state = sim.sim;
  useEffect(() => {
    const before = previous.current;
    previous.current = state;
    // The script's captions first: "You come back and type in db" comes before what it causes at the same moment.
    const added: Caption[] = [];
    if (modeRef.current === 'story') {
      const beats = storyRef.current.beats;
      while (beat.current < beats.length && beats[beat.current]!.atMs <= state.nowMs) {
        const b = beats[beat.current++]!;
        if (b.caption) added.push({ atMs: b.atMs, kind: 'script', text: b.caption, hosts: [] });
        if (b.speed === 0) {
          pause();
          setMode('done');
        } else {
          setSpeed(b.speed);
        }
      }
    }
    if (before && before.config === state.config && state.nowMs >= before.nowMs) added.push(...momentsBetween(before, state, names));
    if (added.length) setCaptions((list) => addCaptions(list, added.sort((a, b) => a.atMs - b.atMs), names, state.config.natTimeoutSeconds));
  }, [state, names, pause, setSpeed]);

  const takeOver = useCallback(() => {
    if (modeRef.current !== 'story') return;
    unschedule();
    setMode('free');
  }, [unschedule]);

  const showStep = useCallback(
    (index: number) => {
      const c = transcript[index];
      if (!c) return;
      setStep(index);
      // A moment is in the picture a second after it happens (a dropped keystroke reaches the router then).
      seek(c.atMs + 1_000);
    },
    [transcript, seek],
  );

  return { story, mode, captions, transcript, step, replay: start, takeOver, showStep };
}
