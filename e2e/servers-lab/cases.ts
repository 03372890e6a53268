import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { lexText } from '../../electron/core/openssh/lexer';
import { applyRemoteChange, planRemoteChange, remoteServerStatus, undoRemoteChange } from '../../electron/core/remote-server';
import type { RemoteOptions, RemoteServerStatus } from '../../electron/core/remote-server';
import { runProgram, type Privilege, type SshTarget } from '../../electron/core/remote-server/transport';
import { SERVER_NET, type Network } from '../natlab/network';
import type { LabKeys } from '../natlab/sshd';
import { assert, Checks, configSnapshot, sameSnapshot, snapshot, sshdT } from './check';
import type { LabEtc, LabServer } from './servers';

export interface Lab {
  net: Network;
  keys: LabKeys;
  dir: string;
  home: string;
  sshConfig: string;
  env: NodeJS.ProcessEnv;
  etc: LabEtc;
  servers: LabServer[];
  natTimeout: number;
  /** The interval the app suggests for this NAT and the servers' OpenSSH. */
  interval: number;
}

export const target = (lab: Lab, s: LabServer): SshTarget => ({ host: s.name, configPath: lab.sshConfig });

/** The app's functions run ssh in the client namespace: every connection crosses the NAT. */
export function remoteOpts(lab: Lab, askPassword?: RemoteOptions['askPassword']): RemoteOptions {
  return { prefix: ['ip', 'netns', 'exec', lab.net.client], env: lab.env, timeoutMs: 180_000, askPassword };
}

/** The right password for each server whose user has one (what a user would type). */
export function rightPassword(lab: Lab): RemoteOptions['askPassword'] {
  return async (host) => {
    const s = lab.servers.find((x) => x.name === host);
    return s && s.user !== 'root' ? s.user.password : null;
  };
}

const PWNED = '/tmp/servers-lab-pwned';

/** Intents a hostile or broken client could send; the program must refuse each, writing nothing. */
const HOSTILE: [string, string[]][] = [
  ['shell metacharacters in a value', ['intent 1', 'mode plan', `set ClientAliveInterval 30;touch ${PWNED}`, 'end']],
  ['command substitution in a value', ['intent 1', 'mode apply', `set ClientAliveInterval $(touch ${PWNED})`, 'state 0', 'digest 0', 'reload no', 'end']],
  ['backquotes in a value', ['intent 1', 'mode plan', `set ClientAliveInterval \`touch ${PWNED}\``, 'end']],
  ['a newline in a value', ['intent 1', 'mode plan', 'set ClientAliveInterval 30\nPermitRootLogin yes', 'end']],
  ['a carriage return in a value', ['intent 1', 'mode plan', 'set ClientAliveInterval 30\r', 'end']],
  ['another keyword', ['intent 1', 'mode plan', 'set PermitRootLogin 1', 'end']],
  ['a path instead of a keyword', ['intent 1', 'mode plan', 'set /etc/shadow 1', 'end']],
  ['a path line of its own', ['intent 1', 'mode apply', 'file etc passwd', 'set ClientAliveInterval 30', `state ${'a'.repeat(64)}`, `digest ${'b'.repeat(64)}`, 'reload no', 'end']],
  ['a path as the backup to restore', ['intent 1', 'mode undo', 'entry ../../../etc/shadow', 'reload no', 'end']],
  ['a value out of range', ['intent 1', 'mode plan', 'set ClientAliveInterval 90000', 'end']],
  ['a value that is not plain decimal', ['intent 1', 'mode plan', 'set ClientAliveInterval 0x1e', 'end']],
  ['a value with a leading zero', ['intent 1', 'mode plan', 'set ClientAliveCountMax 010', 'end']],
  ['a negative value', ['intent 1', 'mode plan', 'set ClientAliveCountMax -1', 'end']],
  ['an intent cut short (no end line)', ['intent 1', 'mode plan', 'set ClientAliveInterval 30']],
  ['an apply without the state it was planned on', ['intent 1', 'mode apply', 'set ClientAliveInterval 30', 'reload yes', 'end']],
];

function privilegeOf(s: LabServer): { privilege: Privilege; password?: string } {
  if (s.user === 'root') return { privilege: 'login' };
  if (s.user.sudo === 'nopasswd') return { privilege: 'sudo' };
  if (s.user.sudo === 'password') return { privilege: 'sudo-password', password: s.user.password };
  return { privilege: 'login' };
}

/** /etc/ssh/x inside the server -> the lab's file. */
const real = (s: LabServer, file: string) => path.join(s.etcDir, path.posix.relative('/etc/ssh', file));

