import { ServerChange } from '../../../common/contract/system';

/**
 * The intent lines the remote program takes (see the top of remote-program.sh). Built only from
 * checked numbers and fixed words; the program checks every line again and refuses anything else.
 */
export type RemoteChange = ServerChange;

const HEX64 = /^[0-9a-f]{64}$/;
const ENTRY = /^[0-9]{8}T[0-9]{6}Z[0-9]+$/;

/** set/unset lines of a change (the same keywords as the local server switch: off = unset the interval). */
export function changeLines(change: RemoteChange): string[] {
  const c = ServerChange.parse(change);
  if (c.action === 'off') return ['unset ClientAliveInterval'];
  if (c.interval === undefined) throw new Error('Turning server keepalive on needs an interval');
  const lines = [`set ClientAliveInterval ${c.interval}`];
  if (c.countMax !== undefined) lines.push(`set ClientAliveCountMax ${c.countMax}`);
  return lines;
}

export function statusIntent(): string[] {
  return ['intent 1', 'mode status', 'end'];
}

export function planIntent(change: RemoteChange): string[] {
  return ['intent 1', 'mode plan', ...changeLines(change), 'end'];
}

export function applyIntent(change: RemoteChange, state: string, digest: string, reload: boolean): string[] {
  if (!HEX64.test(state) || !HEX64.test(digest)) throw new Error('The plan has no valid state or digest');
  return ['intent 1', 'mode apply', ...changeLines(change), `state ${state}`, `digest ${digest}`, `reload ${reload ? 'yes' : 'no'}`, 'end'];
}

export function undoIntent(entry: string, reload: boolean): string[] {
  if (!ENTRY.test(entry)) throw new Error(`"${entry.slice(0, 40)}" is not a backup name`);
  return ['intent 1', 'mode undo', `entry ${entry}`, `reload ${reload ? 'yes' : 'no'}`, 'end'];
}

/** 20240102T030405Z1234 -> 2024-01-02T03:04:05Z */
export function entryTime(entry: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(entry);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : '';
}
