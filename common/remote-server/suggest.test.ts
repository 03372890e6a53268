import { describe, expect, it } from 'vitest';
import { suggestServerInterval } from './suggest';

describe('the suggested ClientAliveInterval', () => {
  it('is half the NAT timeout, at most 60 s, on sshd that probes every interval', () => {
    expect(suggestServerInterval(300, 'OpenSSH_9.6p1').interval).toBe(60);
    expect(suggestServerInterval(60, 'OpenSSH_9.5').interval).toBe(30);
    expect(suggestServerInterval(60, 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10').interval).toBe(30);
  });

  it('is half of that on 9.2-9.4, which probe at about twice the interval', () => {
    for (const v of ['OpenSSH_9.2p1 Debian-2+deb12u10', 'OpenSSH_9.3', 'OpenSSH_9.4p1']) {
      const s = suggestServerInterval(60, v);
      expect(s.interval).toBe(15);
      expect(s.probeEverySeconds).toBeLessThanOrEqual(30);
      expect(s.text).toMatch(/2 x ClientAliveInterval/);
    }
    expect(suggestServerInterval(6, 'OpenSSH_9.2, OpenSSL 3.0.19').interval).toBe(1);
  });

  it('assumes the slow probes when the version is unknown', () => {
    expect(suggestServerInterval(60, null).interval).toBe(15);
    expect(suggestServerInterval(60, 'dropbear_2022.83').interval).toBe(15);
    expect(() => suggestServerInterval(1, 'OpenSSH_9.6')).toThrow();
  });
});
