import { AppError } from '../../../common/contract/errors';

/**
 * `.reg` files as Windows' `reg export` writes them and `reg import` / regedit read them:
 * UTF-16LE with a BOM, CRLF, `Windows Registry Editor Version 5.00`, blocks separated by blank lines.
 * The reader also takes REGEDIT4 (ANSI) and UTF-8 files, which regedit accepts too.
 */
export type RegData =
  | { kind: 'sz'; value: string }
  | { kind: 'dword'; value: number }
  | { kind: 'delete' }
  /** Any other type (hex:, hex(2):, qword, ...): kept as written, not interpreted. */
  | { kind: 'other'; raw: string };

export interface RegValueEntry {
  /** '' is the key's default value (`@`). */
  name: string;
  data: RegData;
  line: number;
}

export interface RegKeyBlock {
  path: string;
  /** `[-HKEY_...]`: delete the key and its subkeys. */
  deleteKey: boolean;
  values: RegValueEntry[];
  line: number;
}

export const REG_HEADER = 'Windows Registry Editor Version 5.00';

function quote(s: string): string {
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function checkText(what: string, s: string): void {
  // A line break would end the line early: regedit has no escape for it in REG_SZ.
  if (/[\r\n\u0000]/.test(s)) throw new AppError('invalid-input', `${what} ${JSON.stringify(s)} contains a line break or NUL, which a .reg file cannot hold`);
}

export function formatRegValue(name: string, data: RegData): string {
  checkText('The value name', name);
  const left = name === '' ? '@' : quote(name);
  switch (data.kind) {
    case 'sz':
      checkText('The value', data.value);
      return `${left}=${quote(data.value)}`;
    case 'dword':
      if (!Number.isInteger(data.value) || data.value < 0 || data.value > 0xffffffff) {
        throw new AppError('invalid-input', `${name}: ${data.value} does not fit a DWORD`);
      }
      return `${left}=dword:${data.value.toString(16).padStart(8, '0')}`;
    case 'delete':
      return `${left}=-`;
    case 'other':
      return `${left}=${data.raw}`;
  }
}

/** The text of a .reg file (CRLF). */
export function formatRegText(keys: Array<Pick<RegKeyBlock, 'path' | 'deleteKey'> & { values: Array<Pick<RegValueEntry, 'name' | 'data'>> }>): string {
  const lines: string[] = [REG_HEADER, ''];
  for (const k of keys) {
    checkText('The key', k.path);
    if (!/^HKEY_[A-Z_]+(\\|$)/.test(k.path)) throw new AppError('invalid-input', `Not a registry key path: ${k.path}`);
    lines.push(k.deleteKey ? `[-${k.path}]` : `[${k.path}]`);
    if (!k.deleteKey) for (const v of k.values) lines.push(formatRegValue(v.name, v.data));
    lines.push('');
  }
  return lines.join('\r\n') + '\r\n';
}

/** The bytes Windows writes: BOM FF FE, UTF-16LE. */
export function encodeReg(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

export function serializeReg(keys: Parameters<typeof formatRegText>[0]): Buffer {
  return encodeReg(formatRegText(keys));
}

export type RegEncoding = 'utf16le' | 'utf8' | 'utf8bom' | 'latin1';

export function decodeReg(bytes: Buffer, file?: string): { text: string; encoding: RegEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes.length % 2 !== 0) throw new AppError('parse', 'The .reg file is UTF-16 but has an odd number of bytes (truncated?)', { file });
    return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) throw new AppError('parse', 'UTF-16 big-endian .reg files are not supported (Windows writes little-endian)', { file });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf8bom' };
  const utf8 = bytes.toString('utf8');
  if (Buffer.from(utf8, 'utf8').equals(bytes)) return { text: utf8, encoding: 'utf8' };
  return { text: bytes.toString('latin1'), encoding: 'latin1' };
}

