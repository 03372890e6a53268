import { execFileSync } from 'node:child_process';
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashBytes } from '../files/read';
import { systemLayout } from '../openssh/system-layout';
import type { TreeIo } from '../openssh/config-tree';
import { planSystemChange, type KeywordChange } from '../openssh/system-plan';
import { canRunLocally, runLocally } from './testing/run-local';

/**
 * The remote program plans in sh/awk what the app's privileged helper plans in TypeScript
 * (electron/core/openssh/system-plan.ts). Both must write the same bytes to the same files: each
 * fixture is planned by both, and the program's "after" of every file must equal the helper's.
 */
const env = canRunLocally();
const DEBIAN_HEAD = 'Include /etc/ssh/sshd_config.d/*.conf\n\n# See the sshd_config(5) manpage\nKbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_*\nSubsystem sftp /usr/lib/openssh/sftp-server\n';
const HEADER = '# Written by SSH Keepalive. Undo from the app, or delete this file.\n';

interface Fixture {
  name: string;
  main: string;
  dropIns?: Record<string, string>;
  /** false: no sshd_config.d directory at all. */
  dir?: boolean;
  changes: KeywordChange[];
}

const set = (keyword: string, value: number): KeywordChange => ({ keyword, action: 'set', value });
const unset = (keyword: string): KeywordChange => ({ keyword, action: 'unset' });
const I = 'ClientAliveInterval';
const C = 'ClientAliveCountMax';

