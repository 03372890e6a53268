import { describe, expect, it } from 'vitest';
import type { ProbeState } from '../../common/contract/probe';
import { failureAdvice, measuredNatTimeout, timeLeftNote } from './advice';

const state = (over: Partial<ProbeState>): ProbeState => ({
  probeId: 'p',
  host: 'db',
  status: 'done',
  version: 3,
  elapsedSeconds: 600,
  timeLeftSeconds: 0,
  timeLeftGrew: null,
  round: 3,
  openConnections: 0,
  lowerSeconds: 0,
  upperSeconds: null,
  maxIdleSeconds: 1800,
  result: null,
  error: null,
  sshFailure: null,
  ...over,
});

describe('probe advice', () => {
  it('gives each ssh failure code its next step, with the host as ssh was asked for it', () => {
    expect(failureAdvice('login', 'db')?.command).toBe('ssh-copy-id db');
    expect(failureAdvice('host-key', 'admin@gw.lab')?.command).toBe('ssh admin@gw.lab');
    expect(failureAdvice('unreachable', 'db')).toMatchObject({ lead: 'db could not be reached.', command: 'ssh db' });
    expect(failureAdvice(null, 'db')).toBeNull();
  });

  it('says why the time left grew, and nothing while it only went down', () => {
    expect(timeLeftNote(state({ timeLeftGrew: null }))).toBeNull();
    expect(timeLeftNote(state({ timeLeftGrew: { bySeconds: 270, reason: 'another-round' } }))).toBe('Longer than estimated (+4 min 30 s): one more round is needed to narrow the timeout down.');
  });

  it('offers the longest survived idle as the NAT timeout, only when a timeout was found', () => {
    const result = (lower: number, upper: number | null) => ({ lowerSeconds: lower, upperSeconds: upper, recommendedInterval: 60, complete: true, text: '' });
    expect(measuredNatTimeout(state({ result: result(236.25, 262.5) }))).toBe(236);
    expect(measuredNatTimeout(state({ result: result(600, null) }))).toBeNull();
    expect(measuredNatTimeout(state({ result: result(0, 3) }))).toBeNull();
    expect(measuredNatTimeout(state({ result: null }))).toBeNull();
  });
});
