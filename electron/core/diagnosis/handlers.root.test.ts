import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisProgress } from '../../../common/contract/diagnosis';
import type { DiagnosisReport } from '../../../common/diagnosis';
import { makeHome, type FixtureHome } from '../../../e2e/fixtures/configs/index';
import { createHandlers } from '../handlers';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';
import { canRunLabHosts, createLabHosts, type LabHosts } from './testing/lab-hosts';

/**
 * diagnosis:run as a window runs it (composition root, dispatch, the config in ~/.ssh), against
 * real sshds as a non-root user: the report is the real diagnoseHost's, progress events carry the
 * caller's run id, and a cancel while measuring ends the run as cancelled.
 */
let lab: LabHosts;
let home: FixtureHome;
const events: DiagnosisProgress[] = [];

describe.skipIf(!canRunLabHosts)('diagnosis:run with real ssh and sshd', () => {
  beforeAll(async () => {
    lab = await createLabHosts();
    const ct = await lab.server(['ChannelTimeout session:*=10m']);
    const hidden = await lab.server(['ClientAliveInterval 0'], { hidden: true });
    home = await makeHome('diag-root', { config: [lab.hostBlock('ct', ct.port), lab.hostBlock('hidden', hidden.port)].join('\n') });
  }, 60_000);

  afterAll(async () => {
    lab?.close();
    await home?.cleanup();
  });

  const handlers = () =>
    createHandlers(defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' }), {
      emit: (event, payload) => {
        if (event === 'diagnosis:progress') events.push(payload as DiagnosisProgress);
      },
    });

  it('answers the diagnosis of the host, most lethal first, with progress under the run id', async () => {
    const r = await dispatch(handlers(), 'diagnosis:run', { configPath: home.configPath, host: 'ct', natTimeoutSeconds: 300, runId: 'run-ct' });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const report = (r as { value: DiagnosisReport }).value;
    expect(report.server).toMatchObject({ source: 'sshd -T', channelTimeout: 'session:*=10m' });
    expect(report.natTimeout).toBe(300);
    const killers = report.causes.filter((c) => c.kills).map((c) => [c.id, c.afterSeconds, c.keepaliveHelps]);
    // No keepalive in the client and none on the server: the 300 s NAT acts first, then sshd.
    expect(killers).toEqual([
      ['nat-idle', 300, true],
      ['sshd-channel-timeout', 600, false],
    ]);
    expect(report.causes[0]?.fix.action).toEqual({ kind: 'client-keepalive', host: 'ct', interval: expect.any(Number) });
    const mine = events.filter((e) => e.runId === 'run-ct');
    expect(mine[0]).toMatchObject({ host: 'ct', phase: 'login' });
    expect(mine.at(-1)).toMatchObject({ phase: 'done', upToSeconds: 0 });
    expect(mine.some((e) => e.phase === 'measuring')).toBe(false);
  });

  it('a cancel while it measures the server’s keepalive ends the run as cancelled', async () => {
    const h = handlers();
    const run = dispatch(h, 'diagnosis:run', { configPath: home.configPath, host: 'hidden', measureSeconds: 600, runId: 'run-hidden' });
    await expect.poll(() => events.some((e) => e.runId === 'run-hidden' && e.phase === 'measuring'), { timeout: 30_000 }).toBe(true);
    expect(events.find((e) => e.runId === 'run-hidden' && e.phase === 'measuring')?.upToSeconds).toBeLessThanOrEqual(600);
    expect(await dispatch(h, 'diagnosis:cancel', { runId: 'run-hidden' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await run).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(events.filter((e) => e.runId === 'run-hidden').at(-1)?.phase).toBe('done');
  }, 60_000);
});
