import type { ConnectionValues, HostRow } from '../../../common/contract/hosts';
import { parseJumpSpec, parseSshW, type JumpSpec } from '../openssh/jump-spec';

/**
 * The one jump host a PuTTY session or WinSCP site can hold, as OpenSSH would reach it: a single
 * ProxyJump hop, or a ProxyCommand of the `ssh -W %h:%p HOST` form (what ProxyJump itself runs).
 * The jump host's HostName, Port and User are its *effective* ones (`ssh -G -l USER -p PORT HOST`:
 * the hop's own user@ and :port win over its block, ssh.c), never the alias. Anything PuTTY's and
 * WinSCP's one-hop proxy cannot say (several hops, a hop that itself jumps, any other command) is
 * reported with the reason, never exported as a value that would connect somewhere else.
 */

/** The effective settings of one host name, as `ssh -G NAME` computes them (the lead's resolver). */
export type ResolveName = (name: string) => Pick<HostRow, 'values' | 'connection' | 'decided' | 'undecidedReason'>;

export interface JumpHop {
  /** What the config says: `ProxyJump bastion` or `ProxyCommand ssh -W %h:%p bastion`. */
  via: string;
  /** The name the jump is made to (an alias in the config, or a host name). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** Why the jump host's own values may differ at connect time (a runtime Match), if they may. */
  undecided: string | null;
}

export type Jump = { kind: 'none' } | { kind: 'hop'; hop: JumpHop } | { kind: 'unsupported'; via: string; reason: string };

/** The jump host of a connection, resolved; `resolve` answers as `ssh -G` for the jump host's name. */
export function jumpOf(c: Pick<ConnectionValues, 'proxyJump' | 'proxyCommand'>, resolve: ResolveName | undefined): Jump {
  let via: string;
  let spec: JumpSpec;
  if (c.proxyJump && c.proxyJump !== 'none') {
    via = `ProxyJump ${c.proxyJump}`;
    const hops = c.proxyJump.split(',');
    if (hops.length > 1) return { kind: 'unsupported', via, reason: `${hops.length} jump hosts in a row; a session holds one` };
    const s = parseJumpSpec(c.proxyJump);
    if (!s) return { kind: 'unsupported', via, reason: `"${c.proxyJump}" is not a [user@]host[:port] ssh reads` };
    spec = s;
  } else if (c.proxyCommand && c.proxyCommand !== 'none') {
    via = `ProxyCommand ${c.proxyCommand}`;
    const p = parseSshW(c.proxyCommand);
    if (!p.ok) return { kind: 'unsupported', via, reason: p.reason };
    spec = p.spec;
  } else {
    return { kind: 'none' };
  }
  if (!resolve) return { kind: 'unsupported', via, reason: `the settings of ${spec.host} were not read` };
  const r = resolve(spec.host);
  const inner = r.connection.proxyJump ?? r.connection.proxyCommand;
  if (inner && inner !== 'none') {
    return { kind: 'unsupported', via, reason: `${spec.host} is itself reached through ${r.connection.proxyJump ? 'ProxyJump' : 'ProxyCommand'} ${inner}: two hops; a session holds one` };
  }
  return {
    kind: 'hop',
    hop: {
      via,
      alias: spec.host,
      hostName: r.connection.hostName,
      port: spec.port ?? r.connection.port,
      user: spec.user ?? r.connection.user,
      undecided: r.decided ? null : (r.undecidedReason ?? 'a runtime Match condition'),
    },
  };
}
