import { DROP_IN_HEADER, DROP_IN_NAME } from '../../openssh/system-keywords';

/**
 * The Ansible playbook and the cloud-init snippet for server keepalive. Both write the same bytes
 * the app's remote program writes (our drop-in, or a line before the first Match block), with the
 * same safety: every write is checked by sshd -t on the WHOLE config before it replaces anything,
 * and sshd -T must then show the value (else another line decides, and nothing is written). A
 * drop-in cannot be checked alone with `sshd -t -f %s` (that reads it as if it were the whole
 * config), so its validate builds a copy of the tree whose main file includes the candidate.
 */
export interface KeepaliveSettings {
  interval: number;
  countMax?: number;
}

export const INVENTORY_GROUP = 'ssh_keepalive';
const DROP_IN = `/etc/ssh/sshd_config.d/${DROP_IN_NAME}`;

function checked(s: KeepaliveSettings): KeepaliveSettings {
  if (!Number.isInteger(s.interval) || s.interval < 1 || s.interval > 86_400) throw new Error('The interval must be a whole number of seconds between 1 and 86400');
  if (s.countMax !== undefined && (!Number.isInteger(s.countMax) || s.countMax < 0 || s.countMax > 100)) throw new Error('ClientAliveCountMax must be a whole number between 0 and 100');
  return s;
}

export function settingLines(s: KeepaliveSettings): string[] {
  const c = checked(s);
  return [`ClientAliveInterval ${c.interval}`, ...(c.countMax !== undefined ? [`ClientAliveCountMax ${c.countMax}`] : [])];
}

/** Our drop-in, byte for byte as the remote program creates it. */
export function dropInText(s: KeepaliveSettings): string {
  return [DROP_IN_HEADER, ...settingLines(s), ''].join('\n');
}

const indent = (text: string, n: number) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');

// Shell programs the playbook runs on each host. They hold no '%' (Ansible %-formats validate
// strings) and are marked !unsafe (never templated).

/** Prints YAML: sshd's path, the layout, and which keywords have a line outside Match blocks. */
const LAYOUT_SCRIPT = String.raw`set -eu
sshd=
for c in /usr/sbin/sshd /usr/bin/sshd /usr/local/sbin/sshd; do
  if [ -x "$c" ]; then sshd=$c; break; fi
done
[ -n "$sshd" ] || { echo "no sshd on this host" >&2; exit 1; }
hasdir=0
if [ -d /etc/ssh/sshd_config.d ]; then hasdir=1; fi
awk -v sshd="$sshd" -v hasdir="$hasdir" '
  { l = $0; sub(/\r$/, "", l); sub(/^[ \t]+/, "", l) }
  l == "" || l ~ /^#/ { next }
  { k = tolower(l); sub(/[ \t=].*/, "", k); a = l; sub(/^[^ \t=]+[ \t]*=?[ \t]*/, "", a); sub(/[ \t]+(#.*)?$/, "", a) }
  k == "match" { inmatch = 1 }
  !inmatch && k == "include" && (a == "/etc/ssh/sshd_config.d/*.conf" || a == "sshd_config.d/*.conf") { inc = 1 }
  !inmatch && (k == "clientaliveinterval" || k == "clientalivecountmax") { g[k] = 1 }
  END {
    print "sshd: " sshd
    print "layout: " ((inc && hasdir) ? "dropin" : "main")
    s = ""
    for (k in g) s = s (s == "" ? "" : ", ") k
    print "global: [" s "]"
  }' /etc/ssh/sshd_config`;

/**
 * Exits 1 (nothing written) unless the sshd -T output in file `dump` shows each KEY VALUE pair left
 * in "$@"; `decides` says which line would decide instead.
 */
const expectInDump = (dump: string, decides: string) => String.raw`while [ "$#" -ge 2 ]; do
  got=$(awk -v k="$1" '$1 == k { print $2; exit }' "${dump}")
  if [ "$got" != "$2" ]; then
    echo "sshd would still use $1 $got${decides}; nothing was written" >&2
    exit 1
  fi
  shift 2
done`;

