import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { FleetStep, RemoteOutcome, RemotePlanAnswer } from '../../common/contract/remote-server';
import type { ServerChange } from '../../common/contract/system';
import { retryWithPassword } from '../../common/remote-server/password-retry';
import { errorData } from '../api';
import { usePasswordPrompt } from './usePasswordPrompt';

/** One server of the fleet run: where it is, its diff (or why none), how the write went. */
export interface FleetRow {
  host: string;
  step: FleetStep;
  plan: RemotePlanAnswer | null;
  outcome: RemoteOutcome | null;
}

export type FleetPhase = 'idle' | 'planning' | 'planned' | 'applying' | 'applied' | 'undoing' | 'undone';

const newRunId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `fleet-${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * One change on several servers: every server's own diff first (remote-server:fleet-plan), then
 * Apply writes exactly those (each server refuses if its config changed since), each on its own
 * with its progress (remote-server:progress of this run only), then Undo on those that changed.
 * The sudo password is asked once for the servers whose sudo wants one, and only then.
 */
export function useFleet(api: KeepaliveApi, configPath: string) {
  const [rows, setRows] = useState<FleetRow[]>([]);
  const [phase, setPhase] = useState<FleetPhase>('idle');
  const [change, setChange] = useState<ServerChange | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const password = usePasswordPrompt();
  const runId = useRef<string | null>(null);

  const patch = useCallback((host: string, p: Partial<FleetRow>) => setRows((rs) => rs.map((r) => (r.host === host ? { ...r, ...p } : r))), []);

  useEffect(
    () =>
      api.on('remote-server:progress', (p) => {
        if (p.runId !== runId.current) return;
        patch(p.host, { step: p.step, ...(p.plan ? { plan: p.plan } : {}), ...(p.outcome ? { outcome: p.outcome } : {}) });
      }),
    [api, patch],
  );

  /** Runs one phase; a failure of the whole call (not of a server) is said once. */
  const run = useCallback(async (busy: FleetPhase, done: FleetPhase, job: (id: string) => Promise<void>) => {
    const id = newRunId();
    runId.current = id;
    setPhase(busy);
    setError(null);
    try {
      await job(id);
      setPhase(done);
    } catch (err) {
      setError(errorData(err));
      setPhase(busy === 'planning' ? 'idle' : done);
    } finally {
      // The answers are final: a progress event that arrives after them (another connection) is late.
      if (runId.current === id) runId.current = null;
    }
  }, []);

  const preview = useCallback(
    (hosts: readonly string[], next: ServerChange) =>
      run('planning', 'planned', async (id) => {
        setChange(next);
        setRows(hosts.map((host) => ({ host, step: 'queued', plan: null, outcome: null })));
        const plans = await retryWithPassword(hosts, async (names, pw) => (await api.invoke('remote-server:fleet-plan', { configPath, hosts: names, change: next, runId: id, ...(pw ? { password: pw } : {}) })).plans, password.ask);
        for (const p of plans) patch(p.host, { step: 'done', plan: p });
      }),
    [api, configPath, password.ask, patch, run],
  );

  const apply = useCallback(
    (reload: boolean) =>
      run('applying', 'applied', async (id) => {
        if (!change) return;
        const targets = rows.flatMap((r) => (r.plan?.plan?.kind === 'edit' && r.plan.plan.digest ? [{ host: r.host, state: r.plan.plan.state, digest: r.plan.plan.digest }] : []));
        for (const t of targets) patch(t.host, { step: 'queued', outcome: null });
        const call = async (names: string[], pw?: string) =>
          (await api.invoke('remote-server:fleet-apply', { configPath, targets: targets.filter((t) => names.includes(t.host)), change, reload, runId: id, ...(pw ? { password: pw } : {}) })).outcomes;
        const outcomes = targets.length ? await retryWithPassword(targets.map((t) => t.host), call, password.ask) : [];
        for (const o of outcomes) patch(o.host, { step: 'done', outcome: o });
      }),
    [api, configPath, change, rows, password.ask, patch, run],
  );

  const undo = useCallback(
    () =>
      run('undoing', 'undone', async (id) => {
        const hosts = rows.filter((r) => r.outcome?.outcome === 'applied').map((r) => r.host);
        for (const h of hosts) patch(h, { step: 'queued' });
        const call = async (names: string[], pw?: string) => (await api.invoke('remote-server:fleet-undo', { configPath, hosts: names, reload: true, runId: id, ...(pw ? { password: pw } : {}) })).outcomes;
        const outcomes = hosts.length ? await retryWithPassword(hosts, call, password.ask) : [];
        for (const o of outcomes) patch(o.host, { step: 'done', outcome: o });
      }),
    [api, configPath, rows, password.ask, patch, run],
  );

  const reset = useCallback(() => {
    runId.current = null;
    setRows([]);
    setPhase('idle');
    setError(null);
  }, []);

  return { rows, phase, change, error, preview, apply, undo, reset, password: password.request };
}

export type Fleet = ReturnType<typeof useFleet>;
