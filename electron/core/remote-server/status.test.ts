import { describe, expect, it } from 'vitest';
import { parseProgramOutput } from './output';
import { statusFromOutput } from './status';

const hex = (s: string) => Buffer.from(s).toString('hex').replace(/(..)/g, ' $1');
const MAIN = 'Include /etc/ssh/sshd_config.d/*.conf\nClientAliveCountMax 2\nMatch User alice\n  ClientAliveInterval 30\n';

function output(extra: string[]): string {
  return ['ska uid 1000', 'ska user alice', 'ska os Linux', 'ska sshd /usr/sbin/sshd', 'ska version OpenSSH_9.2p1 Debian-2+deb12u10', 'ska reload systemctl reload ssh', 'ska hex file /etc/ssh/sshd_config', hex(MAIN), 'ska endhex', ...extra, 'ska done', ''].join('\n');
}

describe('remote status', () => {
  it("gives sshd's values with the line that sets each, Match blocks included", async () => {
    const dump = 'clientaliveinterval 30\nclientalivecountmax 2\ntcpkeepalive yes\n';
    const s = await statusFromOutput({ host: 'h' }, parseProgramOutput(output(['ska connection user=alice,host=192.0.2.1,addr=192.0.2.1', 'ska dumpby sshd -T', 'ska hex dump', hex(dump), 'ska endhex'])), 'login');
    expect(s.valuesKnown).toBe(true);
    expect(s.settings.map((v) => [v.keyword, v.value, v.source.kind === 'line' ? v.source.line : 'default'])).toEqual([
      ['ClientAliveInterval', '30', 4],
      ['ClientAliveCountMax', '2', 2],
      ['TCPKeepAlive', 'yes', 'default'],
    ]);
    expect(s.conditional).toEqual([{ file: '/etc/ssh/sshd_config', line: 4, block: 'Match User alice', keyword: 'ClientAliveInterval', value: '30' }]);
    expect(s.keepaliveOn).toBe(true);
    expect(s.sshdVersion).toBe('OpenSSH_9.2p1');
    expect(s.writeTarget).toBe('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf');
  });

  it('says unknown, never a guess, when a file sshd reads could not be read', async () => {
    const s = await statusFromOutput({ host: 'h' }, parseProgramOutput(output(['ska unreadable-dir /etc/ssh/sshd_config.d', 'ska connection user=alice,host=a,addr=a', 'ska unknown /etc/ssh/sshd_config.d is not readable'])), 'login');
    expect(s.valuesKnown).toBe(false);
    expect(s.settings.every((v) => v.value === 'unknown')).toBe(true);
    expect(s.keepaliveOn).toBe(false);
    expect(s.problem).toMatch(/sshd_config.d is not readable as alice/);
  });
});
