/// <reference types="vite/client" />
import type { ComponentType } from 'react';
import type { KeepaliveApi } from '../common/contract/channels';
import type { PuttyPanelProps } from './hosts/HostRowView';
import type { HostRow } from '../common/contract/hosts';

/**
 * Feature views other areas build (nat/, server/, putty/). Vite resolves these globs at build time:
 * a view that does not exist yet is simply absent, so the shell builds and runs at every stage.
 * Each module may export its component by name or as default.
 */
type Module = Record<string, unknown>;
const nat = import.meta.glob<Module>('./nat/NatView.tsx', { eager: true });
const server = import.meta.glob<Module>('./server/ThisComputerSection.tsx', { eager: true });
const putty = import.meta.glob<Module>('./putty/PuttyPanel.tsx', { eager: true });
const probe = import.meta.glob<Module>('./probe/ProbePanel.tsx', { eager: true });
const puttySessions = import.meta.glob<Module>('./putty/PuttySessionsView.tsx', { eager: true });

function pick<P>(modules: Record<string, Module>, name: string): ComponentType<P> | undefined {
  for (const mod of Object.values(modules)) {
    const found = mod[name] ?? mod.default;
    // Plain function components, and memo()/forwardRef() objects.
    if (typeof found === 'function' || (typeof found === 'object' && found !== null && '$$typeof' in found)) return found as ComponentType<P>;
  }
  return undefined;
}

export interface NatViewProps {
  api: KeepaliveApi;
}
export interface ProbePanelProps {
  api: KeepaliveApi;
  host: HostRow;
  onApply: (interval: number) => void;
}
export interface ThisComputerProps {
  api: KeepaliveApi;
}

export const NatView = pick<NatViewProps>(nat, 'NatView');
export const ThisComputerSection = pick<ThisComputerProps>(server, 'ThisComputerSection');
export const PuttyPanel = pick<PuttyPanelProps>(putty, 'PuttyPanel');
/** "Measure my network" in a host's detail row; onApply sets the recommended interval (with preview). */
export const ProbePanel = pick<ProbePanelProps>(probe, 'ProbePanel');
export const PuttySessionsView = pick<{ api: KeepaliveApi }>(puttySessions, 'PuttySessionsView');
