import { formatRegValue, type RegData } from './reg';

/**
 * Smallest text edits to existing session stores: only the lines of the keys we set change; every
 * other byte (comments, order, unknown keys, line endings) stays. Pure: text in, text out.
 */
function splitKeepEol(text: string): string[] {
  // Each element keeps its own line ending, so join('') gives the text back byte for byte.
  return text.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
}
const eolOf = (line: string) => /\r\n$|\n$|\r$/.exec(line)?.[0] ?? '';
const bodyOf = (line: string) => line.slice(0, line.length - eolOf(line).length);
function dominantEol(lines: string[], fallback: string): string {
  const crlf = lines.filter((l) => l.endsWith('\r\n')).length;
  const lf = lines.filter((l) => l.endsWith('\n') && !l.endsWith('\r\n')).length;
  if (crlf === 0 && lf === 0) return fallback;
  return crlf >= lf ? '\r\n' : '\n';
}
function ensureEol(lines: string[], eol: string): void {
  const last = lines.length - 1;
  if (last >= 0 && eolOf(lines[last]!) === '') lines[last] += eol;
}

/** PuTTY Unix session file: set Key=value (the first occurrence wins in PuTTY, so that is the one we change). */
export function setUnixSessionKeys(text: string, entries: Array<{ key: string; value: string | number }>): string {
  const lines = splitKeepEol(text);
  const eol = dominantEol(lines, '\n');
  for (const { key, value } of entries) {
    const i = lines.findIndex((l) => l.startsWith(`${key}=`));
    if (i >= 0) lines[i] = `${key}=${value}${eolOf(lines[i]!)}`;
    else {
      ensureEol(lines, eol);
      lines.push(`${key}=${value}${eol}`);
    }
  }
  return lines.join('');
}

/** WinSCP.ini: set entries inside `[section]` (created at the end when missing). */
export function setIniKeys(text: string, section: string, entries: Array<{ key: string; value: string }>): string {
  const lines = splitKeepEol(text);
  const eol = dominantEol(lines, '\r\n');
  const isSection = (l: string) => bodyOf(l).trim().startsWith('[');
  let start = lines.findIndex((l) => bodyOf(l).trim().toLowerCase() === `[${section}]`.toLowerCase());
  if (start < 0) {
    ensureEol(lines, eol);
    if (lines.length > 0 && bodyOf(lines[lines.length - 1]!).trim() !== '') lines.push(eol);
    lines.push(`[${section}]${eol}`);
    start = lines.length - 1;
  }
  for (const { key, value } of entries) {
    let end = start + 1;
    while (end < lines.length && !isSection(lines[end]!)) end++;
    let found = -1;
    for (let i = start + 1; i < end; i++) {
      const b = bodyOf(lines[i]!);
      const eq = b.indexOf('=');
      if (eq > 0 && b.slice(0, eq).trim().toLowerCase() === key.toLowerCase() && !b.trim().startsWith(';')) {
        found = i;
        break;
      }
    }
    if (found >= 0) lines[found] = `${key}=${value}${eolOf(lines[found]!) || ''}`;
    else {
      // After the section's last non-blank line.
      let at = end;
      while (at > start + 1 && bodyOf(lines[at - 1]!).trim() === '') at--;
      if (at === lines.length) ensureEol(lines, eol);
      lines.splice(at, 0, `${key}=${value}${eol}`);
    }
  }
  return lines.join('');
}

/**
 * .reg text: set values of `keyPath`. A value line already present in any block of that key is
 * replaced there (regedit applies blocks in order, so every copy must agree); missing values go to
 * the key's last block, which is created at the end when the file has none.
 */
export function setRegValues(text: string, keyPath: string, values: Array<{ name: string; data: RegData }>): string {
  const lines = splitKeepEol(text);
  const eol = dominantEol(lines, '\r\n');
  const keyLine = (l: string) => /^\s*\[/.test(bodyOf(l));
  const blocks: Array<{ start: number; end: number }> = [];
  const findBlocks = () => {
    blocks.length = 0;
    lines.forEach((l, i) => {
      if (bodyOf(l).trim().toLowerCase() === `[${keyPath}]`.toLowerCase()) {
        let end = i + 1;
        while (end < lines.length && !keyLine(lines[end]!)) end++;
        blocks.push({ start: i, end });
      }
    });
  };
  findBlocks();
  if (blocks.length === 0) {
    ensureEol(lines, eol);
    if (lines.length > 0 && bodyOf(lines[lines.length - 1]!).trim() !== '') lines.push(eol);
    lines.push(`[${keyPath}]${eol}`);
    findBlocks();
  }
  for (const v of values) {
    const formatted = formatRegValue(v.name, v.data);
    const nameToken = formatted.slice(0, formatted.indexOf('=') + 1);
    let replaced = false;
    for (const b of blocks) {
      for (let i = b.start + 1; i < b.end; i++) {
        const body = bodyOf(lines[i]!).trim();
        const eq = body.indexOf('=');
        if (eq > 0 && body.slice(0, eq).trim().toLowerCase() + '=' === nameToken.toLowerCase()) {
          lines[i] = `${formatted}${eolOf(lines[i]!)}`;
          replaced = true;
        }
      }
    }
    if (!replaced) {
      const last = blocks[blocks.length - 1]!;
      let at = last.end;
      while (at > last.start + 1 && bodyOf(lines[at - 1]!).trim() === '') at--;
      if (at === lines.length) ensureEol(lines, eol);
      lines.splice(at, 0, `${formatted}${eol}`);
      findBlocks();
    }
  }
  return lines.join('');
}