/** Status equals that server's own sshd -T for the same connection, and every file:line is true. */
async function checkStatus(lab: Lab, s: LabServer, st: RemoteServerStatus): Promise<string> {
  assert(st.valuesKnown, `values unknown: ${st.problem}`);
  const login = s.user === 'root' ? 'root' : s.user.name;
  assert(st.connection.startsWith(`user=${login},`), `status computed for ${st.connection}, not for ${login}`);
  // The NAT masquerades: the server sees the router's address.
  assert(st.connection.includes(`,addr=${SERVER_NET.router},`), `status computed for ${st.connection}: not the NAT's address`);
  const truth = await sshdT(s, st.connection);
  const parts: string[] = [];
  for (const v of st.settings) {
    const want = truth.get(v.keyword.toLowerCase());
    assert(v.value === want, `${v.keyword}: status says ${v.value}, sshd -T -C says ${want}`);
    if (v.source.kind === 'line') {
      const line = lexText(await readFile(real(s, v.source.file), 'utf8'))[v.source.line - 1];
      assert(line?.key === v.keyword.toLowerCase(), `${v.keyword}: ${v.source.file}:${v.source.line} does not set it`);
      parts.push(`${v.keyword} ${v.value} (${v.source.file}:${v.source.line})`);
    } else parts.push(`${v.keyword} ${v.value} (default)`);
  }
  return `equals sshd -T -C ${st.connection}: ${parts.join(', ')}`;
}

export async function statusCase(lab: Lab, s: LabServer, c: Checks): Promise<void> {
  await c.step('status equals sshd -T', async () => checkStatus(lab, s, await remoteServerStatus(target(lab, s), remoteOpts(lab))));
}

export async function hostileCase(lab: Lab, s: LabServer, c: Checks): Promise<void> {
  const before = await snapshot(s);
  const { privilege, password } = privilegeOf(s);
  const failures: string[] = [];
  for (const [what, lines] of HOSTILE) {
    const r = await runProgram(target(lab, s), lines, privilege, { ...remoteOpts(lab), password });
    if (r.kind !== 'ran' || r.output.error?.code !== 'refused') failures.push(`${what}: ${r.kind} ${r.output.error ? `${r.output.error.code} ${r.output.error.message}` : r.output.lines.join(' | ')}`);
  }
  const changed = sameSnapshot(before, await snapshot(s));
  if (changed) failures.push(`files changed: ${changed}`);
  if (existsSync(PWNED)) failures.push(`${PWNED} exists: a value was run as a command`);
  c.expect(`refuses ${HOSTILE.length} hostile intents (as ${privilege}), nothing written`, failures.length === 0, failures.join('; ') || 'each answered "refused"; /etc/ssh and the backups are byte for byte the same');
}

/** Someone edits a file the plan read: apply must refuse and leave their edit alone. */
export async function changedCase(lab: Lab, s: LabServer, c: Checks): Promise<void> {
  await c.step('a file changed between read and write: nothing changed', async () => {
    const plan = await planRemoteChange(target(lab, s), { action: 'on', interval: lab.interval }, remoteOpts(lab));
    const victim = s.layout === 'debian' ? path.join(s.etcDir, 'sshd_config.d', '10-lab.conf') : path.join(s.etcDir, 'sshd_config');
    const original = await readFile(victim);
    const mode = (await stat(victim)).mode & 0o7777;
    await appendFile(victim, '# edited by someone else meanwhile\n');
    const before = await snapshot(s);
    const out = await applyRemoteChange(plan, { ...remoteOpts(lab, rightPassword(lab)), reload: true });
    const same = sameSnapshot(before, await snapshot(s));
    await writeFile(victim, original, { mode });
    assert(out.outcome === 'failed' && out.failure === 'changed', `outcome ${out.outcome} ${out.failure}: ${out.message}`);
    assert(same === null, `files changed: ${same}`);
    return out.message;
  });
}

export async function wrongPasswordCase(lab: Lab, s: LabServer, c: Checks): Promise<void> {
  await c.step('a wrong sudo password: nothing changed', async () => {
    const plan = await planRemoteChange(target(lab, s), { action: 'on', interval: lab.interval }, remoteOpts(lab));
    const before = await snapshot(s);
    let asked = 0;
    const out = await applyRemoteChange(plan, { ...remoteOpts(lab, async () => (asked++, 'not-the-password')), reload: true });
    const same = sameSnapshot(before, await snapshot(s));
    assert(asked === 1, `asked for the password ${asked} times`);
    assert(out.outcome === 'failed' && out.failure === 'wrong-password' && /wrong password/i.test(out.message) && /nothing changed/i.test(out.message), `${out.outcome} ${out.failure}: ${out.message}`);
    assert(same === null, `files changed: ${same}`);
    const cancelled = await applyRemoteChange(plan, { ...remoteOpts(lab, async () => null), reload: true });
    assert(cancelled.failure === 'needs-password' && sameSnapshot(before, await snapshot(s)) === null, `cancelled dialog: ${cancelled.failure}: ${cancelled.message}`);
    return `${out.message} / dialog cancelled: ${cancelled.message}`;
  });
}

