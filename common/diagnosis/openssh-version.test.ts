import { describe, expect, it } from 'vitest';
import { clientIntervalFor, intervalFromMeasuredPeriod, serverIntervalFor, serverKeepalivePeriod } from './client-alive';
import { clientAliveDoubled, countMaxZeroKills, hasGlobalChannelTimeout, hasSshdG, parseOpenSshVersion } from './openssh-version';
import { NAT_PRESETS, natPreset } from './nat-presets';

const v = (s: string) => {
  const r = parseOpenSshVersion(s);
  if (!r) throw new Error(`no version in ${s}`);
  return r;
};

describe('OpenSSH versions', () => {
  it('reads the banner, ssh -v and ssh -V forms', () => {
    expect(v('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10')).toMatchObject({ major: 9, minor: 2 });
    expect(v('debug1: Remote protocol version 2.0, remote software version OpenSSH_10.0p2 Ubuntu-5')).toMatchObject({ major: 10, minor: 0 });
    expect(v('OpenSSH_for_Windows_9.5p1'.replace('_for_Windows', ''))).toMatchObject({ major: 9, minor: 5 });
    expect(parseOpenSshVersion('SSH-2.0-dropbear_2022.83')).toBeNull();
  });

  it('gates the behaviours that changed', () => {
    expect(['9.1', '9.2', '9.4', '9.5'].map((x) => clientAliveDoubled(v(`OpenSSH_${x}`)))).toEqual([false, true, true, false]);
    expect(hasSshdG(v('OpenSSH_9.2'))).toBe(false);
    expect(hasSshdG(v('OpenSSH_9.3'))).toBe(true);
    expect(hasGlobalChannelTimeout(v('OpenSSH_9.6'))).toBe(false);
    expect(hasGlobalChannelTimeout(v('OpenSSH_10.0'))).toBe(true);
    expect(countMaxZeroKills(v('OpenSSH_8.1'))).toBe(true);
    expect(countMaxZeroKills(v('OpenSSH_8.2'))).toBe(false);
  });
});

describe('server keepalive timing', () => {
  it('doubles on 9.2-9.4 only', () => {
    expect(serverKeepalivePeriod(150, v('OpenSSH_9.2'))).toBe(300);
    expect(serverKeepalivePeriod(150, v('OpenSSH_9.5'))).toBe(150);
    expect(serverKeepalivePeriod(0, v('OpenSSH_9.2'))).toBe(0);
    expect(intervalFromMeasuredPeriod(4.1, v('OpenSSH_9.2'))).toBe(2);
    expect(intervalFromMeasuredPeriod(4.1, v('OpenSSH_9.6'))).toBe(4);
  });
  it('recommends intervals that beat the NAT, halved again where sshd doubles', () => {
    expect(clientIntervalFor(300)).toBe(60);
    expect(clientIntervalFor(60)).toBe(30);
    expect(clientIntervalFor(1)).toBe(1);
    expect(serverIntervalFor(300, v('OpenSSH_9.2'))).toBe(30);
    expect(2 * serverIntervalFor(60, v('OpenSSH_9.2'))).toBeLessThan(60);
    expect(serverIntervalFor(300, v('OpenSSH_9.8'))).toBe(60);
  });
  it('has the documented cloud presets', () => {
    expect(Object.fromEntries(NAT_PRESETS.map((p) => [p.id, p.seconds]))).toEqual({
      'aws-nlb': 350,
      'aws-classic-elb': 60,
      'azure-lb': 240,
      'azure-nat-gateway': 240,
      'gcp-cloud-nat': 1200,
    });
    expect(natPreset('aws-nlb')?.seconds).toBe(350);
  });
});
