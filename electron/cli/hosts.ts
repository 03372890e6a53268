import { AppError } from '../../common/contract/errors';
import { channels } from '../../common/contract/channels';
import { DEFAULT_INTERVAL, KeepaliveIntent, type KeepaliveTarget } from '../../common/contract/keepalive';
import type { HostRow } from '../../common/contract/hosts';
import { ClientConfigService } from '../core/hosts';
import { intOption, parseCliArgs, sourceText } from './args';
import type { CliCommand, CliIo } from './io';

/** `hosts`, `set`, `unset`, `undo`: the Hosts view on the command line. */



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
    const snap = channels['hosts:list'].response.parse(await new ClientConfigService(io.ctx).snapshot(String(values.config ?? ''), nat));
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

async function change(io: CliIo, configPath: string, target: KeepaliveTarget, action: 'on' | 'off', interval?: number, countMax?: number, alternative?: string) {
  const intent = KeepaliveIntent.parse({ configPath, target, action, interval, countMax, alternative });
  const service = new ClientConfigService(io.ctx);
  const { model } = service.load(configPath);
  const baseHashes = Object.fromEntries([...model.files.values()].map((f) => [f.path, f.hash]));
  if (!alternative) {
    // A blocked change names its working alternatives in its one error line.
    const preview = service.preview(intent);
    if (preview.kind === 'blocked') {
      const alts = preview.alternatives.map((a) => `--alternative ${a.id} (${a.label})`).join(' or ');
      const where = preview.decidedBy.kind === 'line' ? { file: preview.decidedBy.file, line: preview.decidedBy.line } : undefined;
      throw new AppError('blocked', `${preview.summary}${alts ? ` To change it, re-run with ${alts}.` : ''}`, where);
    }
  }
  const result = await service.apply({ ...intent, baseHashes });
  io.stdout(`${result.message}\n`);
  return 0;
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
    return change(io, String(values.config ?? ''), targetFor(positionals[0], values.all as boolean | undefined), 'on', interval, intOption(values['count-max'], 'count-max'), values.alternative as string | undefined);
  },
};

const unset: CliCommand = {
  summary: 'unset HOST|--all [--config FILE]: turn keepalive off',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { config: { type: 'string' }, all: { type: 'boolean' }, alternative: { type: 'string' } });
    return change(io, String(values.config ?? ''), targetFor(positionals[0], values.all as boolean | undefined), 'off', undefined, undefined, values.alternative as string | undefined);
  },
};

const undo: CliCommand = {
  summary: 'undo [--config FILE]: restore the config as it was before the last change',
  async run(args, io) {
    const { values } = parseCliArgs(args, { config: { type: 'string' } });
    const result = await new ClientConfigService(io.ctx).undo(String(values.config ?? ''));
    io.stdout(`${result.message}\n`);
    return 0;
  },
};

export const hostsCommands: Record<string, CliCommand> = { hosts, set, unset, undo };
