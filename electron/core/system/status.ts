import { execFile } from 'node:child_process';
import os from 'node:os';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConditionalSetting, ServerStatus, SystemClientStatus, SystemSetting } from '../../../common/contract/system';
import type { FileState } from '../../../common/contract/hosts';
import { loadModel } from '../openssh/ssh-config';
import { resolveHost } from '../openssh/resolve';
import { convtime } from '../openssh/values';
import { undoInfo } from './undo-state';
import { systemLayout, type SystemLayout } from '../openssh/system-layout';
import { isGlobal, loadTree, type ConfigTree, type TreeDirective, type TreeIo } from '../openssh/config-tree';
import { fsTreeIo } from './fs-io';
import { KEYWORDS, type SystemTarget } from '../openssh/system-keywords';
import { PlanBlocked, planSystemChange } from '../openssh/system-plan';
import { reloadCommandHint } from './reload-hint';
import { findSshd, sshdCheck, sshdDump } from './sshd';

/**
 * What the "This computer" section shows: effective keepalive values with the file:line that
 * decides each, blocks that override them for some connections, where a change would be written,
 * and whether undo is possible. For sshd the values are what `sshd -T` prints (the truth); our own
 * walk of the files only says where they come from.
 */
export interface StatusOptions {
  platform: NodeJS.Platform;
  /** App state dir: holds the throwaway host key that lets a normal user run `sshd -T`. */
  stateDir: string;
  /** Read a different sshd_config (CLI --sshd-config); changes still go to /etc/ssh only. */
  sshdConfigPath?: string;
  /** For the client resolver (Match user/localuser, ~ in Include); default: this process's. */
  homeDir?: string;
  localUser?: string;
  io?: TreeIo;
}

const platformOf = (p: NodeJS.Platform): 'linux' | 'darwin' | 'win32' | 'other' => (p === 'linux' || p === 'darwin' || p === 'win32' ? p : 'other');

function fileStates(tree: ConfigTree): FileState[] {
  return [...tree.files.values()].map((f) => ({ path: f.path, exists: f.exists, hash: f.hash }));
}

function firstGlobal(tree: ConfigTree, keyword: string): TreeDirective | undefined {
  const key = keyword.toLowerCase();
  return tree.directives.find((d) => d.line.key === key && isGlobal(tree.flavor, d));
}

/** Inside `Match all` (and nothing else): sshd applies it to every connection, `sshd -T` too. */
const inMatchAll = (d: TreeDirective) => d.blocks.length > 0 && d.blocks.every((b) => b.kind === 'match' && b.all === true);

/**
 * The line whose value sshd uses when no other Match holds: servconf.c reads the global lines
 * (first value wins), then the matching Match blocks (first value wins among them) and lets those
 * replace the global value. So a `Match all` line decides over every global line, wherever it is.
 */
function sshdDecider(tree: ConfigTree, keyword: string): TreeDirective | undefined {
  const key = keyword.toLowerCase();
  return tree.directives.find((d) => d.line.key === key && inMatchAll(d)) ?? firstGlobal(tree, keyword);
}

function conditional(tree: ConfigTree, target: SystemTarget): ConditionalSetting[] {
  const keys = new Set(KEYWORDS.filter((k) => k.target === target).map((k) => k.name.toLowerCase()));
  return tree.directives
    // sshd's `Match all` is no condition: its line is shown as the deciding one (sshdDecider).
    .filter((d) => keys.has(d.line.key) && !isGlobal(tree.flavor, d) && !(tree.flavor === 'sshd' && inMatchAll(d)))
    .map((d) => {
      const b = d.blocks[d.blocks.length - 1]!;
      const spec = KEYWORDS.find((k) => k.target === target && k.name.toLowerCase() === d.line.key)!;
      return { file: d.file, line: d.line.lineNo, block: `${b.kind === 'host' ? 'Host' : 'Match'} ${b.args.join(' ')}`, keyword: spec.name, value: d.line.args.join(' ') };
    });
}

