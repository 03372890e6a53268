import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { appCli } from './app-cli';
import { privateEtcSsh } from './etc-ssh';
import { run } from './exec';
import { HOSTS, SERVER_KEEPALIVE_PORT, type CaseResult, type Lab, type LabCase } from './lab';
import { ECHO_COMMAND, idleSession, type IdleOutcome } from './session';
import { sshdConfigText, startSshd } from './sshd';

const ssh = (lab: Lab, host: string) => ['ssh', '-F', lab.sshConfig, '-T', host, ECHO_COMMAND];
const plink = (lab: Lab, session: string) => ['plink', '-batch', '-T', '-load', session, '-hostkey', lab.keys.hostKeyFingerprint, ECHO_COMMAND];

const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';
const describe = (o: IdleOutcome) =>
  o.answered ? 'answered after idling' : `no answer; client exited ${o.exitCode ?? 'only when killed'}${o.secondsToExit !== null ? ` after ${o.secondsToExit.toFixed(1)} s` : ''}: "${lastLine(o.stderr)}"`;

function expectSurvives(o: IdleOutcome): CaseResult {
  return { status: o.answered ? 'PASS' : 'FAIL', detail: describe(o) };
}

function expectDies(o: IdleOutcome, message?: RegExp): CaseResult {
  const died = !o.answered && o.exitCode !== null && o.exitCode !== 0;
  const said = message ? message.test(o.stderr) : true;
  return { status: died && said ? 'PASS' : 'FAIL', detail: describe(o) + (died && !said ? ` (expected ${message})` : '') };
}

/** The app's model must agree with the network: its verdict for this host, for this NAT timeout. */
function withVerdict(lab: Lab, host: string, expectProtected: boolean, result: CaseResult): CaseResult {
  const verdict = lab.verdicts.get(host);
  const ok = verdict !== undefined && verdict.startsWith('protected') === expectProtected;
  return { status: result.status === 'PASS' && !ok ? 'FAIL' : result.status, detail: `${result.detail}; app verdict: "${verdict ?? 'none'}"` };
}

async function setKeepalive(lab: Lab, host: string, interval: number): Promise<null> {
  await appCli(['set', host, '--interval', String(interval), '--config', lab.sshConfig], lab.env);
  return null;
}

/**
 * `export putty --format unix` into <dir>/sessions; plink then runs with PUTTYDIR=<dir>, so case 4
 * and case 5 load the same session name, exported with and without keepalive.
 */
async function exportPutty(lab: Lab, dirName: string, keepaliveSeconds: number): Promise<string | null> {
  if (!lab.cli.has('export')) return 'this build has no `export` command yet';
  const dir = path.join(lab.dir, dirName);
  await mkdir(dir, { mode: 0o700 });
  // keep: the host's own value as the config has it (case 5 needs a session without keepalive).
  await appCli(['export', 'putty', '--format', 'unix', '--host', HOSTS.putty, '--keepalive', 'keep', '--config', lab.sshConfig, '--out', path.join(dir, 'sessions')], lab.env);
  const session = await readFile(path.join(dir, 'sessions', HOSTS.putty), 'utf8');
  lab.puttyDirs.set(dirName, dir);
  // PuTTY adds the two on load: PingInterval (minutes) * 60 + PingIntervalSecs.
  const value = (key: string) => Number(new RegExp(`^${key}=(\\d+)\\r?$`, 'm').exec(session)?.[1] ?? NaN);
  const total = value('PingInterval') * 60 + value('PingIntervalSecs');
  if (!/^HostName=/m.test(session) || total !== keepaliveSeconds) throw new Error(`export wrote keepalive ${total} s, wanted ${keepaliveSeconds}: ${session}`);
  return null;
}

const runPlink = (lab: Lab, dirName: string) =>
  idleSession(lab.net, plink(lab, HOSTS.putty), { ...lab.env, PUTTYDIR: lab.puttyDirs.get(dirName) }, lab.idleMs);

export const cases: LabCase[] = [
  {
    name: '1 no keepalive: the idle session dies with a broken pipe',
    prepare: async () => null,
    run: async (lab) => withVerdict(lab, HOSTS.none, false, expectDies(await idleSession(lab.net, ssh(lab, HOSTS.none), lab.env, lab.idleMs), /Broken pipe/)),
  },
  {
    name: '2 client ServerAliveInterval (set --interval) survives',
    prepare: (lab) => setKeepalive(lab, HOSTS.client, lab.keepalive),
    run: async (lab) => withVerdict(lab, HOSTS.client, true, expectSurvives(await idleSession(lab.net, ssh(lab, HOSTS.client), lab.env, lab.idleMs))),
  },
  {
    name: '3 server ClientAliveInterval (server set --interval) survives',
    prepare: async (lab) => {
      if (!lab.cli.has('server')) return 'this build has no `server` command yet';
      // Debian's layout: the main file includes the drop-in directory the editor writes to.
      const main = `Include /etc/ssh/sshd_config.d/*.conf\n${sshdConfigText(lab.keys, lab.net, SERVER_KEEPALIVE_PORT)}`;
      const etc = await privateEtcSsh(lab.dir, main, lab.keys.hostKey);
      await appCli(['server', 'set', '--interval', String(lab.keepalive), '--no-reload'], lab.env, { wrap: etc.wrap });
      // OpenSSH is the judge of what the app wrote.
      const [cmd, ...args] = etc.wrap(['/usr/sbin/sshd', '-T', '-f', '/etc/ssh/sshd_config']);
      const effective = (await run(cmd as string, args)).stdout;
      if (!new RegExp(`^clientaliveinterval ${lab.keepalive}$`, 'm').test(effective)) throw new Error(`sshd -T does not show ClientAliveInterval ${lab.keepalive} after server set`);
      await startSshd(lab.net, '/etc/ssh/sshd_config', path.join(lab.dir, `sshd-${SERVER_KEEPALIVE_PORT}.log`), lab.serverHome, etc.wrap);
      return null;
    },
    run: async (lab) => expectSurvives(await idleSession(lab.net, ssh(lab, HOSTS.server), lab.env, lab.idleMs)),
  },
  {
    name: '4 PuTTY session (export putty --format unix) with keepalive survives in plink',
    prepare: async (lab) => {
      await setKeepalive(lab, HOSTS.putty, lab.keepalive);
      return exportPutty(lab, 'putty-keepalive', lab.keepalive);
    },
    run: async (lab) => expectSurvives(await runPlink(lab, 'putty-keepalive')),
  },
  {
    name: '5 the same PuTTY session without keepalive dies in plink',
    prepare: async (lab) => {
      if (!lab.cli.has('export')) return 'this build has no `export` command yet';
      await appCli(['unset', HOSTS.putty, '--config', lab.sshConfig], lab.env);
      return exportPutty(lab, 'putty-no-keepalive', 0);
    },
    run: async (lab) => expectDies(await runPlink(lab, 'putty-no-keepalive')),
  },
  {
    name: '6 an interval longer than the NAT timeout dies, and the app says so',
    prepare: (lab) => setKeepalive(lab, HOSTS.slow, lab.slowInterval),
    run: async (lab) => withVerdict(lab, HOSTS.slow, false, expectDies(await idleSession(lab.net, ssh(lab, HOSTS.slow), lab.env, lab.idleMs))),
  },
];
