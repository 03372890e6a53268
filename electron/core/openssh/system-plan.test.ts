import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexText } from './lexer';
import { systemLayout } from './system-layout';
import { hasNoDirectives, insertLines, removeLines, replaceValue } from './system-edit';
import { memoryIo } from './memory-io';
import { PlanBlocked, planSystemChange, type KeywordChange } from './system-plan';

const sshd = systemLayout('sshd_config');
const ssh = systemLayout('ssh_config');
const MAIN = '/etc/ssh/sshd_config';
const DROP = '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf';
const set = (keyword: string, value: number | boolean): KeywordChange => ({ keyword, action: 'set', value });

describe('pure line edits', () => {
  it('replaceValue keeps keyword spelling, separator, indentation, trailing text and CRLF', () => {
    expect(replaceValue('  clientaliveinterval = 30   \r\nPort 22\r\n', 0, '60')).toBe('  clientaliveinterval = 60   \r\nPort 22\r\n');
    expect(replaceValue('ClientAliveInterval\t"30"\n', 0, '60')).toBe('ClientAliveInterval\t60\n');
    expect(replaceValue('ClientAliveInterval=30 # half a minute\n', 0, '60')).toBe('ClientAliveInterval=60 # half a minute\n');
  });
  it('insertLines adds a final newline where the file had none, in the file\'s line ending', () => {
    expect(insertLines('Port 22', 1, ['X 1'])).toBe('Port 22\nX 1\n');
    expect(insertLines('A 1\r\nB 2\r\n', 1, ['X 1'])).toBe('A 1\r\nX 1\r\nB 2\r\n');
    expect(insertLines('', 0, ['X 1'])).toBe('X 1\n');
  });
  it('removeLines and hasNoDirectives', () => {
    expect(removeLines('# h\nA 1\nB 2\n', [1])).toBe('# h\nB 2\n');
    expect(hasNoDirectives('# only\n\n   # comments\n')).toBe(true);
  });
});

