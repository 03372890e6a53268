import { describe, expect, it } from 'vitest';
import { checkHost, checkPassword, sshArgv } from './transport';

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

  it('refuses a password sudo would read as two lines', () => {
    for (const bad of ['', 'a\nb', 'a\rb', 'a\u0000b']) expect(() => checkPassword(bad)).toThrow();
    expect(() => checkPassword('correct horse')).not.toThrow();
  });
});
