/**
 * The one program the diagnosis runs on the server: POSIX sh (dash, busybox ash, bash as sh), sent
 * on stdin to `sh -s`, needing no root and writing nothing but a throwaway host key in a private
 * temporary directory that it removes on exit. Each answer is one line, "<marker> <key> <value>",
 * with a marker fresh for each run, so banners and rc-file chatter cannot be mistaken for answers.
 *
 * What it gathers, and why each the way it does:
 * - the sshd serving this very connection: the `[listener]` among our ancestors (a second sshd on
 *   another port, or one started with -f, has its own config);
 * - its effective values with `sshd -G` (9.3+) or `sshd -T -h <throwaway key>` (9.2 refuses -T
 *   without a host key it can load), for this user and address (`-C`: Match blocks);
 * - readability of that config and of every Include directory: sshd silently skips a directory it
 *   cannot read and still exits 0, so an unreadable one makes the answer "unknown", not a default;
 * - the login shell's TMOUT as the shell itself sees it in login mode (profile files, PAM, all of
 *   it), and whether it is readonly; csh's autologout; where the files set them;
 * - logind's StopIdleSessionSec (systemd 252+), and whether this login has a logind session.
 */
export function remoteScript(marker: string): string {
  if (!/^@@ska-[0-9a-f]{16}$/.test(marker)) throw new Error('remoteScript: bad marker');
  return `# ssh-keepalive diagnosis (read-only; removes its temporary directory on exit)
M='${marker}'
set -f
umask 077
say() { printf '%s %s %s\\n' "$M" "$1" "$2"; }
one() { printf '%s' "$1" | tr -d '\\r' | tr '\\n\\t' '  ' | cut -c1-400; }
T=
cleanup() { if [ -n "$T" ]; then rm -rf -- "$T"; fi; }
trap cleanup EXIT
trap 'cleanup; exit 1' HUP INT TERM
T=$(mktemp -d 2>/dev/null) || T=
LIM=
if command -v timeout >/dev/null 2>&1; then LIM='timeout 10'; fi

U=$(id -un 2>/dev/null)
say user "$(one "$U")"
say uid "$(id -u 2>/dev/null)"
set -- $SSH_CONNECTION
ADDR=\${1:-}; LADDR=\${3:-}; LPORT=\${4:-}

# The sshd that serves this connection: the [listener] among our ancestors.
p=$PPID; n=0; LISTENER=
while [ -n "$p" ] && [ "$p" -gt 1 ] 2>/dev/null && [ "$n" -lt 16 ]; do
  a=$(tr '\\000' ' ' < "/proc/$p/cmdline" 2>/dev/null)
  case $a in *'[listener]'*) LISTENER=$a; break ;; esac
  p=$(sed -n 's/^.*) [A-Za-z] \\([0-9][0-9]*\\) .*$/\\1/p' "/proc/$p/stat" 2>/dev/null)
  n=$((n + 1))
done
say listener "$(one "$LISTENER")"
CFG=/etc/ssh/sshd_config
SSHD=
if [ -n "$LISTENER" ]; then
  set -- \${LISTENER%%' [listener]'*}
  if [ "$1" = "sshd:" ]; then shift; fi
  case \${1:-} in /*) SSHD=$1 ;; esac
  [ $# -gt 0 ] && shift
  while [ $# -gt 0 ]; do
    case $1 in
      -f) CFG=\${2:-$CFG}; [ $# -gt 1 ] && shift ;;
      -f*) CFG=\${1#-f} ;;
      -o*) say sshdoption "$(one "$1")" ;;
    esac
    shift
  done
fi
if [ -z "$SSHD" ] || [ ! -x "$SSHD" ]; then
  SSHD=$(command -v sshd 2>/dev/null)
  for s in /usr/sbin/sshd /usr/local/sbin/sshd /usr/bin/sshd; do
    if [ -z "$SSHD" ] && [ -x "$s" ]; then SSHD=$s; fi
  done
fi
say sshd "$(one "$SSHD")"
say config "$(one "$CFG")"
if [ -n "$SSHD" ]; then say sshdversion "$(one "$("$SSHD" -V 2>&1 | grep -m 1 'OpenSSH_')")"; fi

# Every file sshd reads (two levels of Include), and the ones it cannot.
FILES=
includes() {
  sed -n 's/^[[:space:]]*[Ii][Nn][Cc][Ll][Uu][Dd][Ee][[:space:]=][[:space:]]*//p' "$1" 2>/dev/null | head -n 20
}
addfile() {
  if [ ! -r "$1" ]; then say unreadable "$(one "$1")"; return; fi
  FILES="$FILES
$1"
}
walk() {
  for w in $(includes "$1"); do
    case $w in /*) ;; *) w=/etc/ssh/$w ;; esac
    d=\${w%/*}
    if [ ! -r "$d" ] || [ ! -x "$d" ]; then say unreadable "$(one "$d")"; continue; fi
    set +f
    for f in $w; do
      if [ -e "$f" ]; then
        addfile "$f"
        if [ "$2" -lt 2 ] && [ -r "$f" ]; then set -f; walk "$f" $(($2 + 1)); set +f; fi
      fi
    done
    set -f
  done
}
addfile "$CFG"
if [ -r "$CFG" ]; then walk "$CFG" 1; fi
OLDIFS=$IFS
IFS='
'
for f in $FILES; do
  grep -n -i -E '^[[:space:]]*(ClientAliveInterval|ClientAliveCountMax|ChannelTimeout|UnusedConnectionTimeout|TCPKeepAlive|Match|Include)([[:space:]]|=)' "$f" 2>/dev/null | head -n 40 |
    while IFS= read -r l; do printf '%s sshdline %s\\t%s\\n' "$M" "$f" "$(one "$l")"; done
done
IFS=$OLDIFS

# Effective values for this user and address, as sshd computes them (Match blocks included).
C="user=$U"
if [ -n "$ADDR" ]; then C="$C,host=$ADDR,addr=$ADDR"; else C="$C,host=localhost,addr=127.0.0.1"; fi
if [ -n "$LADDR" ]; then C="$C,laddr=$LADDR"; fi
if [ -n "$LPORT" ]; then C="$C,lport=$LPORT"; fi
MODE=
if [ -n "$SSHD" ] && [ -n "$T" ]; then
  if $LIM "$SSHD" -G -f "$CFG" -C "$C" > "$T/out" 2> "$T/err"; then
    MODE=G
  else
    for kt in ed25519 ecdsa rsa; do
      if ssh-keygen -q -t "$kt" -N '' -f "$T/hostkey" < /dev/null > /dev/null 2>&1; then break; fi
      rm -f "$T/hostkey" "$T/hostkey.pub"
    done
    if [ -f "$T/hostkey" ]; then
      if $LIM "$SSHD" -T -f "$CFG" -h "$T/hostkey" -C "$C" > "$T/out" 2> "$T/err"; then MODE=T; fi
    else
      echo 'no ssh-keygen for a throwaway host key' > "$T/err"
    fi
  fi
  say sshdmode "$MODE"
  grep -i -E '^(clientaliveinterval|clientalivecountmax|tcpkeepalive|channeltimeout|unusedconnectiontimeout) ' "$T/out" 2>/dev/null | head -n 10 |
    while IFS= read -r l; do say sshdT "$(one "$l")"; done
  tail -n 3 "$T/err" 2>/dev/null | while IFS= read -r l; do say sshderr "$(one "$l")"; done
fi

# The login shell, as a login would start it.
SH=$(getent passwd "$U" 2>/dev/null | cut -d: -f7)
HOMEDIR=$(getent passwd "$U" 2>/dev/null | cut -d: -f6)
if [ -z "$SH" ]; then SH=\${SHELL:-}; fi
if [ -z "$HOMEDIR" ]; then HOMEDIR=\${HOME:-}; fi
say shell "$(one "$SH")"
case \${SH##*/} in
  bash | sh | dash | ksh | ksh93 | mksh | lksh | zsh | ash | yash | oksh)
    $LIM "$SH" -l -i -c "printf '%s\\\\n' \\"$M tmout \\\${TMOUT-}\\"; if (TMOUT=0) 2>/dev/null; then echo '$M tmoutro no'; else echo '$M tmoutro yes'; fi; echo \\"$M kshversion \\\${KSH_VERSION-}\\"" < /dev/null 2> /dev/null |
      grep "^$M " | head -n 3
    ;;
  csh | tcsh)
    printf '%s\\n' 'if ($?autologout) then' "echo \\"$M autologout \\$autologout\\"" 'else' "echo \\"$M autologout\\"" 'endif' |
      $LIM "$SH" -l 2> /dev/null | grep "^$M " | head -n 1
    ;;
  *) say shellunknown "$(one "\${SH##*/}")" ;;
esac
set +f
for f in /etc/profile /etc/profile.d/*.sh /etc/bash.bashrc /etc/bashrc /etc/zshenv /etc/zprofile /etc/zshrc /etc/zlogin /etc/zsh/zshenv /etc/zsh/zprofile /etc/zsh/zshrc /etc/zsh/zlogin /etc/csh.cshrc /etc/csh.login /etc/ksh.kshrc /etc/mkshrc "$HOMEDIR/.bash_profile" "$HOMEDIR/.bash_login" "$HOMEDIR/.profile" "$HOMEDIR/.bashrc" "$HOMEDIR/.zshenv" "$HOMEDIR/.zprofile" "$HOMEDIR/.zshrc" "$HOMEDIR/.zlogin" "$HOMEDIR/.cshrc" "$HOMEDIR/.tcshrc" "$HOMEDIR/.login" "$HOMEDIR/.kshrc" "$HOMEDIR/.mkshrc"; do
  if [ -f "$f" ] && [ -r "$f" ]; then
    grep -n -E '^[^#]*(^|[^A-Za-z0-9_])(TMOUT|autologout)([^A-Za-z0-9_]|$)' "$f" 2>/dev/null | head -n 5 |
      while IFS= read -r l; do printf '%s tmoutline %s\\t%s\\n' "$M" "$f" "$(one "$l")"; done
  fi
done
set -f

# systemd-logind's idle stop (252+), only where systemd runs: the manager's value, else its files.
say xdgsession "$(one "\${XDG_SESSION_ID:-}")"
if [ -d /run/systemd/system ]; then
  say systemd "$(systemctl --version 2>/dev/null | sed -n '1s/^systemd \\([0-9][0-9]*\\).*/\\1/p')"
  LC=
  if command -v loginctl > /dev/null 2>&1; then LC=$($LIM loginctl show-session -p StopIdleSessionUSec 2>/dev/null | head -n 1); fi
  say loginctl "$(one "$LC")"
  if [ -z "$LC" ] && command -v systemd-analyze > /dev/null 2>&1; then
    say logindconf "$(one "$($LIM systemd-analyze cat-config systemd/logind.conf 2>/dev/null | grep -E '^[[:space:]]*StopIdleSessionSec=' | tail -n 1)")"
  fi
fi
say done 1
`;
}
