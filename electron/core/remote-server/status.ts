import path from 'node:path';
import type { FileState } from '../../../common/contract/hosts';
import type { ConditionalSetting, SystemSetting } from '../../../common/contract/system';
import { hashBytes } from '../files/read';
import { systemLayout } from '../openssh/system-layout';
import { isGlobal, loadTree, type ConfigTree, type TreeIo } from '../openssh/config-tree';
import { KEYWORDS } from '../openssh/system-keywords';
import { PlanBlocked, planSystemChange } from '../openssh/system-plan';
import { convtime } from '../openssh/values';
import { entryTime, statusIntent } from './intent';
import { value, values, type ProgramOutput } from './output';
import { checked } from './privilege';
import { runProgram, type SshTarget, type TransportOptions } from './transport';
import { RemoteServerError, type RemoteServerStatus } from './types';

/**
 * "Server keepalive for HOST": the remote sshd's effective ClientAliveInterval, ClientAliveCountMax
 * and TCPKeepAlive, as that sshd prints them for this very connection (`sshd -G` on 9.3+, `sshd -T`
 * with a throwaway host key before), each with the file:line that sets it. Read as the login user;
 * where the files are root-only (Fedora/RHEL) the values are 'unknown' and `problem` says why (or,
 * when asked, it reads them once more through `sudo -n`, never with a password prompt): sshd silently skips a drop-in
 * directory it cannot read, so its output would look right and be wrong.
 */
const SSHD_KEYWORDS = KEYWORDS.filter((k) => k.target === 'sshd_config');
const MAIN = '/etc/ssh/sshd_config';

/** The files the program sent, as the config tree reads files. */
function snapshotIo(out: ProgramOutput): TreeIo {
  const files = new Map<string, Buffer>();
  for (const [label, bytes] of out.blocks) if (label.startsWith('file ')) files.set(label.slice(5), bytes);
  return {
    async read(file) {
      const b = files.get(file);
      return b ? { exists: true, text: b.toString('utf8'), hash: hashBytes(b) } : { exists: false, text: '', hash: '' };
    },
    async list(dir) {
      return [...files.keys()].filter((f) => path.posix.dirname(f) === dir).map((f) => path.posix.basename(f));
    },
  };
}

function dumpOf(out: ProgramOutput): Map<string, string> {
  const map = new Map<string, string>();
  const dump = out.blocks.get('dump')?.toString('utf8') ?? '';
  for (const line of dump.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && !map.has(line.slice(0, sp))) map.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return map;
}

