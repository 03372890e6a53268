/**
 * The NAT lab: real ssh, sshd and plink across a real (namespaced) NAT that forgets idle
 * connections after a few seconds. Run as root: `npx tsx e2e/natlab/run.ts` (from .ci/run).
 * Prints one PASS/FAIL/SKIP line per case and a total; exit 1 when any case fails.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runLab, type LabScope } from '../lab-runner';
import { cliCommands, appCli } from './app-cli';
import { cases } from './cases';
import { baseClientConfig, type CaseResult, type Lab } from './lab';
import { createNetwork, droppedInvalid, hostTimeoutUntouched } from './network';
import { channelTimeoutProbeCase, probeCase } from './probe-case';
import { createKeys, sshdConfigText, startSshd } from './sshd';

const NAT_TIMEOUT = 6;
/** The whole lab must finish well inside this; past it, everything is torn down and the run fails. */
const LAB_LIMIT_MS = 110_000;

async function main(scope: LabScope): Promise<number> {
  const started = Date.now();
  const hostTimeoutBefore = await hostTimeoutUntouched();
  const dir = await scope.scratch();
  const net = await createNetwork(NAT_TIMEOUT);
  const keys = await createKeys(path.join(dir, 'keys'), net, [22, 2222]);
  scope.ownAgent(keys.agentPid);
  const home = path.join(dir, 'home');
  await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, SSH_AUTH_SOCK: keys.agentSock, LANG: 'C.UTF-8', USER: 'root' };
  const baseSshd = path.join(dir, 'sshd_config');
  await writeFile(baseSshd, sshdConfigText(keys, net, 22), { mode: 0o600 });
  const serverHome = path.join(dir, 'server-home');
  await startSshd(net, baseSshd, path.join(dir, 'sshd-22.log'), serverHome);

  const lab: Lab = {
    net,
    keys,
    dir,
    home,
    serverHome,
    sshConfig: path.join(home, '.ssh', 'config'),
    env,
    natTimeout: NAT_TIMEOUT,
    keepalive: 2,
    slowInterval: Math.round(NAT_TIMEOUT * 1.5),
    idleMs: 2 * NAT_TIMEOUT * 1000,
    cli: await cliCommands(env),
    verdicts: new Map(),
    puttyDirs: new Map(),
  };
  await writeFile(lab.sshConfig, baseClientConfig(lab), { mode: 0o600 });
  // The probe needs only the base config: it measures while the cases are being prepared.
  const probe = probeCase.run(lab).catch((err: unknown): CaseResult => ({ status: 'FAIL', detail: (err as Error).message }));
  const channelTimeoutProbe = channelTimeoutProbeCase.run(lab).catch((err: unknown): CaseResult => ({ status: 'FAIL', detail: (err as Error).message }));

  const results: Array<Promise<CaseResult>> = [];
  const names: string[] = [];
  const skipped = new Map<number, string>();
  for (const [i, c] of cases.entries()) {
    const reason = await c.prepare(lab).catch((err: unknown) => `prepare failed: ${(err as Error).message}`);
    if (reason) skipped.set(i, reason);
  }
  const listed = JSON.parse((await appCli(['hosts', '--config', lab.sshConfig, '--json', '--nat-timeout', String(NAT_TIMEOUT)], env)).stdout) as Array<{ host: string; verdict: string }>;
  for (const h of listed) lab.verdicts.set(h.host, h.verdict);

  // Every case (and the probe) idles at the same time: the lab takes about one idle period, not six.
  for (const [i, c] of cases.entries()) {
    names.push(c.name);
    const reason = skipped.get(i);
    const failed = reason?.startsWith('prepare failed');
    results.push(reason ? Promise.resolve({ status: failed ? 'FAIL' : 'SKIP', detail: reason }) : c.run(lab).catch((err: unknown) => ({ status: 'FAIL', detail: (err as Error).message })));
  }
  names.push(probeCase.name);
  results.push(probe);
  names.push(channelTimeoutProbeCase.name);
  results.push(channelTimeoutProbe);

  const settled = await Promise.all(results);
  const dropped = await droppedInvalid(net);
  const hostTimeoutAfter = await hostTimeoutUntouched();
  let failures = 0;
  let passes = 0;
  settled.forEach((r, i) => {
    if (r.status === 'FAIL') failures++;
    if (r.status === 'PASS') passes++;
    console.log(`${r.status} ${names[i]}: ${r.detail}`);
  });
  if (hostTimeoutAfter !== hostTimeoutBefore) {
    failures++;
    console.log(`FAIL the host's own conntrack timeout changed: ${hostTimeoutBefore} -> ${hostTimeoutAfter}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`natlab: ${passes} passed, ${failures} failed, ${settled.length - passes - failures} skipped in ${seconds} s (NAT timeout ${NAT_TIMEOUT} s; router dropped ${dropped} packets of forgotten flows)`);
  return failures ? 1 : 0;
}

runLab({ name: 'natlab', needsRoot: 'network namespaces, nftables, sysctls', limitMs: LAB_LIMIT_MS, scratchPrefix: 'natlab-', keepVar: 'NATLAB_KEEP' }, main);
