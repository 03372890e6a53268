import fs from 'node:fs';
import path from 'node:path';

/**
 * glob(3) as OpenSSH's Include uses it: `*`, `?` and `[...]` per path component, a leading '.' only
 * matched explicitly, results sorted in byte order (C collation), no match = empty list.
 */
export function expandGlob(pattern: string): string[] {
  const isAbs = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let current: string[] = [isAbs ? '/' : '.'];
  const start = isAbs ? 1 : 0;
  for (let i = start; i < parts.length; i++) {
    const part = parts[i]!;
    const next: string[] = [];
    for (const dir of current) {
      if (!/[*?[]/.test(part)) {
        const p = dir === '.' && !isAbs ? part : path.join(dir, part);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch {
        continue;
      }
      const re = globPartToRegExp(part);
      for (const name of names) {
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(name)) next.push(dir === '.' && !isAbs ? name : path.join(dir, name));
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current.filter((p) => p !== '/' && p !== '.').sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

/** One path component of a glob(3) pattern as a RegExp (`*`, `?`, `[...]`, `[!...]`). */
export function globPartToRegExp(part: string): RegExp {
  let re = '^';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = part.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        let body = part.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}
