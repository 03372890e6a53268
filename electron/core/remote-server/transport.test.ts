import { spawnSync } from 'node:child_process';
import { mkdtempSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHost, checkPassword, REMOTE_COMMANDS, sshArgv } from './transport';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('ssh invocation', () => {
  it('puts the host after "--" and the constant command last; never a prompt of its own', () => {
    const argv = sshArgv({ host: 'web1', configPath: '/home/u/.ssh/config' }, 'sudo');
    expect(argv.slice(0, 3)).toEqual(['ssh', '-F', '/home/u/.ssh/config']);
    expect(argv).toContain('BatchMode=yes');
    expect(argv.slice(-3, -1)).toEqual(['--', 'web1']);
    expect(argv.at(-1)).toMatch(/^env LC_ALL=C sudo -n sh -c /);
  });

  it('refuses host names that ssh would read as options or that hold whitespace', () => {
    for (const bad of ['-oProxyCommand=touch /tmp/x', 'a b', 'web1\n', '', 'x\u0000y', '-V']) expect(() => checkHost(bad)).toThrow();
    expect(checkHost('user@db.example.org')).toBe('user@db.example.org');
  });

  it('takes the probe\'s host names only: none of a shell\'s characters (ProxyCommand %h went through a shell before OpenSSH 9.6)', () => {
    for (const bad of ['a;id', 'a$(id)', 'a`id`', 'a|id', "a'b", 'a"b', 'a&b', 'a>b', 'a\\b', 'a*']) expect(() => checkHost(bad), bad).toThrow();
    for (const good of ['web1', 'deploy@10.0.0.7', '[::1]', 'fe80::1%eth0', 'jump+1', 'a_b-c.d']) expect(checkHost(good)).toBe(good);
  });

  it('refuses a password sudo would read as two lines, or one that has the boot\'s first-line form', () => {
    for (const bad of ['', 'a\nb', 'a\rb', 'a\u0000b', 'ska-len-8c1d:000123']) expect(() => checkPassword(bad)).toThrow();
    expect(() => checkPassword('correct horse')).not.toThrow();
    expect(() => checkPassword('123456')).not.toThrow();
  });
});

describe('the boot command on the server', () => {
  /** The boot as a login shell runs it, with a `dd` first on PATH that logs its arguments (what `ps` would show). */
  function boot(stdin: string): { code: number | null; stdout: string; ddArgs: string } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-boot-'));
    dirs.push(dir);
    const log = path.join(dir, 'dd.log');
    writeFileSync(path.join(dir, 'dd'), `#!/bin/sh\necho "$@" >> '${log}'\nexec /bin/dd "$@"\n`, { mode: 0o755 });
    const r = spawnSync('sh', ['-c', REMOTE_COMMANDS.login], { input: stdin, encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin` } });
    let ddArgs = '';
    try {
      ddArgs = readFileSync(log, 'utf8');
    } catch {
      /* dd never ran */
    }
    return { code: r.status, stdout: r.stdout, ddArgs };
  }

  it('a password that reaches the first line (a prompt marker before sudo, then no prompt) is refused, never in dd\'s argv', () => {
    for (const password of ['hunter2', '12345', 'count=1 of=/tmp/x', '00012', '1e3', 'ska-len-8c1d:12', 'ska-len-8c1d:0000123']) {
      const r = boot(`${password}\necho RAN\n`);
      expect(r.ddArgs, password).toBe('');
      expect(r.code, password).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('runs a program of exactly the length its fixed-form first line gives (leading zeros are decimal)', () => {
    const program = 'echo RAN; exit 0\n'.padEnd(64, ' ');
    const r = boot(`ska-len-8c1d:${String(program.length).padStart(6, '0')}\n${program}`);
    expect(r.ddArgs).toBe(`bs=1 count=${program.length}\n`);
    expect(r.stdout).toBe('RAN\n');
  });
});