/** $1 candidate drop-in, $2 sshd, then KEY VALUE pairs sshd -T must show. */
const CHECK_DROPIN = String.raw`set -eu
new=$1; sshd=$2; shift 2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/d"
for f in /etc/ssh/sshd_config.d/*.conf; do
  if [ -f "$f" ]; then cp "$f" "$t/d/"; fi
done
cp "$new" "$t/d/${DROP_IN_NAME}"
awk -v d="$t/d/*.conf" '
  { l = $0; sub(/\r$/, "", l); sub(/^[ \t]+/, "", l); k = tolower(l); sub(/[ \t=].*/, "", k); a = l; sub(/^[^ \t=]+[ \t]*=?[ \t]*/, "", a); sub(/[ \t]+(#.*)?$/, "", a) }
  !done && k == "include" && (a == "/etc/ssh/sshd_config.d/*.conf" || a == "sshd_config.d/*.conf") { print "Include " d; done = 1; next }
  { print }' /etc/ssh/sshd_config >"$t/sshd_config"
"$sshd" -t -f "$t/sshd_config"
"$sshd" -T -f "$t/sshd_config" >"$t/dump"
${expectInDump('$t/dump', `: a line read before ${DROP_IN_NAME} decides (see ssh-keepalive server status)`)}`;

/** $1 candidate sshd_config, $2 sshd, then KEY VALUE pairs sshd -T must show. */
const CHECK_MAIN = String.raw`set -eu
new=$1; sshd=$2; shift 2
t=$(mktemp)
trap 'rm -f "$t"' EXIT
"$sshd" -t -f "$new"
"$sshd" -T -f "$new" >"$t"
${expectInDump('$t', ' (another line decides; see ssh-keepalive server status)')}`;

/** $1 sshd. Checks the whole config, then reloads: systemd, else SIGHUP to the pid in PidFile. */
const RELOAD_SCRIPT = String.raw`set -eu
sshd=$1
"$sshd" -t
if [ -d /run/systemd/system ]; then
  if systemctl is-active --quiet ssh.service; then systemctl reload ssh.service; else systemctl reload sshd.service; fi
  exit 0
fi
pidfile=$("$sshd" -T | awk '$1 == "pidfile" { print $2; exit }')
pid=$(cat "$pidfile")
if [ "$(cat "/proc/$pid/comm")" != sshd ]; then echo "$pidfile does not hold the pid of sshd" >&2; exit 1; fi
kill -HUP "$pid"`;

/**
 * Python regex (Ansible's replace module) for "everything before the first Match line and the
 * comment lines directly above it": where the app's planner puts a new global line.
 */
export const BEFORE_FIRST_MATCH = String.raw`\A((?:(?!(?:[ \t]*#[^\n]*\n)*[ \t]*[Mm][Aa][Tt][Cc][Hh][ \t=])[^\n]*\n)*)`;

/** A YAML block scalar (literal, kept exactly, one final newline). */
const block = (text: string, n: number) => `|\n${indent(text, n)}\n`;

