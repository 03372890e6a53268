# SSH Keepalive remote program: reads and changes sshd's keepalive on the server it runs on.
# POSIX sh + awk + od + a sha256 tool; no Node. It is sent over SSH and run as the login user
# (status, plan) or as root through sudo (apply, undo). It trusts nothing it is sent: the intent
# comes on stdin as a few fixed-format lines that are checked here (letters, digits and spaces only,
# two keywords, plain decimal values in range); anything else is refused with nothing written.
# The paths it may write are fixed below; none comes from the intent.
#
# Intent (one item per line, in any order after the first, then `end`):
#   intent 1
#   mode status|plan|apply|undo
#   set ClientAliveInterval N | set ClientAliveCountMax N | unset KEYWORD    (plan, apply)
#   state HEX64      the hash of the config as the plan read it              (apply)
#   digest HEX64     the hash of the planned result                           (apply)
#   entry ID         the backup to restore                                    (undo)
#   reload yes|no                                                             (apply, undo)
#   end
# Output: lines starting with "ska " on stdout; file contents as od hex between "ska hex LABEL" and
# "ska endhex"; "ska done" last. Failures: "ska error CODE text" and exit status 1.

set -u
umask 022
PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/sbin:/usr/local/bin
LC_ALL=C
export PATH LC_ALL
unset IFS

MAIN=/etc/ssh/sshd_config
DDIR=/etc/ssh/sshd_config.d
OURNAME=50-ssh-keepalive.conf
OURS=$DDIR/$OURNAME
STATEDIR=/var/lib/ssh-keepalive/remote-sshd
HEADER='# Written by SSH Keepalive. Undo from the app, or delete this file.'
NL='
'
W=
LOCKED=
OUTFILE=

cleanup() {
  [ -n "$W" ] && rm -rf "$W"
  [ -n "$LOCKED" ] && rm -rf "$STATEDIR/.lock"
  W=
  LOCKED=
}

# Output goes through say() so apply/undo can hold it until the end: a dropped connection must
# not cut a change in half (SIGPIPE and SIGHUP are ignored while files are being replaced).
say() {
  if [ -n "$OUTFILE" ]; then printf 'ska %s\n' "$*" >>"$OUTFILE"; else printf 'ska %s\n' "$*"; fi
}
flush() {
  if [ -n "$OUTFILE" ] && [ -f "$OUTFILE" ]; then cat "$OUTFILE"; fi
  OUTFILE=
}
die() {
  code=$1
  shift
  say "error $code $*"
  flush
  cleanup
  exit 1
}
refuse() { die refused "$*"; }

# ---------------------------------------------------------------------------------------------
# The intent

MODE=
RELOAD=
STATE_IN=
DIGEST_IN=
ENTRY_IN=
CHANGES=
SEEN_KEYS=

check_value() { # keyword value
  case $2 in
    0 | [1-9] | [1-9][0-9] | [1-9][0-9][0-9] | [1-9][0-9][0-9][0-9] | [1-9][0-9][0-9][0-9][0-9]) ;;
    *) refuse "the value of $1 must be a plain decimal number" ;;
  esac
  case $1 in
    ClientAliveInterval) [ "$2" -ge 1 ] && [ "$2" -le 86400 ] || refuse "ClientAliveInterval must be between 1 and 86400 seconds" ;;
    ClientAliveCountMax) [ "$2" -ge 0 ] && [ "$2" -le 100 ] || refuse "ClientAliveCountMax must be between 0 and 100" ;;
  esac
}

check_keyword() {
  case $1 in
    ClientAliveInterval | ClientAliveCountMax) ;;
    *) refuse "only ClientAliveInterval and ClientAliveCountMax can be changed" ;;
  esac
  case " $SEEN_KEYS " in *" $1 "*) refuse "$1 is named twice" ;; esac
  SEEN_KEYS="$SEEN_KEYS $1"
}

check_hex64() {
  case $1 in *[!0-9a-f]*) refuse "a hash must be 64 lowercase hex digits" ;; esac
  [ "${#1}" -eq 64 ] || refuse "a hash must be 64 lowercase hex digits"
}

read_intent() {
  n=0
  ended=
  while IFS= read -r line; do
    n=$((n + 1))
    [ "$n" -le 12 ] || refuse "too many intent lines"
    [ -n "$line" ] || refuse "intent line $n is empty"
    case $line in *[!A-Za-z0-9' ']*) refuse "intent line $n has a character that is not allowed" ;; esac
    [ "${#line}" -le 100 ] || refuse "intent line $n is too long"
    set -f
    # shellcheck disable=SC2086 # split on spaces on purpose: the line holds letters, digits, spaces
    set -- $line
    set +f
    if [ "$n" -eq 1 ]; then
      [ "$#" -eq 2 ] && [ "$1" = intent ] && [ "$2" = 1 ] || refuse "this is not an SSH Keepalive intent (version 1)"
      continue
    fi
    case $1 in
      mode)
        [ "$#" -eq 2 ] && [ -z "$MODE" ] || refuse "bad mode line"
        case $2 in status | plan | apply | undo) MODE=$2 ;; *) refuse "unknown mode" ;; esac
        ;;
      set)
        [ "$#" -eq 3 ] || refuse "set takes a keyword and a value"
        check_keyword "$2"
        check_value "$2" "$3"
        CHANGES="${CHANGES}set $2 $3$NL"
        ;;
      unset)
        [ "$#" -eq 2 ] || refuse "unset takes a keyword"
        check_keyword "$2"
        CHANGES="${CHANGES}unset $2$NL"
        ;;
      state)
        [ "$#" -eq 2 ] && [ -z "$STATE_IN" ] || refuse "bad state line"
        check_hex64 "$2"
        STATE_IN=$2
        ;;
      digest)
        [ "$#" -eq 2 ] && [ -z "$DIGEST_IN" ] || refuse "bad digest line"
        check_hex64 "$2"
        DIGEST_IN=$2
        ;;
      entry)
        [ "$#" -eq 2 ] && [ -z "$ENTRY_IN" ] || refuse "bad entry line"
        case $2 in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z[0-9]*) ;; *) refuse "bad backup entry name" ;; esac
        case $2 in *[!0-9TZ]*) refuse "bad backup entry name" ;; esac
        ENTRY_IN=$2
        ;;
      reload)
        [ "$#" -eq 2 ] && [ -z "$RELOAD" ] || refuse "bad reload line"
        case $2 in yes | no) RELOAD=$2 ;; *) refuse "reload is yes or no" ;; esac
        ;;
      end)
        [ "$#" -eq 1 ] || refuse "bad end line"
        ended=1
        break
        ;;
      *) refuse "unknown intent line: $1" ;;
    esac
  done
  [ -n "$ended" ] || refuse "the intent has no end line (cut short?)"
  [ -n "$MODE" ] || refuse "the intent names no mode"
  case $MODE in
    status) [ -z "$CHANGES$STATE_IN$DIGEST_IN$ENTRY_IN$RELOAD" ] || refuse "status takes no other lines" ;;
    plan) [ -n "$CHANGES" ] && [ -z "$STATE_IN$DIGEST_IN$ENTRY_IN$RELOAD" ] || refuse "plan takes set/unset lines only" ;;
    apply) [ -n "$CHANGES" ] && [ -n "$STATE_IN" ] && [ -n "$DIGEST_IN" ] && [ -n "$RELOAD" ] && [ -z "$ENTRY_IN" ] || refuse "apply needs set/unset, state, digest and reload" ;;
    undo) [ -n "$ENTRY_IN" ] && [ -n "$RELOAD" ] && [ -z "$CHANGES$STATE_IN$DIGEST_IN" ] || refuse "undo needs entry and reload only" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Tools

