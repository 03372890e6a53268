import { parseArgs } from 'node:util';
import { AppError } from '../../common/contract/errors';
import type { RemoteFailure, RemoteOutcome, RemotePlanAnswer, RemoteServerStatus } from '../../common/contract/remote-server';
import type { ServerChange } from '../../common/contract/system';
import { intOption, parseCliArgs, sourceText } from './args';
import { retryWithPassword } from '../../common/remote-server/password-retry';
import type { CliCommand, CliIo } from './io';
import { terminalSecret, type ReadSecret } from './secret-prompt';

/**
 * `server status|set|unset|undo --host HOST...`: the keepalive of those servers' sshd, over the
 * user's ssh, through the remote-server:* channels. Each server's diff is printed before anything
 * is written; sudo is tried without a password first (`sudo -n`) and the password is asked on the
 * terminal only for the servers whose sudo wants one (at most three tries), used for that retry and
 * dropped. Exit 0 only when every server succeeded; one line per failed server on stderr.
 */
export const REMOTE_USAGE =
  'server status --host HOST [--config FILE] [--json] | server set --host HOST [--host HOST2 ...] --interval N [--count-max N] [--no-reload] | server unset --host HOST ... [--no-reload] | server undo --host HOST ... [--no-reload]';

/** `--host` anywhere in the arguments: the command is about those servers, not this computer. */
const namesHost = (args: string[]) => args.some((a) => a === '--host' || a.startsWith('--host='));

export function withRemoteServer(local: CliCommand, readSecret: ReadSecret = terminalSecret()): CliCommand {
  return {
    summary: `${local.summary}; with --host HOST: that server's sshd over ssh (${REMOTE_USAGE})`,
    run: (args, io) => (namesHost(args) ? runRemote(args, io, readSecret) : local.run(args, io)),
  };
}

interface Failed {
  host: string;
  failure: RemoteFailure | null;
  message: string;
}

/** The terminal's way to ask: what went wrong last time, then the prompt (the typed text is not echoed). */
const askOn = (io: CliIo, readSecret: ReadSecret) => async (waiting: readonly Failed[]) => {
  for (const r of waiting) if (r.failure === 'wrong-password') io.stderr(`${r.message}\n`);
  const names = waiting.map((r) => r.host);
  return readSecret(`sudo password on ${names.length === 1 ? names[0] : `${names[0]} and ${names.length - 1} more`}: `);
};

function printStatus(io: CliIo, s: RemoteServerStatus): void {
  io.stdout(`SSH server on ${s.host}: ${s.configPath} (${s.sshdVersion ?? 'version unknown'}; read as ${s.loginUser}${s.readAs === 'sudo' ? ' through sudo' : ''})\n`);
  if (s.note) io.stdout(`  ${s.note}\n`);
  if (!s.installed) return void io.stdout('  No SSH server (sshd) was found there.\n');
  for (const v of s.settings) io.stdout(`  ${v.keyword.padEnd(20)} ${v.value.padEnd(7)} (${sourceText(v.source)})\n`);
  for (const c of s.conditional) io.stdout(`  ${c.block} (${c.file}:${c.line}) sets ${c.keyword} ${c.value} for those connections\n`);
  io.stdout(`  Changes go to ${s.writeTarget}\n`);
  if (s.problem) io.stdout(`  Problem: ${s.problem}\n`);
  if (s.undo) io.stdout(`  Undo available: ${s.undo.description} (${s.undo.createdAt})\n`);
}

function printPlan(io: CliIo, a: RemotePlanAnswer): void {
  if (!a.plan) return;
  io.stdout(`${a.plan.summary}\n`);
  for (const n of a.plan.notes) io.stdout(`  note: ${n}\n`);
  for (const e of a.plan.edits) {
    io.stdout(`--- ${a.host}:${e.file}${e.action === 'create' ? ' (new)' : e.action === 'delete' ? ' (removed)' : ''}\n`);
    for (const d of e.diff) io.stdout(`${d.kind === 'add' ? '+' : d.kind === 'remove' ? '-' : ' '}${d.text}\n`);
  }
}

/** One line per failed server on stderr; an administrator's lines (no sudo) on stdout, to hand over. */
function report(io: CliIo, failed: Failed & { adminInstructions: string | null }): void {
  io.stderr(`ssh-keepalive: ${failed.message.replace(/\s*\n\s*/g, ' ')}\n`);
  if (failed.adminInstructions) io.stdout(`${failed.adminInstructions}\n`);
}

/** Each failed server reported; the others' messages on stdout (unless `json`). False when any failed. */
function reportOutcomes(io: CliIo, outcomes: readonly RemoteOutcome[], json: boolean): boolean {
  let ok = true;
  for (const o of outcomes) {
    if (o.outcome === 'failed') {
      ok = false;
      report(io, o);
    } else if (!json) io.stdout(`${o.message}\n`);
  }
  return ok;
}

async function change(io: CliIo, readSecret: ReadSecret, hosts: string[], configPath: string, change: ServerChange, reload: boolean, json: boolean): Promise<number> {
  const runId = `cli-${process.pid}`;
  const ask = askOn(io, readSecret);
  const plans = await retryWithPassword(hosts, async (names, password) => (await io.call('remote-server:fleet-plan', { configPath, hosts: names, change, runId, ...(password ? { password } : {}) })).plans, ask);
  if (!json) plans.forEach((p) => printPlan(io, p));
  const targets = plans.flatMap((p) => (p.plan?.kind === 'edit' && p.plan.digest ? [{ host: p.host, state: p.plan.state, digest: p.plan.digest }] : []));
  const apply = async (names: string[], password?: string) =>
    (await io.call('remote-server:fleet-apply', { configPath, targets: targets.filter((t) => names.includes(t.host)), change, reload, runId, ...(password ? { password } : {}) })).outcomes;
  const outcomes: RemoteOutcome[] = targets.length === 0 ? [] : await retryWithPassword(targets.map((t) => t.host), apply, ask);
  if (json) io.stdout(JSON.stringify({ plans, outcomes }, null, 2) + '\n');
  let ok = true;
  for (const p of plans) {
    if (p.plan === null) {
      ok = false;
      report(io, p);
    } else if (p.plan.kind === 'noop' && !json) io.stdout(`${p.host}: nothing to change.\n`);
  }
  const applied = reportOutcomes(io, outcomes, json);
  return ok && applied ? 0 : 1;
}

