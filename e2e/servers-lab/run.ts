/**
 * The servers lab: server keepalive set where the servers are, over real ssh and sudo, on real
 * sshds of two layouts behind a real (namespaced) NAT. Run as root: `npx tsx e2e/servers-lab/run.ts`
 * (from .ci/run, after the NAT lab). One PASS/FAIL line per check and a total; exit 1 on any FAIL.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyFleet, remoteServerStatus, suggestServerInterval, undoFleet, type FleetProgress } from '../../electron/core/remote-server';
import { runLab, type LabScope } from '../lab-runner';
import { createNetwork } from '../natlab/network';
import { ECHO_COMMAND, idleSession } from '../natlab/session';
import { createKeys, startSshd } from '../natlab/sshd';
import { ansibleCase } from './ansible-case';
import { afterSetCase, changedCase, hostileCase, noSudoCase, originalAgain, remoteOpts, rightPassword, statusCase, unsetUndoCase, wrongPasswordCase, type Lab } from './cases';
import { Checks, configSnapshot, type Result } from './check';
import { clientConfig, labEtc, makeServer, type LabServer } from './servers';

const NAT_TIMEOUT = 6;
/** Generous: two shared cores; past it everything is torn down and the run fails. */
const LAB_LIMIT_MS = 9 * 60_000;

