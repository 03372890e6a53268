import { spawn } from 'node:child_process';
import { isolatedLoginArgs } from './ssh-args';

/**
 * The server's real keepalive, seen from the client when its config cannot be read: an idle
 * connection with no session (`ssh -N`) and no keepalive of ours, timing sshd's
 * `keepalive@openssh.com` requests in ssh's debug output. Anything we send postpones them, so we
 * send nothing. A close by the server with no keepalive first is UnusedConnectionTimeout.
 */
export interface ClientAliveMeasurement {
  /** Seconds from login to each keepalive request the server sent. */
  probes: number[];
  /** Seconds from login to the server closing the connection, when it did. */
  closedAfter: number | null;
  /** How long was watched. */
  watchedSeconds: number;
}

const KEEPALIVE = /client_input_global_request: rtype keepalive@openssh\.com want_reply 1/;
const LOGGED_IN = /^Authenticated to |debug1: Entering interactive session/;
const CLOSED = /closed by remote host/;

export function measureClientAlive(
  host: string,
  opts: { configPath: string | null; seconds: number; sshPath?: string; signal?: AbortSignal; connectTimeoutSeconds?: number },
): Promise<ClientAliveMeasurement> {
  const args = [...isolatedLoginArgs(opts.configPath, opts.connectTimeoutSeconds ?? 15), '-N', '-o', 'ServerAliveInterval=0', '-o', 'TCPKeepAlive=no', '--', host];
  return new Promise((resolve, reject) => {
    const child = spawn(opts.sshPath ?? 'ssh', args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let loggedInAt: number | null = null;
    const probes: number[] = [];
    let closedAfter: number | null = null;
    let pending = '';
    const since = () => (loggedInAt === null ? 0 : (Date.now() - loggedInAt) / 1000);
    const finish = () => {
      clearTimeout(limit);
      opts.signal?.removeEventListener('abort', stop);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
    const stop = () => finish();
    // Login itself may take a while; the watch starts when it is done.
    const limit = setTimeout(stop, (opts.seconds + (opts.connectTimeoutSeconds ?? 15) + 10) * 1000);
    opts.signal?.addEventListener('abort', stop, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      pending = (pending + d).slice(-8192);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (loggedInAt === null && LOGGED_IN.test(line)) {
          loggedInAt = Date.now();
          setTimeout(stop, opts.seconds * 1000).unref();
        } else if (loggedInAt !== null && KEEPALIVE.test(line)) {
          probes.push(Math.round(since() * 10) / 10);
          if (probes.length >= 3) stop();
        } else if (loggedInAt !== null && CLOSED.test(line)) {
          closedAfter = Math.round(since() * 10) / 10;
        }
      }
    });
    child.on('error', (err) => {
      finish();
      reject(err);
    });
    child.on('close', () => {
      finish();
      resolve({ probes, closedAfter, watchedSeconds: Math.round(since() * 10) / 10 });
    });
  });
}

/** The server's keepalive period from a measurement: the gap between probes, else the first probe's time. */
export function measuredPeriod(m: ClientAliveMeasurement): number | null {
  if (m.probes.length >= 2) return (m.probes[m.probes.length - 1] as number) - (m.probes[m.probes.length - 2] as number);
  return m.probes[0] ?? null;
}
