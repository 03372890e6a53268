import { AppError } from '../../common/contract/errors';
import type { ServerOutcome, ServerStatus, SystemClientStatus, SystemOutcome, SystemPreview } from '../../common/contract/system';
import { intOption, parseCliArgs, sourceText } from './args';
import type { CliCommand, CliIo } from './io';

/**
 * `server` (sshd keepalive) and `system` (ServerAliveInterval for every user): status, set, unset,
 * undo, through the server:* and system:* channels. Changes print the diff, then go through the
 * privileged helper (pkexec prompt), or spawn it directly when already root.
 */

function printStatus(io: CliIo, s: ServerStatus | SystemClientStatus, title: string): void {
  io.stdout(`${title}: ${s.configPath}\n`);
  if (s.note) io.stdout(`  ${s.note}\n`);
  if ('installed' in s && !s.installed) {
    io.stdout('  No SSH server (sshd) is installed.\n');
    return;
  }
  for (const v of s.settings) io.stdout(`  ${v.keyword.padEnd(20)} ${v.value.padEnd(6)} (${sourceText(v.source)})\n`);
  for (const c of s.conditional) io.stdout(`  ${c.block} (${c.file}:${c.line}) sets ${c.keyword} ${c.value} for those connections\n`);
  io.stdout(`  Changes go to ${s.writeTarget}\n`);
  if (s.problem) io.stdout(`  Problem: ${s.problem}\n`);
  if (s.undo) io.stdout(`  Undo available: ${s.undo.description} (${s.undo.createdAt})\n`);
}

function printPreview(io: CliIo, p: SystemPreview): void {
  io.stdout(`${p.summary}\n`);
  for (const n of p.notes) io.stdout(`  note: ${n}\n`);
  for (const e of p.edits) {
    io.stdout(`--- ${e.file}${e.created ? ' (new)' : ''}${e.deleted ? ' (removed)' : ''}\n`);
    for (const d of e.diff) io.stdout(`${d.kind === 'add' ? '+' : d.kind === 'remove' ? '-' : ' '}${d.text}\n`);
  }
}

function printOutcome(io: CliIo, o: ServerOutcome | SystemOutcome, json: boolean): number {
  if (json) io.stdout(JSON.stringify({ outcome: o.outcome, message: o.message, changedFiles: o.changedFiles, validated: o.validated, reload: o.reload }, null, 2) + '\n');
  else io.stdout(`${o.message}\n`);
  return o.outcome === 'cancelled' ? 126 : 0;
}

const SERVER_USAGE =
  'server status [--sshd-config FILE] [--json] | server set --interval N [--count-max N] [--no-reload] | server unset [--no-reload] | server undo [--no-reload]';
const SYSTEM_USAGE = 'system status [--json] | system set --interval N | system unset | system undo';

const server: CliCommand = {
  summary: `${SERVER_USAGE}: keepalive of this machine's SSH server`,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values } = parseCliArgs(rest, {
      'sshd-config': { type: 'string' },
      json: { type: 'boolean' },
      interval: { type: 'string' },
      'count-max': { type: 'string' },
      'no-reload': { type: 'boolean' },
    });
    const json = Boolean(values.json);
    const reload = !values['no-reload'];
    if (sub === 'status') {
      const sshdConfig = values['sshd-config'];
      const s = await io.call('server:status', sshdConfig === undefined ? {} : { sshdConfigPath: sshdConfig });
      if (json) io.stdout(JSON.stringify(s, null, 2) + '\n');
      else printStatus(io, s, 'SSH server');
      return 0;
    }
    if (sub === 'set' || sub === 'unset') {
      if (values['sshd-config'] !== undefined) throw new AppError('invalid-input', '--sshd-config only applies to "server status"; changes always go to /etc/ssh');
      const interval = intOption(values.interval, 'interval');
      if (sub === 'set' && interval === undefined) throw new AppError('invalid-input', 'server set needs --interval N (seconds, e.g. 60)');
      const countMax = intOption(values['count-max'], 'count-max');
      const change = { action: sub === 'set' ? ('on' as const) : ('off' as const), ...(interval === undefined ? {} : { interval }), ...(countMax === undefined ? {} : { countMax }) };
      const preview = await io.call('server:preview', change);
      if (!json) printPreview(io, preview);
      if (preview.kind === 'noop') return 0;
      return printOutcome(io, await io.call('server:apply', { ...change, seen: preview.seen, reload }), json);
    }
    if (sub === 'undo') {
      const s = await io.call('server:status', {});
      if (!s.undo) throw new AppError('not-found', 'Nothing to undo for the SSH server');
      return printOutcome(io, await io.call('server:undo', { entry: s.undo.entry, reload }), json);
    }
    throw new AppError('invalid-input', `usage: ssh-keepalive ${SERVER_USAGE}`);
  },
};

const system: CliCommand = {
  summary: `${SYSTEM_USAGE}: ServerAliveInterval for every user (/etc/ssh/ssh_config)`,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values } = parseCliArgs(rest, { json: { type: 'boolean' }, interval: { type: 'string' } });
    const json = Boolean(values.json);
    if (sub === 'status') {
      const s = await io.call('system:status', {});
      if (json) io.stdout(JSON.stringify(s, null, 2) + '\n');
      else printStatus(io, s, 'System-wide ssh client');
      return 0;
    }
    if (sub === 'set' || sub === 'unset') {
      const interval = intOption(values.interval, 'interval');
      if (sub === 'set' && interval === undefined) throw new AppError('invalid-input', 'system set needs --interval N (seconds, e.g. 60)');
      const change = { action: sub === 'set' ? ('on' as const) : ('off' as const), ...(interval === undefined ? {} : { interval }) };
      const preview = await io.call('system:preview', change);
      if (!json) printPreview(io, preview);
      if (preview.kind === 'noop') return 0;
      return printOutcome(io, await io.call('system:apply', { ...change, seen: preview.seen }), json);
    }
    if (sub === 'undo') {
      const s = await io.call('system:status', {});
      if (!s.undo) throw new AppError('not-found', 'Nothing to undo for the system-wide client config');
      return printOutcome(io, await io.call('system:undo', { entry: s.undo.entry }), json);
    }
    throw new AppError('invalid-input', `usage: ssh-keepalive ${SYSTEM_USAGE}`);
  },
};

export const serverCommands: Record<string, CliCommand> = { server, system };
