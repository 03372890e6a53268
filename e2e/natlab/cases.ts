import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appCli } from './app-cli';
import { privateEtcSsh } from './etc-ssh';
import { run } from './exec';
import { HOSTS, SERVER_KEEPALIVE_PORT, type CaseResult, type Lab, type LabCase } from './lab';
import { ECHO_COMMAND, idleSession, type IdleOutcome } from './session';
import { sshdConfigText, startSshd } from './sshd';

const ssh = (lab: Lab, host: string) => ['ssh', '-F', lab.sshConfig, '-T', host, ECHO_COMMAND];
const plink = (lab: Lab, session: string) => ['plink', '-batch', '-T', '-load', session, '-hostkey', lab.keys.hostKeyFingerprint, ECHO_COMMAND];

const firstLine = (text: string) => text.trim().split('\n').pop() ?? '';
const describe = (o: IdleOutcome) =>
  o.answered ? 'answered after idling' : `no answer; client exited ${o.exitCode ?? 'only when killed'}${o.secondsToExit !== null ? ` after ${o.secondsToExit.toFixed(1)} s` : ''}: "${firstLine(o.stderr)}"`;

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

async function setInterval_(lab: Lab, host: string, interval: number): Promise<null> {
  await appCli(['set', host, '--interval', String(interval), '--config', lab.sshConfig], lab.env);
  return null;
}

/** The PuTTY session every plink case loads; written by `export putty` when this build has it. */
const PUTTY_NO_KEEPALIVE = 'natlab-no-keepalive';

export const cases: LabCase[] = [
  {
    name: '1 no keepalive: the idle session dies with a broken pipe',
    prepare: async () => null,
    run: async (lab) => withVerdict(lab, HOSTS.none, false, expectDies(await idleSession(lab.net, ssh(lab, HOSTS.none), lab.env, lab.idleMs), /Broken pipe/)),
  },
  {
    name: '2 client ServerAliveInterval (set --interval) survives',
    prepare: (lab) => setInterval_(lab, HOSTS.client, lab.keepalive),
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
      await startSshd(lab.net, '/etc/ssh/sshd_config', path.join(lab.dir, `sshd-${SERVER_KEEPALIVE_PORT}.log`), etc.wrap);
      return null;
    },
    run: async (lab) => expectSurvives(await idleSession(lab.net, ssh(lab, HOSTS.server), lab.env, lab.idleMs)),
  },
  {
    name: '4 PuTTY session (export putty --format unix) with keepalive survives in plink',
    prepare: async (lab) => (lab.cli.has('export') ? 'export putty: lab wiring pending' : 'this build has no `export` command yet'),
    run: async () => ({ status: 'SKIP', detail: '' }),
  },
  {
    name: '5 the same PuTTY session without keepalive dies in plink',
    prepare: async (lab) => {
      // Until `export putty` exists, the session is the lab's baseline: connection values only, as a
      // user's fresh PuTTY session would be (keepalive is off by default in PuTTY).
      const dir = path.join(lab.home, '.putty', 'sessions');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const lines = [`HostName=${lab.net.serverAddr}`, 'Protocol=ssh', 'PortNumber=22', 'UserName=root', 'PingInterval=0', 'PingIntervalSecs=0', ''];
      await writeFile(path.join(dir, PUTTY_NO_KEEPALIVE), lines.join('\n'), { mode: 0o600 });
      return null;
    },
    run: async (lab) => expectDies(await idleSession(lab.net, plink(lab, PUTTY_NO_KEEPALIVE), lab.env, lab.idleMs)),
  },
  {
    name: '6 an interval longer than the NAT timeout dies, and the app says so',
    prepare: (lab) => setInterval_(lab, HOSTS.slow, lab.slowInterval),
    run: async (lab) => withVerdict(lab, HOSTS.slow, false, expectDies(await idleSession(lab.net, ssh(lab, HOSTS.slow), lab.env, lab.idleMs))),
  },
];
