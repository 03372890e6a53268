import { randomBytes } from 'node:crypto';
import { run } from './exec';

/**
 * Three network namespaces in a row: client -- router -- server. The router forwards and
 * masquerades, and forgets established TCP connections idle for `natTimeout` seconds; a packet of a
 * forgotten flow is invalid (no loose pick-up) and dropped, as a home router does. Addresses are
 * documentation ranges (RFC 5737) that exist only inside these namespaces.
 */
export interface Network {
  client: string;
  router: string;
  server: string;
  serverAddr: string;
  clientAddr: string;
  natTimeout: number;
}

export const CLIENT_NET = { client: '192.0.2.2', router: '192.0.2.1' };
export const SERVER_NET = { router: '198.51.100.1', server: '198.51.100.2' };

const ip = (...args: string[]) => run('ip', args, { timeoutMs: 10_000 });
const inNs = (ns: string, cmd: string, args: string[], input?: string) =>
  run('ip', ['netns', 'exec', ns, cmd, ...args], { timeoutMs: 10_000, input });

async function sysctl(ns: string, key: string, value: string): Promise<void> {
  await inNs(ns, 'sysctl', ['-qw', `${key}=${value}`]);
  const back = (await inNs(ns, 'sysctl', ['-n', key])).stdout.trim();
  if (back !== value) throw new Error(`${ns}: ${key} is ${back}, wanted ${value}`);
}

export async function createNetwork(natTimeout: number): Promise<Network> {
  // A fresh prefix per run: two labs (or a leftover of a killed one) never collide.
  const id = `nl${randomBytes(2).toString('hex')}`;
  const net: Network = {
    client: `${id}-client`,
    router: `${id}-router`,
    server: `${id}-server`,
    clientAddr: CLIENT_NET.client,
    serverAddr: SERVER_NET.server,
    natTimeout,
  };
  created.push(net);
  for (const ns of [net.client, net.router, net.server]) {
    await ip('netns', 'add', ns);
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
  }
  const [c, rc, rs, s] = [`${id}-c`, `${id}-rc`, `${id}-rs`, `${id}-s`];
  await ip('link', 'add', c, 'netns', net.client, 'type', 'veth', 'peer', 'name', rc, 'netns', net.router);
  await ip('link', 'add', rs, 'netns', net.router, 'type', 'veth', 'peer', 'name', s, 'netns', net.server);
  const addr = async (ns: string, dev: string, cidr: string) => {
    await ip('-n', ns, 'addr', 'add', cidr, 'dev', dev);
    await ip('-n', ns, 'link', 'set', dev, 'up');
  };
  await addr(net.client, c, `${CLIENT_NET.client}/24`);
  await addr(net.router, rc, `${CLIENT_NET.router}/24`);
  await addr(net.router, rs, `${SERVER_NET.router}/24`);
  await addr(net.server, s, `${SERVER_NET.server}/24`);
  // The server has no route back to the client's network: only the masquerade makes replies work.
  await ip('-n', net.client, 'route', 'add', 'default', 'via', CLIENT_NET.router);

  await sysctl(net.router, 'net.ipv4.ip_forward', '1');
  await inNs(net.router, 'nft', ['-f', '-'], routerRules(rc, rs));
  await sysctl(net.router, 'net.netfilter.nf_conntrack_tcp_timeout_established', String(natTimeout));
  await sysctl(net.router, 'net.netfilter.nf_conntrack_tcp_loose', '0');
  // A client whose packets vanish gives up after a few seconds instead of 15 minutes, so a dead
  // session ends (with ssh's "Broken pipe") inside the lab's time budget.
  await sysctl(net.client, 'net.ipv4.tcp_retries2', '3');
  return net;
}

function routerRules(toClient: string, toServer: string): string {
  return `table inet natlab {
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state invalid counter drop
    iifname "${toClient}" oifname "${toServer}" ct state { new, established, related } accept
    iifname "${toServer}" oifname "${toClient}" ct state { established, related } accept
  }
  chain postrouting {
    type nat hook postrouting priority 100;
    oifname "${toServer}" masquerade
  }
}
`;
}

/** How many packets of forgotten flows the router dropped (proof the NAT, not something else, killed them). */
export async function droppedInvalid(net: Network): Promise<number> {
  const out = (await inNs(net.router, 'nft', ['list', 'chain', 'inet', 'natlab', 'forward'])).stdout;
  const m = /ct state invalid counter packets (\d+)/.exec(out);
  return m ? Number(m[1]) : -1;
}

/** The conntrack sysctls must be per namespace, or the lab would change the host's own router. */
export async function hostTimeoutUntouched(): Promise<string> {
  return (await run('sysctl', ['-n', 'net.netfilter.nf_conntrack_tcp_timeout_established'])).stdout.trim();
}

const created: Network[] = [];

/** Ends every process inside the lab's namespaces (only ours: the names are this run's), then removes them. */
export async function destroyNetworks(): Promise<void> {
  for (const net of created.splice(0)) {
    for (const ns of [net.client, net.router, net.server]) {
      const pids = (await run('ip', ['netns', 'pids', ns], { allowFail: true, timeoutMs: 5_000 }).catch(() => null))?.stdout ?? '';
      for (const pid of pids.split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await run('ip', ['netns', 'del', ns], { allowFail: true, timeoutMs: 5_000 }).catch(() => undefined);
    }
  }
}
