/**
 * The NAT lab: real ssh, sshd and plink across a real (namespaced) NAT that forgets idle
 * connections after a few seconds. Run as root: `npx tsx e2e/natlab/run.ts` (from .ci/run).
 * Prints one PASS/FAIL/SKIP line per case and a total; exit 1 when any case fails.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliCommands, appCli } from './app-cli';
import { cases } from './cases';
import { children } from './exec';
import { baseClientConfig, type CaseResult, type Lab } from './lab';
import { createNetwork, destroyNetworks, droppedInvalid, hostTimeoutUntouched } from './network';
import { channelTimeoutProbeCase, probeCase } from './probe-case';
import { createKeys, sshdConfigText, startSshd } from './sshd';

const NAT_TIMEOUT = 6;
/** The whole lab must finish well inside this; past it, everything is torn down and the run fails. */
const LAB_LIMIT_MS = 110_000;

let dir = '';
let agentPid = 0;

/** Once, however often it is asked for (a signal during the normal end must not cut it short). */
let tearingDown: Promise<void> | null = null;
const teardown = (): Promise<void> => (tearingDown ??= tearDownOnce());

async function tearDownOnce(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  if (agentPid) {
    try {
      process.kill(agentPid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  await destroyNetworks();
  if (dir && !process.env.NATLAB_KEEP) await rm(dir, { recursive: true, force: true });
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('natlab: needs root (network namespaces, nftables, sysctls)');
    return 2;
  }
  const started = Date.now();
  const hostTimeoutBefore = await hostTimeoutUntouched();
  dir = await mkdtemp(path.join(os.tmpdir(), 'natlab-'));
  const net = await createNetwork(NAT_TIMEOUT);
  const keys = await createKeys(path.join(dir, 'keys'), net, [22, 2222]);
  agentPid = keys.agentPid;
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

const limit = setTimeout(() => {
  console.log(`FAIL natlab: not finished after ${LAB_LIMIT_MS / 1000} s; tearing down`);
  void teardown().finally(() => process.exit(1));
}, LAB_LIMIT_MS);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => void teardown().finally(() => process.exit(130)));
}
main()
  .catch((err: unknown) => {
    console.log(`FAIL natlab: ${(err as Error).stack ?? String(err)}`);
    return 1;
  })
  .then(async (code) => {
    clearTimeout(limit);
    await teardown();
    process.exit(code);
  });
