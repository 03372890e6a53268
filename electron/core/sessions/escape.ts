import { AppError } from '../../../common/contract/errors';

/**
 * Session-name escaping, byte for byte as PuTTY and WinSCP do it. Three different rules exist:
 *  - PuTTY on Windows (windows/utils/escape_registry_key.c): registry key names;
 *  - PuTTY on Unix (unix/storage.c make_session_filename): file names in the sessions dir;
 *  - WinSCP (HierarchicalStorage.cpp MungeStr): the registry rule over UTF-8 bytes, with a
 *    UTF-8 BOM in front when the name is not ASCII; string *values* are munged too.
 */
const HEX = '0123456789ABCDEF';
const pct = (b: number) => `%${HEX[b >> 4]}${HEX[b & 15]}`;

function registryEscapeBytes(bytes: Uint8Array): string {
  let out = '';
  bytes.forEach((b, i) => {
    const c = String.fromCharCode(b);
    // `.` only as the first character: a key name starting with '.' collides with file-type keys.
    if (c === ' ' || c === '\\' || c === '*' || c === '?' || c === '%' || b < 0x20 || b > 0x7e || (c === '.' && i === 0)) out += pct(b);
    else out += c;
  });
  return out;
}

/** PuTTY's own unescape: `%` + two characters, decoded with its (lenient) hex arithmetic. */
function percentDecodeBytes(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%' && i + 2 < s.length) {
      const nib = (ch: string) => {
        const v = ch.charCodeAt(0) - 48;
        return v > 9 ? v - 7 : v;
      };
      out.push(((nib(s[i + 1]!) << 4) + nib(s[i + 2]!)) & 0xff);
      i += 3;
    } else {
      out.push(s.charCodeAt(i) & 0xff);
      i += 1;
    }
  }
  return Buffer.from(out);
}

function checkName(name: string): void {
  if (name === '') throw new AppError('invalid-input', 'A session name cannot be empty');
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new AppError('invalid-input', `The session name ${JSON.stringify(name)} contains a control character`);
}

/**
 * PuTTY (Windows) key name. PuTTY stores names as ANSI bytes in the machine's code page, which we
 * cannot know: a non-ASCII name is refused rather than guessed.
 */
export function escapePuttyRegistryName(name: string): string {
  checkName(name);
  if (/[^\x20-\x7e]/.test(name)) {
    throw new AppError(
      'invalid-input',
      `PuTTY on Windows stores session names in the system's ANSI code page, so ${JSON.stringify(name)} cannot be written reliably: use an ASCII name`,
    );
  }
  return registryEscapeBytes(Buffer.from(name, 'latin1'));
}

export function unescapePuttyRegistryName(key: string): string {
  return percentDecodeBytes(key).toString('latin1');
}

/** PuTTY (Unix) file name: only A-Z a-z 0-9 + - . @ _ survive; every other byte (of UTF-8) is %XX. */
export function escapePuttyUnixName(name: string): string {
  checkName(name);
  // PuTTY would happily open "<dir>/." or "<dir>/..": the directory itself, not a session file.
  if (name === '.' || name === '..') throw new AppError('invalid-input', `${JSON.stringify(name)} cannot be a PuTTY session name on Unix (it names a directory)`);
  let out = '';
  for (const b of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9+\-.@_]/.test(c) ? c : pct(b);
  }
  return out;
}

export function unescapePuttyUnixName(file: string): string {
  const bytes = percentDecodeBytes(file);
  const utf8 = bytes.toString('utf8');
  return Buffer.from(utf8, 'utf8').equals(bytes) ? utf8 : bytes.toString('latin1');
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** WinSCP MungeStr: UTF-8 (BOM-prefixed when not ASCII), then PuTTY's registry escaping. */
function winscpMunge(s: string): string {
  const utf8 = Buffer.from(s, 'utf8');
  const bytes = utf8.length > s.length ? Buffer.concat([UTF8_BOM, utf8]) : utf8;
  return registryEscapeBytes(bytes);
}

/** WinSCP site key name; `/` separates folders and stays as it is. */
export function escapeWinscpName(name: string): string {
  checkName(name);
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    throw new AppError('invalid-input', `The WinSCP site name ${JSON.stringify(name)} has an empty folder name ('/' separates folders)`);
  }
  return winscpMunge(name);
}

/** WinSCP string value: the same munging, except that `*` stays (WinSCP keeps it for PasswordMask). */
export function escapeWinscpValue(value: string): string {
  return winscpMunge(value).replaceAll('%2A', '*');
}

/** WinSCP UnMungeStr: a leading BOM means UTF-8, else ANSI (read as latin1 here). */
export function unescapeWinscp(s: string): string {
  const bytes = percentDecodeBytes(s);
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}