/** Values compare as sshd prints them: seconds for times, lowercase yes/no. */
function normal(keyword: string, raw: string): string {
  const v = raw.replace(/^["']|["']$/g, '');
  if (keyword === 'ClientAliveInterval') return String(Math.max(convtime(v), 0));
  return v.toLowerCase();
}

function conditionalOf(tree: ConfigTree): ConditionalSetting[] {
  const keys = new Map(SSHD_KEYWORDS.map((k) => [k.name.toLowerCase(), k.name]));
  return tree.directives
    .filter((d) => keys.has(d.line.key) && !isGlobal(tree.flavor, d))
    .map((d) => {
      const b = d.blocks[d.blocks.length - 1]!;
      return { file: d.file, line: d.line.lineNo, block: `Match ${b.args.join(' ')}`, keyword: keys.get(d.line.key)!, value: d.line.args.join(' ') };
    });
}

/**
 * The line behind each value: the first global line when it agrees with sshd; else (a Match block
 * decides for this connection) the first Match line with that value; else OpenSSH's default.
 */
function settingsOf(tree: ConfigTree, dump: Map<string, string>, known: boolean): SystemSetting[] {
  return SSHD_KEYWORDS.map((spec) => {
    const key = spec.name.toLowerCase();
    const fallback = spec.kind === 'flag' ? (spec.defaultValue ? 'yes' : 'no') : String(spec.defaultValue);
    if (!known) return { keyword: spec.name, value: 'unknown', source: { kind: 'default' as const } };
    const effective = dump.get(key) ?? fallback;
    const lines = tree.directives.filter((d) => d.line.key === key);
    const global = lines.find((d) => isGlobal(tree.flavor, d));
    const agrees = (d: (typeof lines)[number]) => normal(spec.name, d.line.args[0] ?? '') === normal(spec.name, effective);
    const decider = global && agrees(global) ? global : lines.find((d) => !isGlobal(tree.flavor, d) && agrees(d));
    return {
      keyword: spec.name,
      value: effective,
      source: decider ? { kind: 'line' as const, file: decider.file, line: decider.line.lineNo } : { kind: 'default' as const },
    };
  });
}

async function writeTargetOf(io: TreeIo): Promise<string> {
  try {
    const plan = await planSystemChange('sshd_config', systemLayout('sshd_config'), io, [{ keyword: 'ClientAliveInterval', action: 'set', value: 86_399 }]);
    return plan.edits[0]?.file ?? MAIN;
  } catch (err) {
    return err instanceof PlanBlocked ? err.file : MAIN;
  }
}

export async function statusFromOutput(target: SshTarget, out: ProgramOutput, readAs: 'login' | 'sudo'): Promise<RemoteServerStatus> {
  const host = target.host;
  if (out.malformed) throw new RemoteServerError(host, 'failed', `${host} sent a status that does not parse`);
  const os = value(out, 'os') ?? '';
  const platform = os === 'Linux' ? 'linux' : os === 'Darwin' ? 'darwin' : 'other';
  const sshd = value(out, 'sshd');
  const installed = sshd !== undefined && sshd !== 'none';
  const version = /OpenSSH_[0-9][0-9.p]*/.exec(value(out, 'version') ?? '')?.[0] ?? null;
  const undoLine = value(out, 'undo');
  const undo = undoLine ? { entry: undoLine.split(' ')[0]!, description: undoLine.split(' ').slice(1).join(' '), createdAt: entryTime(undoLine.split(' ')[0]!) } : null;
  const unknown = value(out, 'unknown');
  const dumpFailed = value(out, 'dump-failed');
  const io = snapshotIo(out);
  const tree = await loadTree(MAIN, 'sshd', io);
  const known = installed && unknown === undefined && dumpFailed === undefined && out.blocks.has('dump');
  const settings = settingsOf(tree, dumpOf(out), known);
  const files: FileState[] = [...tree.files.values()].map((f) => ({ path: f.path, exists: f.exists, hash: f.hash }));
  for (const f of values(out, 'unreadable')) if (!files.some((x) => x.path === f)) files.push({ path: f, exists: true, hash: '' });
  const issue = tree.issues[0];
  const problem = unknown
    ? `${unknown} as ${value(out, 'user') ?? 'this user'}, so sshd's own answer could be wrong (it skips what it cannot read); the values are unknown (reading them needs root).`
    : dumpFailed
      ? `sshd could not print its settings: ${dumpFailed}`
      : issue
        ? `${issue.file}:${issue.line}: ${issue.message}`
        : null;
  return {
    host,
    platform,
    supported: platform === 'linux' && installed,
    note: platform === 'linux' ? '' : `${host} runs ${os || 'an unknown system'}; changing its sshd from here is supported on Linux only.`,
    configPath: MAIN,
    settings,
    keepaliveOn: known && Number(settings[0]?.value ?? '0') > 0,
    conditional: conditionalOf(tree),
    writeTarget: installed ? await writeTargetOf(io) : MAIN,
    files,
    problem,
    undo,
    installed,
    reloadCommand: value(out, 'reload') ?? 'systemctl reload ssh',
    sshdVersion: version,
    valuesKnown: known,
    loginUser: value(out, 'user') ?? '',
    readAs,
    connection: value(out, 'connection') ?? '',
  };
}

export interface RemoteStatusOptions extends TransportOptions {
  /**
   * Where the login user cannot read the files, try once more through `sudo -n` (never a password
   * prompt). Off by default: for a user sudo does not know, even `sudo -n` can mail the admin an
   * "incident" report.
   */
  trySudo?: boolean;
}

export async function remoteServerStatus(target: SshTarget, opts: RemoteStatusOptions = {}): Promise<RemoteServerStatus> {
  const intent = statusIntent();
  const asUser = checked(target, await runProgram(target, intent, 'login', opts));
  if (asUser.output.error) throw new RemoteServerError(target.host, 'failed', `${target.host}: ${asUser.output.error.message}`);
  const status = await statusFromOutput(target, asUser.output, 'login');
  if (!opts.trySudo || status.valuesKnown || !status.installed || value(asUser.output, 'uid') === '0') return status;
  // Root-only files: sudo -n may read them without a prompt; a read never asks for a password.
  const asRoot = await runProgram(target, intent, 'sudo', opts);
  if (asRoot.kind !== 'ran' || asRoot.output.error) return status;
  return statusFromOutput(target, asRoot.output, 'sudo');
}
