import { AppError } from '../../common/contract/errors';
import { DEFAULT_INTERVAL, type KeepaliveIntent, type KeepaliveTarget } from '../../common/contract/keepalive';
import type { HostRow } from '../../common/contract/hosts';
import type { HostLookup } from '../../common/contract/lookup';
import { routeText } from '../../common/format/route';
import { intOption, parseCliArgs, sourceText } from './args';
import type { CliCommand, CliIo } from './io';

/** `hosts`, `set`, `unset`, `undo`: the Hosts view on the command line (hosts:list, keepalive:*). */

function toJson(h: HostRow) {
  return {
    host: h.pattern,
    file: h.file,
    line: h.line,
    serverAliveInterval: h.values.serverAliveInterval.value,
    serverAliveCountMax: h.values.serverAliveCountMax.value,
    tcpKeepAlive: h.values.tcpKeepAlive.value,
    source: sourceText(h.values.serverAliveInterval.source),
    decided: h.decided,
    protected: h.verdict.protected,
    verdict: h.verdict.text,
  };
}

const hosts: CliCommand = {
  summary: 'hosts [--config FILE] [--json] [--nat-timeout S]: effective keepalive of every Host block',
  async run(args, io) {
    const { values } = parseCliArgs(args, { config: { type: 'string' }, json: { type: 'boolean' }, 'nat-timeout': { type: 'string' } });
    const nat = intOption(values['nat-timeout'], 'nat-timeout');
    const snap = await io.call('hosts:list', { configPath: String(values.config ?? ''), ...(nat === undefined ? {} : { natTimeoutSeconds: nat }) });
    const errors = snap.issues.filter((i) => i.severity === 'error');
    if (values.json) io.stdout(JSON.stringify(snap.hosts.map(toJson), null, 2) + '\n');
    else {
      if (snap.hosts.length === 0) io.stdout(`No Host blocks in ${snap.configPath}.\n`);
      for (const h of snap.hosts) {
        const v = h.values;
        io.stdout(
          `${h.pattern}\n  ServerAliveInterval ${v.serverAliveInterval.value} (${sourceText(v.serverAliveInterval.source)}), ` +
            `ServerAliveCountMax ${v.serverAliveCountMax.value} (${sourceText(v.serverAliveCountMax.source)}), ` +
            `TCPKeepAlive ${v.tcpKeepAlive.value ? 'yes' : 'no'} (${sourceText(v.tcpKeepAlive.source)})\n  ${h.verdict.text}${h.decided ? '' : ` (${h.undecidedReason})`}\n`,
        );
      }
    }
    for (const e of errors) io.stderr(`${e.file}:${e.line}: ${e.message}\n`);
    return errors.length ? 1 : 0;
  },
};

/** Preview, then apply against the files as the preview saw them: the window's flow, without the dialog. */
async function change(io: CliIo, intent: KeepaliveIntent) {
  const preview = await io.call('keepalive:preview', intent);
  let edits = preview.kind === 'edit' ? preview.edits : [];
  if (preview.kind === 'blocked') {
    const chosen = preview.alternatives.find((a) => a.id === intent.alternative);
    if (!chosen) {
      // A blocked change names its working alternatives in its one error line.
      const alts = preview.alternatives.map((a) => `--alternative ${a.id} (${a.label})`).join(' or ');
      const where = preview.decidedBy.kind === 'line' ? { file: preview.decidedBy.file, line: preview.decidedBy.line } : undefined;
      throw new AppError('blocked', `${preview.summary}${alts ? ` To change it, re-run with ${alts}.` : ''}`, where);
    }
    edits = chosen.edits;
  }
  // What it will and will not fix (keepalive for all hosts), said before it is written.
  if (preview.kind === 'edit') for (const note of preview.notes ?? []) io.stdout(`${note}\n`);
  // A no-op is refused by keepalive:apply with its summary (one line, exit 1), as before.
  const baseHashes = Object.fromEntries(edits.map((e) => [e.file, e.baseHash]));
  const result = await io.call('keepalive:apply', { ...intent, baseHashes });
  io.stdout(`${result.message}\n`);
  return 0;
}

