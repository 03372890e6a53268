import { strdelimCursor, type LexedLine } from './lexer';
import { atoiErr, convtime, parseFlag } from './values';

/** readconf.c's checks of one ssh_config line: the keepalive values, extra arguments, Match syntax. */

export type MatchAttr = 'all' | 'canonical' | 'final' | 'exec' | 'host' | 'originalhost' | 'user' | 'localuser' | 'localnetwork' | 'tagged';
export interface MatchCriterion {
  negate: boolean;
  attr: MatchAttr;
  arg: string;
}

const SINGLE_VALUE = new Set(['serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive', 'hostname', 'user', 'port']);

/** The value checks readconf.c makes for the keywords the app reads and writes; one message per problem. */
export function checkValue(line: LexedLine, issue: (msg: string) => void) {
  const arg = line.args[0];
  switch (line.key) {
    case 'serveraliveinterval':
      if (arg === undefined || arg === '') issue('missing time value.');
      else if (arg !== 'none' && convtime(arg) === -1) issue(`invalid time value "${arg}" for ServerAliveInterval (seconds, e.g. 60)`);
      break;
    case 'serveralivecountmax': {
      const r = atoiErr(arg);
      if ('error' in r) issue(`integer value ${r.error} for ServerAliveCountMax.`);
      break;
    }
    case 'tcpkeepalive':
      if (parseFlag(arg) === null) issue(`unsupported option "${arg ?? ''}" for TCPKeepAlive (yes or no).`);
      break;
  }
  if (SINGLE_VALUE.has(line.key) && line.args.length > 1) issue(`keyword ${line.key} extra arguments at end of line`);
}

// 'localnetwork' and 'tagged' are newer than 9.2 (which rejects them); accepted, and undecided.
const MATCH_ATTRS = new Set<MatchAttr>(['all', 'canonical', 'final', 'exec', 'host', 'originalhost', 'user', 'localuser', 'localnetwork', 'tagged']);

/**
 * match_cfg_line()'s syntax checks, in its order, on its own tokens (strdelimCursor: `host=b` is
 * `host b`, `!exec="cmd"` is `!exec cmd`); null when OpenSSH would reject the line.
 */
export function parseMatch(line: LexedLine, issue: (msg: string) => void): MatchCriterion[] | null {
  const cur = strdelimCursor(line);
  const out: MatchCriterion[] = [];
  let attributes = 0;
  let attr: string | null;
  const done = () => {
    if (cur.consumed()) return out;
    issue('keyword match extra arguments at end of line');
    return null;
  };
  while ((attr = cur.next()) !== null && attr !== '') {
    if (attr.startsWith('#')) {
      cur.consumeAll();
      break;
    }
    const negate = attr.startsWith('!');
    const name = negate ? attr.slice(1) : attr;
    const a = name.toLowerCase() as MatchAttr;
    // "all" takes no argument and ends the line; only `Match <one criterion> all` may precede it.
    if (a === 'all') {
      const next = cur.next();
      if (attributes > 1 || (next !== null && next !== '' && !next.startsWith('#'))) {
        issue(`'${attr}' cannot be combined with other Match attributes`);
        return null;
      }
      if (next?.startsWith('#')) cur.consumeAll();
      out.push({ negate, attr: 'all', arg: '' });
      return done();
    }
    attributes++;
    if (a === 'canonical' || a === 'final') {
      out.push({ negate, attr: a, arg: '' });
      continue;
    }
    // ssh asks for the argument before it looks at the name: `Match nosuch` is a missing criteria.
    const arg = cur.next();
    if (arg === null || arg === '' || arg.startsWith('#')) {
      issue(`Missing Match criteria for ${name}`);
      return null;
    }
    if (!MATCH_ATTRS.has(a)) {
      issue(`Unsupported Match attribute ${name}`);
      return null;
    }
    out.push({ negate, attr: a, arg });
  }
  if (attributes === 0) {
    issue('One or more attributes required for Match');
    return null;
  }
  return done();
}
