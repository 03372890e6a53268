import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import type { SshFailure } from '../../../common/contract/probe';
import { classifyConnectFailure, SshConnectError } from './connect-failure';
import type { ProbeSession, SessionEnd, SessionMode, SpawnSession } from './session';

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

const o = (kv: string) => ['-o', kv];

/** No keepalive from this side, no prompts, no forwardings, commands or local commands from the config. */
function quietArgs(target: SshTarget, logLevel = 'ERROR'): string[] {
  return [
    ...(target.configFile ? ['-F', target.configFile] : []),
    '-T',
    ...o('BatchMode=yes'),
    ...o('ServerAliveInterval=0'),
    ...o('TCPKeepAlive=no'),
    ...o('ClearAllForwardings=yes'),
    ...o('RemoteCommand=none'),
    ...o('PermitLocalCommand=no'),
    ...o(`ConnectTimeout=${target.connectTimeoutSeconds ?? 20}`),
    ...o(`LogLevel=${logLevel}`),
  ];
}

/**
 * The options that make each connection a fair sample: its own TCP connection (no multiplexing),
 * no keepalive of any kind from this side, no prompts, no forwardings or commands from the config.
 * Command-line options beat the config file (the first obtained value wins).
 */
export function sshProbeArgs(target: SshTarget): string[] {
  return [...quietArgs(target), ...o('ControlMaster=no'), ...o('ControlPath=none'), '--', target.host, REMOTE_ECHO];
}

/** A connection with no session channel: `ssh -N` as a multiplexing master on a private socket. */
export function sshMasterArgs(target: SshTarget, controlPath: string): string[] {
  return [...quietArgs(target), '-N', ...o('ControlMaster=yes'), ...o(`ControlPath=${controlPath}`), ...o('ControlPersist=no'), '--', target.host];
}

/**
 * One echo over the master: a fresh session, so the server's ChannelTimeout never saw it idle.
 * ProxyCommand=false: if the master is gone, ssh's fallback to a new connection fails at once
 * instead of answering for a connection that no longer exists.
 */
export function sshMuxEchoArgs(target: SshTarget, controlPath: string, token: string): string[] {
  // DEBUG1: "mux_client_request_session: master session id" marks when the master sent the open.
  return [...quietArgs(target, 'DEBUG1'), ...o('ControlMaster=no'), ...o(`ControlPath=${controlPath}`), ...o('ProxyCommand=false'), '--', target.host, `echo ${token}`];
}

/**
 * How ssh ended by itself. With keepalive off nothing is sent while a connection idles, so a NAT
 * that forgot it cannot end it: an end without a network error is the server closing it cleanly
 * (ChannelTimeout gives exit 255 and no message at all; UnusedConnectionTimeout "closed by
 * remote host"). A reset (a firewall that resets forgotten flows) or a write error is the network.
 */
export function classifyEnd(stderr: string, code: number | null, atMs: number): SessionEnd {
  const network = /Broken pipe|Connection reset|reset by peer|timed out|not responding|Software caused connection abort|Network is unreachable|No route to host|Connection aborted/i.test(stderr);
  const last = lastLine(stderr);
  return { by: network ? 'network' : 'server', atMs, message: last || `ssh exited ${code ?? 'on a signal'} without a message (the server closed the session)` };
}

/** Spawns real `ssh` connections to one host for the probe. */
export function sshSpawner(target: SshTarget): SpawnSession {
  let counter = 0;
  const token = () => `k${++counter}-${Date.now()}`;
  return (signal, mode: SessionMode = 'channel') => (mode === 'channel' ? channelSession(target, signal, token) : noChannelSession(target, signal, token));
}

const readyLimitMs = (t: SshTarget) => ((t.connectTimeoutSeconds ?? 20) + 20) * 1000;

