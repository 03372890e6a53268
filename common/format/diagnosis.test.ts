import { describe, expect, it } from 'vitest';
import type { Cause } from '../diagnosis/schema';
import { diagnosisHeadline, hostNameForBlock } from './diagnosis';

const cause = (c: Partial<Cause>): Cause => ({
  id: 'unknown',
  kills: false,
  afterSeconds: null,
  appliesTo: [],
  keepaliveHelps: false,
  summary: '',
  evidence: '',
  fix: { text: '', by: 'nobody', action: null },
  ...c,
});

describe('diagnosisHeadline', () => {
  it('names the first cause that kills (the list is most lethal first), when, and whether keepalive helps', () => {
    const h = diagnosisHeadline({
      causes: [
        cause({ id: 'sshd-channel-timeout', kills: true, afterSeconds: 600 }),
        cause({ id: 'shell-tmout', kills: true, afterSeconds: 900 }),
        cause({ id: 'nat-idle', kills: false, keepaliveHelps: true }),
      ],
    });
    expect(h).toEqual({ text: 'server closes idle shells after 10 min: keepalive cannot help', short: 'sshd closes it at 10 min', tiny: 'dies at 10 min', kills: true, keepaliveHelps: false, cause: 'sshd-channel-timeout' });
    expect(diagnosisHeadline({ causes: [cause({ id: 'nat-idle', kills: true, afterSeconds: 300, keepaliveHelps: true })] }).text).toBe('the network drops idle sessions after 5 min: keepalive fixes it');
  });

  it('says when nothing kills, and that some values were unknown', () => {
    expect(diagnosisHeadline({ causes: [cause({ id: 'nat-idle' })] })).toMatchObject({ text: 'nothing found that ends an idle shell', kills: false, cause: null });
    expect(diagnosisHeadline({ causes: [cause({ id: 'unknown' })] }).text).toBe('nothing found that ends an idle shell (some server values unknown)');
  });
});

describe('hostNameForBlock', () => {
  it.each([
    ['db', 'db'],
    ['alice@db.example.com', 'db.example.com'],
    ['db:2222', 'db'],
    ['[2001:db8::1]', '[2001:db8::1]'],
    ['2001:db8::1', '2001:db8::1'],
  ])('%s -> %s', (host, name) => expect(hostNameForBlock(host)).toBe(name));
});
