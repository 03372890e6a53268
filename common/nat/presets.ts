/** NAT idle timeouts people meet; each says where its number comes from (its `source`, shown under the choice). */
export interface NatPreset {
  id: string;
  label: string;
  seconds: number;
  source: string;
}

export const NAT_PRESETS: readonly NatPreset[] = [
  {
    id: 'home',
    label: 'Home cable modem (the article)',
    seconds: 300,
    source: 'The article\'s cable modem drops idle connections after 5 minutes; home routers commonly use 300 s up to an hour.',
  },
  { id: 'aws', label: 'AWS NAT Gateway', seconds: 350, source: 'AWS NAT Gateway: 350 s idle timeout for TCP.' },
  { id: 'azure', label: 'Azure NAT / Load Balancer', seconds: 240, source: 'Azure Load Balancer and NAT Gateway default: 4 minutes.' },
  { id: 'gcp', label: 'Google Cloud NAT', seconds: 1200, source: 'Google Cloud NAT: TCP established idle timeout 1200 s by default.' },
  {
    id: 'rfc5382',
    label: 'RFC 5382 minimum',
    seconds: 7440,
    source: 'RFC 5382: the established-connection idle timeout MUST NOT be less than 2 hours 4 minutes; many devices ignore it.',
  },
];

export const CUSTOM_PRESET_ID = 'custom';

export function presetFor(seconds: number): NatPreset | undefined {
  return NAT_PRESETS.find((p) => p.seconds === seconds);
}
