/**
 * Entry of the privileged helper: `ssh-keepalive-helper run` with the JSON request on stdin, the
 * only way in: no option names a file to read (a path would let the caller probe root-only files
 * through the answers). Runs as root; prints one JSON object (HelperResponse) and exits 0 (done)
 * or 1 (refused/failed). Nothing from the request ever reaches a shell or a command line.
 */
import { handleRequest } from './helper-core';
import { MAX_REQUEST_BYTES } from './request';
import type { HelperResponse } from './response';

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

async function main(argv: string[]): Promise<HelperResponse> {
  if (process.getuid?.() !== 0) return { ok: false, error: { code: 'refused', message: 'Refused: the helper must run as root' } };
  // Same answer for any other arguments, whatever they name: they are never looked at.
  if (argv.length !== 1 || argv[0] !== 'run') return { ok: false, error: { code: 'refused', message: 'Refused: usage: ssh-keepalive-helper run (the request on stdin)' } };
  return handleRequest(await readStdin());
}

/**
 * Whatever environment reached us (sudo -E, a root shell's TMPDIR): none of it is used. The tools
 * the helper runs get an empty one (ssh-server/sshd.ts), and nothing here reads TMPDIR.
 */
function resetEnvironment(): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  process.env.PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
}

resetEnvironment();
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
