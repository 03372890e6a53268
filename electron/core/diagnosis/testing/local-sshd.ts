import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A real sshd on 127.0.0.1 for root tests: started in the foreground (the test owns the process),
 * on a random free port, through `wrap` (the lab user's private user database).
 */
export interface LocalSshd {
  port: number;
  configFile: string;
  stop(): void;
}

export async function startLocalSshd(opts: { dir: string; hostKey: string; lines: string[]; wrap: (argv: string[]) => string[]; configMode?: number }): Promise<LocalSshd> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const configFile = path.join(opts.dir, `sshd_config-${port}`);
    const text = [`ListenAddress 127.0.0.1:${port}`, `HostKey ${opts.hostKey}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin no', 'LogLevel VERBOSE', ...opts.lines, ''].join('\n');
    writeFileSync(configFile, text, { mode: opts.configMode ?? 0o644 });
    const [cmd, ...args] = opts.wrap(['/usr/sbin/sshd', '-D', '-e', '-f', configFile]);
    const child: ChildProcess = spawn(cmd as string, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const ok = await new Promise<boolean>((resolve) => {
      let log = '';
      const timer = setTimeout(() => resolve(false), 15_000);
      child.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server listening')) (clearTimeout(timer), resolve(true));
      });
      child.once('exit', () => (clearTimeout(timer), resolve(false)));
    });
    if (ok) return { port, configFile, stop: () => child.kill('SIGTERM') };
    child.kill('SIGKILL');
  }
  throw new Error('sshd did not start');
}
