/**
 * The page bench/nat-fps.ts measures: the real NatView with N fake hosts (`#mode=nat&hosts=50`), or
 * the reference (`#mode=empty`): the same bundle with only the frame counter, no view.
 */
import { createRoot } from 'react-dom/client';
import type { KeepaliveApi } from '../common/contract/channels';
import type { ConfigSnapshot, HostRow } from '../common/contract/hosts';
import { NatView } from '../renderer/nat/NatView';
import '../renderer/styles.css';

declare global {
  interface Window {
    benchFrames: number[];
  }
}

const params = new URLSearchParams(window.location.hash.slice(1));
const count = Number(params.get('hosts') ?? '50');

function row(i: number): HostRow {
  const interval = i % 3 === 0 ? 0 : [30, 60, 120, 240, 600][i % 5]!;
  const def = { kind: 'default' } as const;
  const line = { kind: 'line', file: '/home/bench/.ssh/config', line: i * 4 + 2 } as const;
  return {
    id: `/home/bench/.ssh/config:${i * 4 + 1}`,
    pattern: `host${i}.example.com`,
    file: '/home/bench/.ssh/config',
    line: i * 4 + 1,
    sampleHost: `host${i}.example.com`,
    values: {
      serverAliveInterval: { value: interval, source: interval ? line : def },
      serverAliveCountMax: { value: 3, source: def },
      tcpKeepAlive: { value: true, source: def },
    },
    connection: { hostName: `host${i}.example.com`, port: 22, user: 'bench', identityFiles: [], proxyJump: null, proxyCommand: null },
    decided: true,
    keepaliveOn: interval > 0,
    verdict: { protected: interval > 0 && interval < 300, text: '' },
  };
}

function snapshot(n: number): ConfigSnapshot {
  const def = { kind: 'default' } as const;
  return {
    configPath: '/home/bench/.ssh/config',
    files: [{ path: '/home/bench/.ssh/config', exists: true, hash: 'x' }],
    hosts: Array.from({ length: n }, (_, i) => row(i)),
    allHosts: {
      block: null,
      sampleHost: 'x',
      values: { serverAliveInterval: { value: 0, source: def }, serverAliveCountMax: { value: 3, source: def }, tcpKeepAlive: { value: true, source: def } },
      keepaliveOn: false,
      verdict: { protected: false, text: '' },
    },
    natTimeoutSeconds: 300,
    issues: [],
    canUndo: false,
  };
}

// The benchmark never writes: a toggle would fail loudly instead of touching anything.
const api: KeepaliveApi = {
  shell: 'web',
  invoke: () => Promise.reject(new Error('bench: no API')),
  on: () => () => undefined,
};

window.benchFrames = [];
const tick = (t: number) => {
  window.benchFrames.push(t);
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

const root = document.getElementById('root')!;
if (params.get('mode') === 'nat') createRoot(root).render(<NatView api={api} snapshot={snapshot(count)} />);
