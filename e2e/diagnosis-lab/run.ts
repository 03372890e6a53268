/**
 * The diagnosis lab: real sshds, each configured with one cause that ends idle sessions (and a
 * clean one), behind a namespaced NAT; a real idle session on each is left to die or survive, then
 * diagnoseHost must name what happened, within 20% of the observed time. Run as root:
 * `npx tsx e2e/diagnosis-lab/run.ts` (DIAGLAB_KEEP=1 keeps the scratch directory).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnoseHost } from '../../electron/core/diagnosis';
import type { DiagnosisReport } from '../../common/diagnosis';
import { runLab, type LabScope } from '../lab-runner';
import { createNetwork, hostTimeoutUntouched } from '../natlab/network';
import { createKeys } from '../natlab/sshd';
import { CASES, IDLE_SECONDS, NAT_TIMEOUT, type LabCaseSpec } from './cases';
import { judge, type Verdict } from './judge';
import { watchNat } from './nat-watch';
import { observeIdle, type Observation } from './observe';
import { clientConfig, startCaseServers, type CasePorts } from './servers';

/** Past this the lab is torn down and fails (it takes about a minute). */
const LAB_LIMIT_MS = 240_000;

/** Two at a time: the machine is shared, and each diagnosis runs ssh, sshd -T and a login shell. */
async function inPairs<T, R>(items: T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

async function main(scope: LabScope): Promise<number> {
  const started = Date.now();
  const hostTimeoutBefore = await hostTimeoutUntouched();
  const dir = await scope.scratch();
  // The login user (not root) must reach its home under here.
  await chmod(dir, 0o711);
  const net = await createNetwork(NAT_TIMEOUT);
  const cases = CASES.map((spec, i): { spec: LabCaseSpec; ports: CasePorts } => ({ spec, ports: { server: 2301 + i, jump: spec.jump ? 2401 + i : null } }));
  const ports = cases.flatMap((c) => [c.ports.server, ...(c.ports.jump !== null ? [c.ports.jump] : [])]);
  const keys = await createKeys(path.join(dir, 'keys'), net, ports);
  scope.ownAgent(keys.agentPid);
  for (const c of cases) await startCaseServers(dir, net, keys, c.spec, c.ports);

  const home = path.join(dir, 'client-home');
  await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const config = path.join(home, '.ssh', 'config');
  await writeFile(config, clientConfig(net, keys, cases), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, SSH_AUTH_SOCK: keys.agentSock, LANG: 'C.UTF-8', USER: 'root' };
  // diagnoseHost runs "ssh": here, the user's ssh in the client's namespace (behind the NAT).
  const sshInClient = path.join(dir, 'ssh-in-client');
  await writeFile(sshInClient, `#!/bin/sh\nHOME='${home}' SSH_AUTH_SOCK='${keys.agentSock}' exec ip netns exec '${net.client}' ssh "$@"\n`, { mode: 0o755 });

  const nat = watchNat(net.router, net.clientAddr);
  const sshArgv = (c: LabCaseSpec) =>
    c.session === 'shell' ? ['ip', 'netns', 'exec', net.client, 'ssh', '-F', config, '-tt', c.host] : ['ip', 'netns', 'exec', net.client, 'ssh', '-F', config, '-N', '-o', 'LogLevel=DEBUG1', c.host];
  console.log(`diagnosis lab: ${cases.length} servers up in ${((Date.now() - started) / 1000).toFixed(1)} s; sessions idle up to ${IDLE_SECONDS} s behind a ${NAT_TIMEOUT} s NAT`);
  const observations = await Promise.all(cases.map((c) => observeIdle(sshArgv(c.spec), env, c.spec.session, IDLE_SECONDS).catch((err: unknown) => err as Error)));
  nat.stop();

  const reports = await inPairs(cases, (c) =>
    diagnoseHost(c.spec.host, { configPath: config, natTimeout: NAT_TIMEOUT, sshPath: sshInClient, measureSeconds: c.spec.measureSeconds ?? 0, timeoutMs: 90_000 }).catch((err: unknown) => err as Error),
  );

  let failures = 0;
  const rows: string[] = [];
  cases.forEach((c, i) => {
    const o = observations[i] as Observation | Error;
    const r = reports[i] as DiagnosisReport | Error;
    let v: Verdict;
    if (o instanceof Error) v = { pass: false, observed: null, diagnosed: null, detail: `session: ${o.message}` };
    else if (r instanceof Error) v = { pass: false, observed: null, diagnosed: null, detail: `diagnosis: ${r.message}` };
    else {
      const flows = nat.flows(c.ports.jump ?? c.ports.server).filter((f) => f.firstSeen <= o.readyAt);
      v = judge(c.spec, o, flows[0] ?? null, r);
    }
    if (!v.pass) failures++;
    console.log(`${v.pass ? 'PASS' : 'FAIL'} ${c.spec.name}: ${v.detail}`);
    rows.push(`| ${c.spec.name} | ${c.spec.kills ?? 'survives'} | ${v.observed === null ? '-' : v.observed.toFixed(1)} | ${v.diagnosed ?? '-'} |`);
  });
  const hostTimeoutAfter = await hostTimeoutUntouched();
  if (hostTimeoutAfter !== hostTimeoutBefore) {
    failures++;
    console.log(`FAIL the host's own conntrack timeout changed: ${hostTimeoutBefore} -> ${hostTimeoutAfter}`);
  }
  console.log(['', '| case | cause | observed s | diagnosed s |', '|---|---|---|---|', ...rows].join('\n'));
  console.log(`diagnosis lab: ${cases.length - failures} passed, ${failures} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failures ? 1 : 0;
}

runLab({ name: 'diagnosis lab', needsRoot: 'network namespaces, sshd, a private user database', limitMs: LAB_LIMIT_MS, scratchPrefix: 'diaglab-', keepVar: 'DIAGLAB_KEEP' }, main);