SHA_TOOL=
find_sha() {
  if command -v sha256sum >/dev/null 2>&1; then SHA_TOOL=sha256sum
  elif command -v shasum >/dev/null 2>&1; then SHA_TOOL=shasum
  elif command -v openssl >/dev/null 2>&1; then SHA_TOOL=openssl
  else die no-tool "no sha256sum, shasum or openssl on this server"
  fi
}
# sha256 of stdin as 64 hex digits ("bad-hash" if the tool printed something else: never equal to a
# real hash, so a comparison fails safe).
sha_stdin() {
  case $SHA_TOOL in
    sha256sum) h=$(sha256sum) ;;
    shasum) h=$(shasum -a 256) ;;
    openssl) h=$(openssl dgst -sha256 | sed 's/^.*= *//') ;;
  esac
  h=${h%% *}
  case $h in *[!0-9a-f]* | '') h=bad-hash ;; esac
  [ "${#h}" -eq 64 ] || h=bad-hash
  printf '%s\n' "$h"
}
sha_file() { sha_stdin <"$1"; }

SSHD=
find_sshd() {
  for c in /usr/sbin/sshd /usr/bin/sshd /usr/local/sbin/sshd /usr/local/bin/sshd; do
    if [ -f "$c" ] && [ -x "$c" ]; then SSHD=$c; return 0; fi
  done
  return 1
}

hexdump_file() { # label path
  say "hex $1"
  if [ -n "$OUTFILE" ]; then od -An -v -tx1 <"$2" >>"$OUTFILE"; else od -An -v -tx1 <"$2"; fi
  say "endhex"
}

# True when the file holds a NUL byte (awk cannot keep those; OpenSSH stops reading there anyway).
has_nul() {
  a=$(wc -c <"$1")
  b=$(tr -d '\000' <"$1" | wc -c)
  [ "$a" -ne "$b" ]
}

# Whether the last byte is a newline (an empty file counts as ending in one).
ends_in_newline() {
  [ -s "$1" ] || return 0
  last=$(tail -c 1 "$1" | od -An -tx1 | tr -d ' \n')
  [ "$last" = 0a ]
}

new_workdir() {
  W=$(mktemp -d "${TMPDIR:-/tmp}/ssh-keepalive.XXXXXX") || { W=; die io "cannot create a temporary directory"; }
}

# ---------------------------------------------------------------------------------------------
# The config as OpenSSH reads it: the main file, and the drop-ins when the main file includes the
# standard directory from outside any Match block.

# The line lexer of every awk program below (OpenSSH's rules, as electron/core/openssh/lexer.ts):
# sets KIND (blank/comment/directive), KEY (lowercase keyword), AS/AE (first and last byte of the
# arguments, up to a comment) and ARGS (that text).
LEX='
function lex(s,    n, i, c, q) {
  n = length(s)
  while (n > 1 && index(" \t\r\n\f", substr(s, n, 1)) > 0) n--
  s = substr(s, 1, n)
  i = 1
  while (i <= n && index(" \t", substr(s, i, 1)) > 0) i++
  if (i <= n && substr(s, i, 1) == "=") { i++; while (i <= n && index(" \t", substr(s, i, 1)) > 0) i++ }
  KIND = "blank"; KEY = ""; AS = 0; AE = -1; ARGS = ""
  if (i > n) return
  if (substr(s, i, 1) == "#") { KIND = "comment"; return }
  KIND = "directive"
  c = i
  while (i <= n && index(" \t=", substr(s, i, 1)) == 0) i++
  KEY = tolower(substr(s, c, i - c))
  while (i <= n && index(" \t", substr(s, i, 1)) > 0) i++
  if (i <= n && substr(s, i, 1) == "=") { i++; while (i <= n && index(" \t", substr(s, i, 1)) > 0) i++ }
  AS = i
  while (i <= n) {
    c = substr(s, i, 1)
    if (c == " " || c == "\t") { i++; continue }
    if (c == "#") break
    q = ""
    while (i <= n) {
      c = substr(s, i, 1)
      if (c == "\\") { i += 2; continue }
      if (q == "" && (c == " " || c == "\t")) break
      if (q == "" && (c == "\"" || c == "\047")) q = c
      else if (q != "" && c == q) q = ""
      i++
    }
    if (i > n + 1) i = n + 1
    AE = i - 1
  }
  if (AE >= AS) ARGS = substr(s, AS, AE - AS + 1)
}
'

