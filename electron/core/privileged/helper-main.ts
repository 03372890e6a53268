/**
 * Entry of the privileged helper: `ssh-keepalive-helper run` with the JSON request on stdin, or
 * `ssh-keepalive-helper run --request-file FILE` where stdin cannot be passed (sudo-prompt).
 * Runs as root; prints one JSON object (HelperResponse) and exits 0 (done) or 1 (refused/failed).
 * Nothing from the request ever reaches a shell or a command line.
 */
import { constants, promises as fs } from 'node:fs';
import { handleRequest } from './helper-core';
import { MAX_REQUEST_BYTES } from './request';
import type { HelperResponse } from './response';

async function readLimited(read: (buf: Buffer, pos: number) => Promise<number>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.alloc(64 * 1024);
    const n = await read(buf, total);
    if (n === 0) break;
    total += n;
    // Read one byte past the limit at most: enough to know it is too large.
    if (total > MAX_REQUEST_BYTES) return Buffer.concat([...chunks, buf.subarray(0, n)]).subarray(0, MAX_REQUEST_BYTES + 1);
    chunks.push(buf.subarray(0, n));
  }
  return Buffer.concat(chunks);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    chunks.push(b);
    total += b.length;
    if (total > MAX_REQUEST_BYTES) break;
  }
  return Buffer.concat(chunks);
}

async function readRequestFile(file: string): Promise<Buffer> {
  // Never follow a link, never block on a FIFO, only a regular file; its content is untrusted
  // and never echoed back (the path could name any file root can read).
  const h = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = await h.stat();
    if (!st.isFile()) throw new Error('the request file is not a regular file');
    return await readLimited(async (buf, pos) => (await h.read(buf, 0, buf.length, pos)).bytesRead);
  } finally {
    await h.close();
  }
}

async function main(argv: string[]): Promise<HelperResponse> {
  if (process.getuid?.() !== 0) return { ok: false, error: { code: 'refused', message: 'Refused: the helper must run as root' } };
  const [verb, ...rest] = argv;
  if (verb !== 'run') return { ok: false, error: { code: 'refused', message: 'Refused: usage: ssh-keepalive-helper run [--request-file FILE]' } };
  let raw: Buffer;
  if (rest.length === 0) raw = await readStdin();
  else if (rest.length === 2 && rest[0] === '--request-file') {
    try {
      raw = await readRequestFile(rest[1]!);
    } catch {
      return { ok: false, error: { code: 'refused', message: 'Refused: the request file cannot be read as a regular file' } };
    }
  } else return { ok: false, error: { code: 'refused', message: 'Refused: unexpected arguments' } };
  return handleRequest(raw);
}

process.umask(0o022);
main(process.argv.slice(2)).then(
  (response) => {
    process.stdout.write(JSON.stringify(response) + '\n');
    process.exitCode = response.ok ? 0 : 1;
  },
  (err: unknown) => {
    process.stdout.write(JSON.stringify({ ok: false, error: { code: 'io', message: String((err as Error)?.message ?? err) } }) + '\n');
    process.exitCode = 1;
  },
);
