import type { HostRow } from '../../../../common/contract/hosts';

/** A HostRow as the resolver would produce it, for tests of the pure mapping. */
export function hostRow(over: {
  pattern: string;
  hostName?: string;
  port?: number;
  user?: string;
  interval?: number;
  countMax?: number;
  tcp?: boolean;
  identityFiles?: string[];
  proxyJump?: string | null;
  proxyCommand?: string | null;
  line?: number;
}): HostRow {
  const line = over.line ?? 1;
  const src = { kind: 'line' as const, file: '/fixture/config', line: line + 1 };
  const interval = over.interval ?? 60;
  return {
    id: `/fixture/config:${line}`,
    pattern: over.pattern,
    file: '/fixture/config',
    line,
    sampleHost: over.pattern.split(/\s+/)[0]!,
    values: {
      serverAliveInterval: { value: interval, source: over.interval === undefined ? { kind: 'default' } : src },
      serverAliveCountMax: { value: over.countMax ?? 3, source: { kind: 'default' } },
      tcpKeepAlive: { value: over.tcp ?? true, source: { kind: 'default' } },
    },
    connection: {
      hostName: over.hostName ?? over.pattern.split(/\s+/)[0]!,
      port: over.port ?? 22,
      user: over.user ?? 'alice',
      identityFiles: over.identityFiles ?? [],
      proxyJump: over.proxyJump ?? null,
      proxyCommand: over.proxyCommand ?? null,
    },
    decided: true,
    keepaliveOn: interval > 0,
    verdict: { protected: interval > 0, text: '' },
  };
}
