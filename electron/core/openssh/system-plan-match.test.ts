import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from './memory-io';
import { systemLayout } from './system-layout';
import { PlanBlocked, planSystemChange, type KeywordChange } from './system-plan';

/**
 * sshd reads the global lines, then lets every matching Match block override them. A block every
 * connection matches therefore decides for everyone, and a global line or drop-in the planner
 * writes would change nothing. Each case is checked against the real sshd: `sshd -T` (what the app
 * shows) and `sshd -T -C` (a real connection, which also applies `Match User *` and the like).
 */
const SSHD = '/usr/sbin/sshd';
const env = existsSync(SSHD) ? { ok: true, reason: '' } : { ok: false, reason: '(no sshd)' };
const sshd = systemLayout('sshd_config');
const MAIN = '/etc/ssh/sshd_config';
const CONN = 'user=x,host=y.example,addr=192.0.2.1,laddr=192.0.2.2';
const set = (keyword: string, value: number): KeywordChange => ({ keyword, action: 'set', value });
const unset = (keyword: string): KeywordChange => ({ keyword, action: 'unset' });

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
let hostKey = '';

/** The files (as /etc/ssh paths) written under a temporary directory, Include paths moved there too. */
function sshdT(files: Record<string, string | null>, connection?: string): Map<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-plan-match-'));
  dirs.push(dir);
  if (!hostKey) {
    hostKey = path.join(dir, 'hostkey');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  }
  mkdirSync(path.join(dir, 'sshd_config.d'));
  for (const [file, text] of Object.entries(files)) {
    if (text !== null) writeFileSync(path.join(dir, path.posix.relative('/etc/ssh', file)), text.replaceAll('/etc/ssh/', `${dir}/`));
  }
  const args = ['-T', '-f', path.join(dir, 'sshd_config'), '-h', hostKey, ...(connection ? ['-C', connection] : [])];
  const out = execFileSync(SSHD, args, { encoding: 'utf8' });
  return new Map(out.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)] as const));
}

async function applied(files: Record<string, string>, changes: KeywordChange[]) {
  const plan = await planSystemChange('sshd_config', sshd, memoryIo(files), changes);
  const after: Record<string, string | null> = { ...files };
  for (const e of plan.edits) after[e.file] = e.after;
  return { plan, after };
}

