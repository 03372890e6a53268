import { existsSync } from 'node:fs';
import { decodeText } from '../../files/read';
import { lexText } from '../../openssh/lexer';
import type { SystemTarget } from '../../openssh/system-keywords';
import { run } from '../../kernel/process';
import { sshdCheck } from '../sshd';

/**
 * Is a candidate file acceptable on its own? sshd_config: `sshd -t -f candidate` (a main file
 * brings its Includes along, so that is the whole config; a drop-in is checked alone, and the
 * whole config again after the write). ssh_config has no checker: every line must lex cleanly, and
 * `ssh -G -F candidate` must accept it unless it could run a command or read another file (see
 * mayRunCommands): -G runs `Match exec` commands, and here it would run them as root.
 */
export async function candidateProblem(target: SystemTarget, sshd: string | null, candidate: string, bytes: Buffer): Promise<string | null> {
  const text = decodeText(bytes).text;
  const bad = lexText(text).find((l) => l.error);
  if (bad) return `line ${bad.lineNo}: ${bad.error}`;
  if (target === 'sshd_config') return sshd ? sshdCheck(sshd, candidate) : 'no sshd to check the file with';
  // latin1: one character per byte, so what ssh reads is exactly what is scanned.
  if (mayRunCommands(bytes.toString('latin1'))) return null;
  if (!existsSync('/usr/bin/ssh')) return null; // no client installed: the lexer check stands alone
  const r = await run('/usr/bin/ssh', ['-G', '-F', candidate, 'ssh-keepalive.invalid']);
  if (r.code === 0) return null;
  return r.stderr.trim() || `ssh -G exited with ${r.code}`;
}

/**
 * Could `ssh -G` on this text run a command (`Match exec`) or read a file the candidate does not
 * show (Include, whose files could hold a `Match exec`)? Then the helper skips -G: skipping loses a
 * syntax check, running it as root (or even as `nobody`, which would need a privilege drop and a
 * copy of the file it can read) risks a command. Decided on the raw text, not on our parse of it,
 * so a misreading of the grammar cannot let a command through: ssh splits Match criteria at '='
 * and drops quotes (`exec="cmd"`, `!EXEC=cmd`, `ex"ec" cmd` all run cmd), newer versions split with
 * argv rules, and every one of those tokens, like the keyword itself, is a run of the line's
 * characters with only quotes and backslashes taken out. Config lines end at '\n' only. A false
 * alarm (`exec` in a host name on a Match line, "include" in a comment) only skips the check.
 */
export function mayRunCommands(text: string): boolean {
  return text.split('\n').some((raw) => {
    const bare = raw.replace(/["'\\]/g, '');
    return (/match/i.test(bare) && /exec/i.test(bare)) || /include/i.test(bare);
  });
}
