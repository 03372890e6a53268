import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSource } from './generate-program';
import { REMOTE_PROGRAM } from './program.generated';
import { REMOTE_COMMANDS } from './transport';

const source = readFileSync(path.join(__dirname, 'remote-program.sh'), 'utf8');

describe('the remote program', () => {
  it('travels as the exact text of remote-program.sh (run generate-program.ts after editing it)', () => {
    expect(readFileSync(path.join(__dirname, 'program.generated.ts'), 'utf8')).toBe(generatedSource(source));
    expect(REMOTE_PROGRAM).toBe(source);
  });

  it('parses as POSIX sh (dash) and uses no bash-only syntax', () => {
    execFileSync('sh', ['-n'], { input: source });
    const code = source.split('\n').filter((l) => !/^\s*#/.test(l));
    // (awk's own `function` and `==` are fine; the shell's `[ a == b ]` is not)
    for (const bashism of [/\[\[/, /^\s*local\s/, /(^|\s)\$'[^ ]/, /^\s*function\s+\w+\s*\{/, /<<</, /\bsource\s/, /\[ [^\]]*== [^\]]*\]/, /\$\{[^}]*\/\//, /\becho -e\b/]) {
      expect(code.filter((l) => bashism.test(l)), String(bashism)).toEqual([]);
    }
  });

  it('writes only fixed paths: none comes from the intent', () => {
    for (const p of source.matchAll(/^(MAIN|DDIR|OURNAME|STATEDIR)=(.*)$/gm)) expect(p[2]).toMatch(/^[/A-Za-z0-9._$-]+$/);
    // the intent reader keeps letters, digits and spaces only
    expect(source).toContain(`case $line in *[!A-Za-z0-9' ']*) refuse`);
  });

  it('is started by constant commands: nothing from the user or the server is ever put in them', () => {
    for (const cmd of Object.values(REMOTE_COMMANDS)) {
      expect(cmd).toMatch(/^(env LC_ALL=C sudo (-n|-S -p ska-sudo-password-8c1d:) )?sh -c '[^']*'$/);
      expect(cmd).not.toContain('!'); // csh history expansion
    }
  });
});