const fixtures: Fixture[] = [
  { name: 'Debian, nothing set: our drop-in', main: DEBIAN_HEAD, changes: [set(I, 60)] },
  { name: 'Debian, interval and count', main: DEBIAN_HEAD, changes: [set(I, 60), set(C, 5)] },
  { name: 'our drop-in exists: edited in place', main: DEBIAN_HEAD, dropIns: { '50-ssh-keepalive.conf': `${HEADER}ClientAliveInterval 30\n` }, changes: [set(I, 60)] },
  { name: 'our drop-in exists, a second keyword is added to it', main: DEBIAN_HEAD, dropIns: { '50-ssh-keepalive.conf': `${HEADER}ClientAliveInterval 30\n` }, changes: [set(I, 30), set(C, 2)] },
  { name: 'an earlier drop-in decides: that line changes', main: DEBIAN_HEAD, dropIns: { '10-early.conf': '# cloud image\nClientAliveInterval 120\nPasswordAuthentication no\n' }, changes: [set(I, 60)] },
  { name: 'a later drop-in loses to ours', main: DEBIAN_HEAD, dropIns: { '90-late.conf': 'ClientAliveInterval 120\n' }, changes: [set(I, 60)] },
  { name: 'the main file after the Include loses to ours', main: `${DEBIAN_HEAD}ClientAliveInterval 300\n`, changes: [set(I, 60)] },
  { name: 'the main file before the Include decides', main: `ClientAliveInterval 300\n${DEBIAN_HEAD}`, changes: [set(I, 60)] },
  { name: 'relative Include', main: DEBIAN_HEAD.replace('/etc/ssh/sshd_config.d/*.conf', 'sshd_config.d/*.conf'), changes: [set(I, 45)] },
  { name: 'Include inside a Match block is not ours: main file', main: 'PermitRootLogin no\n\n# admins\nMatch User admin\n  Include /etc/ssh/sshd_config.d/*.conf\n', changes: [set(I, 60)] },
  {
    name: 'plain, Match blocks, CRLF, comments above the first Match',
    main: 'Port 22\r\nUsePAM no\r\n\r\n# deploy jobs\r\n# never probed\r\nMatch User deploy\r\n    ClientAliveInterval 0\r\n',
    dir: false,
    changes: [set(I, 60), set(C, 4)],
  },
  { name: 'plain, no final newline, no Match', main: 'Port 22\nUsePAM no', dir: false, changes: [set(I, 60)] },
  { name: 'Key=Value, indentation, trailing spaces and comment kept', main: 'Port 22\n\tClientAliveInterval=300   # five minutes\nUsePAM no\n', dir: false, changes: [set(I, 60)] },
  { name: 'keyword case and tabs', main: 'CLIENTALIVEINTERVAL\t300\n', dir: false, changes: [set(I, 90)] },
  { name: 'quoted equal value: nothing to do', main: 'ClientAliveInterval "300"\n', dir: false, changes: [set(I, 300)] },
  { name: 'empty main file', main: '', dir: false, changes: [set(I, 60)] },
  { name: 'unset: our drop-in goes', main: DEBIAN_HEAD, dropIns: { '50-ssh-keepalive.conf': `${HEADER}ClientAliveInterval 30\n` }, changes: [unset(I)] },
  { name: 'unset: our drop-in keeps its other line', main: DEBIAN_HEAD, dropIns: { '50-ssh-keepalive.conf': `${HEADER}ClientAliveInterval 30\nClientAliveCountMax 4\n` }, changes: [unset(I)] },
  { name: 'unset: every global line, Match lines stay', main: 'ClientAliveInterval 30\nPort 22\nclientaliveinterval 40\nMatch User x\n  ClientAliveInterval 0\n', dir: false, changes: [unset(I)] },
  { name: 'unset across main and drop-ins', main: `ClientAliveInterval 10\n${DEBIAN_HEAD}`, dropIns: { '20-a.conf': 'ClientAliveInterval 20\n', '60-b.conf': '# b\nClientAliveInterval 30\nLoginGraceTime 20\n' }, changes: [unset(I)] },
  { name: 'unset with nothing set: nothing to do', main: DEBIAN_HEAD, changes: [unset(I)] },
  // A Match all that sets the keyword decides for every connection: that line, not a global one.
  { name: 'Match all below a global line: its line changes', main: 'Port 22\nClientAliveInterval 5\n\n# everyone\nMatch all\n  ClientAliveInterval\t9   # site policy\n', dir: false, changes: [set(I, 60)] },
  { name: 'Debian, Match=all sets the count: that line; the interval goes to our drop-in', main: `${DEBIAN_HEAD}Match=all # site\n\tclientalivecountmax=1\n`, changes: [set(C, 4), set(I, 30)] },
  { name: 'Match all in a drop-in beats the main file and ours', main: `${DEBIAN_HEAD}ClientAliveInterval 120\n`, dropIns: { '90-site.conf': 'Match all\n ClientAliveInterval 7\n' }, changes: [set(I, 45)] },
  { name: 'two Match all blocks: the first one decides and changes', main: 'Match all\n  ClientAliveInterval 9\nMatch all\n  ClientAliveInterval 8\n', dir: false, changes: [set(I, 20)] },
  { name: 'unset: Match all lines go with the global ones, other Match lines stay', main: 'ClientAliveInterval 5\nMatch all\n  ClientAliveInterval 9\nMatch User bob\n  ClientAliveInterval 300\n', dir: false, changes: [unset(I)] },
  { name: 'Match User *,!root is not every connection: a global line', main: 'Port 22\nMatch User *,!root\n  ClientAliveInterval 9\n', dir: false, changes: [set(I, 60)] },
  { name: 'our drop-in holds the other keyword: the line is appended', main: DEBIAN_HEAD, dropIns: { '50-ssh-keepalive.conf': `${HEADER}ClientAliveCountMax 2\n` }, changes: [set(I, 15)] },
];

