/**
 * The helper's own check of an ssh_config candidate (run as root in production, and as whoever runs
 * this test here): `ssh -G` must never run a `Match exec` command, whatever its spelling. OpenSSH
 * 9.2 splits each Match criterion at '=' and drops '"' (strdelim), so `exec="cmd"`, `!exec=cmd`,
 * `EXEC=cmd` and `ex"ec" cmd` all run `cmd`. The check must still run where nothing can execute.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateProblem, mayRunCommands } from './validate';

let dir = '';
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-validate-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const candidate = path.join(dir, `${name}.candidate`);
  await fs.writeFile(candidate, text, { mode: 0o600 });
  return candidate;
}
const check = async (name: string, text: string) => candidateProblem('ssh_config', null, await write(name, text), Buffer.from(text));

describe('candidateProblem (ssh_config): ssh -G never runs a Match exec command', () => {
  const spellings: [string, (marker: string) => string][] = [
    ['exec="..."', (m) => `Match exec="touch ${m}"`],
    ['!exec="..." (the command runs, its status is negated)', (m) => `Match !exec="touch ${m}"`],
    ['EXEC=...', (m) => `Match EXEC="touch ${m}"`],
    ['exec = ...', (m) => `Match exec = "touch ${m}"`],
    ['after host=*', (m) => `Match host=* !EXEC="touch ${m}"`],
    ['quote inside the attribute', (m) => `Match ex"ec" "touch ${m}"`],
    ['Match=exec=...', (m) => `Match=exec="touch ${m}"`],
  ];
  for (const [i, [label, line]] of spellings.entries()) {
    it(label, async () => {
      const marker = path.join(dir, `ran-${i}`);
      const text = `Host *\n  ServerAliveInterval 30\n\n${line(marker)}\n  ServerAliveCountMax 4\n`;
      const candidate = await write(`spelling-${i}`, text);
      await candidateProblem('ssh_config', null, candidate, Buffer.from(text));
      expect(existsSync(marker), `${line(marker)} ran its command`).toBe(false);
      // The same file under ssh -G itself does run the command: the spelling is a real threat.
      execFileSync('/usr/bin/ssh', ['-G', '-F', candidate, 'ssh-keepalive.invalid'], { stdio: 'ignore' });
      expect(existsSync(marker), `ssh -G does not run ${line(marker)}`).toBe(true);
    });
  }

  it.each([
    ['Match exec="true"', true],
    ['match EXEC=true\r', true],
    ['\tMATCH   !eXeC=true', true],
    ['"Ma"tch e"x"e\\c true', true],
    ['Match host=a ExEc true', true],
    ['Include other.conf', true],
    ['inCLUDE "x"', true],
    ['Host executive\n  ProxyCommand exec nc %h %p\nMatch host=b', false],
    ['Match host=b,c !originalhost=x', false],
  ])('mayRunCommands(%j) is %s', (text, expected) => {
    expect(mayRunCommands(text)).toBe(expected);
  });

  it('still runs ssh -G where no command can run: a Match criterion ssh rejects is refused, host= is accepted', async () => {
    expect(await check('host-equals', 'Match host=b,c !host=x\n  ServerAliveInterval 5\n')).toBeNull();
    expect(await check('unsupported', 'Match nosuch b\n  ServerAliveInterval 5\n')).toMatch(/Unsupported Match attribute nosuch/);
    expect(await check('executive', 'Host executive\n  ProxyCommand exec nc %h %p\nMatch host==b\n  ServerAliveInterval 5\n')).toMatch(/Missing Match criteria/);
  });
});