export function encodeRegText(text: string, encoding: RegEncoding): Buffer {
  if (encoding === 'utf16le') return encodeReg(text);
  if (encoding === 'utf8bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from(text, encoding);
}

/** Reads a quoted string starting at s[i] === '"'; returns the value and the index after the closing quote. */
function readQuoted(s: string, i: number, err: (m: string) => AppError): { value: string; end: number } {
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j]!;
    if (c === '\\') {
      const n = s[j + 1];
      if (n === '\\' || n === '"') {
        out += n;
        j++;
        continue;
      }
      throw err(`unknown escape \\${n ?? ''} in a string (only \\\\ and \\" are allowed)`);
    }
    if (c === '"') return { value: out, end: j + 1 };
    out += c;
  }
  throw err('a string is missing its closing quote');
}

/** Logical lines: a hex value may continue on the next line after a trailing backslash. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const physical = text.split(/\r\n|\n|\r/);
  const out: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let t = physical[i]!;
    while (/=\s*hex(\([0-9a-fA-F]+\))?:.*\\\s*$/.test(t) && i + 1 < physical.length) {
      t = t.replace(/\\\s*$/, '') + physical[++i]!.trim();
    }
    out.push({ text: t, line: start + 1 });
  }
  return out;
}

export function parseRegText(text: string, file?: string): RegKeyBlock[] {
  const lines = logicalLines(text);
  const first = lines.find((l) => l.text.trim() !== '');
  const header = first?.text.trim();
  if (header !== REG_HEADER && header !== 'REGEDIT4') {
    throw new AppError('parse', `Not a .reg file: the first line must be "${REG_HEADER}" or "REGEDIT4"`, { file, line: first?.line ?? 1 });
  }
  const keys: RegKeyBlock[] = [];
  let current: RegKeyBlock | null = null;
  for (const { text: raw, line } of lines) {
    if (raw === first?.text && line === first.line) continue;
    const t = raw.trim();
    const err = (m: string) => new AppError('parse', `Bad .reg line: ${m}`, { file, line });
    if (t === '' || t.startsWith(';')) continue;
    if (t.startsWith('[')) {
      if (!t.endsWith(']')) throw err('a key line must end with "]"');
      const del = t.startsWith('[-');
      const path = t.slice(del ? 2 : 1, -1);
      if (!/^HKEY_[A-Z_]+/.test(path)) throw err(`"${path}" is not a registry key`);
      current = { path, deleteKey: del, values: [], line };
      keys.push(current);
      continue;
    }
    if (!current) throw err('a value before any [key] line');
    let name: string;
    let rest: string;
    if (t.startsWith('@')) {
      name = '';
      rest = t.slice(1);
    } else if (t.startsWith('"')) {
      const q = readQuoted(t, 0, err);
      name = q.value;
      rest = t.slice(q.end);
    } else throw err('expected "name"=value');
    rest = rest.trimStart();
    if (!rest.startsWith('=')) throw err('expected "=" after the value name');
    rest = rest.slice(1).trim();
    let data: RegData;
    if (rest === '-') data = { kind: 'delete' };
    else if (rest.startsWith('"')) {
      const q = readQuoted(rest, 0, err);
      if (rest.slice(q.end).trim() !== '') throw err('text after the closing quote');
      data = { kind: 'sz', value: q.value };
    } else if (/^dword:/i.test(rest)) {
      const hex = rest.slice(6).trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw err(`"${rest}" is not a DWORD (dword: and up to 8 hex digits)`);
      data = { kind: 'dword', value: parseInt(hex, 16) };
    } else if (/^hex(\([0-9a-fA-F]+\))?:/i.test(rest)) data = { kind: 'other', raw: rest };
    else throw err(`unknown value "${rest}"`);
    current.values.push({ name, data, line });
  }
  return keys;
}

export function parseReg(bytes: Buffer, file?: string): RegKeyBlock[] {
  return parseRegText(decodeReg(bytes, file).text, file);
}