let hostKeyDir = '';
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function makeTree(f: Fixture): Promise<{ etc: string; state: string }> {
  if (!hostKeyDir) {
    hostKeyDir = mkdtempSync(path.join(os.tmpdir(), 'ska-eq-key-'));
    dirs.push(hostKeyDir);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(hostKeyDir, 'ssh_host_ed25519_key')]);
  }
  const etc = mkdtempSync(path.join(os.tmpdir(), 'ska-eq-etc-'));
  const state = mkdtempSync(path.join(os.tmpdir(), 'ska-eq-state-'));
  dirs.push(etc, state);
  await fs.chmod(etc, 0o755);
  await fs.writeFile(path.join(etc, 'sshd_config'), f.main, { mode: 0o644 });
  if (f.dir !== false) {
    await fs.mkdir(path.join(etc, 'sshd_config.d'), { mode: 0o755 });
    for (const [name, text] of Object.entries(f.dropIns ?? {})) await fs.writeFile(path.join(etc, 'sshd_config.d', name), text, { mode: 0o644 });
  }
  for (const n of ['ssh_host_ed25519_key', 'ssh_host_ed25519_key.pub']) await fs.copyFile(path.join(hostKeyDir, n), path.join(etc, n));
  await fs.chmod(path.join(etc, 'ssh_host_ed25519_key'), 0o600);
  return { etc, state };
}

/** The fixture seen as /etc/ssh by the TypeScript planner. */
function fixtureIo(etc: string): TreeIo {
  const real = (p: string) => (p === '/etc/ssh' ? etc : path.join(etc, path.posix.relative('/etc/ssh', p)));
  return {
    async read(file) {
      try {
        const b = await fs.readFile(real(file));
        return { exists: true, text: b.toString('utf8'), hash: hashBytes(b) };
      } catch {
        return { exists: false, text: '', hash: '' };
      }
    },
    async list(dir) {
      return fs.readdir(real(dir)).catch(() => []);
    },
  };
}

function intentOf(changes: KeywordChange[]): string[] {
  return ['intent 1', 'mode plan', ...changes.map((c) => (c.action === 'set' ? `set ${c.keyword} ${String(c.value)}` : `unset ${c.keyword}`)), 'end'];
}

describe.skipIf(!env.ok)('remote program planner = TypeScript planner', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const { etc, state } = await makeTree(f);
    const ts = await planSystemChange('sshd_config', systemLayout('sshd_config'), fixtureIo(etc), f.changes);
    const sh = await runLocally(etc, state, intentOf(f.changes));
    expect(sh.output.error, sh.stdout + sh.stderr).toBeNull();
    expect(sh.output.done).toBe(true);
    const shEdits = new Map<string, string | null>();
    for (const line of sh.output.lines.filter((l) => l.startsWith('edit '))) {
      const [, action, file] = /^edit (\S+) (.*)$/.exec(line)!;
      shEdits.set(file!, action === 'delete' ? null : sh.output.blocks.get(`after ${file}`)!.toString('utf8'));
    }
    const tsEdits = new Map(ts.edits.map((e) => [e.file, e.after]));
    expect(shEdits).toEqual(tsEdits);
    expect(sh.output.lines.includes('plan noop')).toBe(ts.edits.length === 0);
    // planning writes nothing
    expect(await fs.readdir(state)).toEqual([]);
  });
});

describe.skipIf(!env.ok)('a Match every connection passes by its patterns is refused by both, naming file:line', () => {
  it.each(['User *', 'Host *', 'Address *', 'LocalAddress *', 'User=*', 'User alice,* Address *'])('Match %s', async (criteria) => {
    const f: Fixture = { name: criteria, main: `Port 22\nClientAliveInterval 5\nMatch ${criteria}\n  ClientAliveInterval 9\n`, dir: false, changes: [set(I, 60)] };
    const { etc, state } = await makeTree(f);
    for (const changes of [[set(I, 60)], [unset(I)]]) {
      const ts = await planSystemChange('sshd_config', systemLayout('sshd_config'), fixtureIo(etc), changes).catch((e: unknown) => e as Error);
      const sh = await runLocally(etc, state, intentOf(changes));
      expect(ts).toBeInstanceOf(Error);
      expect(sh.output.error).toEqual({ code: 'blocked', message: (ts as Error).message });
      expect((ts as Error).message).toContain('/etc/ssh/sshd_config:4');
    }
    expect(await fs.readdir(state)).toEqual([]);
  });
});
