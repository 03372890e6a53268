import { appCli } from './app-cli';
import { HOSTS, type CaseResult, type Lab } from './lab';

/**
 * "Measure my network" from the client namespace, through the CLI: the bound it reports must
 * contain the router's real timeout and be at most 20% wide.
 */
export const probeCase = {
  name: 'probe: measured bound contains the NAT timeout and is at most 20% wide',
  async run(lab: Lab): Promise<CaseResult> {
    if (!lab.cli.has('probe')) return { status: 'SKIP', detail: 'this build has no `probe` command yet' };
    const started = Date.now();
    const out = await appCli(
      ['probe', HOSTS.none, '--config', lab.sshConfig, '--max-idle', String(lab.natTimeout * 3), '--reply-timeout', '2', '--json'],
      lab.env,
      { netns: lab.net.client, timeoutMs: 100_000 },
    );
    const seconds = (Date.now() - started) / 1000;
    const r = JSON.parse(out.stdout) as { lowerSeconds: number; upperSeconds: number | null; recommendedInterval: number };
    const t = lab.natTimeout;
    const upper = r.upperSeconds;
    const contains = upper !== null && r.lowerSeconds <= t && t <= upper;
    const narrow = upper !== null && upper - r.lowerSeconds <= 0.2 * t;
    // Its time is reported, not judged: the lab as a whole has a hard limit (run.ts).
    const ok = contains && narrow && r.recommendedInterval < t;
    return {
      status: ok ? 'PASS' : 'FAIL',
      detail: `${r.lowerSeconds}-${upper ?? '?'} s (NAT ${t} s), recommended ${r.recommendedInterval} s, took ${seconds.toFixed(1)} s`,
    };
  },
};