# Prints the line number of a main file's global Include of the standard drop-in directory.
include_line() { # file
  awk "$LEX"'
    { lex($0) }
    KIND != "directive" { next }
    KEY == "match" { exit }
    KEY == "include" && (ARGS == "/etc/ssh/sshd_config.d/*.conf" || ARGS == "sshd_config.d/*.conf") { print FNR; exit }
  ' "$1"
}

safe_name() {
  case $1 in *[!A-Za-z0-9._@+-]* | .*) return 1 ;; esac
  return 0
}

LAYOUT=
INCLINE=
DROPINS=
# Every file the plan reads must be readable (else: "unreadable", the app asks again through sudo).
read_layout() {
  [ -e "$MAIN" ] || die missing "$MAIN does not exist"
  [ -r "$MAIN" ] || die unreadable "$MAIN is not readable without root"
  [ -f "$MAIN" ] || die unsafe "$MAIN is not a regular file"
  has_nul "$MAIN" && die unsafe "$MAIN holds a NUL byte"
  INCLINE=$(include_line "$MAIN")
  LAYOUT=main
  DROPINS=
  if [ -n "$INCLINE" ] && [ -d "$DDIR" ] && [ ! -L "$DDIR" ]; then
    LAYOUT=dropin
    [ -r "$DDIR" ] && [ -x "$DDIR" ] || die unreadable "$DDIR is not readable without root"
    for f in "$DDIR"/*.conf; do
      [ -e "$f" ] || [ -L "$f" ] || continue
      safe_name "${f##*/}" || die unsafe "$DDIR holds a file with an unusual name; edit by hand"
      [ -r "$f" ] || die unreadable "$f is not readable without root"
      [ -f "$f" ] || die unsafe "$f is not a regular file"
      has_nul "$f" && die unsafe "$f holds a NUL byte"
      DROPINS="$DROPINS$f$NL"
    done
  fi
}

# The hash of everything the plan depends on: the layout, each file's path and content hash.
state_hash() {
  {
    printf 'layout %s\n' "$LAYOUT"
    printf '%s %s\n' "$MAIN" "$(sha_file "$MAIN")"
    printf '%s' "$DROPINS" | while IFS= read -r f; do
      [ -n "$f" ] && printf '%s %s\n' "$f" "$(sha_file "$f")"
    done
  } | sha_stdin
}

