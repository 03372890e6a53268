import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appCli } from './app-cli';
import { HOSTS, type CaseResult, type Lab } from './lab';
import { sshdConfigText, startSshd } from './sshd';

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

/** This case's own sshd: ChannelTimeout shorter than the router's timeout. */
const CHANNEL_TIMEOUT_PORT = 2223;
const CHANNEL_TIMEOUT_SECONDS = 3;

/**
 * "Measure my network" through a server whose sshd closes idle sessions (ChannelTimeout
 * session:*) sooner than the NAT forgets them: the probe must not take the server's close for the
 * network's timeout. Its bound must still contain the router's timeout, and its text must say the
 * server closes idle sessions.
 */
export const channelTimeoutProbeCase = {
  name: `probe through a server with ChannelTimeout session:*=${CHANNEL_TIMEOUT_SECONDS}: the NAT timeout, not the server's`,
  async run(lab: Lab): Promise<CaseResult> {
    if (!lab.cli.has('probe')) return { status: 'SKIP', detail: 'this build has no `probe` command yet' };
    const sshdConfig = path.join(lab.dir, `sshd_config-${CHANNEL_TIMEOUT_PORT}`);
    await writeFile(sshdConfig, `${sshdConfigText(lab.keys, lab.net, CHANNEL_TIMEOUT_PORT)}ChannelTimeout session:*=${CHANNEL_TIMEOUT_SECONDS}\n`, { mode: 0o600 });
    await startSshd(lab.net, sshdConfig, path.join(lab.dir, `sshd-${CHANNEL_TIMEOUT_PORT}.log`), lab.serverHome);
    // Its own known_hosts and client config: the shared ones belong to the other cases.
    const hostPub = (await readFile(`${lab.keys.hostKey}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
    const knownHosts = path.join(lab.dir, `known_hosts-${CHANNEL_TIMEOUT_PORT}`);
    await writeFile(knownHosts, `[${lab.net.serverAddr}]:${CHANNEL_TIMEOUT_PORT} ${hostPub}\n`, { mode: 0o600 });
    const config = path.join(lab.home, '.ssh', 'config-channel-timeout');
    await writeFile(
      config,
      ['Host ct-probe', `    HostName ${lab.net.serverAddr}`, `    Port ${CHANNEL_TIMEOUT_PORT}`, '    User root', `    UserKnownHostsFile ${knownHosts}`, '    StrictHostKeyChecking yes', '    BatchMode yes', '    ConnectTimeout 5', ''].join('\n'),
      { mode: 0o600 },
    );
    const started = Date.now();
    const out = await appCli(['probe', 'ct-probe', '--config', config, '--max-idle', String(lab.natTimeout * 3), '--reply-timeout', '2', '--json'], lab.env, {
      netns: lab.net.client,
      timeoutMs: 100_000,
    });
    const seconds = (Date.now() - started) / 1000;
    const r = JSON.parse(out.stdout) as { lowerSeconds: number; upperSeconds: number | null; text: string };
    const t = lab.natTimeout;
    const upper = r.upperSeconds;
    const contains = upper !== null && r.lowerSeconds <= t && t <= upper;
    const narrow = upper !== null && upper - r.lowerSeconds <= 0.2 * t;
    const blamedServer = upper !== null && upper <= CHANNEL_TIMEOUT_SECONDS * 1.2;
    const says = /closes idle sessions/.test(r.text);
    return {
      status: contains && narrow && !blamedServer && says ? 'PASS' : 'FAIL',
      detail: `${r.lowerSeconds}-${upper ?? '?'} s (NAT ${t} s, server ChannelTimeout ${CHANNEL_TIMEOUT_SECONDS} s), took ${seconds.toFixed(1)} s: "${r.text}"`,
    };
  },
};
