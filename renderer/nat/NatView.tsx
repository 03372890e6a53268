import { useCallback } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { ErrorCard } from '../ui/ErrorCard';
import { useConfigSnapshot } from '../ui/useConfigSnapshot';
import { useNatTimeout } from '../ui/useNatTimeout';
import { NatScene } from './NatScene';
import './nat.css';

export interface NatViewProps {
  api: KeepaliveApi;
  /** False while another tab is shown (the app keeps this view mounted so the story keeps its state). */
  active?: boolean;
  /** The Hosts view's snapshot when the shell shares it; loaded here otherwise. */
  snapshot?: ConfigSnapshot | undefined;
  /** Called after a keepalive change was written (the owner of `snapshot` reloads it). */
  onChanged?: (() => void) | undefined;
}

/** "Why sessions die": the animated NAT diagram and its story, driven by the user's own hosts and NAT timeout. */
export function NatView({ api, snapshot, onChanged, active = true }: NatViewProps) {
  const [natTimeout, setNatTimeout] = useNatTimeout(snapshot?.natTimeoutSeconds);
  const changed = useCallback(async () => onChanged?.(), [onChanged]);
  const replace = useCallback(() => void changed(), [changed]);
  if (snapshot) return <NatScene api={api} snapshot={snapshot} replace={replace} reload={changed} natTimeout={natTimeout} onNatTimeout={setNatTimeout} active={active} />;
  return <NatLoader api={api} natTimeout={natTimeout} onNatTimeout={setNatTimeout} active={active} />;
}

function NatLoader({ api, natTimeout, onNatTimeout, active }: { api: KeepaliveApi; natTimeout: number; onNatTimeout: (s: number) => void; active: boolean }) {
  const { snapshot, error, reload, replace } = useConfigSnapshot(api, '', natTimeout);
  if (error && !snapshot) return <ErrorCard title="Could not read the SSH config." error={error} onRetry={() => void reload()} />;
  if (!snapshot) return <p className="hint">Reading your SSH config…</p>;
  return <NatScene api={api} snapshot={snapshot} replace={replace} reload={reload} natTimeout={natTimeout} onNatTimeout={onNatTimeout} active={active} />;
}
