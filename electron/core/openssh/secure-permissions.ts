import fs from 'node:fs';

/**
 * OpenSSH's secure_permissions(): a config file must be owned by root or the user and not be
 * writable by others. Debian's build (user-group-modes patch) also accepts a group-writable file
 * when the group's only member is the file's owner (the user-private groups umask 002 gives);
 * upstream OpenSSH refuses it. /etc/debian_version tells which ssh this machine has.
 */
export function securePermissions(st: { mode: number; uid: number; gid: number }, uid: number): boolean {
  if (st.uid !== 0 && st.uid !== uid) return false;
  if ((st.mode & 0o002) !== 0) return false;
  if ((st.mode & 0o020) === 0) return true;
  if (!fs.existsSync('/etc/debian_version')) return false;
  return groupHasOnlyOwner(st.gid, st.uid);
}

function groupHasOnlyOwner(gid: number, ownerUid: number): boolean {
  let passwd: string[][];
  let groups: string[][];
  try {
    passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n').filter(Boolean).map((l) => l.split(':'));
    groups = fs.readFileSync('/etc/group', 'utf8').split('\n').filter(Boolean).map((l) => l.split(':'));
  } catch {
    return false;
  }
  const group = groups.find((g) => Number(g[2]) === gid);
  if (!group) return false;
  let members = 0;
  // Primary group memberships: every user with this gid must be the owner.
  for (const p of passwd) {
    if (Number(p[3]) !== gid) continue;
    members++;
    if (Number(p[2]) !== ownerUid) return false;
  }
  const owner = passwd.find((p) => Number(p[2]) === ownerUid);
  if (!owner) return false;
  // Supplementary members: at most one, and it must be the owner.
  const extra = (group[3] ?? '').split(',').filter(Boolean);
  if (extra.length > 0) {
    members++;
    if (extra[0] !== owner[0] || extra.length > 1) return false;
  }
  return members > 0;
}
