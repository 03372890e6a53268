/**
 * Idle timeouts of cloud NATs and load balancers, as their vendors document them (defaults; most
 * are configurable). For a choice in the window and `--nat-timeout`; a measured value is better.
 */
export interface NatPreset {
  id: string;
  label: string;
  seconds: number;
  /** Where the vendor says so. */
  source: string;
}

export const NAT_PRESETS: readonly NatPreset[] = [
  { id: 'aws-nlb', label: 'AWS Network Load Balancer (TCP)', seconds: 350, source: 'AWS docs, Network Load Balancer update-idle-timeout (60-6000 s)' },
  { id: 'aws-classic-elb', label: 'AWS Classic Load Balancer', seconds: 60, source: 'AWS docs, Classic Load Balancer config-idle-timeout (1-3600 s)' },
  { id: 'azure-lb', label: 'Azure Load Balancer', seconds: 240, source: 'Azure docs, load-balancer-tcp-idle-timeout (4-100 min)' },
  { id: 'azure-nat-gateway', label: 'Azure NAT Gateway', seconds: 240, source: 'Azure docs, nat-gateway-resource (4-120 min)' },
  { id: 'gcp-cloud-nat', label: 'Google Cloud NAT (TCP established)', seconds: 1200, source: 'GCP Compute API, RouterNat tcpEstablishedIdleTimeoutSec' },
];

export function natPreset(id: string): NatPreset | undefined {
  return NAT_PRESETS.find((p) => p.id === id);
}
