import type { CauseId, SessionKind } from '../../common/diagnosis';

/**
 * One sshd per cause, set up the way a real server has it, and one idle session left to die (or
 * survive) on each. Times are a few seconds so the lab runs in about a minute; the NAT on the way
 * forgets idle connections after NAT_TIMEOUT.
 */
export const NAT_TIMEOUT = 8;
/** How long a session that should survive is left idle (well past every timeout below). */
export const IDLE_SECONDS = 20;
/** A client keepalive well under the NAT timeout, for cases about something else. */
export const KEEPALIVE = 2;

export interface LabCaseSpec {
  name: string;
  /** The alias in the client's config. */
  host: string;
  /** sshd_config lines of this case's server (besides the lab's connection lines). */
  sshd: string[];
  /** The login user's ~/.bash_profile (PS1 is always set: the lab waits for that prompt). */
  profile?: string[];
  /** Client config lines of this host (HostName etc. come from the lab). */
  client: string[];
  /** ProxyJump through this case's own jump sshd (no keepalive in its Host block). */
  jump?: boolean;
  /** The server's config is in a directory the login user cannot read (sshd -T impossible). */
  hiddenConfig?: boolean;
  /** `ssh -tt` into a login shell, or `ssh -N` (a connection with no session). */
  session: 'shell' | 'tunnel';
  /** What must happen: the cause that ends the session (null = it survives). */
  kills: CauseId | null;
  /** Causes the diagnosis must name as not killing (e.g. the session= that does not match). */
  namesHarmless?: CauseId[];
  /** The session kind the killer must say it applies to (tunnel for UnusedConnectionTimeout). */
  appliesTo?: SessionKind;
  /** Let diagnoseHost measure the server keepalive for this long when sshd -T is impossible. */
  measureSeconds?: number;
  /** The recogniser must name the cause from what the terminal said. */
  explainMustName?: boolean;
}

const ka = (s: number) => `ServerAliveInterval ${s}`;

export const CASES: LabCaseSpec[] = [
  { name: 'clean server, client keepalive', host: 'clean', sshd: [], client: [ka(KEEPALIVE)], session: 'shell', kills: null },
  {
    name: 'readonly TMOUT in the login shell’s profile',
    host: 'tmout',
    sshd: [],
    profile: ['readonly TMOUT=6', 'export TMOUT'],
    client: [ka(KEEPALIVE)],
    session: 'shell',
    kills: 'shell-tmout',
    explainMustName: true,
  },
  { name: 'ChannelTimeout session:*=7', host: 'channel', sshd: ['ChannelTimeout session:*=7'], client: [ka(KEEPALIVE)], session: 'shell', kills: 'sshd-channel-timeout', explainMustName: true },
  { name: 'ChannelTimeout session=4 (does not match shells)', host: 'nomatch', sshd: ['ChannelTimeout session=4'], client: [ka(KEEPALIVE)], session: 'shell', kills: null, namesHarmless: ['sshd-channel-timeout'] },
  { name: 'UnusedConnectionTimeout 6 on an ssh -N tunnel', host: 'unused', sshd: ['UnusedConnectionTimeout 6'], client: [ka(KEEPALIVE)], session: 'tunnel', kills: 'sshd-unused-connection-timeout', appliesTo: 'tunnel' },
  { name: 'jump host without keepalive, target without keepalive', host: 'jumpbare', sshd: [], client: [], jump: true, session: 'shell', kills: 'jump-hop-unprotected' },
  { name: 'jump host without keepalive, target with keepalive', host: 'jumpcovered', sshd: [], client: [ka(KEEPALIVE)], jump: true, session: 'shell', kills: null, namesHarmless: ['jump-hop-unprotected'] },
  { name: `client keepalive every ${NAT_TIMEOUT + 4} s behind a ${NAT_TIMEOUT} s NAT`, host: 'natslow', sshd: [], client: [ka(NAT_TIMEOUT + 4)], session: 'shell', kills: 'nat-idle' },
  {
    name: 'unreadable sshd config: server keepalive measured',
    host: 'measured',
    sshd: ['ClientAliveInterval 2'],
    client: [],
    hiddenConfig: true,
    session: 'shell',
    kills: null,
    measureSeconds: 12,
  },
];