async function undo(io: CliIo, readSecret: ReadSecret, hosts: string[], configPath: string, reload: boolean, json: boolean): Promise<number> {
  const runId = `cli-${process.pid}`;
  const outcomes = await retryWithPassword(hosts, async (names, password) => (await io.call('remote-server:fleet-undo', { configPath, hosts: names, reload, runId, ...(password ? { password } : {}) })).outcomes, askOn(io, readSecret));
  if (json) io.stdout(JSON.stringify(outcomes, null, 2) + '\n');
  return reportOutcomes(io, outcomes, json) ? 0 : 1;
}

async function runRemote(args: string[], io: CliIo, readSecret: ReadSecret): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseCliArgs(
    rest,
    {
      host: { type: 'string', multiple: true },
      config: { type: 'string' },
      json: { type: 'boolean' },
      interval: { type: 'string' },
      'count-max': { type: 'string' },
      'no-reload': { type: 'boolean' },
    },
    REMOTE_USAGE,
  );
  const hosts = [...new Set(values.host ?? [])];
  const configPath = values.config ?? '';
  const json = Boolean(values.json);
  const reload = !values['no-reload'];
  if (sub === 'status') {
    if (hosts.length !== 1) throw new AppError('invalid-input', 'server status --host takes one host');
    const s = await io.call('remote-server:status', { configPath, host: hosts[0]! });
    if (json) io.stdout(JSON.stringify(s, null, 2) + '\n');
    else printStatus(io, s);
    return 0;
  }
  if (sub === 'set' || sub === 'unset') {
    const interval = intOption(values.interval, 'interval');
    if (sub === 'set' && interval === undefined) throw new AppError('invalid-input', 'server set --host needs --interval N (seconds, e.g. 30)');
    if (sub === 'unset' && (interval !== undefined || values['count-max'] !== undefined)) throw new AppError('invalid-input', 'server unset takes no --interval or --count-max');
    const countMax = intOption(values['count-max'], 'count-max');
    const c: ServerChange = sub === 'set' ? { action: 'on', interval, ...(countMax === undefined ? {} : { countMax }) } : { action: 'off' };
    return change(io, readSecret, hosts, configPath, c, reload, json);
  }
  if (sub === 'undo') return undo(io, readSecret, hosts, configPath, reload, json);
  throw new AppError('invalid-input', `usage: ssh-keepalive ${REMOTE_USAGE}`);
}

/** `export ansible ...` goes here; `export putty|winscp ...` to the sessions export. */
export const ANSIBLE_USAGE = 'export ansible (--host H)... | --all --interval N [--count-max N] [--config FILE] --out DIR';

export function withAnsibleExport(sessionsExport: CliCommand): CliCommand {
  return {
    summary: `${sessionsExport.summary}; ${ANSIBLE_USAGE}: an Ansible inventory and playbook, and a cloud-init snippet, for server keepalive`,
    run: (args, io) => {
      const { positionals } = parseArgs({ args, options: EXPORT_OPTIONS, strict: false, allowPositionals: true });
      return positionals[0] === 'ansible' ? exportAnsible(args, io) : sessionsExport.run(args, io);
    },
  };
}

const EXPORT_OPTIONS = {
  host: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  interval: { type: 'string' },
  'count-max': { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  keepalive: { type: 'string' },
  defaults: { type: 'boolean' },
} as const;

async function exportAnsible(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(
    args,
    { host: EXPORT_OPTIONS.host, all: EXPORT_OPTIONS.all, interval: EXPORT_OPTIONS.interval, 'count-max': EXPORT_OPTIONS['count-max'], config: EXPORT_OPTIONS.config, out: EXPORT_OPTIONS.out },
    ANSIBLE_USAGE,
  );
  if (positionals.length !== 1) throw new AppError('invalid-input', `usage: ssh-keepalive ${ANSIBLE_USAGE}`);
  if (!values.out) throw new AppError('invalid-input', '--out DIR is required');
  const interval = intOption(values.interval, 'interval');
  if (interval === undefined) throw new AppError('invalid-input', 'export ansible needs --interval N (seconds, e.g. 30)');
  const countMax = intOption(values['count-max'], 'count-max');
  const r = await io.call('remote-server:ansible-export', {
    configPath: values.config ?? '',
    hosts: values.host ?? [],
    all: values.all ?? false,
    interval,
    ...(countMax === undefined ? {} : { countMax }),
    destination: 'path',
    outDir: values.out,
  });
  for (const w of r.warnings) io.stderr(`warning: ${w}\n`);
  for (const s of r.skipped) io.stderr(`warning: ${s.alias} left out: ${s.reason}\n`);
  io.stdout(`Wrote ${r.files.map((f) => f.path).join(', ')} (${r.hosts.length} host(s): ${r.hosts.join(', ')})\n`);
  io.stdout(`Run: ${r.command}   (preview: add --check --diff; sudo with a password: add --ask-become-pass)\n`);
  if (!r.ansible.path) io.stdout(`ansible-playbook is not installed here. ${r.ansible.installHint}\n`);
  return 0;
}