export function keepalivePlaybook(s: KeepaliveSettings): string {
  const lines = settingLines(s);
  const settings = lines.map((l) => {
    const [keyword, value] = l.split(' ');
    return `      - { keyword: ${keyword}, value: ${value} }`;
  });
  const expect = lines.map((l) => l.toLowerCase()).join(' ');
  for (const script of [LAYOUT_SCRIPT, CHECK_DROPIN, CHECK_MAIN, RELOAD_SCRIPT]) {
    if (script.includes('%') || /\{[{%#]/.test(script)) throw new Error('a playbook script holds % or a template marker');
  }
  return `# SSH server keepalive, written by SSH Keepalive (ssh-keepalive export ansible): ${lines.join(', ')}.
#   - Where /etc/ssh/sshd_config includes /etc/ssh/sshd_config.d/*.conf (Debian 12, Ubuntu 22.04+,
#     RHEL 9, Fedora): the drop-in ${DROP_IN}.
#     Elsewhere: a line in /etc/ssh/sshd_config (the one already there, else before the first Match block).
#   - Each write is checked first: sshd -t on the whole config, and sshd -T must show the value
#     (else another line decides and nothing is written). sshd is reloaded only when something changed.
#   - Running it again changes nothing.
# Run:     ansible-playbook -i inventory.ini keepalive.yml
# Preview: ansible-playbook -i inventory.ini keepalive.yml --check --diff
# sudo needs a password there: add --ask-become-pass.
- name: SSH server keepalive
  hosts: ${INVENTORY_GROUP}
  become: true
  gather_facts: false
  vars:
    ska_settings:
${settings.join('\n')}
    ska_expect: "${expect}"
    ska_dropin: ${DROP_IN}
    # The lines before the first Match block and the comment lines directly above it.
    ska_before_first_match: !unsafe '${BEFORE_FIRST_MATCH}'
    ska_dropin_text: ${block(dropInText(s).replace(/\n$/, ''), 6)}    ska_layout_script: !unsafe ${block(LAYOUT_SCRIPT, 6)}    ska_check_dropin: !unsafe ${block(CHECK_DROPIN, 6)}    ska_check_main: !unsafe ${block(CHECK_MAIN, 6)}    ska_reload_script: !unsafe ${block(RELOAD_SCRIPT, 6)}
  tasks:
    - name: Find sshd and how its config is laid out
      ansible.builtin.command:
        argv: [/bin/sh, -c, "{{ ska_layout_script }}", ska-layout]
      register: ska_layout_out
      changed_when: false
      check_mode: false

    - name: Remember the layout
      ansible.builtin.set_fact:
        ska: "{{ ska_layout_out.stdout | from_yaml }}"

    - name: Write the keepalive drop-in
      ansible.builtin.copy:
        dest: "{{ ska_dropin }}"
        content: "{{ ska_dropin_text }}"
        owner: root
        group: root
        mode: "0644"
        validate: "/bin/sh -c {{ ska_check_dropin | quote }} ska-check %s {{ ska.sshd }} {{ ska_expect }}"
      when: ska.layout == 'dropin'
      notify: Reload sshd

    - name: Change the line sshd_config already has
      ansible.builtin.lineinfile:
        path: /etc/ssh/sshd_config
        regexp: '(?i)^\\s*{{ item.keyword }}(\\s|=)'
        firstmatch: true
        line: "{{ item.keyword }} {{ item.value }}"
        validate: "/bin/sh -c {{ ska_check_main | quote }} ska-check %s {{ ska.sshd }} {{ item.keyword | lower }} {{ item.value }}"
      loop: "{{ ska_settings }}"
      when: ska.layout == 'main' and (item.keyword | lower) in ska.global
      notify: Reload sshd

    - name: Add the line to sshd_config before its first Match block
      ansible.builtin.replace:
        path: /etc/ssh/sshd_config
        regexp: '{{ ska_before_first_match }}'
        replace: '\\g<1>{{ item.keyword }} {{ item.value }}\\n'
        validate: "/bin/sh -c {{ ska_check_main | quote }} ska-check %s {{ ska.sshd }} {{ item.keyword | lower }} {{ item.value }}"
      loop: "{{ ska_settings }}"
      when: ska.layout == 'main' and (item.keyword | lower) not in ska.global
      notify: Reload sshd

  handlers:
    - name: Reload sshd
      ansible.builtin.command:
        argv: [/bin/sh, -c, "{{ ska_reload_script }}", ska-reload, "{{ ska.sshd }}"]
`;
}

/** For new servers: cloud-init writes the drop-in before sshd first starts (no reload needed). */
export function cloudInitSnippet(s: KeepaliveSettings): string {
  return `#cloud-config
# SSH server keepalive for new servers, written by SSH Keepalive: ${settingLines(s).join(', ')}.
# cloud-init writes the file before sshd first starts, so no reload is needed. It takes effect where
# /etc/ssh/sshd_config includes /etc/ssh/sshd_config.d/*.conf (Debian 12, Ubuntu 22.04+, RHEL 9,
# Fedora); on other images run keepalive.yml once the server is up.
write_files:
  - path: ${DROP_IN}
    owner: root:root
    permissions: "0644"
    content: ${block(dropInText(s).replace(/\n$/, ''), 6)}`;
}
