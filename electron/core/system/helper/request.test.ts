import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES, parseRequest, RequestError } from './request';

/** The request parser alone (no root needed); the root suite runs the same refusals end to end. */
const valid = { version: 1, op: 'apply', target: 'sshd_config', changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }], seen: { '/etc/ssh/sshd_config': '' }, reload: true };
const refuse = (raw: unknown) => expect(() => parseRequest(typeof raw === 'string' ? raw : JSON.stringify(raw))).toThrow(RequestError);

describe('helper request parser', () => {
  it('accepts a well-formed intent and normalises flags', () => {
    expect(parseRequest(JSON.stringify(valid))).toMatchObject({ op: 'apply', changes: [{ keyword: 'ClientAliveInterval', value: 60 }] });
    const flag = parseRequest(JSON.stringify({ ...valid, changes: [{ keyword: 'TCPKeepAlive', action: 'set', value: 'no' }] }));
    expect(flag).toMatchObject({ changes: [{ keyword: 'TCPKeepAlive', value: false }] });
  });
  it.each([
    ['value as string', { ...valid, changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: '60' }] }],
    ['negative', { ...valid, changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: -1 }] }],
    ['too large', { ...valid, changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 1e9 }] }],
    ['other keyword', { ...valid, changes: [{ keyword: 'PermitRootLogin', action: 'set', value: 1 }] }],
    ['lowercase keyword', { ...valid, changes: [{ keyword: 'clientaliveinterval', action: 'set', value: 60 }] }],
    ['unknown field', { ...valid, path: '/etc/passwd' }],
    ['relative seen path', { ...valid, seen: { 'sshd_config': '' } }],
    ['dotdot seen path', { ...valid, seen: { '/etc/ssh/../shadow': '' } }],
    ['bad hash', { ...valid, seen: { '/etc/ssh/sshd_config': 'zz' } }],
    ['reload on ssh_config', { ...valid, target: 'ssh_config', changes: [{ keyword: 'ServerAliveInterval', action: 'set', value: 60 }] }],
  ])('refuses %s', (_name, raw) => refuse(raw));
  it('refuses oversized input before parsing it', () => refuse(' '.repeat(MAX_REQUEST_BYTES + 1)));
});
