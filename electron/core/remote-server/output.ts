/**
 * Reads what the remote program printed: `ska WORD ...` lines, file contents as od hex between
 * `ska hex LABEL` and `ska endhex`, `ska done` at the end, or `ska error CODE text`. Anything else
 * (a banner from the login shell's startup files) is ignored. The server is not trusted either:
 * malformed hex or a missing end is reported, never guessed.
 */
export interface ProgramError {
  code: string;
  message: string;
}

export interface ProgramOutput {
  /** Every `ska` line without the prefix, in order (hex lines excluded). */
  lines: string[];
  /** LABEL -> bytes. */
  blocks: Map<string, Buffer>;
  done: boolean;
  error: ProgramError | null;
  /** A hex block that did not parse or did not end. */
  malformed: boolean;
}

export function parseProgramOutput(stdout: string): ProgramOutput {
  const out: ProgramOutput = { lines: [], blocks: new Map(), done: false, error: null, malformed: false };
  let label: string | null = null;
  let hex: string[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (label !== null) {
      if (line === 'ska endhex') {
        const text = hex.join('');
        if (!/^[0-9a-f]*$/.test(text) || text.length % 2 !== 0) out.malformed = true;
        else out.blocks.set(label, Buffer.from(text, 'hex'));
        label = null;
        hex = [];
      } else hex.push(line.replace(/\s+/g, ''));
      continue;
    }
    if (!line.startsWith('ska ')) continue;
    const body = line.slice(4);
    if (body.startsWith('hex ')) {
      label = body.slice(4);
      continue;
    }
    if (body === 'done') out.done = true;
    const err = /^error (\S+) ?(.*)$/.exec(body);
    if (err && !out.error) out.error = { code: err[1]!, message: err[2]! };
    out.lines.push(body);
  }
  if (label !== null) out.malformed = true;
  return out;
}

/** The rest of the first line starting with `word ` (e.g. value('version') -> 'OpenSSH_9.2, ...'). */
export function value(out: ProgramOutput, word: string): string | undefined {
  const line = out.lines.find((l) => l === word || l.startsWith(`${word} `));
  return line === undefined ? undefined : line.slice(word.length + 1);
}

export function values(out: ProgramOutput, word: string): string[] {
  return out.lines.filter((l) => l.startsWith(`${word} `)).map((l) => l.slice(word.length + 1));
}