async function writeTarget(target: SystemTarget, layout: SystemLayout, io: TreeIo): Promise<string> {
  const keyword = target === 'sshd_config' ? 'ClientAliveInterval' : 'ServerAliveInterval';
  try {
    const plan = await planSystemChange(target, layout, io, [{ keyword, action: 'set', value: 86_399 }]);
    return plan.edits[0]?.file ?? layout.root;
  } catch (err) {
    if (err instanceof PlanBlocked) return err.file;
    return layout.root;
  }
}

function unsupportedNote(platform: NodeJS.Platform, what: 'server' | 'client'): string {
  if (platform === 'linux') return '';
  if (platform === 'darwin') {
    return what === 'server'
      ? 'macOS starts sshd for each connection (launchd), so a change needs no reload; changing it from here is not supported yet.'
      : 'Changing the system-wide client config on macOS is not supported yet.';
  }
  if (platform === 'win32') {
    return what === 'server'
      ? 'The Windows OpenSSH server is not managed from here yet: add ClientAliveInterval 60 to %ProgramData%\\ssh\\sshd_config as an administrator, then run Restart-Service sshd.'
      : 'Changing %ProgramData%\\ssh\\ssh_config is not supported yet.';
  }
  return 'This platform is not supported yet.';
}

/** A host key only for `sshd -T`/`-t` as a normal user (sshd insists on one it can read). */
async function probeHostKey(stateDir: string): Promise<string | undefined> {
  if (process.getuid?.() === 0) return undefined;
  const key = path.join(stateDir, 'sshd-probe', 'hostkey');
  if (await fs.access(key).then(() => true, () => false)) return key;
  await fs.mkdir(path.dirname(key), { recursive: true, mode: 0o700 });
  await new Promise<void>((resolve, reject) =>
    execFile('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ssh-keepalive sshd -T probe', '-f', key], (err) => (err ? reject(err) : resolve())),
  );
  return key;
}

/**
 * `sshd -T`: the values of a connection no Match names. With a `Match LocalPort` block (which
 * `sshd -t` accepts) plain `-T` refuses ("'Match LocalPort' in configuration but 'lport' not in
 * connection test specification"): then ask for a local port no such block names, which every
 * other Match criterion (user, host, address) still fails without its own -C value.
 */
async function globalDump(sshd: string, configPath: string, tree: ConfigTree, hostKey: string | undefined): Promise<Map<string, string>> {
  try {
    return await sshdDump(sshd, configPath, { hostKey });
  } catch (err) {
    if (!/'lport' not in connection test specification/.test((err as Error).message)) throw err;
    const named = new Set<number>();
    for (const d of tree.directives) {
      for (const b of d.blocks) {
        const m = b.kind === 'match' ? /localport[\s=]+(\d+)/i.exec(b.args.join(' ')) : null;
        if (m) named.add(Number(m[1]));
      }
    }
    let port = 65535;
    while (named.has(port)) port--;
    return sshdDump(sshd, configPath, { hostKey, connection: `lport=${port}` });
  }
}

export async function serverStatus(opts: StatusOptions): Promise<ServerStatus> {
  const layout = systemLayout('sshd_config');
  const configPath = opts.sshdConfigPath ?? layout.root;
  const io = opts.io ?? fsTreeIo;
  const note = unsupportedNote(opts.platform, 'server');
  const sshd = opts.platform === 'win32' ? null : await findSshd();
  const base = {
    platform: platformOf(opts.platform),
    supported: opts.platform === 'linux' && sshd !== null,
    note,
    configPath,
    reloadCommand: reloadCommandHint(opts.platform),
  };
  if (opts.platform === 'win32') {
    // Windows OpenSSH server: reported, not managed yet (the note says how to do it by hand).
    const file = path.win32.join(process.env.ProgramData ?? 'C:\\ProgramData', 'ssh', 'sshd_config');
    const installed = await fs.access(file).then(() => true, () => false);
    return { ...base, configPath: file, installed, settings: [], keepaliveOn: false, conditional: [], writeTarget: file, files: [], problem: null, undo: null };
  }
  if (!sshd) {
    return { ...base, installed: false, settings: [], keepaliveOn: false, conditional: [], writeTarget: layout.root, files: [], problem: null, undo: null };
  }
  const tree = await loadTree(configPath, 'sshd', io);
  const hostKey = await probeHostKey(opts.stateDir).catch(() => undefined);
  let problem = tree.issues[0] ? `${tree.issues[0].file}:${tree.issues[0].line}: ${tree.issues[0].message}` : null;
  let dump = new Map<string, string>();
  try {
    const check = await sshdCheck(sshd, configPath, { hostKey });
    if (check) problem = check;
    dump = await globalDump(sshd, configPath, tree, hostKey);
  } catch (err) {
    problem = (err as Error).message;
  }
  const settings: SystemSetting[] = KEYWORDS.filter((k) => k.target === 'sshd_config').map((spec) => {
    const d = sshdDecider(tree, spec.name);
    const fallback = d ? d.line.args.join(' ') : spec.kind === 'flag' ? (spec.defaultValue ? 'yes' : 'no') : String(spec.defaultValue);
    return {
      keyword: spec.name,
      value: dump.get(spec.name.toLowerCase()) ?? fallback,
      source: d ? { kind: 'line' as const, file: d.file, line: d.line.lineNo } : { kind: 'default' as const },
    };
  });
  const interval = Number(settings[0]?.value ?? '0');
  return {
    ...base,
    installed: true,
    settings,
    keepaliveOn: interval > 0,
    conditional: conditional(tree, 'sshd_config'),
    writeTarget: configPath === layout.root ? await writeTarget('sshd_config', layout, io) : configPath,
    files: fileStates(tree),
    problem,
    undo: await undoInfo('sshd_config', opts.stateDir),
  };
}

