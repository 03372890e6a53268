import { existsSync } from 'node:fs';
import { decodeText } from '../files/read';
import { lexText } from '../openssh/lexer';
import type { SystemTarget } from '../ssh-server/keywords';
import { run } from '../ssh-server/sshd';
import { sshdCheck } from '../ssh-server/sshd';

/**
 * Is a candidate file acceptable on its own? sshd_config: `sshd -t -f candidate` (a main file
 * brings its Includes along, so that is the whole config; a drop-in is checked alone, and the
 * whole config again after the write). ssh_config has no checker: every line must lex cleanly, and
 * `ssh -G -F candidate` must accept it unless it holds `Match [!]exec` or an Include (-G would run
 * those commands, as root).
 */
export async function candidateProblem(target: SystemTarget, sshd: string | null, candidate: string, bytes: Buffer): Promise<string | null> {
  const text = decodeText(bytes).text;
  const bad = lexText(text).find((l) => l.error);
  if (bad) return `line ${bad.lineNo}: ${bad.error}`;
  if (target === 'sshd_config') return sshd ? sshdCheck(sshd, candidate) : 'no sshd to check the file with';
  // Never let `ssh -G` run a command as root: skip it when the file has `Match exec` / `Match !exec`,
  // or an Include (an included file could hold one).
  const runsCommands = lexText(text).some((l) => (l.key === 'match' && l.args.some((a) => /^!?exec$/i.test(a))) || l.key === 'include');
  if (runsCommands) return null;
  if (!existsSync('/usr/bin/ssh')) return null; // no client installed: the lexer check stands alone
  const r = await run('/usr/bin/ssh', ['-G', '-F', candidate, 'ssh-keepalive.invalid']);
  if (r.code === 0) return null;
  return r.stderr.trim() || `ssh -G exited with ${r.code}`;
}
