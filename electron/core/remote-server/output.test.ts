import { describe, expect, it } from 'vitest';
import { parseProgramOutput, value } from './output';

describe("the program's output", () => {
  it('reads ska lines and hex blocks, ignoring a login banner', () => {
    const out = parseProgramOutput('Welcome to host\nska uid 1000\nska hex file /etc/ssh/sshd_config\n 50 6f 72 74\n 20 32 32 0a\nska endhex\nska done\n');
    expect(value(out, 'uid')).toBe('1000');
    expect(out.blocks.get('file /etc/ssh/sshd_config')?.toString()).toBe('Port 22\n');
    expect(out.done).toBe(true);
    expect(out.error).toBeNull();
  });

  it('reports an error line, and never guesses at broken hex', () => {
    expect(parseProgramOutput('ska error changed the config changed\n').error).toEqual({ code: 'changed', message: 'the config changed' });
    expect(parseProgramOutput('ska hex x\n zz\nska endhex\n').malformed).toBe(true);
    expect(parseProgramOutput('ska hex x\n 41\n').malformed).toBe(true);
  });
});