async function main(scope: LabScope): Promise<number> {
  const started = Date.now();
  const results: Result[] = [];
  const report = (c: Checks) => {
    for (const r of c.results.splice(0)) {
      results.push(r);
      console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name}: ${r.detail}`);
    }
  };
  const dir = await scope.scratch();
  await chmod(dir, 0o755); // the lab users' homes are in here
  await mkdir('/var/lib/ssh-keepalive', { recursive: true, mode: 0o755 });
  const net = await createNetwork(NAT_TIMEOUT);
  const specs = [
    { name: 'deb-nopw', port: 2201, layout: 'debian' as const },
    { name: 'deb-pw', port: 2202, layout: 'debian' as const },
    { name: 'plain-nopw', port: 2203, layout: 'plain' as const },
    { name: 'plain-nosudo', port: 2204, layout: 'plain' as const },
    { name: 'deb-root', port: 2205, layout: 'debian' as const },
  ];
  const keys = await createKeys(path.join(dir, 'keys'), net, specs.map((s) => s.port));
  // sshd reads authorized_keys as the login user.
  await chmod(path.join(dir, 'keys'), 0o755);
  await chmod(path.join(dir, 'keys', 'authorized_keys'), 0o644);
  scope.ownAgent(keys.agentPid);
  const etc = await labEtc(path.join(dir, 'etc'));
  const users = { 'deb-nopw': etc.users.nopw, 'deb-pw': etc.users.pw, 'plain-nopw': etc.users.nopw, 'plain-nosudo': etc.users.nosudo, 'deb-root': 'root' as const };
  const servers: LabServer[] = [];
  for (const spec of specs) servers.push(await makeServer(path.join(dir, 'servers'), { ...spec, user: users[spec.name as keyof typeof users] }, net, keys, etc));
  const home = path.join(dir, 'home-client');
  await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const sshConfig = path.join(home, '.ssh', 'config');
  await writeFile(sshConfig, clientConfig(servers, net, keys), { mode: 0o600 });
  for (const s of servers) {
    await startSshd(net, '/etc/ssh/sshd_config', path.join(dir, `sshd-${s.name}.log`), path.join(dir, 'server-home'), s.wrap);
  }
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, SSH_AUTH_SOCK: keys.agentSock, LANG: 'C.UTF-8', USER: 'root' };
  const originals = new Map(await Promise.all(servers.map(async (s) => [s.name, await configSnapshot(s)] as const)));
  const settable = servers.filter((s) => s.name !== 'plain-nosudo');
  const byName = (n: string) => servers.find((s) => s.name === n)!;

  // The value the app suggests for this NAT and the servers' own OpenSSH (9.2 probes at ~2x).
  const firstStatus = await remoteServerStatus({ host: 'deb-nopw', configPath: sshConfig }, { prefix: ['ip', 'netns', 'exec', net.client], env });
  const suggestion = suggestServerInterval(NAT_TIMEOUT, firstStatus.sshdVersion);
  const lab: Lab = { net, keys, dir, home, sshConfig, env, etc, servers, natTimeout: NAT_TIMEOUT, interval: suggestion.interval };
  console.log(`servers-lab: ${servers.length} sshds (${firstStatus.sshdVersion}), NAT timeout ${NAT_TIMEOUT} s; suggestion: ${suggestion.text}`);

  // 1. Per server, at the same time: status, hostile intents, a file changed under the plan, sudo refusals.
  const checks = new Map(servers.map((s) => [s.name, new Checks(s.name)]));
  await Promise.all(
    servers.map(async (s) => {
      const c = checks.get(s.name)!;
      await statusCase(lab, s, c);
      await hostileCase(lab, s, c);
      if (s.name === 'plain-nosudo') await noSudoCase(lab, s, c);
      else await changedCase(lab, s, c);
      if (s.name === 'deb-pw') await wrongPasswordCase(lab, s, c);
    }),
  );
  for (const c of checks.values()) report(c);

  // 2. The fleet: every server at once, the password asked for where sudo needs one.
  const fleet = new Checks('fleet');
  const progress: FleetProgress[] = [];
  const outcomes = await applyFleet(
    servers.map((s) => s.name),
    { action: 'on', interval: lab.interval },
    { ...remoteOpts(lab, rightPassword(lab)), configPath: sshConfig, reload: true, concurrency: 5, onProgress: (p) => progress.push(p) },
  );
  const summary = outcomes.map((o) => `${o.host}: ${o.outcome}${o.failure ? ` (${o.failure})` : ''}`).join(', ');
  fleet.expect(
    `set on ${servers.length} hosts: each one's outcome, the one without sudo refused, the others done`,
    outcomes.every((o) => (o.host === 'plain-nosudo' ? o.outcome === 'failed' && o.failure === 'no-sudo' : o.outcome === 'applied' && o.reload?.done === true)),
    `${summary}; reload: ${outcomes.find((o) => o.reload)?.reload?.message ?? 'none'}`,
  );
  const steps = (h: string) => progress.filter((p) => p.host === h).map((p) => p.step).join('>');
  fleet.expect('per-host progress', servers.every((s) => steps(s.name) === 'queued>planning>applying>done'), servers.map((s) => `${s.name} ${steps(s.name)}`).join(', '));
  report(fleet);
  await Promise.all(settable.map((s) => afterSetCase(lab, s, checks.get(s.name)!)));
  for (const c of checks.values()) report(c);

  // 3. A real idle session through the NAT, client keepalive off, on every server at once.
  const idle = new Checks('idle');
  const session = (s: LabServer) =>
    idleSession(net, ['ssh', '-F', sshConfig, '-T', '-o', 'ServerAliveInterval=0', '-o', 'TCPKeepAlive=no', s.name, ECHO_COMMAND], env, 2 * NAT_TIMEOUT * 1000);
  const sessions = await Promise.all(servers.map((s) => session(s).catch((err: unknown) => ({ answered: false, exitCode: null, stderr: (err as Error).message, secondsToExit: null }))));
  servers.forEach((s, i) => {
    const o = sessions[i]!;
    const said = o.stderr.trim().split('\n').pop() ?? '';
    if (s.name === 'plain-nosudo') idle.expect(`${s.name} (no server keepalive: the control) dies`, !o.answered && o.exitCode !== 0, `no answer after ${2 * NAT_TIMEOUT} s idle; ssh exited ${o.exitCode}: "${said}"`);
    else idle.expect(`${s.name} survives ${2 * NAT_TIMEOUT} s idle with ClientAliveInterval ${lab.interval}`, o.answered, o.answered ? 'answered after idling' : `no answer; exit ${o.exitCode}: "${said}"`);
  });
  report(idle);

  // 4. unset and undo give back the original bytes.
  await Promise.all(settable.map((s) => unsetUndoCase(lab, s, originals.get(s.name)!, checks.get(s.name)!)));
  for (const c of checks.values()) report(c);
  const undone = await undoFleet(settable.map((s) => s.name), { ...remoteOpts(lab, rightPassword(lab)), configPath: sshConfig, reload: true, concurrency: 4 });
  const undoChecks = new Checks('fleet');
  undoChecks.expect('undo on each host', undone.every((o) => o.outcome === 'undone'), undone.map((o) => `${o.host}: ${o.outcome} ${o.failure ?? ''}`).join(', '));
  report(undoChecks);
  await Promise.all(settable.map((s) => originalAgain(s, originals.get(s.name)!, checks.get(s.name)!)));
  for (const c of checks.values()) report(c);

  // 5. Ansible: the exported playbook on one server of each layout.
  const ansible = new Checks('ansible');
  await ansibleCase(lab, [byName('deb-nopw'), byName('plain-nopw')], ansible).catch((err: unknown) => ansible.fail('run', (err as Error).stack ?? String(err)));
  report(ansible);

  const failed = results.filter((r) => !r.ok).length;
  console.log(`servers-lab: ${results.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

runLab({ name: 'servers-lab', needsRoot: 'namespaces, mounts, sshd', limitMs: LAB_LIMIT_MS, scratchPrefix: 'servers-lab-', keepVar: 'SERVERSLAB_KEEP' }, main);