/** A host name no literal Host pattern names: what "every host" gets from the system file. */
export const ANY_HOST = 'any-host.ssh-keepalive.invalid';

/**
 * The client resolver of core/hosts (OpenSSH's rules, Match included) run on the system file
 * alone for ANY_HOST. null when it cannot (then the simple walk below is used).
 */
function resolvedClientSettings(root: string, opts: StatusOptions): SystemSetting[] | null {
  try {
    const homeDir = opts.homeDir ?? os.homedir();
    const model = loadModel([{ path: root, kind: 'system' }], { homeDir, platform: opts.platform, checkPermissions: false });
    const r = resolveHost(model, ANY_HOST, { homeDir, localUser: opts.localUser ?? os.userInfo().username });
    const v = r.values;
    return [
      { keyword: 'ServerAliveInterval', value: String(v.serverAliveInterval.value), source: v.serverAliveInterval.source },
      { keyword: 'ServerAliveCountMax', value: String(v.serverAliveCountMax.value), source: v.serverAliveCountMax.source },
      { keyword: 'TCPKeepAlive', value: v.tcpKeepAlive.value ? 'yes' : 'no', source: v.tcpKeepAlive.source },
    ];
  } catch {
    return null;
  }
}

export async function systemClientStatus(opts: StatusOptions): Promise<SystemClientStatus> {
  const layout = systemLayout('ssh_config');
  const io = opts.io ?? fsTreeIo;
  const tree = await loadTree(layout.root, 'ssh', io);
  const settings: SystemSetting[] = (opts.io ? null : resolvedClientSettings(layout.root, opts)) ?? KEYWORDS.filter((k) => k.target === 'ssh_config').map((spec) => {
    const d = firstGlobal(tree, spec.name);
    let value = spec.kind === 'flag' ? (spec.defaultValue ? 'yes' : 'no') : String(spec.defaultValue);
    if (d) {
      const arg = d.line.args[0] ?? '';
      value = spec.name === 'ServerAliveInterval' ? String(Math.max(convtime(arg), 0)) : arg.toLowerCase();
    }
    return { keyword: spec.name, value, source: d ? { kind: 'line' as const, file: d.file, line: d.line.lineNo } : { kind: 'default' as const } };
  });
  const first = tree.issues[0];
  return {
    platform: platformOf(opts.platform),
    supported: opts.platform === 'linux',
    note: unsupportedNote(opts.platform, 'client'),
    configPath: layout.root,
    settings,
    keepaliveOn: Number(settings[0]?.value ?? '0') > 0,
    conditional: conditional(tree, 'ssh_config'),
    writeTarget: await writeTarget('ssh_config', layout, io),
    files: fileStates(tree),
    problem: first ? `${first.file}:${first.line}: ${first.message}` : null,
    undo: await undoInfo('ssh_config', opts.stateDir),
  };
}
