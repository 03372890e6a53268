import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../common/contract/errors';
import { readConfigFile, recordChange, writeFileAtomic } from '../core/files';
import { writeUnixSessionFiles } from '../core/sessions/store';
import { parseUnixSession } from '../core/sessions/unix';
import { parseCliArgs } from './args';
import type { CliCommand } from './io';

/**
 * `export putty --format reg|unix ...` / `export winscp --format reg|ini ...`: the same bytes the
 * window's export buttons download (putty:export, through dispatch). For `unix`, --out is PuTTY's
 * sessions directory; an existing session file there is edited in place (only our keys change).
 *
 * Writing to --out is this shell's output, as the browser's download is the window's: no channel
 * writes to a path a request names (a page could then write anywhere), so the bytes are written here
 * with core/files' atomic write and undo journal, and PuTTY's session-file merge for `unix`. (A
 * `putty:installUnix` that takes a directory when pathsFromUser is set would let this go through
 * dispatch too; it waits for the sessions feature's own rework.)
 */
const USAGE =
  'export putty --format reg|unix [--host H]... [--all] [--defaults] [--keepalive N|keep] [--config FILE] --out PATH | export winscp --format reg|ini [--host H]... [--all] [--keepalive N|keep] [--config FILE] --out PATH';

/**
 * --keepalive N: every session keeps alive every N s (a host's own shorter interval stays, none or a
 * longer one becomes N); absent: 60 s; `keep`: the hosts' effective values as they are (0: off).
 */
function keepaliveOption(value: string | undefined): number | 'keep' | undefined {
  if (value === undefined || value === 'keep') return value;
  if (!/^\d{1,6}$/.test(value)) throw new AppError('invalid-input', `--keepalive takes seconds (1-86400) or keep, got "${value}"`);
  return Number(value);
}

/** One line on what the export did to the keepalive (the warnings name each raised host). */
function keepaliveSummary(details: Array<{ keepaliveOrigin: string; keepaliveSeconds: number }>): string {
  const count = (o: string) => details.filter((d) => d.keepaliveOrigin === o).length;
  if (details.every((d) => d.keepaliveOrigin === 'as-is')) return `Keepalive as in the config (--keepalive keep): off in ${details.filter((d) => d.keepaliveSeconds === 0).length} session(s).\n`;
  const n = Math.max(...details.map((d) => d.keepaliveSeconds));
  return `Keepalive every ${n} s or sooner in every session: added to ${count('added')}, shortened for ${count('raised')}, the host's own for ${count('own')}.\n`;
}

export const exportCommand: CliCommand = {
  summary: `${USAGE}: PuTTY/WinSCP sessions with the hosts' keepalive`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(
      args,
      {
        format: { type: 'string' },
        host: { type: 'string', multiple: true },
        all: { type: 'boolean' },
        defaults: { type: 'boolean' },
        config: { type: 'string' },
        out: { type: 'string' },
        keepalive: { type: 'string' },
      },
      USAGE,
    );
    const tool = positionals[0];
    if ((tool !== 'putty' && tool !== 'winscp') || positionals.length !== 1) throw new AppError('invalid-input', `export needs "putty" or "winscp" (usage: ${USAGE})`);
    if (!values.out) throw new AppError('invalid-input', '--out PATH is required');
    if (values.format !== 'reg' && values.format !== 'unix' && values.format !== 'ini') throw new AppError('invalid-input', `--format must be reg, unix or ini (usage: ${USAGE})`);
    const request = {
      configPath: values.config ?? '',
      tool,
      format: values.format,
      hosts: values.host ?? [],
      all: values.all ?? false,
      defaults: values.defaults ?? false,
      keepalive: keepaliveOption(values.keepalive),
    } as const;
    const out = path.resolve(values.out);
    const result = await io.call('putty:export', request);
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    io.stdout(keepaliveSummary(result.details));

    if (request.format === 'unix') {
      const stat = await fs.stat(out).catch(() => null);
      if (stat && !stat.isDirectory()) throw new AppError('invalid-input', `--out for unix must be a directory (PuTTY's sessions dir), and ${out} is a file`, { file: out });
      const written = await writeUnixSessionFiles(
        io.ctx.stateDir,
        out,
        result.files.map((f) => ({
          file: f.name,
          entries: [...parseUnixSession(Buffer.from(f.base64, 'base64').toString('utf8'))].map(([key, v]) => ({ key, value: v.value })),
        })),
      );
      io.stdout(`${written.length} session file(s) written in ${out}${written.length < result.sessions.length ? ` (${result.sessions.length - written.length} already up to date)` : ''}\n`);
      return 0;
    }
    const file = result.files[0]!;
    const bytes = Buffer.from(file.base64, 'base64');
    const before = await readConfigFile(out);
    if (before.exists && before.bytes.equals(bytes)) {
      io.stdout(`${out} is already up to date (${result.sessions.length} session(s))\n`);
      return 0;
    }
    const outcome = await writeFileAtomic(out, bytes, { baseHash: before.hash, newFileMode: 0o644, newDirMode: 0o755 });
    if (before.exists) await recordChange(io.ctx.stateDir, out, `export ${tool} ${request.format}`, [outcome]);
    io.stdout(`Wrote ${out}: ${result.sessions.length} ${tool === 'putty' ? 'PuTTY session' : 'WinSCP site'}(s): ${result.sessions.join(', ')}\n`);
    return 0;
  },
};