export async function noSudoCase(lab: Lab, s: LabServer, c: Checks): Promise<void> {
  await c.step('a user without sudo rights: nothing changed, lines for the admin', async () => {
    const plan = await planRemoteChange(target(lab, s), { action: 'on', interval: lab.interval }, remoteOpts(lab));
    const before = await snapshot(s);
    const out = await applyRemoteChange(plan, { ...remoteOpts(lab, rightPassword(lab)), reload: true });
    assert(out.outcome === 'failed' && out.failure === 'no-sudo' && /nothing changed/i.test(out.message), `${out.outcome} ${out.failure}: ${out.message}`);
    const admin = out.adminInstructions ?? '';
    assert(admin.includes(`ClientAliveInterval ${lab.interval}`) && admin.includes('/etc/ssh/sshd_config') && admin.includes('sshd -t'), `admin lines: ${admin}`);
    assert(sameSnapshot(before, await snapshot(s)) === null, 'files changed');
    return `${out.message} Admin lines: ${admin.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.trim()).join(' | ')}`;
  });
}

/** After the fleet's set: what sshd -T says, what status says, and the diff that was shown. */
export async function afterSetCase(lab: Lab, s: LabServer, c: Checks): Promise<void> {
  await c.step(`set ClientAliveInterval ${lab.interval}: sshd -T and status agree`, async () => {
    const truth = await sshdT(s);
    assert(truth.get('clientaliveinterval') === String(lab.interval), `sshd -T says clientaliveinterval ${truth.get('clientaliveinterval')}`);
    const st = await remoteServerStatus(target(lab, s), remoteOpts(lab));
    const detail = await checkStatus(lab, s, st);
    const src = st.settings[0]!.source;
    const where = s.layout === 'debian' ? '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf' : '/etc/ssh/sshd_config';
    assert(src.kind === 'line' && src.file === where, `ClientAliveInterval comes from ${JSON.stringify(src)}, not ${where}`);
    if (s.layout === 'plain') {
      // before the first Match block and the comment directly above it (as the local planner does)
      const lines = (await readFile(path.join(s.etcDir, 'sshd_config'), 'utf8')).split('\n');
      const at = lines.indexOf(`ClientAliveInterval ${lab.interval}`);
      assert(at > 0 && lines[at + 1]?.startsWith('# Deploy jobs') && lines[at + 2] === 'Match User deploy', `inserted at line ${at + 1}: ${lines.slice(at - 1, at + 3).join(' / ')}`);
    }
    return detail;
  });
}

/** unset gives back the original bytes; undo of the unset gives back the set; undo of the set, the original. */
export async function unsetUndoCase(lab: Lab, s: LabServer, original: Map<string, string>, c: Checks): Promise<void> {
  const t = target(lab, s);
  const o = remoteOpts(lab, rightPassword(lab));
  const setState = await configSnapshot(s);
  await c.step('unset gives back the original bytes', async () => {
    const plan = await planRemoteChange(t, { action: 'off' }, o);
    const out = await applyRemoteChange(plan, { ...o, reload: true });
    assert(out.outcome === 'applied', `${out.outcome}: ${out.message}`);
    const diff = sameSnapshot(original, await configSnapshot(s));
    assert(diff === null, `differs from the original: ${diff}`);
    return out.message;
  });
  await c.step('undo of the unset gives back the set', async () => {
    const st = await remoteServerStatus(t, o);
    assert(st.undo, 'status offers no undo');
    const out = await undoRemoteChange(t, st.undo.entry, { ...o, reload: true, loginIsRoot: s.user === 'root' });
    assert(out.outcome === 'undone', `${out.outcome}: ${out.message}`);
    const diff = sameSnapshot(setState, await configSnapshot(s));
    assert(diff === null, `differs from the set state: ${diff}`);
    return `${st.undo.description} (${st.undo.entry}) undone`;
  });
}

export async function originalAgain(s: LabServer, original: Map<string, string>, c: Checks): Promise<void> {
  const diff = sameSnapshot(original, await configSnapshot(s));
  c.expect('undo of the set gives back the original bytes', diff === null, diff ?? '/etc/ssh byte for byte as before the lab (mode and owner too)');
}