describe.skipIf(!env.ok)(`a Match block every connection matches ${env.reason}`, () => {
  it('Match all below a global line: its line is changed, only that line, and sshd -T / -T -C agree', async () => {
    const main = 'Port 22\nClientAliveInterval 5\n\n# everyone\nMatch all\n  ClientAliveInterval\t9   # site policy\n  X11Forwarding no\n';
    expect(sshdT({ [MAIN]: main }).get('clientaliveinterval')).toBe('9');
    const { plan, after } = await applied({ [MAIN]: main }, [set('ClientAliveInterval', 60)]);
    expect(plan.edits.map((e) => [e.file, e.after])).toEqual([[MAIN, main.replace('\t9   #', '\t60   #')]]);
    expect(plan.notes.join(' ')).toContain(`${MAIN}:6`);
    expect(sshdT(after).get('clientaliveinterval')).toBe('60');
    expect(sshdT(after, CONN).get('clientaliveinterval')).toBe('60');
  });

  it('Debian layout: no drop-in (it would lose to the Match all); spellings Match=all and CRLF kept', async () => {
    const main = 'Include /etc/ssh/sshd_config.d/*.conf\r\nUsePAM yes\r\nMatch=all # site\r\n\tclientalivecountmax=1\r\n';
    const { plan, after } = await applied({ [MAIN]: main }, [set('ClientAliveCountMax', 4), set('ClientAliveInterval', 30)]);
    // CountMax: the Match all line; Interval (not set there): our drop-in as usual.
    expect(after[MAIN]).toBe(main.replace('=1', '=4'));
    expect(plan.edits.map((e) => e.file).sort()).toEqual([MAIN, '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf']);
    for (const c of [undefined, CONN]) {
      const t = sshdT(after, c);
      expect([t.get('clientalivecountmax'), t.get('clientaliveinterval')]).toEqual(['4', '30']);
    }
  });

  it('a Match all in an earlier drop-in decides over the main file and our drop-in: that line is changed', async () => {
    const files = { [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\nClientAliveInterval 120\n', '/etc/ssh/sshd_config.d/90-site.conf': 'Match all\n ClientAliveInterval 7\n' };
    const { plan, after } = await applied(files, [set('ClientAliveInterval', 45)]);
    expect(plan.edits.map((e) => [e.file, e.after])).toEqual([['/etc/ssh/sshd_config.d/90-site.conf', 'Match all\n ClientAliveInterval 45\n']]);
    expect(sshdT(after).get('clientaliveinterval')).toBe('45');
    expect(sshdT(after, CONN).get('clientaliveinterval')).toBe('45');
  });

  it('the first Match that sets it decides: a later Match all is not changed, an earlier one is', async () => {
    const main = 'Match all\n  ClientAliveInterval 9\nMatch all\n  ClientAliveInterval 8\n';
    expect(sshdT({ [MAIN]: main }).get('clientaliveinterval')).toBe('9');
    const { after } = await applied({ [MAIN]: main }, [set('ClientAliveInterval', 20)]);
    expect(after[MAIN]).toBe('Match all\n  ClientAliveInterval 20\nMatch all\n  ClientAliveInterval 8\n');
    expect(sshdT(after).get('clientaliveinterval')).toBe('20');
  });

  it('off (unset) removes the Match all lines as well as the global ones, so the default applies', async () => {
    const main = 'ClientAliveInterval 5\nMatch all\n  ClientAliveInterval 9\nMatch User bob\n  ClientAliveInterval 300\n';
    const { after } = await applied({ [MAIN]: main }, [unset('ClientAliveInterval')]);
    expect(after[MAIN]).toBe('Match all\nMatch User bob\n  ClientAliveInterval 300\n');
    expect(sshdT(after).get('clientaliveinterval')).toBe('0');
    expect(sshdT(after, CONN).get('clientaliveinterval')).toBe('0');
    expect(sshdT(after, 'user=bob,host=h,addr=192.0.2.9').get('clientaliveinterval')).toBe('300');
  });

  it.each(['User *', 'Host *', 'Address *', 'LocalAddress *', 'User=*', 'User "*"', 'User alice,* Address *'])(
    'Match %s: every real connection matches (sshd -T -C), plain sshd -T does not: refused, naming file:line',
    async (criteria) => {
      const main = `Port 22\nClientAliveInterval 5\nMatch ${criteria}\n  ClientAliveInterval 9\n`;
      expect(sshdT({ [MAIN]: main }, CONN).get('clientaliveinterval')).toBe('9');
      expect(sshdT({ [MAIN]: main }).get('clientaliveinterval')).toBe('5');
      for (const change of [set('ClientAliveInterval', 60), unset('ClientAliveInterval')]) {
        const err = await planSystemChange('sshd_config', sshd, memoryIo({ [MAIN]: main }), [change]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PlanBlocked);
        expect(err).toMatchObject({ file: MAIN, line: 4 });
        expect((err as Error).message).toContain(`${MAIN}:4`);
        expect((err as Error).message).toContain(`Match ${criteria}`);
      }
    },
  );

  it('Match User *,!root is not every connection: the global line is written, root gets it', async () => {
    const main = 'Port 22\nMatch User *,!root\n  ClientAliveInterval 9\n';
    const { after } = await applied({ [MAIN]: main }, [set('ClientAliveInterval', 60)]);
    expect(after[MAIN]).toBe('Port 22\nClientAliveInterval 60\nMatch User *,!root\n  ClientAliveInterval 9\n');
    expect(sshdT(after, 'user=root,host=h,addr=192.0.2.9').get('clientaliveinterval')).toBe('60');
    expect(sshdT(after, CONN).get('clientaliveinterval')).toBe('9');
  });

  it('Match LocalPort stays conditional: the global line is written and is what other ports get', async () => {
    const main = 'Port 22\nMatch LocalPort 2222\n  ClientAliveInterval 9\n';
    const { after } = await applied({ [MAIN]: main }, [set('ClientAliveInterval', 60)]);
    expect(after[MAIN]).toBe('Port 22\nClientAliveInterval 60\nMatch LocalPort 2222\n  ClientAliveInterval 9\n');
    expect(sshdT(after, `${CONN},lport=22`).get('clientaliveinterval')).toBe('60');
    expect(sshdT(after, `${CONN},lport=2222`).get('clientaliveinterval')).toBe('9');
  });
});
