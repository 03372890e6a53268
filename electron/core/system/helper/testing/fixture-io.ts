import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TreeIo } from '../../../openssh/config-tree';
import { fsTreeIo } from '../../fs-io';

/** The app's view of a fixture: /etc/ssh/... paths read from the fixture directory. */
export function fixtureIo(dir: string): TreeIo {
  const map = (p: string) => (p === '/etc/ssh' ? dir : p.startsWith('/etc/ssh/') ? path.join(dir, p.slice('/etc/ssh/'.length)) : p);
  return { read: (p) => fsTreeIo.read(map(p)), list: (d) => fsTreeIo.list(map(d)) };
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEBIAN_SSHD_CONFIG = readFileSync(path.join(here, 'fixtures', 'debian12-sshd_config'), 'utf8');
export const DEBIAN_SSH_CONFIG = readFileSync(path.join(here, 'fixtures', 'debian12-ssh_config'), 'utf8');
