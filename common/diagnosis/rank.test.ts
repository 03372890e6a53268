import { describe, expect, it } from 'vitest';
import { rankCauses } from './rank';
import { DiagnosisFacts, DiagnosisReport, type Cause } from './schema';

const base = (over: Partial<DiagnosisFacts> = {}): DiagnosisFacts =>
  DiagnosisFacts.parse({
    host: 'web',
    server: {
      version: 'OpenSSH_9.2p1 Debian-2+deb12u10',
      clientAliveInterval: 0,
      clientAliveCountMax: 3,
      tcpKeepAlive: true,
      channelTimeout: null,
      unusedConnectionTimeout: null,
      source: 'sshd -T',
      reason: null,
      configLines: [],
    },
    shell: { path: '/bin/bash', tmout: null, readonly: false, variable: null, graceSeconds: 0, lines: [], reason: null },
    logind: null,
    client: { serverAliveInterval: 0, serverAliveCountMax: 3, tcpKeepAlive: true },
    hops: [],
    natTimeout: 300,
    ...over,
  });

const killers = (c: Cause[]) => c.filter((x) => x.kills).map((x) => [x.id, x.afterSeconds]);

describe('cause ranking', () => {
  it('a bare host behind a 300 s NAT: the NAT kills, and the app can fix it', () => {
    const causes = rankCauses(base());
    expect(killers(causes)).toEqual([['nat-idle', 300]]);
    expect(causes[0]?.fix.action).toEqual({ kind: 'client-keepalive', host: 'web', interval: 60 });
  });

  it('client keepalive under the NAT timeout: nothing kills', () => {
    const causes = rankCauses(base({ client: { serverAliveInterval: 60, serverAliveCountMax: 3, tcpKeepAlive: true } }));
    expect(killers(causes)).toEqual([]);
    expect(causes.find((c) => c.id === 'nat-idle')?.summary).toMatch(/keeps a 5 min NAT open/);
  });

  it('a keepalive slower than the NAT does not protect', () => {
    const causes = rankCauses(base({ client: { serverAliveInterval: 400, serverAliveCountMax: 3, tcpKeepAlive: true } }));
    expect(killers(causes)).toEqual([['nat-idle', 300]]);
    expect(causes[0]?.summary).toMatch(/too slow/);
  });

  it('sshd 9.2 ClientAliveInterval 200 is sent every 400 s: too slow for 300 s; 9.5 sends every 200 s', () => {
    const server = (version: string) => ({ ...base().server, version, clientAliveInterval: 200 });
    expect(killers(rankCauses(base({ server: server('OpenSSH_9.2p1') })))).toEqual([['nat-idle', 300]]);
    expect(killers(rankCauses(base({ server: server('OpenSSH_9.5p1') })))).toEqual([]);
    const info = rankCauses(base({ server: server('OpenSSH_9.2p1') })).find((c) => c.id === 'server-keepalive-timeout');
    expect(info?.evidence).toMatch(/twice/);
    expect(info?.fix.text).toMatch(/ClientAliveInterval 30/);
  });

  it('orders several killers by how soon they act, and keeps what keepalive cannot fix apart', () => {
    const causes = rankCauses(
      base({
        server: { ...base().server, channelTimeout: 'session:*=10m', unusedConnectionTimeout: 120, configLines: [{ file: '/etc/ssh/sshd_config.d/50-idle.conf', line: 2, text: 'ChannelTimeout session:*=10m' }] },
        shell: { path: '/bin/bash', tmout: 900, readonly: true, variable: 'TMOUT', graceSeconds: 0, lines: [{ file: '/etc/profile.d/tmout.sh', line: 1, text: 'readonly TMOUT=900' }], reason: null },
        logind: { stopIdleSessionSec: 3600, source: 'loginctl', registered: true, systemdVersion: 252 },
      }),
    );
    expect(killers(causes)).toEqual([
      ['nat-idle', 300],
      ['sshd-channel-timeout', 600],
      ['shell-tmout', 900],
      ['logind-idle', 3600],
    ]);
    const ct = causes.find((c) => c.id === 'sshd-channel-timeout')!;
    expect(ct.keepaliveHelps).toBe(false);
    expect(ct.evidence).toMatch(/50-idle\.conf:2/);
    const tm = causes.find((c) => c.id === 'shell-tmout')!;
    expect(tm.fix.by).toBe('administrator');
    expect(tm.fix.text).toMatch(/readonly/);
    // UnusedConnectionTimeout never ends an interactive session: it is named, for tunnels.
    const unused = causes.find((c) => c.id === 'sshd-unused-connection-timeout')!;
    expect(unused).toMatchObject({ kills: false, afterSeconds: 120, appliesTo: ['tunnel'] });
    expect(DiagnosisReport.parse({ ...base(), causes }).causes).toHaveLength(causes.length);
  });

  it('a TMOUT the user may unset says where to unset it; ksh93 adds its 60 s warning', () => {
    const own = rankCauses(base({ shell: { path: '/usr/bin/zsh', tmout: 600, readonly: false, variable: 'TMOUT', graceSeconds: 0, lines: [], reason: null } })).find((c) => c.id === 'shell-tmout')!;
    expect(own.fix).toMatchObject({ by: 'you' });
    expect(own.fix.text).toMatch(/unset TMOUT.*~\/\.zshrc/);
    const ksh = rankCauses(base({ shell: { path: '/bin/ksh', tmout: 300, readonly: false, variable: 'TMOUT', graceSeconds: 60, lines: [], reason: null } })).find((c) => c.id === 'shell-tmout')!;
    expect(ksh.afterSeconds).toBe(360);
  });

  it('names the non-matching session= without calling it a killer', () => {
    const causes = rankCauses(base({ natTimeout: null, server: { ...base().server, channelTimeout: 'session=4' } }));
    expect(killers(causes)).toEqual([]);
    const ct = causes.find((c) => c.id === 'sshd-channel-timeout');
    expect(ct).toMatchObject({ kills: false });
    expect(ct?.evidence).toMatch(/relabels/);
  });

  it('logind only stops sessions it knows, on systemd 252+', () => {
    const logind = (registered: boolean | null, systemdVersion: number | null) => rankCauses(base({ natTimeout: null, logind: { stopIdleSessionSec: 900, source: 'loginctl', registered, systemdVersion } }));
    expect(killers(logind(true, 254))).toEqual([['logind-idle', 900]]);
    expect(killers(logind(false, 254))).toEqual([]);
    expect(killers(logind(null, 251))).toEqual([]);
  });

  it('a jump host without keepalive: covered by the target keepalive travelling through it, else killed by the NAT', () => {
    const hop = { name: 'bastion', hostName: '192.0.2.9', port: 22, user: 'me', via: 'ProxyJump' as const, command: null, serverAliveInterval: 0, serverAliveCountMax: 3 };
    const covered = rankCauses(base({ hops: [hop], client: { serverAliveInterval: 30, serverAliveCountMax: 3, tcpKeepAlive: true } }));
    expect(killers(covered)).toEqual([]);
    expect(covered.find((c) => c.id === 'jump-hop-unprotected')?.summary).toMatch(/travels through it/);
    const bare = rankCauses(base({ hops: [hop] }));
    expect(killers(bare)).toEqual([
      ['nat-idle', 300],
      ['jump-hop-unprotected', 300],
    ]);
    expect(bare.find((c) => c.id === 'jump-hop-unprotected')?.fix.action).toEqual({ kind: 'client-keepalive', host: 'bastion', interval: 60 });
    // The hop's own keepalive crosses the user's NAT too.
    expect(killers(rankCauses(base({ hops: [{ ...hop, serverAliveInterval: 30 }] })))).toEqual([]);
  });

  it('before 8.2, ClientAliveCountMax 0 ends every idle connection at the first probe', () => {
    const causes = rankCauses(base({ natTimeout: null, server: { ...base().server, version: 'OpenSSH_7.4p1', clientAliveInterval: 600, clientAliveCountMax: 0 } }));
    expect(killers(causes)).toEqual([['server-keepalive-timeout', 600]]);
  });

  it('unknown sshd settings are said as unknown, not as defaults', () => {
    const causes = rankCauses(base({ server: { ...base().server, clientAliveInterval: null, clientAliveCountMax: null, source: 'unknown', reason: '/etc/ssh/sshd_config.d is not readable (drwx------)' } }));
    const u = causes.find((c) => c.id === 'unknown');
    expect(u?.evidence).toMatch(/not readable/);
    expect(u?.kills).toBe(false);
  });
});
