/**
 * The only keywords SSH Keepalive ever writes into a system file, with their bounds. The privileged
 * helper refuses anything not listed here, so this table is part of its security boundary: keep it
 * small and free of imports.
 */
export type SystemTarget = 'ssh_config' | 'sshd_config';

export interface KeywordSpec {
  /** As OpenSSH's man page spells it (what we write). */
  name: string;
  target: SystemTarget;
  kind: 'integer' | 'flag';
  min: number;
  max: number;
  /** OpenSSH's built-in default, for display. */
  defaultValue: number | boolean;
}

export const KEYWORDS: readonly KeywordSpec[] = [
  { name: 'ServerAliveInterval', target: 'ssh_config', kind: 'integer', min: 0, max: 86_400, defaultValue: 0 },
  { name: 'ServerAliveCountMax', target: 'ssh_config', kind: 'integer', min: 1, max: 100, defaultValue: 3 },
  { name: 'TCPKeepAlive', target: 'ssh_config', kind: 'flag', min: 0, max: 1, defaultValue: true },
  { name: 'ClientAliveInterval', target: 'sshd_config', kind: 'integer', min: 0, max: 86_400, defaultValue: 0 },
  { name: 'ClientAliveCountMax', target: 'sshd_config', kind: 'integer', min: 0, max: 100, defaultValue: 3 },
  { name: 'TCPKeepAlive', target: 'sshd_config', kind: 'flag', min: 0, max: 1, defaultValue: true },
];

export function keywordSpec(target: SystemTarget, name: string): KeywordSpec | undefined {
  return KEYWORDS.find((k) => k.target === target && k.name === name);
}

/** The value as it is written in the file: decimal integer or yes/no. */
export function formatValue(spec: KeywordSpec, value: number | boolean): string {
  if (spec.kind === 'flag') return value ? 'yes' : 'no';
  return String(value);
}

/** The drop-in file SSH Keepalive owns in sshd_config.d/ and ssh_config.d/. */
export const DROP_IN_NAME = '50-ssh-keepalive.conf';
export const DROP_IN_HEADER = '# Written by SSH Keepalive. Undo from the app, or delete this file.';
