import type { LabKeys } from './sshd';
import type { Network } from './network';

/** Everything a case needs to know about the running lab. */
export interface Lab {
  net: Network;
  keys: LabKeys;
  /** Scratch directory of this run (removed at the end). */
  dir: string;
  /** The client user's HOME: ~/.ssh, ~/.putty and the app's state live here, never in the real HOME. */
  home: string;
  /** What the server's sshd sees as the remote user's home: empty (no shell startup files). */
  serverHome: string;
  /** The client config (`ssh -F`): connection lines by the lab, keepalive lines by the app's CLI. */
  sshConfig: string;
  env: NodeJS.ProcessEnv;
  /** The router forgets idle connections after this many seconds. */
  natTimeout: number;
  /** A keepalive interval well under the NAT timeout. */
  keepalive: number;
  /** A keepalive interval longer than the NAT timeout (too slow to help). */
  slowInterval: number;
  /** How long every case stays idle: twice the NAT timeout. */
  idleMs: number;
  /** Subcommands the app's CLI has in this build. */
  cli: Set<string>;
  /** host -> the app's verdict text for this NAT timeout (`hosts --json --nat-timeout`). */
  verdicts: Map<string, string>;
  /** PUTTYDIR of each exported PuTTY session set. */
  puttyDirs: Map<string, string>;
}

export type Status = 'PASS' | 'FAIL' | 'SKIP';
export interface CaseResult {
  status: Status;
  detail: string;
}

export interface LabCase {
  name: string;
  /** Writes this case's config with the app's CLI (run one case at a time). Returns a reason to skip, or null. */
  prepare(lab: Lab): Promise<string | null>;
  /** The idle session itself (all cases run at once). */
  run(lab: Lab): Promise<CaseResult>;
}

export const HOSTS = {
  none: 'case1-no-keepalive',
  client: 'case2-client-keepalive',
  server: 'case3-server-keepalive',
  /** Exported to PuTTY twice: with keepalive (case 4), then after `unset` (case 5). */
  putty: 'case45-putty',
  slow: 'case6-slow-keepalive',
} as const;
export const SERVER_KEEPALIVE_PORT = 2222;

/** The lab writes only connection settings; the keepalive lines come from `set`. */
export function baseClientConfig(lab: Pick<Lab, 'net' | 'keys'>): string {
  return [
    '# NAT lab client config: connection lines by the lab, keepalive lines by the app (set).',
    `Host ${HOSTS.none}`,
    '',
    `Host ${HOSTS.client}`,
    '',
    `Host ${HOSTS.server}`,
    `    Port ${SERVER_KEEPALIVE_PORT}`,
    '',
    `Host ${HOSTS.putty}`,
    '',
    `Host ${HOSTS.slow}`,
    '',
    'Host *',
    `    HostName ${lab.net.serverAddr}`,
    '    User root',
    `    UserKnownHostsFile ${lab.keys.knownHosts}`,
    '    StrictHostKeyChecking yes',
    '    BatchMode yes',
    '    ConnectTimeout 5',
    '',
  ].join('\n');
}
