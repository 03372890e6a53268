import { describe, expect, it } from 'vitest';
import { addCaptions, clockLabel, LEAD_IN_MS, momentsBetween, planStory, speedFor, storyEvents, storyTranscript } from './story';
import { advance, applyEvent, createSimulation, LINUX_RETRANSMIT_GIVE_UP_MS, OPENSSH_DEFAULTS, simulate, type HostSpec, type SessionSettings } from './simulation';

const off: SessionSettings = { ...OPENSSH_DEFAULTS };
const ka = (interval: number): SessionSettings => ({ ...off, serverAliveInterval: interval });
const spec = (id: string, settings: SessionSettings): HostSpec => ({ id, label: id, settings, typing: true });
const names = (id: string) => id;

// The developer-laptop config's shape: protected hosts (keepalive 30/60 s, or through the bastion), unprotected ones, one at 600 s.
const laptop = [spec('github.com', off), spec('bastion', ka(60)), spec('web-1', ka(60)), spec('backup', ka(600)), spec('monitoring', ka(30)), spec('gitlab.com', off)];

describe('the NAT story', () => {
  it('types for a few seconds, leaves, comes back to the first forgotten session, and ends after it died', () => {
    const story = planStory(laptop, 300, names);
    expect(story.victim).toBe('github.com');
    expect(storyEvents(story)).toEqual([
      { kind: 'coffee', atMs: LEAD_IN_MS },
      // Forgotten 5 min after the last exchange (a keystroke echo just after leaving), then a margin.
      { kind: 'type', hostId: 'github.com', atMs: expect.any(Number) },
    ]);
    const comeBack = storyEvents(story)[1]!.atMs;
    expect(comeBack).toBeGreaterThan(LEAD_IN_MS + 300_000);
    expect(comeBack).toBeLessThan(LEAD_IN_MS + 360_000);
    // The last beat ends it (speed 0) after TCP gave up on the frozen session.
    const last = story.beats[story.beats.length - 1]!;
    expect(last.speed).toBe(0);
    expect(story.endMs).toBeGreaterThan(comeBack + LINUX_RETRANSMIT_GIVE_UP_MS);
    // A few real seconds per phase: typing at 5x, the idle wait at 60x, the frozen phase at 120x.
    expect(story.beats.map((b) => b.speed)).toEqual([5, 60, 60, 120, 0]);
  });

  it('follows the chosen NAT timeout', () => {
    expect(planStory(laptop, 1200, names).beats[1]!.caption).toContain('idle for 20 min');
    expect(planStory(laptop, 1200, names).beats[1]!.speed).toBe(speedFor(1200, 6));
    // Behind a 20 s NAT even the 30 s keepalive is too slow: nobody is kept.
    expect(planStory(laptop, 20, names).beats.some((b) => b.caption?.includes('still connected'))).toBe(false);
  });

  it('tells the lesson in captions with the model’s own times: forgotten, frozen, then Broken pipe', () => {
    const captions = storyTranscript(laptop, 300, names);
    const text = captions.map((c) => `${clockLabel(c.atMs)} ${c.text}`);
    expect(text[0]).toBe('0:00 You are working in github.com, bastion, web-1 and 3 more: every keystroke crosses the router and keeps its entries fresh.');
    expect(text[1]).toBe('0:15 You stop typing and leave: every session is idle. The router forgets an entry idle for 5 min.');
    expect(text[2]).toBe('0:45 monitoring sends a keepalive every 30 s: the router keeps its entry.');
    // One caption for the entries forgotten together, named as the user wrote them.
    expect(text[3]).toMatch(/^5:1\d The router forgot (github\.com|backup|gitlab\.com), (github\.com|backup|gitlab\.com) and (github\.com|backup|gitlab\.com): idle for 5 min\.$/);
    expect([...captions[3]!.hosts].sort()).toEqual(['backup', 'github.com', 'gitlab.com']);
    expect(text[4]).toMatch(/^5:\d\d You come back and type in github\.com\.$/);
    expect(text[5]).toMatch(/^5:\d\d Next keystroke in github\.com: frozen\. Nothing echoes/);
    expect(text[6]).toMatch(/^21:\d\d github\.com: Write failed: Broken pipe \(after 15 min 25 s frozen\)$/);
    expect(text[7]).toMatch(/^21:\d\d bastion, web-1 and monitoring are still connected: keepalives kept their entries\. A keepalive more often than every 5 min/);
    expect(captions).toHaveLength(8);
  });

  it('the captions agree with the diagram’s model at their times', () => {
    const story = planStory(laptop, 300, names);
    const captions = storyTranscript(laptop, 300, names);
    const forgotten = captions.find((c) => c.kind === 'forgotten')!;
    const at = (ms: number) => simulate({ natTimeoutSeconds: 300 }, laptop, storyEvents(story), ms);
    for (const id of forgotten.hosts) {
      expect(at(forgotten.atMs - 1).hosts.find((h) => h.id === id)!.nat.present).toBe(true);
      expect(at(forgotten.atMs + 2_000).hosts.find((h) => h.id === id)!.nat.present).toBe(false);
    }
    const ended = captions.find((c) => c.kind === 'ended')!;
    expect(at(ended.atMs).hosts.find((h) => h.id === 'github.com')!.client.message).toBe('Write failed: Broken pipe');
  });

  it('a victim with a too-slow ServerAliveInterval ends with ssh’s timeout, before TCP gives up', () => {
    const captions = storyTranscript([spec('backup', { ...ka(600), serverAliveCountMax: 1 })], 300, names);
    expect(captions.find((c) => c.kind === 'ended')?.text).toMatch(/^backup: Timeout, server backup not responding\. \(after \d+ min( \d+ s)? frozen\)$/);
  });

  it('when every session is protected, the user comes back to a live session', () => {
    const captions = storyTranscript([spec('bastion', ka(60)), spec('monitoring', ka(30))], 300, names);
    expect(captions.map((c) => c.kind)).toEqual(['script', 'script', 'script', 'script', 'script']);
    expect(captions[3]!.text).toBe('You come back and type in bastion: it answers at once.');
    expect(captions[4]!.text).toContain('Every session survived');
  });

  it('merges entries forgotten at nearly the same time into one caption, and keeps later ones apart', () => {
    const c = (atMs: number, host: string) => ({ atMs, kind: 'forgotten' as const, text: `The router forgot ${host}: idle for 5 min.`, hosts: [host] });
    const list = addCaptions([], [c(300_000, 'a'), c(301_000, 'b'), c(900_000, 'c')], names, 300);
    expect(list.map((x) => x.text)).toEqual(['The router forgot a and b: idle for 5 min.', 'The router forgot c: idle for 5 min.']);
  });

  it('says nothing twice: the same state gives no new moment', () => {
    let s = createSimulation({ natTimeoutSeconds: 300 }, laptop);
    s = applyEvent(advance(s, 1_000), { kind: 'coffee' });
    const later = advance(s, 400_000);
    expect(momentsBetween(s, later, names).map((m) => m.kind)).toEqual(['forgotten', 'forgotten', 'forgotten']);
    expect(momentsBetween(later, advance(later, 401_000), names)).toEqual([]);
  });
});
