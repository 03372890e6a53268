import { AppError } from '../../common/contract/errors';
import { PROBE_DEFAULT_CONNECTIONS, PROBE_DEFAULT_MAX_IDLE, type ProbeState } from '../../common/contract/probe';
import { intOption, parseCliArgs } from './args';
import type { CliCommand } from './io';

const bound = (s: ProbeState) => (s.upperSeconds === null ? `> ${fmt(s.lowerSeconds)} s` : `${fmt(s.lowerSeconds)}-${fmt(s.upperSeconds)} s`);
const fmt = (x: number) => (x >= 10 ? String(Math.round(x)) : x.toFixed(1));

/** `probe HOST`: measure how long the network path to HOST keeps an idle SSH connection. */
export const probe: CliCommand = {
  summary: 'probe HOST [--max-idle S] [--connections N] [--reply-timeout S] [--config FILE] [--json]: measure the NAT idle timeout',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      'max-idle': { type: 'string' },
      connections: { type: 'string' },
      'reply-timeout': { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new AppError('invalid-input', 'usage: probe HOST [--max-idle SECONDS] [--json]');
    // dispatch checks it against the contract: the same limits as the window's (bad input -> one clear line).
    const request = {
      configPath: values.config ?? '',
      host: positionals[0]!,
      maxIdleSeconds: intOption(values['max-idle'], 'max-idle') ?? PROBE_DEFAULT_MAX_IDLE,
      connections: intOption(values.connections, 'connections') ?? PROBE_DEFAULT_CONNECTIONS,
      replyTimeoutSeconds: intOption(values['reply-timeout'], 'reply-timeout') ?? 10,
    };

    // A line when the round or the bound changes, else one every 30 s: a log, not a ticker.
    let lastKey = '';
    let lastAt = -Infinity;
    let settle: (s: ProbeState) => void = () => undefined;
    const finished = new Promise<ProbeState>((resolve) => (settle = resolve));
    // The user named the config on the command line: any file may be used (the io's pathsFromUser).
    const stopListening = io.on('probe:progress', (s) => {
      if (s.status !== 'running') return settle(s);
      const key = `${s.round} ${bound(s)}`;
      if (values.json || s.round === 0 || (key === lastKey && s.elapsedSeconds - lastAt < 30)) return;
      io.stderr(`round ${s.round}: ${bound(s)}, ${s.openConnections} open, ${Math.round(s.elapsedSeconds)} s elapsed, about ${Math.round(s.timeLeftSeconds)} s left\n`);
      lastKey = key;
      lastAt = s.elapsedSeconds;
    });
    let probeId: string;
    try {
      ({ probeId } = await io.call('probe:start', request));
    } catch (err) {
      stopListening();
      throw err;
    }
    const cancel = () => void io.call('probe:cancel', { probeId }).catch(() => undefined);
    process.once('SIGINT', cancel);
    const end = await finished.finally(() => {
      process.off('SIGINT', cancel);
      stopListening();
    });
    if (end.status !== 'done' || !end.result) {
      throw new AppError(end.error?.code ?? 'internal', end.error?.message ?? 'The measurement failed');
    }
    const r = end.result;
    if (values.json) {
      io.stdout(`${JSON.stringify({ host: end.host, lowerSeconds: r.lowerSeconds, upperSeconds: r.upperSeconds, recommendedInterval: r.recommendedInterval, complete: r.complete, elapsedSeconds: end.elapsedSeconds, text: r.text, serverClose: r.serverClose ?? null })}\n`);
    } else {
      io.stdout(`${r.text}${r.complete ? '' : ' (stopped at the time limit: the bound is wider than asked)'}\nRecommended keepalive: every ${r.recommendedInterval} s (ssh-keepalive set ${end.host} --interval ${r.recommendedInterval})\n`);
    }
    return 0;
  },
};
