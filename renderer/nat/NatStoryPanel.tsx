import { useEffect, useRef } from 'react';
import { clockLabel } from '../../common/nat/story';
import type { NatStory } from './useNatStory';

/**
 * The key moments as captions beside the picture ("5:15 The router forgot github.com…"), newest
 * last and marked; a screen reader hears each as it comes. With reduced motion: the whole story as
 * steps, each showing its moment in the picture at once.
 */
export function NatStoryPanel({ story: s, reducedMotion }: { story: NatStory; reducedMotion: boolean }) {
  const list = useRef<HTMLOListElement>(null);
  // The newest caption stays in view (the list scrolls, the page does not).
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [s.captions.length]);

  if (reducedMotion) {
    return (
      <section className="nat-story" aria-labelledby="nat-story-heading">
        <h3 id="nat-story-heading">What happens, step by step</h3>
        <p className="hint">Reduced motion: nothing moves by itself. Choose a moment to see it in the picture.</p>
        <ol className="nat-captions nat-steps" aria-label="Moments">
          {s.transcript.map((c, i) => (
            <li key={`${c.atMs}-${i}`} className={i === s.step ? 'nat-caption-now' : undefined}>
              <button type="button" className="nat-step" aria-current={i === s.step ? 'step' : undefined} onClick={() => s.showStep(i)}>
                <time className="nat-caption-time">{clockLabel(c.atMs)}</time> {c.text}
              </button>
            </li>
          ))}
        </ol>
      </section>
    );
  }

  return (
    <section className="nat-story" aria-labelledby="nat-story-heading">
      <h3 id="nat-story-heading">What happens</h3>
      <div role="log" aria-live="polite" aria-relevant="additions">
        {/* Focusable: keyboard users can scroll it too. */}
        <ol className="nat-captions" ref={list} tabIndex={0} aria-label="Captions">
          {s.captions.map((c, i) => (
            <li key={`${c.atMs}-${c.kind}-${i}`} className={`nat-caption-${c.kind}${i === s.captions.length - 1 ? ' nat-caption-now' : ''}`}>
              <time className="nat-caption-time">{clockLabel(c.atMs)}</time> {c.text}
            </li>
          ))}
        </ol>
      </div>
      {s.mode === 'free' && <p className="hint">You took over: the captions follow what you do. Replay plays the story again.</p>}
    </section>
  );
}

/**
 * A narrow window has no room beside the picture: the newest caption sits above it (the whole list
 * and the terminal follow under it). Hidden on a wide window, where the list is beside the picture.
 * Not a live region: the list's log already speaks each caption.
 */
export function NatNowCaption({ story: s, reducedMotion }: { story: NatStory; reducedMotion: boolean }) {
  const c = reducedMotion ? s.transcript[s.step] : s.captions[s.captions.length - 1];
  if (!c) return null;
  return (
    <p className={`nat-now nat-caption-${c.kind}`} aria-hidden="true">
      <time className="nat-caption-time">{clockLabel(c.atMs)}</time> {c.text}
    </p>
  );
}
