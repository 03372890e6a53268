import type { ConfigLine } from '../../../common/diagnosis';

/**
 * The remote script's answers, read as untrusted text: only lines that start with this run's
 * marker count, every value must have the shape it should, and everything is bounded (lines,
 * lengths, numbers). A server, its rc files or a hostile account can make the answers wrong, never
 * make this code throw, loop or keep megabytes.
 */
export interface RemoteFacts {
  /** The script ran to its end (a cut-off run is reported, its partial answers still used). */
  complete: boolean;
  user: string | null;
  uid: number | null;
  /** The serving sshd's process title ("sshd: /usr/sbin/sshd -D [listener] ..."), when found. */
  listener: string | null;
  sshdPath: string | null;
  configPath: string | null;
  /** `-o` options the daemon was started with (its effective values may differ from the files). */
  sshdOptions: string[];
  /** Files and Include directories sshd reads that this user cannot. */
  unreadable: string[];
  sshdMode: 'G' | 'T' | null;
  /** keyword (lower case) -> value, from `sshd -T`/`-G`. */
  sshdValues: Map<string, string>;
  sshdErrors: string[];
  /** What `sshd -V` says of the binary on disk (the running daemon may be older). */
  sshdBinaryVersion: string | null;
  configLines: ConfigLine[];
  shell: {
    path: string | null;
    /** The raw TMOUT the login shell has (''= unset); null when not asked (csh, unknown shell). */
    tmout: string | null;
    readonly: boolean | null;
    autologout: string | null;
    kshVersion: string | null;
    unknownKind: string | null;
    lines: ConfigLine[];
  };
  logind: {
    xdgSessionId: string | null;
    systemdVersion: number | null;
    loginctl: string | null;
    logindConf: string | null;
  };
}

const MAX_OUTPUT = 256 * 1024;
const MAX_LINES = 400;
const MAX_VALUE = 400;
const MAX_LIST = 40;

/** Printable ASCII and common UTF-8, no control characters: what may end up in a report. */
const printable = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, '').slice(0, MAX_VALUE);
const absPath = (s: string) => (/^\/[^\x00-\x1f\x7f]{0,1023}$/.test(s) ? s : null);
const smallInt = (s: string) => (/^\d{1,9}$/.test(s) ? Number(s) : null);

export function emptyRemoteFacts(): RemoteFacts {
  return {
    complete: false,
    user: null,
    uid: null,
    listener: null,
    sshdPath: null,
    configPath: null,
    sshdOptions: [],
    unreadable: [],
    sshdMode: null,
    sshdValues: new Map(),
    sshdErrors: [],
    sshdBinaryVersion: null,
    configLines: [],
    shell: { path: null, tmout: null, readonly: null, autologout: null, kshVersion: null, unknownKind: null, lines: [] },
    logind: { xdgSessionId: null, systemdVersion: null, loginctl: null, logindConf: null },
  };
}

/** "FILE<TAB>LINE:TEXT" (grep -n of one file) -> a config line, or null. */
function configLine(value: string): ConfigLine | null {
  const tab = value.indexOf('\t');
  if (tab <= 0) return null;
  const file = absPath(value.slice(0, tab));
  const m = /^(\d{1,7}):(.*)$/.exec(value.slice(tab + 1));
  if (!file || !m) return null;
  return { file, line: Number(m[1]), text: printable(m[2] as string).trim() };
}

const SSHD_KEYS = new Set(['clientaliveinterval', 'clientalivecountmax', 'tcpkeepalive', 'channeltimeout', 'unusedconnectiontimeout']);

export function parseRemoteOutput(output: string, marker: string): RemoteFacts {
  const facts = emptyRemoteFacts();
  const prefix = `${marker} `;
  const lines = output.slice(0, MAX_OUTPUT).split('\n').slice(0, MAX_LINES * 4);
  let taken = 0;
  for (const raw of lines) {
    if (!raw.startsWith(prefix) || taken >= MAX_LINES) continue;
    taken++;
    const rest = raw.slice(prefix.length).replace(/\r$/, '');
    const sp = rest.indexOf(' ');
    const key = sp < 0 ? rest : rest.slice(0, sp);
    const value = sp < 0 ? '' : rest.slice(sp + 1);
    const text = printable(value).trim();
    switch (key) {
      case 'done':
        facts.complete = value === '1';
        break;
      case 'user':
        facts.user = /^[A-Za-z0-9._@-][A-Za-z0-9._@$-]{0,63}$/.test(text) ? text : null;
        break;
      case 'uid':
        facts.uid = smallInt(text);
        break;
      case 'listener':
        facts.listener = text || null;
        break;
      case 'sshd':
        facts.sshdPath = absPath(text);
        break;
      case 'config':
        facts.configPath = absPath(text);
        break;
      case 'sshdoption':
        if (facts.sshdOptions.length < MAX_LIST && text) facts.sshdOptions.push(text);
        break;
      case 'sshdversion':
        facts.sshdBinaryVersion = /OpenSSH_\d/.test(text) ? text : null;
        break;
      case 'unreadable': {
        const p = absPath(text);
        if (p && facts.unreadable.length < MAX_LIST && !facts.unreadable.includes(p)) facts.unreadable.push(p);
        break;
      }
      case 'sshdline': {
        const l = configLine(value);
        if (l && facts.configLines.length < MAX_LIST * 2) facts.configLines.push(l);
        break;
      }
      case 'sshdmode':
        facts.sshdMode = text === 'G' || text === 'T' ? text : null;
        break;
      case 'sshdT': {
        const m = /^([a-z]+) (.{1,400})$/.exec(text);
        // sshd prints each keyword once; a repeat is not sshd talking: the first one stays.
        if (m && SSHD_KEYS.has(m[1] as string) && !facts.sshdValues.has(m[1] as string)) facts.sshdValues.set(m[1] as string, (m[2] as string).trim());
        break;
      }
      case 'sshderr':
        if (facts.sshdErrors.length < 5 && text) facts.sshdErrors.push(text);
        break;
      case 'shell':
        facts.shell.path = absPath(text);
        break;
      case 'tmout':
        facts.shell.tmout = text;
        break;
      case 'tmoutro':
        facts.shell.readonly = text === 'yes' ? true : text === 'no' ? false : null;
        break;
      case 'kshversion':
        facts.shell.kshVersion = text || null;
        break;
      case 'autologout':
        facts.shell.autologout = text;
        break;
      case 'shellunknown':
        facts.shell.unknownKind = text || 'unknown';
        break;
      case 'tmoutline': {
        const l = configLine(value);
        if (l && facts.shell.lines.length < MAX_LIST) facts.shell.lines.push(l);
        break;
      }
      case 'xdgsession':
        facts.logind.xdgSessionId = text || null;
        break;
      case 'systemd':
        facts.logind.systemdVersion = smallInt(text);
        break;
      case 'loginctl':
        facts.logind.loginctl = text || null;
        break;
      case 'logindconf':
        facts.logind.logindConf = text || null;
        break;
      default:
        break;
    }
  }
  return facts;
}
