import { spawn } from 'node:child_process';
import { AppError } from '../../contract/errors';
import type { ProbeSession, SpawnSession } from './session';

export const READY_MARKER = 'ssh-keepalive-probe-ready';
/** Said once, then every line back: the smallest remote program that proves the path still works. */
export const REMOTE_ECHO = `echo ${READY_MARKER}; exec cat`;

export interface SshTarget {
  host: string;
  /** `ssh -F` file; null = ssh's own default (~/.ssh/config). */
  configFile: string | null;
  connectTimeoutSeconds?: number;
  sshPath?: string;
}

/**
 * The options that make each connection a fair sample: its own TCP connection (no multiplexing),
 * no keepalive of any kind from this side, no prompts, no forwardings or commands from the config.
 * Command-line options beat the config file (the first obtained value wins).
 */
export function sshProbeArgs(target: SshTarget): string[] {
  const o = (kv: string) => ['-o', kv];
  return [
    ...(target.configFile ? ['-F', target.configFile] : []),
    '-T',
    ...o('BatchMode=yes'),
    ...o('ServerAliveInterval=0'),
    ...o('TCPKeepAlive=no'),
    ...o('ControlMaster=no'),
    ...o('ControlPath=none'),
    ...o('ClearAllForwardings=yes'),
    ...o('RemoteCommand=none'),
    ...o('PermitLocalCommand=no'),
    ...o(`ConnectTimeout=${target.connectTimeoutSeconds ?? 20}`),
    ...o('LogLevel=ERROR'),
    '--',
    target.host,
    REMOTE_ECHO,
  ];
}

/** Spawns real `ssh` connections to one host for the probe. */
export function sshSpawner(target: SshTarget): SpawnSession {
  const readyLimitMs = ((target.connectTimeoutSeconds ?? 20) + 20) * 1000;
  let counter = 0;
  return (signal) =>
    new Promise<ProbeSession>((resolve, reject) => {
      const child = spawn(target.sshPath ?? 'ssh', sshProbeArgs(target), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      let out = '';
      let err = '';
      let exited = false;
      let ready = false;
      const waiters = new Set<() => void>();
      const notify = () => waiters.forEach((w) => w());
      const close = () => {
        if (!exited) child.kill('SIGTERM');
        signal.removeEventListener('abort', close);
      };
      const fail = (message: string) => {
        clearTimeout(timer);
        close();
        reject(new AppError(signal.aborted ? 'cancelled' : 'io', message));
      };
      const timer = setTimeout(() => fail(`ssh ${target.host}: not connected after ${readyLimitMs / 1000} s`), readyLimitMs);
      signal.addEventListener('abort', close, { once: true });
      child.stdin.on('error', () => undefined); // writing to a connection that just ended
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      child.on('error', (e) => fail(`ssh could not be started: ${e.message}`));
      child.on('close', (code) => {
        exited = true;
        notify();
        if (!ready) fail(`ssh ${target.host} exited ${code ?? 'on a signal'}: ${lastLine(err) || 'no message'}`);
      });
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!ready && out.includes(`${READY_MARKER}\n`)) {
          ready = true;
          out = out.slice(out.indexOf(`${READY_MARKER}\n`) + READY_MARKER.length + 1);
          clearTimeout(timer);
          resolve({ echo, close });
        }
        notify();
        if (out.length > 8192) out = out.slice(-1024); // only recent lines matter
      });

      function echo(timeoutMs: number): Promise<boolean> {
        const token = `k${++counter}-${Date.now()}`;
        return new Promise<boolean>((done) => {
          const check = () => {
            if (out.includes(`${token}\n`)) finish(true);
            else if (exited) finish(false);
          };
          const finish = (answered: boolean) => {
            clearTimeout(t);
            waiters.delete(check);
            done(answered);
          };
          const t = setTimeout(() => finish(false), timeoutMs);
          waiters.add(check);
          child.stdin.write(`${token}\n`);
          check();
        });
      }
    });
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
