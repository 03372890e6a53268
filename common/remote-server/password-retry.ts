/**
 * sudo's password, asked only where sudo wants one: run a call for every server, then ask once for
 * those that answered `needs-password` (or `wrong-password`, after a wrong one) and run it again for
 * them with what was typed, at most `tries` times. Every other answer is final. The password lives
 * in this one retry; the caller (the terminal prompt, the page's dialog) keeps nothing. Shared by the
 * command line and the page, so both ask the same way.
 */
export interface ServerAnswer {
  host: string;
  failure: string | null;
  message: string;
}

/** Asked with the answers still waiting for a password; null (or '') = the user cancelled. */
export type AskSudoPassword<T extends ServerAnswer> = (waiting: readonly T[]) => Promise<string | null>;

export const PASSWORD_TRIES = 3;

export const wantsPassword = (a: ServerAnswer) => a.failure === 'needs-password' || a.failure === 'wrong-password';

export async function retryWithPassword<T extends ServerAnswer>(
  hosts: readonly string[],
  call: (hosts: string[], password?: string) => Promise<readonly T[]>,
  ask: AskSudoPassword<T>,
  tries = PASSWORD_TRIES,
): Promise<T[]> {
  const results = new Map((await call([...hosts])).map((r) => [r.host, r]));
  for (let i = 0; i < tries; i++) {
    const waiting = [...results.values()].filter(wantsPassword);
    if (waiting.length === 0) break;
    const password = await ask(waiting);
    if (!password) break;
    for (const r of await call(waiting.map((w) => w.host), password)) results.set(r.host, r);
  }
  return hosts.flatMap((h) => results.get(h) ?? []);
}
