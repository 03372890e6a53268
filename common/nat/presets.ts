/**
 * The one list of networks and their NAT idle timeouts: the question "Where do you connect from?"
 * in every view, the NAT diagram, and the diagnosis (common/diagnosis/nat-presets.ts reads the cloud
 * entries from here). Each says where its number comes from (`source`, shown under the choice):
 * the cloud ones are the vendors' documented defaults; home, mobile, guest Wi-Fi and office have no
 * published number, so the value is an assumption and says so.
 */
export interface NatPreset {
  id: string;
  /** Where the user connects from, in words. */
  label: string;
  seconds: number;
  source: string;
  /** network: where a laptop is; cloud: a load balancer or NAT in front of the servers; standard: what RFC 5382 asks. */
  group: 'network' | 'cloud' | 'standard';
}

export const NAT_PRESETS: readonly NatPreset[] = [
  {
    id: 'home',
    group: 'network',
    label: 'Home router',
    seconds: 300,
    source: 'Many home routers and cable modems forget an idle connection after 5 minutes; some keep it an hour.',
  },
  {
    id: 'mobile',
    group: 'network',
    label: 'Mobile data (carrier NAT)',
    seconds: 240,
    source: 'Carriers publish no number; their shared NATs often forget idle connections sooner than home routers. 4 min is assumed: measure yours for a real answer.',
  },
  {
    id: 'guest-wifi',
    group: 'network',
    label: 'Hotel or café Wi-Fi',
    seconds: 120,
    source: 'Guest Wi-Fi gateways publish no number and are often short. 2 min is assumed: measure yours for a real answer.',
  },
  {
    id: 'office',
    group: 'network',
    label: 'Office behind a corporate firewall',
    seconds: 3600,
    source: 'Firewalls commonly default to 1 hour for idle TCP connections (Cisco ASA timeout conn, Palo Alto TCP timeout); many companies set less.',
  },
  { id: 'aws-nlb', group: 'cloud', label: 'AWS Network Load Balancer (TCP)', seconds: 350, source: 'AWS documentation, Network Load Balancer idle timeout: 350 s by default (60 to 6000 s).' },
  { id: 'aws-classic-elb', group: 'cloud', label: 'AWS Classic Load Balancer', seconds: 60, source: 'AWS documentation, Classic Load Balancer idle timeout: 60 s by default (1 to 3600 s).' },
  { id: 'azure-lb', group: 'cloud', label: 'Azure Load Balancer', seconds: 240, source: 'Azure documentation, Load Balancer TCP idle timeout: 4 minutes by default (4 to 100 min).' },
  { id: 'azure-nat-gateway', group: 'cloud', label: 'Azure NAT Gateway', seconds: 240, source: 'Azure documentation, NAT Gateway TCP idle timeout: 4 minutes by default (4 to 120 min).' },
  { id: 'gcp-cloud-nat', group: 'cloud', label: 'Google Cloud NAT', seconds: 1200, source: 'Google Cloud documentation, Cloud NAT TCP established idle timeout: 1200 s by default.' },
  {
    id: 'rfc5382',
    group: 'standard',
    label: 'A NAT that follows RFC 5382',
    seconds: 7440,
    source: 'RFC 5382: the established-connection idle timeout MUST NOT be less than 2 hours 4 minutes; many devices ignore it.',
  },
];

export const DEFAULT_PRESET_ID = 'home';
export const CUSTOM_PRESET_ID = 'custom';

export function natPresetById(id: string): NatPreset | undefined {
  return NAT_PRESETS.find((p) => p.id === id);
}

/** The first preset with this timeout (a remembered choice tells Azure's two 4-minute ones apart). */
export function presetFor(seconds: number): NatPreset | undefined {
  return NAT_PRESETS.find((p) => p.seconds === seconds);
}