describe('planSystemChange (sshd_config)', () => {
  it('Debian layout: a new drop-in, nothing else', async () => {
    const files = { [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\nPort 22\n#ClientAliveInterval 0\n' };
    const plan = await planSystemChange('sshd_config', sshd, memoryIo(files), [set('ClientAliveInterval', 60), set('ClientAliveCountMax', 2)]);
    expect(plan.edits).toHaveLength(1);
    expect(plan.edits[0]).toMatchObject({ file: DROP, created: true, baseHash: '' });
    expect(plan.edits[0]!.after).toBe('# Written by SSH Keepalive. Undo from the app, or delete this file.\nClientAliveInterval 60\nClientAliveCountMax 2\n');
    expect(Object.keys(plan.inputs)).toEqual([MAIN]);
  });

  it('relative Include is relative to /etc/ssh', async () => {
    const files = { [MAIN]: 'Include sshd_config.d/*.conf\n' };
    const plan = await planSystemChange('sshd_config', sshd, memoryIo(files), [set('ClientAliveInterval', 60)]);
    expect(plan.edits[0]!.file).toBe(DROP);
  });

  it('an Include inside a Match block is not a drop-in slot: the main file gets the line before Match', async () => {
    const files = { [MAIN]: 'Port 22\nMatch User x\n  Include /etc/ssh/sshd_config.d/*.conf\n' };
    const plan = await planSystemChange('sshd_config', sshd, memoryIo(files), [set('ClientAliveInterval', 60)]);
    expect(plan.edits[0]!.after).toBe('Port 22\nClientAliveInterval 60\nMatch User x\n  Include /etc/ssh/sshd_config.d/*.conf\n');
  });

  it('a later drop-in (90-) does not block ours; an earlier one (10-) is edited in place', async () => {
    const base = { [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\n' };
    const late = await planSystemChange('sshd_config', sshd, memoryIo({ ...base, '/etc/ssh/sshd_config.d/90-x.conf': 'ClientAliveInterval 5\n' }), [set('ClientAliveInterval', 60)]);
    expect(late.edits.map((e) => e.file)).toEqual([DROP]);
    const early = await planSystemChange('sshd_config', sshd, memoryIo({ ...base, '/etc/ssh/sshd_config.d/10-x.conf': 'ClientAliveInterval 5\n' }), [set('ClientAliveInterval', 60)]);
    expect(early.edits.map((e) => [e.file, e.after])).toEqual([['/etc/ssh/sshd_config.d/10-x.conf', 'ClientAliveInterval 60\n']]);
    expect(early.notes[0]).toMatch(/read before 50-ssh-keepalive\.conf/);
  });

  it('a value already there is a no-op', async () => {
    const plan = await planSystemChange('sshd_config', sshd, memoryIo({ [MAIN]: 'ClientAliveInterval 60\n' }), [set('ClientAliveInterval', 60)]);
    expect(plan.edits).toEqual([]);
  });

  it('a deciding line outside the allowlist blocks, with its file and line', async () => {
    const files = { [MAIN]: 'Include /opt/site/*.conf\n', '/opt/site/a.conf': '\nClientAliveInterval 5\n' };
    const err = await planSystemChange('sshd_config', sshd, memoryIo(files), [set('ClientAliveInterval', 60)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanBlocked);
    expect(err).toMatchObject({ file: '/opt/site/a.conf', line: 2 });
  });

  it('unset removes our drop-in when only its header is left, and global lines elsewhere, not Match lines', async () => {
    const files = {
      [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\nClientAliveInterval 9\nMatch User b\n  ClientAliveInterval 5\n',
      [DROP]: '# Written by SSH Keepalive. Undo from the app, or delete this file.\nClientAliveInterval 60\n',
    };
    const plan = await planSystemChange('sshd_config', sshd, memoryIo(files), [{ keyword: 'ClientAliveInterval', action: 'unset' }]);
    expect(plan.edits.map((e) => [e.file, e.after])).toEqual([
      [DROP, null],
      [MAIN, 'Include /etc/ssh/sshd_config.d/*.conf\nMatch User b\n  ClientAliveInterval 5\n'],
    ]);
  });

  it('property: any mix of lines stays byte-identical except the one planned line', async () => {
    const line = fc.constantFrom('Port 22', '# comment', '', '   ', '\tX11Forwarding no  ', 'AcceptEnv LANG LC_*', 'PermitRootLogin=no', '#ClientAliveInterval 0', 'Subsystem sftp /usr/lib/openssh/sftp-server');
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.integer({ min: 1, max: 86_400 }), async (lines, eol, finalEol, n) => {
        const text = lines.join(eol) + (finalEol && lines.length ? eol : '');
        const plan = await planSystemChange('sshd_config', sshd, memoryIo({ [MAIN]: text }), [set('ClientAliveInterval', n)]);
        const after = plan.edits[0]!.after!;
        const added = lexText(after).filter((l) => l.key === 'clientaliveinterval');
        expect(added).toHaveLength(1);
        expect(added[0]!.args).toEqual([String(n)]);
        // Removing the added line gives back the original (plus at most the final newline it needed).
        const back = removeLines(after, [added[0]!.index]);
        expect(back === text || back === text + (text.includes('\r\n') ? '\r\n' : '\n')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('planSystemChange (ssh_config)', () => {
  it('no Include: into Host *, using the block\'s indentation', async () => {
    const files = { '/etc/ssh/ssh_config': 'Host a\n  User x\n\nHost *\n\tSendEnv LANG\n' };
    const plan = await planSystemChange('ssh_config', ssh, memoryIo(files), [set('ServerAliveInterval', 60)]);
    expect(plan.edits[0]!.after).toBe('Host a\n  User x\n\nHost *\n\tServerAliveInterval 60\n\tSendEnv LANG\n');
  });
  it('no Host * at all: a new Host * block at the end', async () => {
    const plan = await planSystemChange('ssh_config', ssh, memoryIo({ '/etc/ssh/ssh_config': 'Host a\n  User x' }), [set('ServerAliveInterval', 60)]);
    expect(plan.edits[0]!.after).toBe('Host a\n  User x\nHost *\n    ServerAliveInterval 60\n');
  });
  it('Include at the top (Debian): a drop-in; a Host * line earlier than it still decides and is edited in place', async () => {
    const deb = { '/etc/ssh/ssh_config': 'Include /etc/ssh/ssh_config.d/*.conf\nHost *\n  SendEnv LANG\n' };
    expect((await planSystemChange('ssh_config', ssh, memoryIo(deb), [set('ServerAliveInterval', 60)])).edits[0]!.file).toBe('/etc/ssh/ssh_config.d/50-ssh-keepalive.conf');
    const early = { '/etc/ssh/ssh_config': 'ServerAliveInterval 15\nInclude /etc/ssh/ssh_config.d/*.conf\n' };
    const plan = await planSystemChange('ssh_config', ssh, memoryIo(early), [set('ServerAliveInterval', 60)]);
    expect(plan.edits.map((e) => [e.file, e.after])).toEqual([['/etc/ssh/ssh_config', 'ServerAliveInterval 60\nInclude /etc/ssh/ssh_config.d/*.conf\n']]);
  });
  it('specific Host blocks do not decide for everyone', async () => {
    const files = { '/etc/ssh/ssh_config': 'Host slow\n  ServerAliveInterval 300\nHost *\n  User u\n' };
    const plan = await planSystemChange('ssh_config', ssh, memoryIo(files), [set('ServerAliveInterval', 60)]);
    expect(plan.edits[0]!.after).toBe('Host slow\n  ServerAliveInterval 300\nHost *\n  ServerAliveInterval 60\n  User u\n');
  });
});

describe('planSystemChange notes', () => {
  it('says when the new ssh_config drop-in overrides a host-specific line of the main file', async () => {
    const files = { '/etc/ssh/ssh_config': 'Include /etc/ssh/ssh_config.d/*.conf\nHost slow\n  ServerAliveInterval 300\n' };
    const plan = await planSystemChange('ssh_config', ssh, memoryIo(files), [set('ServerAliveInterval', 60)]);
    expect(plan.notes).toEqual(['50-ssh-keepalive.conf is read before /etc/ssh/ssh_config:3 (Host slow), so it also decides ServerAliveInterval for those hosts.']);
  });
});
