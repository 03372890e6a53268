/**
 * Asks for a secret (the sudo password) on the terminal without echo: raw mode, one line, Ctrl-C or
 * Ctrl-D cancels (null). Without a terminal (a script piping it in) one line is read from stdin, as
 * `sudo -S` does. The answer lives only in the caller's hands: nothing here keeps or prints it.
 */
export type ReadSecret = (prompt: string) => Promise<string | null>;

export function terminalSecret(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): ReadSecret {
  return (prompt) => (stdin.isTTY ? readRaw(stdin, stderr, prompt) : readLine(stdin, stderr, prompt));
}

function readRaw(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string | null> {
  // Echo goes off before the prompt shows (as sudo does): a password typed as soon as the prompt
  // appears must never reach the screen, or a terminal's scrollback.
  stdin.setRawMode(true);
  stderr.write(prompt);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(typed);
        if (ch === '\u0003' || ch === '\u0004') return finish(null);
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Lines piped in wait here until asked for, so each prompt gets the next one. */
const pending: string[] = [];
let ended = false;
let buffer = '';
let attached: NodeJS.ReadStream | null = null;
let waiting: (() => void) | null = null;

function attach(stdin: NodeJS.ReadStream): void {
  if (attached === stdin) return;
  attached = stdin;
  stdin.setEncoding('utf8');
  stdin.on('data', (d: string) => {
    buffer += d;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      pending.push(buffer.slice(0, nl).replace(/\r$/, ''));
      buffer = buffer.slice(nl + 1);
    }
    waiting?.();
  });
  stdin.on('end', () => {
    if (buffer) pending.push(buffer);
    buffer = '';
    ended = true;
    waiting?.();
  });
}

async function readLine(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string | null> {
  stderr.write(prompt);
  attach(stdin);
  stdin.resume();
  while (pending.length === 0 && !ended) await new Promise<void>((resolve) => (waiting = resolve));
  waiting = null;
  stdin.pause();
  stderr.write('\n');
  return pending.shift() ?? null;
}
