import { AppError } from '../../common/contract/errors';
import type { ImportedSession } from '../../common/contract/sessions';
import { parseCliArgs } from './args';
import type { CliCommand } from './io';

/**
 * `import putty|winscp --from PATH [--json]`: existing sessions and their keepalive state. PATH is a
 * .reg file, a WinSCP.ini, a PuTTY session file or sessions directory; `registry` reads HKCU (Windows).
 */
const USAGE = 'import putty|winscp --from PATH|registry [--json]';

function row(s: ImportedSession): string {
  const ka = s.keepaliveSeconds > 0 ? `keepalive ${s.keepaliveSeconds} s` : 'keepalive OFF';
  const target = `${s.userName ? `${s.userName}@` : ''}${s.hostName || '(no host)'}:${s.port}`;
  const tcp = s.tcpKeepalives === null ? '' : s.tcpKeepalives ? ', TCP keepalives on' : '';
  return `${s.name}\t${target}\t${ka}${tcp}${s.warnings.length ? `\t(${s.warnings.join('; ')})` : ''}`;
}

export const importCommand: CliCommand = {
  summary: `${USAGE}: list saved PuTTY/WinSCP sessions and whether keepalive is on`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { from: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const tool = positionals[0];
    if ((tool !== 'putty' && tool !== 'winscp') || positionals.length !== 1) throw new AppError('invalid-input', `import needs "putty" or "winscp" (usage: ${USAGE})`);
    if (!values.from) throw new AppError('invalid-input', `--from PATH is required (usage: ${USAGE})`);
    // The command line reads any path the user names (the window and web host only what the user picked).
    const result = await io.call('putty:import', {
      source: values.from === 'registry' ? { kind: 'registry', tool } : { kind: 'file', path: values.from, tool },
    });
    if (values.json) {
      const json = result.sessions.map((s) => ({
        name: s.name,
        hostName: s.hostName,
        port: s.port,
        userName: s.userName,
        keepaliveSeconds: s.keepaliveSeconds,
        tcpKeepalives: s.tcpKeepalives,
      }));
      io.stdout(JSON.stringify(json, null, 2) + '\n');
    } else if (result.sessions.length === 0) {
      io.stdout(`No ${tool === 'putty' ? 'PuTTY sessions' : 'WinSCP sites'} in ${result.location}\n`);
    } else {
      io.stdout(result.sessions.map(row).join('\n') + '\n');
    }
    return 0;
  },
};
