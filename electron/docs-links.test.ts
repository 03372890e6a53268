/**
 * Every relative link in every Markdown file of the repository resolves to a file inside it, and
 * every `#anchor` to a heading of the file it points at: the project carries its own design, so no
 * clone has a dead link or one that leaves the repository (`../shared/…` was one).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'test-results', 'artifacts']);

/** The tracked *.md files (git), or every *.md outside build output when there is no git checkout. */
function markdownFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = dir ? `${dir}/${e.name}` : e.name;
        if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : walk(rel);
        return e.name.endsWith('.md') ? [rel] : [];
      });
    return walk('');
  }
}

/** Link targets of a Markdown text: inline links and images, and reference definitions; code is not read. */
export function linkTargets(text: string): string[] {
  const prose = text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]!.replace(/^<|>$/g, ''));
  for (const m of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*(\S+)/gm)) targets.push(m[1]!);
  return targets;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(text: string): Set<string> {
  const prose = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

function problems(): string[] {
  const out: string[] = [];
  for (const file of markdownFiles()) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const target of linkTargets(text)) {
      if (isExternal(target)) continue;
      const [rawPath = '', anchor] = target.split('#', 2);
      const linkPath = decodeURIComponent(rawPath);
      const resolved = linkPath ? path.resolve(path.dirname(path.join(root, file)), linkPath) : path.join(root, file);
      const rel = path.relative(root, resolved);
      if (path.isAbsolute(linkPath) || rel.startsWith('..') || path.isAbsolute(rel)) {
        out.push(`${file}: ${target} leaves the repository`);
        continue;
      }
      if (!fs.existsSync(resolved)) {
        out.push(`${file}: ${target} does not exist`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && !headingAnchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
        out.push(`${file}: ${target} names no heading of ${rel}`);
      }
    }
  }
  return out;
}

describe('links in the Markdown files', () => {
  it('reads links and anchors as GitHub does', () => {
    const text = ['See [a](docs/a.md#x) and ![img](b.png "title") and [c](<d e.md>).', '[ref]: ../out.md', '`[no](code.md)`', '```', '[no](block.md)', '```', '## The window (electron/main)', '## Fuses', '## Fuses'].join('\n');
    expect(linkTargets(text)).toEqual(['docs/a.md#x', 'b.png', 'd e.md', '../out.md']);
    expect([...headingAnchors(text)]).toEqual(['the-window-electronmain', 'fuses', 'fuses-1']);
  });

  it('every relative link resolves inside the repository (and every #anchor to a heading)', () => {
    expect(markdownFiles().length).toBeGreaterThan(3);
    expect(problems()).toEqual([]);
  });
});
