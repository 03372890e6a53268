import { spawn } from 'node:child_process';
import { track } from '../natlab/exec';

/**
 * When did the router forget a connection? Its conntrack table, read every 200 ms in the router's
 * namespace (/proc/net/nf_conntrack lists only live entries: an expired one is dropped on read).
 * A NAT kills an idle session at that moment, whatever the client notices later.
 */
export interface FlowLife {
  sport: number;
  dport: number;
  firstSeen: number;
  lastSeen: number;
  /** First read that no longer had it (null: still there at the last read). */
  goneAt: number | null;
}

export interface NatWatch {
  flows(dport: number): FlowLife[];
  stop(): void;
}

export function watchNat(routerNs: string, clientAddr: string): NatWatch {
  const child = track(spawn('ip', ['netns', 'exec', routerNs, 'sh', '-c', 'while :; do cat /proc/net/nf_conntrack; echo @@; sleep 0.2; done'], { stdio: ['ignore', 'pipe', 'ignore'] }));
  const flows = new Map<string, FlowLife>();
  let pending = '';
  let snapshot = new Set<string>();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    pending += d;
    let at: number;
    while ((at = pending.indexOf('@@\n')) >= 0) {
      const block = pending.slice(0, at);
      pending = pending.slice(at + 3);
      const now = Date.now();
      const seen = new Set<string>();
      for (const line of block.split('\n')) {
        // The original direction comes first: client address and port -> server port.
        const m = / ESTABLISHED src=(\S+) dst=\S+ sport=(\d+) dport=(\d+) /.exec(line);
        if (!m || m[1] !== clientAddr) continue;
        const key = `${m[2]}:${m[3]}`;
        seen.add(key);
        const f = flows.get(key);
        if (f) {
          f.lastSeen = now;
          f.goneAt = null;
        } else flows.set(key, { sport: Number(m[2]), dport: Number(m[3]), firstSeen: now, lastSeen: now, goneAt: null });
      }
      for (const key of snapshot) {
        const f = flows.get(key);
        if (f && !seen.has(key) && f.goneAt === null) f.goneAt = now;
      }
      snapshot = seen;
    }
  });
  return {
    flows: (dport) => [...flows.values()].filter((f) => f.dport === dport).sort((a, b) => a.firstSeen - b.firstSeen),
    stop: () => child.kill('SIGTERM'),
  };
}
