import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedLines, hashBytes, recordChange, undoLast, writeFileAtomic } from './index';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'ka-journal-'));

/** The files of the one entry of a state dir's only scope. */
function entryFiles(state: string): string[] {
  const scope = path.join(state, 'backups', readdirSync(path.join(state, 'backups'))[0]!);
  const entry = path.join(scope, readdirSync(scope)[0]!);
  return readdirSync(entry).map((f) => path.join(entry, f));
}

describe('the journal keeps the lines a change replaced, not the whole file', () => {
  it('one line changed in a 20,000-line file: the backup is that line, and undo gives back every byte', async () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const file = path.join(dir, 'config');
    const lines = Array.from({ length: 20_000 }, (_, i) => `Host node${i}\r\n    HostName 10.0.${i >> 8}.${i & 255}\r\n`);
    const before = lines.join('');
    writeFileSync(file, before);
    lines[10_000] = 'Host node10000\r\n    ServerAliveInterval 60\r\n    HostName 10.0.39.16\r\n';
    const o = await writeFileAtomic(file, Buffer.from(lines.join('')), { baseHash: hashBytes(before) });
    await recordChange(state, file, 'edit', [o]);
    const bak = entryFiles(state).find((f) => f.endsWith('.bak'))!;
    expect(readFileSync(bak, 'latin1')).toBe('    HostName 10.0.39.16\r\n');
    expect(statSync(bak).mode & 0o777).toBe(0o600);
    await undoLast(state, file);
    expect(readFileSync(file, 'latin1')).toBe(before);
  });

  it('refuses, restoring nothing, when the journalled lines do not give back the file as it was', async () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const file = path.join(dir, 'config');
    writeFileSync(file, 'Host a\n  User x\n');
    const o = await writeFileAtomic(file, Buffer.from('Host a\n  User y\n'), { baseHash: hashBytes('Host a\n  User x\n') });
    await recordChange(state, file, 'edit', [o]);
    writeFileSync(entryFiles(state).find((f) => f.endsWith('.bak'))!, '  User z\n');
    await expect(undoLast(state, file)).rejects.toMatchObject({ code: 'io' });
    expect(readFileSync(file, 'utf8')).toBe('Host a\n  User y\n');
  });

  it('restores byte-identical content for any pair of versions (inserts, removals, no final newline, CRLF, not UTF-8)', () => {
    const piece = fc.constantFrom('Host a', 'Host b', '  User x', '\n', '\r\n', '\n', '', '\xff\xfe', 'é', 'a\n', '#\n');
    const text = fc.array(piece, { maxLength: 12 }).map((p) => Buffer.from(p.join(''), 'latin1'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const r = changedLines(before, after);
        // Whole lines: the region starts a line and ends one (or the file) in both versions.
        expect(r.start === 0 || before[r.start - 1] === 0x0a).toBe(true);
        expect(r.beforeEnd === before.length || before[r.beforeEnd - 1] === 0x0a || r.beforeEnd === r.start).toBe(true);
        expect(before.subarray(r.beforeEnd).equals(after.subarray(r.afterEnd))).toBe(true);
        const restored = Buffer.concat([after.subarray(0, r.start), before.subarray(r.start, r.beforeEnd), after.subarray(r.afterEnd)]);
        expect(restored.equals(before)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
