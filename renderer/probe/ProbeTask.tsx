import { createContext, useContext, type ReactNode } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { useProbe, type ProbeControl } from './useProbe';

const ProbeContext = createContext<ProbeControl | null>(null);

/**
 * The measurement is a task of the app, not of a view: App holds it above the tabs, so a tab switch
 * or a collapsed host row never ends it. The status chip and every probe panel read the same one.
 */
export function ProbeTaskProvider({ api, children }: { api: KeepaliveApi; children: ReactNode }) {
  const probe = useProbe(api);
  return <ProbeContext.Provider value={probe}>{children}</ProbeContext.Provider>;
}

export function useProbeTask(): ProbeControl {
  const probe = useContext(ProbeContext);
  if (!probe) throw new Error('useProbeTask outside ProbeTaskProvider');
  return probe;
}