function intentOf(configPath: string, target: KeepaliveTarget, action: 'on' | 'off', interval?: number, countMax?: number, alternative?: string): KeepaliveIntent {
  const intent: KeepaliveIntent = { configPath, target, action };
  if (interval !== undefined) intent.interval = interval;
  if (countMax !== undefined) intent.countMax = countMax;
  if (alternative !== undefined) intent.alternative = alternative;
  return intent;
}

function targetFor(host: string | undefined, all: boolean | undefined): KeepaliveTarget {
  if (all) return { kind: 'all' };
  if (!host) throw new AppError('invalid-input', 'Name a host (as in "Host <name>") or use --all');
  return { kind: 'host', name: host };
}

const set: CliCommand = {
  summary: 'set HOST|--all --interval N [--count-max N] [--config FILE] [--alternative ID]: turn keepalive on',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      interval: { type: 'string' },
      'count-max': { type: 'string' },
      config: { type: 'string' },
      all: { type: 'boolean' },
      alternative: { type: 'string' },
    });
    const interval = intOption(values.interval, 'interval') ?? DEFAULT_INTERVAL;
    return change(io, intentOf(String(values.config ?? ''), targetFor(positionals[0], values.all), 'on', interval, intOption(values['count-max'], 'count-max'), values.alternative));
  },
};

const unset: CliCommand = {
  summary: 'unset HOST|--all [--config FILE]: turn keepalive off',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { config: { type: 'string' }, all: { type: 'boolean' }, alternative: { type: 'string' } });
    return change(io, intentOf(String(values.config ?? ''), targetFor(positionals[0], values.all), 'off', undefined, undefined, values.alternative));
  },
};

const undo: CliCommand = {
  summary: 'undo [--config FILE]: restore the config as it was before the last change',
  async run(args, io) {
    const { values } = parseCliArgs(args, { config: { type: 'string' } });
    const result = await io.call('keepalive:undo', { configPath: String(values.config ?? '') });
    io.stdout(`${result.message}\n`);
    return 0;
  },
};

/** `which NAME`: ssh -G's values for NAME with the line that decides each, the blocks that applied and the route. */
function whichText(r: HostLookup): string {
  const width = Math.max(...r.settings.map((s) => s.keyword.length));
  const out = [`${r.name}: the settings ssh uses (as ssh -G ${r.name})`];
  for (const s of r.settings) {
    const line = s.line ? `  ${s.line.text.trim()}` : '';
    out.push(`  ${s.keyword.padEnd(width)}  ${s.value}  (${sourceText(s.source)})${line}`);
  }
  out.push(r.blocks.length ? 'Blocks that apply, in the order ssh reads them (the first value wins):' : 'No block applies: every value is the default.');
  for (const b of r.blocks) out.push(`  ${b.line > 0 ? `${b.file}:${b.line}` : b.file}  ${b.text.trim()}`);
  out.push(`Reached ${routeText(r.route)}.`);
  out.push(`${r.verdict.text}${r.decided ? '' : ` (${r.undecidedReason})`}`);
  return out.join('\n') + '\n';
}

const which: CliCommand = {
  summary: 'which NAME [--config FILE] [--json] [--nat-timeout S]: the settings ssh uses for NAME and the lines that decide them',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { config: { type: 'string' }, json: { type: 'boolean' }, 'nat-timeout': { type: 'string' } });
    if (positionals.length !== 1) throw new AppError('invalid-input', 'Name one host: ssh-keepalive which NAME');
    const nat = intOption(values['nat-timeout'], 'nat-timeout');
    const r = await io.call('hosts:lookup', { configPath: String(values.config ?? ''), name: positionals[0]!, ...(nat === undefined ? {} : { natTimeoutSeconds: nat }) });
    io.stdout(values.json ? JSON.stringify(r, null, 2) + '\n' : whichText(r));
    const errors = r.issues.filter((i) => i.severity === 'error');
    for (const e of errors) io.stderr(`${e.file}:${e.line}: ${e.message}\n`);
    return errors.length ? 1 : 0;
  },
};

export const hostsCommands: Record<string, CliCommand> = { hosts, which, set, unset, undo };
