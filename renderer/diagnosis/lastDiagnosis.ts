import { useSyncExternalStore } from 'react';
import type { DiagnosisReport } from '../../common/diagnosis/schema';
import { diagnosisHeadline } from '../../common/format/diagnosis';

/**
 * The last diagnosis of each Host block, for its badge in the Hosts view: kept for the session and
 * remembered in this browser profile (a line per block, no server data beyond the headline).
 */
export interface LastDiagnosis {
  /** The host that was diagnosed (a block for many hosts names one of them). */
  host: string;
  /** "server closes idle shells after 10 min: keepalive cannot help" */
  text: string;
  /** "sshd closes it at 10 min": what fits on the host's line. */
  short: string;
  /** "dies at 10 min": what fits in a narrow window. */
  tiny: string;
  kills: boolean;
  keepaliveHelps: boolean;
  /** When, as Date.now(). */
  at: number;
}

const KEY = 'ssh-keepalive-diagnoses';
/** A config of thousands of blocks must not fill the storage: the newest are kept. */
const KEEP = 200;

type Store = Record<string, LastDiagnosis>;
const keyOf = (configPath: string, pattern: string) => `${configPath}\n${pattern}`;

function isEntry(v: unknown): v is LastDiagnosis {
  const e = v as Partial<LastDiagnosis> | null;
  return !!e && typeof e.host === 'string' && typeof e.text === 'string' && typeof e.short === 'string' && typeof e.tiny === 'string' && typeof e.kills === 'boolean' && typeof e.keepaliveHelps === 'boolean' && typeof e.at === 'number';
}

function load(): Store {
  try {
    const raw = JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as unknown;
    if (!raw || typeof raw !== 'object') return {};
    return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([, v]) => isEntry(v))) as Store;
  } catch {
    return {};
  }
}

let store: Store | null = null;
const listeners = new Set<() => void>();

export function rememberDiagnosis(configPath: string, pattern: string, report: DiagnosisReport): void {
  const h = diagnosisHeadline(report);
  const next: Store = { ...(store ?? load()), [keyOf(configPath, pattern)]: { host: report.host, text: h.text, short: h.short, tiny: h.tiny, kills: h.kills, keepaliveHelps: h.keepaliveHelps, at: Date.now() } };
  const newest = Object.entries(next).sort((a, b) => b[1].at - a[1].at).slice(0, KEEP);
  store = Object.fromEntries(newest);
  try {
    window.localStorage.setItem(KEY, JSON.stringify(store));
  } catch {
    // Storage full or refused: the badge still lasts for this session.
  }
  for (const l of listeners) l();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useLastDiagnosis(configPath: string, pattern: string): LastDiagnosis | null {
  return useSyncExternalStore(subscribe, () => (store ??= load())[keyOf(configPath, pattern)] ?? null);
}
