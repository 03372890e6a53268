import { describe, expect, it } from 'vitest';
import { channels } from '../../../common/contract/channels';
import type { ProbeState } from '../../../common/contract/probe';
import { defaultContext } from '../kernel/context';
import { dispatch, type Handlers } from '../kernel/dispatch';
import { createProbeHandlers } from './handlers';
import { scaledClock } from './clock';
import { simulatedNat } from './simulated-nat';

const ctx = defaultContext({ homeDir: '/nonexistent-home', stateDir: '/nonexistent-state', systemConfigPath: null, platform: 'linux' });

function setup(timeoutSeconds = 300, failOpen?: (n: number) => string | null) {
  const clock = scaledClock(1000);
  const nat = simulatedNat({ timeoutSeconds, clock, ...(failOpen ? { failOpen } : {}) });
  const events: ProbeState[] = [];
  const targets: Array<{ host: string; configFile: string | null }> = [];
  const handlers = createProbeHandlers(ctx, {
    clock,
    emit: (s) => events.push(s),
    spawnFor: (t) => (targets.push(t), nat.spawn),
  }) as unknown as Handlers; // dispatch only reaches the probe channels here
  const call = async (channel: string, req: unknown) => {
    const r = await dispatch(handlers, channel, req);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as ProbeState;
  };
  const settled = () =>
    new Promise<ProbeState>((resolve) => {
      const t = setInterval(() => {
        const last = events[events.length - 1];
        if (last && last.status !== 'running') (clearInterval(t), resolve(last));
      }, 10);
    });
  return { nat, events, targets, call, settled };
}

describe('probe handlers', () => {
  it('starts at once, pushes progress with growing versions, ends with a valid result', async () => {
    const { call, events, settled, targets } = setup(300);
    const started = await call('probe:start', { configPath: '', host: 'db', maxIdleSeconds: 1800 });
    expect(started).toMatchObject({ status: 'running', host: 'db', round: 0, upperSeconds: null });
    const done = await settled();
    expect(done.status).toBe('done');
    expect(done.result!.lowerSeconds).toBeLessThanOrEqual(300);
    expect(done.result!.upperSeconds!).toBeGreaterThanOrEqual(300);
    expect(channels['probe:status'].response.parse(done)).toEqual(done);
    const versions = events.map((e) => e.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(await call('probe:status', { probeId: started.probeId })).toEqual(done);
    // '' = what plain `ssh db` reads; no -F (which would skip the system-wide file).
    expect(targets).toEqual([{ host: 'db', configFile: null }]);
  });

  it('passes a config in ~/.ssh to ssh as -F; refuses one elsewhere (ssh -F runs what the file says)', async () => {
    const { call, targets } = setup();
    const s = await call('probe:start', { configPath: '/nonexistent-home/.ssh/work.conf', host: 'db', maxIdleSeconds: 60 });
    await call('probe:cancel', { probeId: s.probeId });
    expect(targets[0]!.configFile).toBe('/nonexistent-home/.ssh/work.conf');
    for (const elsewhere of ['/tmp/planted', '/nonexistent-home/Downloads/config', '/nonexistent-home/.ssh/../x', 'rel/config']) {
      await expect(call('probe:start', { configPath: elsewhere, host: 'db', maxIdleSeconds: 60 })).rejects.toMatchObject({ code: 'permission' });
    }
    expect(targets).toHaveLength(1);
  });

  it('runs one measurement at a time, cancels on request, and closes every connection', async () => {
    const { call, settled, nat } = setup();
    const first = await call('probe:start', { configPath: '', host: 'db', maxIdleSeconds: 1800 });
    await expect(call('probe:start', { configPath: '', host: 'web1', maxIdleSeconds: 1800 })).rejects.toThrow(/already running/);
    await new Promise((r) => setTimeout(r, 50));
    await call('probe:cancel', { probeId: first.probeId });
    const end = await settled();
    expect(end).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(nat.stats.open).toBe(0);
    await expect(call('probe:start', { configPath: '', host: 'web1', maxIdleSeconds: 60 })).resolves.toMatchObject({ status: 'running' });
  });

  it('says why ssh could not connect as a code (the window explains the next step from it), and opens nothing', async () => {
    for (const [words, failure] of [
      ['ssh db exited 255: db: Permission denied (publickey).', 'login'],
      ['ssh db exited 255: ssh: Could not resolve hostname db: Name or service not known', 'unreachable'],
      ['ssh db exited 255: Host key verification failed.', 'host-key'],
      ['ssh db exited 255: Bad owner or permissions on /h/.ssh/config', null],
    ] as const) {
      const { call, settled, nat } = setup(300, () => words);
      const started = await call('probe:start', { configPath: '', host: 'db', maxIdleSeconds: 600 });
      expect(started.sshFailure).toBeNull();
      const end = await settled();
      expect(end).toMatchObject({ status: 'failed', sshFailure: failure, error: { code: 'io', message: words } });
      expect(nat.stats.open).toBe(0);
    }
  });

  it('refuses bad input through the contract and unknown ids', async () => {
    const { call } = setup();
    await expect(call('probe:start', { configPath: '', host: '-oProxyCommand=x', maxIdleSeconds: 60 })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(call('probe:start', { configPath: '', host: 'db', maxIdleSeconds: 99_999 })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(call('probe:start', { configPath: '', host: 'db', maxIdleSeconds: 60, connections: 50 })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(call('probe:status', { probeId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
