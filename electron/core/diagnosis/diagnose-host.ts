import { randomBytes } from 'node:crypto';
import { intervalFromMeasuredPeriod, parseOpenSshVersion, rankCauses, type DiagnosisFacts, type DiagnosisReport, type ServerFacts } from '../../../common/diagnosis';
import { AppError } from '../../../common/contract/errors';
import { clientFactsOf, hopsBefore, sshG } from './client-chain';
import { logindFactsFrom, serverFactsFrom, shellFactsFrom } from './facts';
import { measureClientAlive, measuredPeriod } from './measure-client-alive';
import { parseRemoteOutput } from './parse-remote';
import { remoteScript } from './remote-script';
import { runBounded } from './run-bounded';
import { announcedVersion, HOST_PATTERN, isolatedLoginArgs, lastError } from './ssh-args';

export interface DiagnoseOptions {
  /** `ssh -F` file; null = what `ssh HOST` reads by itself (user and system config). */
  configPath: string | null;
  /** Seconds the user's NAT keeps an idle connection (their choice or the probe's result); null = unknown. */
  natTimeout: number | null;
  /**
   * When sshd's config cannot be read, watch an idle connection for up to this many seconds and
   * time the server's keepalives (0 = do not measure). sshd 9.2-9.4 send every 2 x interval, so
   * measuring an interval I takes about 4 x I there.
   */
  measureSeconds?: number;
  /** Told when the measuring starts (the run then takes up to measureSeconds more): for progress. */
  onMeasure?: (seconds: number) => void;
  sshPath?: string;
  connectTimeoutSeconds?: number;
  /** The whole login and remote script (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * "Why did my session die?" for one host: logs in as the user's own ssh would (their config, keys
 * and agent, BatchMode, nothing stored), runs one read-only POSIX sh script on the server, reads
 * the client side with `ssh -G` hop by hop, and ranks every cause that ends an idle session.
 * Throws AppError('io') with ssh's own reason when it cannot log in; otherwise answers, with
 * "unknown" and the reason wherever the server would not tell.
 */
export async function diagnoseHost(host: string, opts: DiagnoseOptions): Promise<DiagnosisReport> {
  if (!HOST_PATTERN.test(host)) throw new AppError('invalid-input', 'A host is a name from your config or [user@]host, without spaces, starting with a letter or digit');
  const gOpts = { configPath: opts.configPath, sshPath: opts.sshPath, signal: opts.signal };
  const [clientSide, remote] = await Promise.all([
    (async () => {
      const g = await sshG(host, gOpts).catch((err: unknown) => {
        throw new AppError('invalid-input', (err as Error).message);
      });
      return { client: clientFactsOf(g), hops: await hopsBefore(host, gOpts).catch(() => []) };
    })(),
    runRemote(host, opts),
  ]);

  const parsed = serverFactsFrom(remote.facts, remote.version);
  let server: ServerFacts = { ...stripTrust(parsed), source: parsed.trusted ? 'sshd -T' : 'unknown', reason: parsed.reason };
  if (!parsed.trusted && (opts.measureSeconds ?? 0) > 0) {
    opts.onMeasure?.(opts.measureSeconds ?? 0);
    server = await measureInstead(host, opts, server);
  }

  const facts: DiagnosisFacts = {
    host,
    server,
    shell: shellFactsFrom(remote.facts),
    logind: logindFactsFrom(remote.facts),
    client: clientSide.client,
    hops: clientSide.hops,
    natTimeout: opts.natTimeout,
  };
  return { ...facts, causes: rankCauses(facts) };
}

function stripTrust<T extends { trusted: boolean }>(x: T): Omit<T, 'trusted'> {
  const { trusted: _, ...rest } = x;
  return rest;
}

async function runRemote(host: string, opts: DiagnoseOptions) {
  const marker = `@@ska-${randomBytes(8).toString('hex')}`;
  const args = [...isolatedLoginArgs(opts.configPath, opts.connectTimeoutSeconds ?? 15), '--', host, 'sh', '-s'];
  const r = await runBounded(opts.sshPath ?? 'ssh', args, { input: remoteScript(marker), timeoutMs: opts.timeoutMs ?? 60_000, signal: opts.signal }).catch((err: unknown) => {
    throw new AppError('io', `ssh could not be started: ${(err as Error).message}`);
  });
  if (opts.signal?.aborted) throw new AppError('cancelled', 'The diagnosis was cancelled');
  const facts = parseRemoteOutput(r.stdout, marker);
  const answered = facts.user !== null;
  if (!answered) {
    const why = r.timedOut ? `no answer within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s` : lastError(r.stderr) || `ssh exited ${r.code ?? r.signal}`;
    throw new AppError('io', `Could not log in to ${host}: ${why}`);
  }
  return { facts, version: announcedVersion(r.stderr) };
}

async function measureInstead(host: string, opts: DiagnoseOptions, server: ServerFacts): Promise<ServerFacts> {
  const seconds = opts.measureSeconds ?? 0;
  const m = await measureClientAlive(host, { configPath: opts.configPath, seconds, sshPath: opts.sshPath, signal: opts.signal, connectTimeoutSeconds: opts.connectTimeoutSeconds }).catch(() => null);
  if (!m) return server;
  const version = server.version ? parseOpenSshVersion(server.version) : null;
  const period = measuredPeriod(m);
  const unused = m.closedAfter !== null && m.probes.length === 0 ? Math.round(m.closedAfter) : null;
  if (period === null && unused === null) {
    return { ...server, reason: `${server.reason ?? 'sshd -T did not answer'}; no keepalive came from the server in ${Math.round(m.watchedSeconds)} s of idling (ClientAliveInterval is off or longer)` };
  }
  return {
    ...server,
    clientAliveInterval: period !== null ? intervalFromMeasuredPeriod(period, version) : null,
    unusedConnectionTimeout: unused,
    source: 'measured',
    reason: `${server.reason ?? 'sshd -T did not answer'}; measured on an idle connection: ${m.probes.length ? `keepalive requests at ${m.probes.join(', ')} s` : 'no keepalive'}${m.closedAfter !== null ? `, closed by the server after ${m.closedAfter} s` : ''}`,
  };
}