# ---------------------------------------------------------------------------------------------
# The planner (the rules of electron/core/openssh/system-plan.ts):
# - set: the line that decides today is edited in place when it is in our drop-in or is read before
#   it; else our drop-in gets the line (when the main file includes the directory); else a line goes
#   into the main file before its first Match block (and the comments directly above it).
# - unset: every global line of the keyword goes; our drop-in is removed when only comments remain.
# - a Match all block that sets the keyword decides for every connection (sshd applies matching
#   Match blocks over the global lines): set edits its first line in place, unset removes its lines.
#   A Match every connection passes by its patterns (User/Host/Address/LocalAddress *, no !) is
#   refused with its file:line: plain sshd -T, which checks the plan, does not apply it.
# Output, one per line: "r FILE LINE VALUE" (replace the value), "d FILE LINE" (delete),
# "i FILE LINE KEYWORD VALUE" (insert before LINE; 0 = at the end), "c o KEYWORD VALUE" (our
# drop-in, new), "x FILE" (delete the file), "n NOTE", "b REASON" (blocked). FILE is 0 for the main
# file, else the drop-in's 1-based index in DROPINS.
plan_instructions() {
  ours_index=0
  k=0
  files=
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    k=$((k + 1))
    files="$files $f"
    [ "$f" = "$OURS" ] && ours_index=$k
  done <<EOF
$DROPINS
EOF
  printf '%s' "$CHANGES" >"$W/changes"
  set -f
  # shellcheck disable=SC2086 # the drop-in names were checked: no spaces or glob characters
  awk -v inc="${INCLINE:-0}" -v layout="$LAYOUT" -v ours="$ours_index" -v ourname="$OURNAME" -v main="$MAIN" -v chfile="$W/changes" -v list="$files" "$LEX"'
    function order(fi, ln) { # read order: main before the Include, the drop-ins, the rest of main
      if (fi == 0) return (layout == "dropin" && ln > inc) ? 3e9 + ln : ln
      return 1e9 + fi * 1e6 + ln
    }
    BEGIN {
      nf = split(list, paths, " ")
      for (f = 1; f <= nf; f++) { idx[paths[f]] = f; nm[f] = paths[f]; sub(/.*\//, "", nm[f]); ndir[f] = 0 }
      idx[main] = 0
    }
    # Match arguments as strdelim() splits them: whitespace or "=" between words, "..." quotes.
    function mtok(s,    n, i, c, t, q, started) {
      n = 0; t = ""; q = 0; started = 0
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q) { if (c == "\"") q = 0; else t = t c; continue }
        if (c == "\"") { q = 1; started = 1; continue }
        if (c == " " || c == "\t" || c == "=") { if (started) { T[++n] = t; t = ""; started = 0 }; continue }
        t = t c; started = 1
      }
      if (started) T[++n] = t
      return n
    }
    # every criterion is User/Host/Address/LocalAddress with "*" in its list and no "!" entry
    function wildall(n,    k, m, j, star, L) {
      if (n < 2 || n % 2) return 0
      for (k = 1; k < n; k += 2) {
        if (index(" user host address localaddress ", " " tolower(T[k]) " ") == 0) return 0
        m = split(T[k + 1], L, ","); star = 0
        for (j = 1; j <= m; j++) { if (L[j] == "*") star = 1; if (substr(L[j], 1, 1) == "!") return 0 }
        if (!star) return 0
      }
      return 1
    }
    FILENAME == chfile { nch++; act[nch] = $1; kw[nch] = $2; val[nch] = $3; next }
    FILENAME != cur { cur = FILENAME; fi = idx[FILENAME]; inmatch = 0; mall = 0; mwild = 0 }
    {
      lex($0)
      kind[fi, FNR] = KIND
      if (KIND != "directive") next
      ndir[fi]++
      if (KEY == "match") {
        if (!inmatch) firstmatch[fi] = FNR
        inmatch = 1
        nt = mtok(ARGS)
        mall = (nt == 1 && tolower(T[1]) == "all")
        mwild = !mall && wildall(nt)
        mlabel = $0; gsub(/^[ \t\r\f\v]+|[ \t\r\f\v]+$/, "", mlabel)
      }
      if (inmatch && (mall || mwild) && (KEY == "clientaliveinterval" || KEY == "clientalivecountmax")) {
        v = ARGS; gsub(/["\047]/, "", v)
        ne++; efile[ne] = fi; eline[ne] = FNR; ekey[ne] = KEY; evalue[ne] = v; eord[ne] = order(fi, FNR); ewild[ne] = mwild; elabel[ne] = mlabel
      }
      if (fi > 0 && KEY == "include") nested = FILENAME ":" FNR
      if (!inmatch && (KEY == "clientaliveinterval" || KEY == "clientalivecountmax")) {
        v = ARGS; gsub(/["\047]/, "", v)
        ng++; gfile[ng] = fi; gline[ng] = FNR; gkey[ng] = KEY; gval[ng] = v; gord[ng] = order(fi, FNR)
      }
    }
    END {
      if (nested != "") { print "b " nested " has an Include of its own; SSH Keepalive does not edit nested includes"; exit }
      if (layout == "dropin") { # where our drop-in is read
        if (ours > 0) slot = order(ours, 0)
        else { slot = 3e9; for (f = 1; f <= nf; f++) if (nm[f] > ourname) { slot = order(f, 0); break } }
      }
      for (c = 1; c <= nch; c++) {
        key = tolower(kw[c])
        # the first line of the keyword in a Match block every connection passes, and the first wildcard one
        ev = 0; ew = 0
        for (e = 1; e <= ne; e++) if (ekey[e] == key) {
          if (ev == 0 || eord[e] < eord[ev]) ev = e
          if (ewild[e] && (ew == 0 || eord[e] < eord[ew])) ew = e
        }
        if (act[c] == "set" && ev && !ewild[ev]) ew = 0
        if (ew) {
          at = (efile[ew] == 0 ? main : paths[efile[ew]]) ":" eline[ew]
          print "b " kw[c] " is set at " at " inside \"" elabel[ew] "\", which every connection matches, so a global value would have no effect. SSH Keepalive edits global lines and Match all blocks only: change " at " by hand."
          exit
        }
        if (act[c] == "unset") {
          for (g = 1; g <= ng; g++) if (gkey[g] == key) { print "d " gfile[g] " " gline[g]; deleted[gfile[g]]++ }
          for (e = 1; e <= ne; e++) if (ekey[e] == key) { print "d " efile[e] " " eline[e]; deleted[efile[e]]++ }
          continue
        }
        if (ev) {
          print "n " (efile[ev] == 0 ? main : paths[efile[ev]]) ":" eline[ev] " (" elabel[ev] ") decides " kw[c] " for every connection, over any global line, so that line is changed."
          if (evalue[ev] != val[c]) print "r " efile[ev] " " eline[ev] " " val[c]
          continue
        }
        dec = 0
        for (g = 1; g <= ng; g++) if (gkey[g] == key && (dec == 0 || gord[g] < gord[dec])) dec = g
        if (dec && (layout != "dropin" || (ours > 0 && gfile[dec] == ours) || gord[dec] < slot)) {
          if (layout == "dropin" && gfile[dec] != ours) print "n " (gfile[dec] == 0 ? main : paths[gfile[dec]]) ":" gline[dec] " is read before " ourname " and already sets " kw[c] ", so that line is changed instead."
          if (gval[dec] != val[c]) print "r " gfile[dec] " " gline[dec] " " val[c]
          continue
        }
        if (layout == "dropin") {
          if (ours > 0) { print "i " ours " 0 " kw[c] " " val[c]; added++ }
          else print "c o " kw[c] " " val[c]
          continue
        }
        at = 0 # main file: before the first Match block and the comment lines directly above it
        if (0 in firstmatch) { at = firstmatch[0]; while (at > 1 && kind[0, at - 1] == "comment") at-- }
        print "i 0 " at " " kw[c] " " val[c]
      }
      # our drop-in with nothing but comments left goes away (unless a line was just added to it)
      if (ours > 0 && deleted[ours] > 0 && deleted[ours] == ndir[ours] && !added) print "x " ours
    }
  ' "$W/changes" "$MAIN" $files
  rc=$?
  set +f
  return $rc
}

# Applies the instructions in $W/ins for one file to SRC, writing DST. Every line not named keeps
# its bytes; an added line takes the file's line ending (CRLF when most lines have it).
edit_file() { # fileindex src dst
  nofinal=0
  ends_in_newline "$2" || nofinal=1
  awk -v fi="$1" -v nofinal="$nofinal" -v insfile="$W/ins" "$LEX"'
    BEGIN {
      while ((getline l < insfile) > 0) {
        split(l, p, " ")
        if (p[2] != fi) continue
        if (p[1] == "r") repl[p[3]] = p[4]
        else if (p[1] == "d") del[p[3]] = 1
        else if (p[1] == "i") { at = p[3] + 0; ins[at] = ins[at] p[4] " " p[5] SUBSEP }
      }
    }
    { line[NR] = $0; if ($0 ~ /\r$/) crlf++; else lf++ }
    END {
      # a CRLF line keeps its CR inside the record; an added line takes the dominant ending
      eol = (crlf > lf) ? "\r\n" : "\n"
      total = NR
      for (n = 1; n <= total; n++) {
        if (n in ins) emit(ins[n])
        if (n in del) continue
        s = line[n]
        if (n in repl) {
          r = s; cr = ""
          if (r ~ /\r$/) { cr = "\r"; r = substr(r, 1, length(r) - 1) }
          lex(r)
          s = substr(r, 1, AS - 1) repl[n] substr(r, AE + 1) cr
        }
        printf "%s", s
        if (n < total || !nofinal) printf "\n"
        else if (0 in ins) printf "%s", eol
      }
      if (0 in ins) emit(ins[0])
    }
    function emit(list,    k, m, parts) {
      m = split(list, parts, SUBSEP)
      for (k = 1; k <= m; k++) if (parts[k] != "") printf "%s%s", parts[k], eol
    }
  ' "$2" >"$3"
}

# Builds the planned files under $W/new (main + every drop-in as they would be) and the list of
# edits in $W/edits: "PATH ACTION INDEX", ACTION modify/create/delete.
build_plan() {
  new_workdir
  mkdir "$W/new" "$W/new/d" || die io "cannot create a temporary directory"
  plan_instructions >"$W/ins" || die internal "the planner failed"
  if grep -q '^b ' "$W/ins"; then die blocked "$(sed -n 's/^b //p' "$W/ins" | head -n 1)"; fi
  : >"$W/edits"
  edit_file 0 "$MAIN" "$W/new/main" || die internal "editing $MAIN failed"
  cmp -s "$MAIN" "$W/new/main" || printf '%s modify 0\n' "$MAIN" >>"$W/edits"
  k=0
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    k=$((k + 1))
    if grep -q "^x $k\$" "$W/ins"; then
      printf '%s delete %s\n' "$f" "$k" >>"$W/edits"
      continue
    fi
    edit_file "$k" "$f" "$W/new/d/${f##*/}" || die internal "editing $f failed"
    cmp -s "$f" "$W/new/d/${f##*/}" || printf '%s modify %s\n' "$f" "$k" >>"$W/edits"
  done <<EOF
$DROPINS
EOF
  if grep -q '^c o ' "$W/ins"; then
    {
      printf '%s\n' "$HEADER"
      sed -n 's/^c o //p' "$W/ins"
    } >"$W/new/d/$OURNAME"
    printf '%s create o\n' "$OURS" >>"$W/edits"
  fi
}

# The planned content of an edited file ("0" main, else under new/d).
planned_path() { # path index
  if [ "$2" = 0 ]; then printf '%s\n' "$W/new/main"; else printf '%s\n' "$W/new/d/${1##*/}"; fi
}

plan_digest() {
  while read -r p a i; do
    if [ "$a" = delete ]; then printf '%s %s -\n' "$p" "$a"
    else printf '%s %s %s\n' "$p" "$a" "$(sha_file "$(planned_path "$p" "$i")")"
    fi
  done <"$W/edits" | sha_stdin
}

HOSTKEY_ARGS=
probe_key() { # sshd refuses -t/-T without a host key it can read: a throwaway one for non-root
  if [ "$(id -u)" -ne 0 ] && [ -z "$HOSTKEY_ARGS" ]; then
    ssh-keygen -q -t ed25519 -N '' -C ssh-keepalive-probe -f "$W/probe-key" >/dev/null 2>&1 </dev/null || die no-tool "ssh-keygen failed"
    HOSTKEY_ARGS="-h $W/probe-key"
  fi
}

# sshd -T for a connection no Match names. With a `Match LocalPort` block (sshd -t accepts it) plain
# -T refuses ("'lport' not in connection test specification"): then ask for a local port no such
# block names, as the local status does; every other Match criterion still fails without its own -C
# value. The ports named are read from the files checked (LocalPort takes one number).
global_dump() { # out-file [sshd -f file]
  out=$1
  shift
  # shellcheck disable=SC2086
  "$SSHD" -T "$@" $HOSTKEY_ARGS >"$out" 2>"$W/dump-err" </dev/null && return 0
  grep "'lport' not in connection test specification" "$W/dump-err" >/dev/null 2>&1 || return 1
  named=$(cat "$MAIN" "$DDIR"/*.conf "$W/check-main" "$W"/tree/*.conf 2>/dev/null | tr 'A-Z\t=' 'a-z  ' |
    sed -n 's/^ *match .*localport *\([0-9][0-9]*\).*/\1/p')
  port=65535
  while printf '%s\n' "$named" | grep -x "$port" >/dev/null; do port=$((port - 1)); done
  # shellcheck disable=SC2086
  "$SSHD" -T -C "lport=$port" "$@" $HOSTKEY_ARGS >"$out" 2>"$W/dump-err" </dev/null
}

# Every set value, or the default after unset, must be what sshd -T prints (else another line
# decides). Returns 1 and names the first value that is not, in NOEFFECT.
NOEFFECT=
expect_values() { # dump-file
  NOEFFECT=$(printf '%s' "$CHANGES" | while read -r a k v; do
    [ -n "$a" ] || continue
    lk=$(printf '%s' "$k" | tr 'A-Z' 'a-z')
    if [ "$a" = unset ]; then
      case $k in ClientAliveInterval) v=0 ;; ClientAliveCountMax) v=3 ;; esac
    fi
    got=$(awk -v k="$lk" '$1 == k { print $2; exit }' "$1")
    if [ "$got" != "$v" ]; then
      printf '%s %s' "$k" "${got:-?}"
      break
    fi
  done)
  [ -z "$NOEFFECT" ]
}

# sshd's verdict on the planned config before anything is written: a copy of the tree in $W whose
# main file includes $W's drop-ins, checked with sshd -t; then sshd -T must show every value.
check_planned() {
  probe_key
  if [ "$LAYOUT" = dropin ]; then
    mkdir "$W/tree" || die io "cannot create a temporary directory"
    for f in "$W"/new/d/*.conf; do [ -e "$f" ] && cp "$f" "$W/tree/"; done
    # the planned main file's own Include line (deleting a line above it moves it)
    newinc=$(include_line "$W/new/main")
    [ -n "$newinc" ] || die internal "the planned main file lost its Include line"
    awk -v inc="$newinc" -v dir="$W/tree/*.conf" "$LEX"'
      FNR == inc { cr = ""; r = $0; if (r ~ /\r$/) { cr = "\r"; r = substr(r, 1, length(r) - 1) }; lex(r); print substr(r, 1, AS - 1) dir substr(r, AE + 1) cr; next }
      { print }
    ' "$W/new/main" >"$W/check-main"
  else
    cp "$W/new/main" "$W/check-main"
  fi
  # shellcheck disable=SC2086
  if ! msg=$("$SSHD" -t -f "$W/check-main" $HOSTKEY_ARGS 2>&1 </dev/null); then
    die invalid "sshd -t rejects the result: $(printf '%s' "$msg" | sed "s|$W/check-main|$MAIN|g; s|$W/tree|$DDIR|g" | tr '\n' ' ')"
  fi
  global_dump "$W/dump" -f "$W/check-main" || die invalid "sshd -T fails on the result"
  expect_values "$W/dump" || die no-effect "after the change sshd would still use $NOEFFECT (another line decides; see status)"
}

report_plan() {
  say "plan layout $LAYOUT"
  say "plan uid $(id -u)"
  say "plan state $(state_hash)"
  if [ ! -s "$W/edits" ]; then
    say "plan noop"
    return
  fi
  say "plan digest $(plan_digest)"
  sed -n 's/^n //p' "$W/ins" | while IFS= read -r l; do say "note $l"; done
  while read -r p a i; do
    say "edit $a $p"
    [ "$a" = create ] || hexdump_file "before $p" "$p"
    [ "$a" = delete ] || hexdump_file "after $p" "$(planned_path "$p" "$i")"
  done <"$W/edits"
}

do_plan() {
  find_sshd || die no-sshd "no sshd on this server"
  read_layout
  build_plan
  [ -s "$W/edits" ] && check_planned
  report_plan
  cleanup
}

# ---------------------------------------------------------------------------------------------
# Writing (root only)

need_root() { [ "$(id -u)" -eq 0 ] || die not-root "changes need root (sudo)"; }

# The directories we write into must be root's alone; the files regular, root-owned, one link.
check_safe_dir() {
  [ -d "$1" ] && [ ! -L "$1" ] || die unsafe "$1 is not a plain directory"
  # shellcheck disable=SC2046
  set -- $(ls -ldn "$1")
  [ "$3" = 0 ] || die unsafe "a directory SSH Keepalive writes is not owned by root"
  case $1 in d????w* | d???????w*) die unsafe "a directory SSH Keepalive writes is writable by other users" ;; esac
}
check_safe_file() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  [ -f "$1" ] && [ ! -L "$1" ] || die unsafe "$1 is not a regular file"
  # shellcheck disable=SC2046
  set -- $(ls -ldn "$1")
  [ "$2" = 1 ] || die unsafe "a file to change has more than one hard link"
  [ "$3" = 0 ] || die unsafe "a file to change is not owned by root"
}

# A file of a backup entry, before it is trusted (undo writes its bytes into /etc/ssh as root):
# regular, not a link, one link, root's, and writable by nobody else.
check_backup_file() {
  [ -f "$1" ] && [ ! -L "$1" ] || die unsafe "a backup file is missing or not a regular file"
  # shellcheck disable=SC2046
  set -- $(ls -ldn "$1")
  [ "$2" = 1 ] || die unsafe "a backup file has more than one hard link"
  [ "$3" = 0 ] || die unsafe "a backup file is not owned by root"
  case $1 in -????w* | -???????w*) die unsafe "a backup file is writable by other users" ;; esac
}

# The backups and the lock live here: both directories must be root's alone, or another user could
# swap an entry (or the lock) under us.
lock() {
  mkdir -p "$STATEDIR" || die io "cannot create $STATEDIR"
  check_safe_dir "${STATEDIR%/*}"
  check_safe_dir "$STATEDIR"
  chmod 755 "$STATEDIR"
  if ! mkdir "$STATEDIR/.lock" 2>/dev/null; then
    other=$(cat "$STATEDIR/.lock/pid" 2>/dev/null)
    if [ -n "$other" ] && kill -0 "$other" 2>/dev/null; then die busy "another SSH Keepalive change is running on this server"; fi
    rm -rf "$STATEDIR/.lock"
    mkdir "$STATEDIR/.lock" 2>/dev/null || die busy "another SSH Keepalive change is running on this server"
  fi
  LOCKED=1
  echo $$ >"$STATEDIR/.lock/pid"
}

# Replaces PATH with the bytes of SRC atomically: a temporary file in the same directory that
# carries the old file's mode and owner (cp -p), then a rename. A new file: root-owned, 0644.
install_file() { # src path
  t=$(mktemp "${2%/*}/.ssh-keepalive.XXXXXX") || return 1
  if [ -e "$2" ]; then
    cp -p "$2" "$t" && cat "$1" >"$t" || { rm -f "$t"; return 1; }
  else
    cat "$1" >"$t" && chown 0:0 "$t" && chmod 644 "$t" || { rm -f "$t"; return 1; }
  fi
  mv -f "$t" "$2" || { rm -f "$t"; return 1; }
}

# Puts back the files a backup entry holds ($1 = entry directory).
restore_entry() {
  ok=0
  while read -r tag n existed after p; do
    [ "$tag" = file ] || continue
    if [ "$existed" = 1 ]; then install_file "$1/f$n" "$p" || ok=1
    else rm -f "$p" || ok=1
    fi
  done <"$1/manifest"
  return $ok
}

RELOADED=
reload_sshd() {
  RELOADED=
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    for u in ssh sshd; do
      if systemctl is-active --quiet "$u.service" 2>/dev/null; then
        if systemctl reload "$u.service" >/dev/null 2>&1; then RELOADED="done systemctl reload $u"; return 0; fi
        RELOADED="failed systemctl reload $u"
        return 1
      fi
    done
    RELOADED="none sshd is not running; the new settings apply when it starts"
    return 0
  fi
  pidfile=$("$SSHD" -T 2>/dev/null </dev/null | awk '$1 == "pidfile" { print $2; exit }')
  [ -n "$pidfile" ] || pidfile=/run/sshd.pid
  pid=$(cat "$pidfile" 2>/dev/null)
  case $pid in '' | *[!0-9]*) RELOADED="none no running sshd was found; the new settings apply when it starts"; return 0 ;; esac
  comm=$(cat "/proc/$pid/comm" 2>/dev/null)
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null)
  if [ "$comm" != sshd ] || { [ -n "$exe" ] && [ "$exe" != "$SSHD" ]; }; then
    RELOADED="none the pid in $pidfile is not sshd; the new settings apply when sshd starts"
    return 0
  fi
  kill -HUP "$pid" || { RELOADED="failed kill -HUP $pid"; return 1; }
  sleep 1
  kill -0 "$pid" 2>/dev/null || { RELOADED="failed sshd (pid $pid) exited after SIGHUP"; return 1; }
  RELOADED="done kill -HUP $pid"
}

# Puts the files of entry $1 back and fails; after a failed apply its backup entry goes too.
fail_back() { # entry-dir what code message
  msg=$4
  restore_entry "$1" || msg="$msg (putting the previous files back failed too: check $MAIN)"
  [ "$2" = apply ] && rm -rf "$1"
  die "$3" "$msg"
}

# After the write: sshd -t on the real config, the values through sshd -T, then the reload. Any
# failure puts the previous files back (and says so).
verify_or_rollback() { # entry-dir what
  if ! out=$("$SSHD" -t 2>&1 </dev/null); then
    fail_back "$1" "$2" invalid "sshd -t rejected the new config; the previous files are back: $(printf '%s' "$out" | tr '\n' ' ')"
  fi
  if [ "$2" = apply ]; then
    global_dump "$W/dump-real" || fail_back "$1" "$2" invalid "sshd -T failed; the previous files are back"
    expect_values "$W/dump-real" || fail_back "$1" "$2" no-effect "sshd still uses $NOEFFECT; the previous files are back"
  fi
  if [ "$RELOAD" = yes ]; then
    reload_sshd || fail_back "$1" "$2" reload-failed "the reload failed ($RELOADED); the previous files are back"
    say "reload $RELOADED"
  else
    say "reload skipped"
  fi
}

# Backup entries sort by name in the order they were made: at most one per second (under the lock).
new_entry() {
  while :; do
    ts=$(date -u +%Y%m%dT%H%M%SZ)
    ls "$STATEDIR" | grep -q "^$ts" || break
    sleep 1
  done
  E="$STATEDIR/$ts$$"
  mkdir "$E" || die io "cannot create the backup $E"
  chmod 755 "$E"
}

do_apply() {
  find_sshd || die no-sshd "no sshd on this server"
  trap '' PIPE HUP
  # Everything that can refuse runs before anything is created (the lock and backups included).
  read_layout
  [ "$(state_hash)" = "$STATE_IN" ] || die changed "the sshd config changed since it was read; nothing was changed (read it again)"
  build_plan
  [ -s "$W/edits" ] || { say "result nothing"; cleanup; return 0; }
  [ "$(plan_digest)" = "$DIGEST_IN" ] || die changed "the planned change differs from the one shown; nothing was changed"
  check_planned
  check_safe_dir /etc/ssh
  [ "$LAYOUT" = dropin ] && check_safe_dir "$DDIR"
  while read -r p a i; do check_safe_file "$p"; done <"$W/edits"
  lock
  read_layout
  [ "$(state_hash)" = "$STATE_IN" ] || die changed "the sshd config changed since it was read; nothing was changed (read it again)"
  OUTFILE="$W/out"
  new_entry
  n=0
  while read -r p a i; do
    n=$((n + 1))
    if [ "$a" = create ]; then
      printf 'file %s 0 - %s\n' "$n" "$p" >>"$E/manifest"
    else
      cp -p "$p" "$E/f$n" && chmod go-w "$E/f$n" || { rm -rf "$E"; die io "cannot back up $p"; }
      # the copy's hash: undo restores only these bytes
      printf '%s %s\n' "$n" "$(sha_file "$E/f$n")" >>"$E/sums"
      printf 'file %s 1 - %s\n' "$n" "$p" >>"$E/manifest"
    fi
  done <"$W/edits"
  printf '%s' "$CHANGES" | tr '\n' ' ' | sed 's/ *$//' >"$E/desc"
  chmod 644 "$E/desc"
  # last look: a file changed while we worked is never overwritten
  read_layout
  if [ "$(state_hash)" != "$STATE_IN" ]; then rm -rf "$E"; die changed "the sshd config changed while the change was prepared; nothing was changed"; fi
  failed=
  while read -r p a i; do
    if [ "$a" = delete ]; then rm -f "$p" || failed=$p
    else install_file "$(planned_path "$p" "$i")" "$p" || failed=$p
    fi
    [ -n "$failed" ] && break
  done <"$W/edits"
  [ -z "$failed" ] || fail_back "$E" apply io "writing $failed failed; the previous files are back"
  # what each file holds now, so undo can tell whether someone changed it since
  while read -r tag k existed after p; do
    if [ -e "$p" ]; then after=$(sha_file "$p"); else after=-; fi
    printf 'file %s %s %s %s\n' "$k" "$existed" "$after" "$p"
  done <"$E/manifest" >"$E/manifest.new"
  mv "$E/manifest.new" "$E/manifest"
  verify_or_rollback "$E" apply
  say "result applied"
  say "backup ${E##*/}"
  while read -r p a i; do say "changed $a $p"; done <"$W/edits"
  flush
  cleanup
}

do_undo() {
  find_sshd || die no-sshd "no sshd on this server"
  trap '' PIPE HUP
  lock
  E="$STATEDIR/$ENTRY_IN"
  [ -d "$E" ] && [ -f "$E/manifest" ] || die not-found "there is no backup $ENTRY_IN on this server (already undone?)"
  latest=$(ls "$STATEDIR" | grep '^[0-9]\{8\}T[0-9]\{6\}Z[0-9]*$' | sort | tail -n 1)
  [ "$latest" = "$ENTRY_IN" ] || die not-latest "a later change ($latest) must be undone first"
  # the entry's paths and bytes are what root writes back: only root may have written them
  check_safe_dir "$E"
  check_backup_file "$E/manifest"
  new_workdir
  OUTFILE="$W/out"
  # each file must still be what SSH Keepalive wrote, and each copy what it backed up
  while read -r tag n existed after p; do
    [ "$tag" = file ] || continue
    case $p in "$MAIN" | "$DDIR"/*.conf) ;; *) die unsafe "the backup names a file SSH Keepalive does not write" ;; esac
    safe_name "${p##*/}" || die unsafe "the backup names a file SSH Keepalive does not write"
    case $n in '' | *[!0-9]*) die unsafe "the backup is damaged" ;; esac
    if [ "$existed" = 1 ]; then
      [ -e "$E/sums" ] || die unsafe "the backup has no checksums (an older version made it); restore $p by hand"
      check_backup_file "$E/sums"
      check_backup_file "$E/f$n"
      want=$(awk -v n="$n" '$1 == n { print $2; exit }' "$E/sums")
      [ -n "$want" ] && [ "$(sha_file "$E/f$n")" = "$want" ] || die unsafe "the backup copy of $p does not match its checksum; nothing was undone"
    fi
    check_safe_file "$p"
    if [ "$after" = - ]; then
      now=-
      [ -e "$p" ] && now=present
    elif [ -f "$p" ]; then now=$(sha_file "$p")
    else now=gone
    fi
    [ "$now" = "$after" ] || die changed "$p changed since SSH Keepalive wrote it; nothing was undone"
  done <"$E/manifest"
  check_safe_dir /etc/ssh
  [ -d "$DDIR" ] && check_safe_dir "$DDIR"
  # the current files, so a failed undo can be taken back
  R="$W/redo"
  mkdir "$R" || die io "cannot create a temporary directory"
  while read -r tag n existed after p; do
    if [ -e "$p" ]; then
      cp -p "$p" "$R/f$n" || die io "cannot copy $p"
      printf 'file %s 1 - %s\n' "$n" "$p"
    else printf 'file %s 0 - %s\n' "$n" "$p"
    fi
  done <"$E/manifest" >"$R/manifest"
  restore_entry "$E" || fail_back "$R" undo io "restoring the backup failed; the files are as they were"
  verify_or_rollback "$R" undo
  say "result undone"
  while read -r tag n existed after p; do say "changed restore $p"; done <"$E/manifest"
  mv "$E" "$STATEDIR/undone-${E##*/}"
  flush
  cleanup
}