function channelSession(target: SshTarget, signal: AbortSignal, token: () => string): Promise<ProbeSession> {
  return new Promise<ProbeSession>((resolve, reject) => {
    const child = spawn(target.sshPath ?? 'ssh', sshProbeArgs(target), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let out = '';
    let err = '';
    let exited = false;
    let ready = false;
    let closedByUs = false;
    let end: SessionEnd | null = null;
    const waiters = new Set<() => void>();
    const notify = () => waiters.forEach((w) => w());
    const close = () => {
      closedByUs = true;
      if (!exited) child.kill('SIGTERM');
      signal.removeEventListener('abort', close);
    };
    const fail = (message: string, failure?: SshFailure | null) => {
      clearTimeout(timer);
      close();
      reject(signal.aborted ? new AppError('cancelled', message) : new SshConnectError(message, failure));
    };
    const timer = setTimeout(() => fail(`ssh ${target.host}: not connected after ${readyLimitMs(target) / 1000} s`, 'unreachable'), readyLimitMs(target));
    signal.addEventListener('abort', close, { once: true });
    child.stdin.on('error', () => undefined); // writing to a connection that just ended
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', (e) => fail(`ssh could not be started: ${e.message}`, null));
    child.on('close', (code) => {
      exited = true;
      if (ready && !closedByUs) end = classifyEnd(err, code, Date.now());
      notify();
      if (!ready) fail(`ssh ${target.host} exited ${code ?? 'on a signal'}: ${lastLine(err) || 'no message'}`, classifyConnectFailure(err));
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!ready && out.includes(`${READY_MARKER}\n`)) {
        ready = true;
        out = out.slice(out.indexOf(`${READY_MARKER}\n`) + READY_MARKER.length + 1);
        clearTimeout(timer);
        resolve({ echo, close, ended: () => end });
      }
      notify();
      if (out.length > 8192) out = out.slice(-1024); // only recent lines matter
    });

    function echo(timeoutMs: number): Promise<boolean> {
      const t = token();
      return new Promise<boolean>((done) => {
        const check = () => {
          if (out.includes(`${t}\n`)) finish(true);
          else if (exited) finish(false);
        };
        const finish = (answered: boolean) => {
          clearTimeout(limit);
          waiters.delete(check);
          done(answered);
        };
        const limit = setTimeout(() => finish(false), timeoutMs);
        waiters.add(check);
        child.stdin.write(`${t}\n`);
        check();
      });
    }
  });
}

function noChannelSession(target: SshTarget, signal: AbortSignal, token: () => string): Promise<ProbeSession> {
  return new Promise<ProbeSession>((resolve, reject) => {
    // A private directory (0700) for the control socket: no other user can reach the master.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-probe-'));
    const socket = path.join(dir, 'm');
    const master = spawn(target.sshPath ?? 'ssh', sshMasterArgs(target, socket), { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let err = '';
    let exited = false;
    let ready = false;
    let closedByUs = false;
    let end: SessionEnd | null = null;
    let sentAt: number | null = null;
    const echoes = new Set<ChildProcess>();
    const cleanup = () => rmSync(dir, { recursive: true, force: true });
    const close = () => {
      closedByUs = true;
      for (const e of echoes) e.kill('SIGKILL');
      if (!exited) master.kill('SIGTERM');
      else cleanup();
      signal.removeEventListener('abort', close);
    };
    const fail = (message: string, failure?: SshFailure | null) => {
      clearTimeout(timer);
      clearInterval(poll);
      close();
      reject(signal.aborted ? new AppError('cancelled', message) : new SshConnectError(message, failure));
    };
    const timer = setTimeout(() => fail(`ssh ${target.host}: not connected after ${readyLimitMs(target) / 1000} s`, 'unreachable'), readyLimitMs(target));
    // The master listens on its socket once it has logged in: that is when its idle time starts.
    const poll = setInterval(() => {
      if (ready || exited || !existsSync(socket)) return;
      ready = true;
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ echo, close, ended: () => end, echoSentAt: () => sentAt });
    }, 50);
    signal.addEventListener('abort', close, { once: true });
    master.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    master.on('error', (e) => fail(`ssh could not be started: ${e.message}`, null));
    master.on('close', (code) => {
      exited = true;
      if (ready && !closedByUs) end = classifyEnd(err, code, Date.now());
      if (!ready) fail(`ssh ${target.host} exited ${code ?? 'on a signal'}: ${lastLine(err) || 'no message'}`, classifyConnectFailure(err));
      else if (closedByUs || echoes.size === 0) cleanup();
    });

    function echo(timeoutMs: number): Promise<boolean> {
      if (exited) return Promise.resolve(false);
      const t = token();
      sentAt = null;
      return new Promise<boolean>((done) => {
        const child = spawn(target.sshPath ?? 'ssh', sshMuxEchoArgs(target, socket, t), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
        echoes.add(child);
        let out = '';
        let log = '';
        child.stderr.on('data', (d: Buffer) => {
          log = (log + d.toString()).slice(-2048);
          if (sentAt === null && /mux_client_request_session: master session id/.test(log)) sentAt = Date.now();
        });
        let settled = false;
        const finish = (answered: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(limit);
          if (child.exitCode === null) child.kill('SIGKILL');
          done(answered);
        };
        const limit = setTimeout(() => finish(false), timeoutMs);
        child.stdout.on('data', (d: Buffer) => {
          out = (out + d.toString()).slice(-1024);
          if (out.includes(`${t}\n`)) finish(true);
        });
        child.on('error', () => finish(false));
        child.on('close', () => {
          echoes.delete(child);
          finish(out.includes(`${t}\n`));
        });
      });
    }
  });
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
