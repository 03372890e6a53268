import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { AppError } from '../../../common/contract/app-error';

export interface ReadFile {
  path: string;
  exists: boolean;
  bytes: Buffer;
  /** Decoded text. UTF-8 when the bytes round-trip through UTF-8, else latin1 (which always does). */
  text: string;
  encoding: 'utf8' | 'latin1';
  /** sha256 hex of the bytes; '' for a missing file. */
  hash: string;
  mode: number | null;
  uid: number | null;
  gid: number | null;
}

export function hashBytes(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Decodes so that encodeText(decodeText(b)) is byte-identical to b: never lose a byte. */
export function decodeText(bytes: Buffer): { text: string; encoding: 'utf8' | 'latin1' } {
  // Valid UTF-8 (checked natively, without decoding and encoding again) is exactly what round-trips
  // through toString('utf8'); anything else would come back with U+FFFD in it.
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: 'utf8' };
  return { text: bytes.toString('latin1'), encoding: 'latin1' };
}

export function encodeText(text: string, encoding: 'utf8' | 'latin1'): Buffer {
  return Buffer.from(text, encoding);
}

/** A file's bytes, hash and owner without decoding them: what a write or a hash check needs. */
export type RawFile = Omit<ReadFile, 'text' | 'encoding'>;

/** Reads a file's bytes; a missing file is a normal state (exists: false), anything else an AppError. */
export async function readRawFile(path: string): Promise<RawFile> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new AppError('io', `${path} is not a regular file`, { file: path });
    const bytes = await fs.readFile(path);
    return { path, exists: true, bytes, hash: hashBytes(bytes), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { path, exists: false, bytes: Buffer.alloc(0), hash: '', mode: null, uid: null, gid: null };
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError('permission', `Cannot read ${path}: permission denied`, { file: path });
    }
    throw new AppError('io', `Cannot read ${path}: ${(err as Error).message}`, { file: path });
  }
}

/** Reads a config file and decodes it; a missing file is a normal state (exists: false), anything else an AppError. */
export async function readConfigFile(path: string): Promise<ReadFile> {
  const raw = await readRawFile(path);
  return { ...raw, ...(raw.exists ? decodeText(raw.bytes) : { text: '', encoding: 'utf8' as const }) };
}

/** Current hash of a file on disk ('' when missing). Only hashed, never decoded. */
export async function currentHash(path: string): Promise<string> {
  return (await readRawFile(path)).hash;
}