# ---------------------------------------------------------------------------------------------
# Status: what a normal user can read (Debian/Ubuntu: everything; Fedora/RHEL keep the files
# root-only, then the values are unknown unless this runs through sudo -n).

UNKNOWN=
emit_file() {
  [ -d "$1" ] && return 0
  if [ ! -e "$1" ]; then say "missing $1"; return 0; fi
  if [ ! -r "$1" ] || [ ! -f "$1" ]; then
    say "unreadable $1"
    UNKNOWN="$1 is not readable"
    return 0
  fi
  hexdump_file "file $1" "$1"
}

# Include patterns of a file, one per line (relative ones are relative to /etc/ssh).
includes_of() {
  awk "$LEX"'{ lex($0) } KIND == "directive" && KEY == "include" { print ARGS }' "$1" | tr ' \t' '\n\n' | while IFS= read -r p; do
    [ -n "$p" ] || continue
    case $p in /*) printf '%s\n' "$p" ;; *) printf '/etc/ssh/%s\n' "$p" ;; esac
  done
}

do_status() {
  say "uid $(id -u)"
  say "user ${SUDO_USER:-$(id -un)}"
  say "os $(uname -s)"
  if ! find_sshd; then
    say "sshd none"
    return 0
  fi
  say "sshd $SSHD"
  say "version $("$SSHD" -V 2>&1 </dev/null | awk '/OpenSSH/ { print; exit }')"
  if [ -d /run/systemd/system ]; then
    if systemctl cat ssh.service >/dev/null 2>&1 || ! systemctl cat sshd.service >/dev/null 2>&1; then say "reload systemctl reload ssh"; else say "reload systemctl reload sshd"; fi
  else
    say "reload kill -HUP (the pid in sshd's PidFile)"
  fi
  new_workdir
  # the main file and what it includes (three levels, at most 64 files)
  queue=$MAIN
  count=0
  seen=
  depth=0
  while [ -n "$queue" ] && [ "$depth" -lt 3 ]; do
    next=
    for f in $queue; do
      case " $seen " in *" $f "*) continue ;; esac
      seen="$seen $f"
      count=$((count + 1))
      [ "$count" -le 64 ] || break
      emit_file "$f"
      [ -f "$f" ] && [ -r "$f" ] || continue
      includes_of "$f" >"$W/inc"
      while IFS= read -r p; do
        dir=${p%/*}
        if [ -d "$dir" ] && { [ ! -r "$dir" ] || [ ! -x "$dir" ]; }; then
          say "unreadable-dir $dir"
          UNKNOWN="$dir is not readable"
          continue
        fi
        for m in $p; do
          [ -e "$m" ] && next="$next $m"
        done
      done <"$W/inc"
    done
    queue=$next
    depth=$((depth + 1))
  done
  # what sshd itself says, for this very connection (Match blocks included)
  # shellcheck disable=SC2086
  set -- ${SSH_CONNECTION:-}
  addr=${1:-127.0.0.1}
  spec="user=${SUDO_USER:-$(id -un)},host=$addr,addr=$addr"
  [ "$#" -ge 4 ] && spec="$spec,laddr=$3,lport=$4"
  say "connection $spec"
  if [ -n "$UNKNOWN" ]; then
    say "unknown $UNKNOWN"
  elif "$SSHD" -G -C "$spec" >"$W/dump" 2>"$W/err" </dev/null; then
    say "dumpby sshd -G"
    hexdump_file "dump" "$W/dump"
  else
    probe_key
    # shellcheck disable=SC2086
    if "$SSHD" -T -C "$spec" $HOSTKEY_ARGS >"$W/dump" 2>"$W/err" </dev/null; then
      say "dumpby sshd -T"
      hexdump_file "dump" "$W/dump"
    else
      say "dump-failed $(head -n 3 "$W/err" | tr '\n' ' ')"
    fi
  fi
  # the change undo would take back
  if [ -d "$STATEDIR" ] && [ -r "$STATEDIR" ]; then
    latest=$(ls "$STATEDIR" 2>/dev/null | grep '^[0-9]\{8\}T[0-9]\{6\}Z[0-9]*$' | sort | tail -n 1)
    [ -n "$latest" ] && say "undo $latest $(head -c 200 "$STATEDIR/$latest/desc" 2>/dev/null | tr -cd 'A-Za-z0-9 ')"
  fi
  cleanup
}

main() {
  trap cleanup EXIT
  read_intent
  find_sha
  case $MODE in
    status) do_status ;;
    plan) do_plan ;;
    apply) need_root && do_apply ;;
    undo) need_root && do_undo ;;
  esac
  say "done"
  exit 0
}

main
