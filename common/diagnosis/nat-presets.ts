import { NAT_PRESETS as ALL_PRESETS, type NatPreset } from '../nat/presets';

/**
 * Idle timeouts of cloud NATs and load balancers, as their vendors document them (defaults; most
 * are configurable): the cloud entries of the app's one list of networks (common/nat/presets.ts).
 * For `--nat-timeout` and the diagnosis; a measured value is better.
 */
export type { NatPreset };

export const NAT_PRESETS: readonly NatPreset[] = ALL_PRESETS.filter((p) => p.group === 'cloud');

export function natPreset(id: string): NatPreset | undefined {
  return NAT_PRESETS.find((p) => p.id === id);
}
