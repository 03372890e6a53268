/**
 * OpenSSH's match.c: `match_pattern` (`*` any run, `?` exactly one character, case-sensitive) and
 * `match_pattern_list` (comma-separated, `!` negates, a negated hit wins; dolower lowercases the
 * pattern). Host lines use match_pattern per word (a comma is part of the pattern there).
 */
export function matchPattern(s: string, pattern: string): boolean {
  // Iterative wildcard match with backtracking to the last '*': linear for typical patterns.
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const pc = pattern[pi];
    if (pc === '*') {
      starP = pi++;
      starS = si;
    } else if (pc !== undefined && (pc === '?' || pc === s[si])) {
      pi++;
      si++;
    } else if (starP !== -1) {
      pi = starP + 1;
      si = ++starS;
    } else return false;
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/** 1 = positive match, -1 = a negated subpattern matched, 0 = no match (as OpenSSH). */
export function matchPatternList(s: string, list: string, dolower: boolean): 1 | 0 | -1 {
  let got = false;
  for (let sub of list.split(',')) {
    if (dolower) sub = sub.toLowerCase();
    const negated = sub.startsWith('!');
    if (negated) sub = sub.slice(1);
    if (matchPattern(s, sub)) {
      if (negated) return -1;
      got = true;
    }
  }
  return got ? 1 : 0;
}

/** match_hostname(): both sides lowercased. */
export function matchHostname(host: string, list: string): 1 | 0 | -1 {
  return matchPatternList(host.toLowerCase(), list, true);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
