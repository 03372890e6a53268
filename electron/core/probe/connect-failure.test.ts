import { describe, expect, it } from 'vitest';
import { classifyConnectFailure, connectFailureOf, SshConnectError } from './connect-failure';
import { AppError } from '../../../common/contract/errors';

describe('why ssh could not open a probe connection', () => {
  it('reads ssh’s own words (OpenSSH 9.x stderr) into the code the window explains', () => {
    expect(classifyConnectFailure('user@db: Permission denied (publickey,password).')).toBe('login');
    expect(classifyConnectFailure('Received disconnect from 10.0.0.5 port 22:2: Too many authentication failures')).toBe('login');
    expect(classifyConnectFailure('No ED25519 host key is known for db and you have requested strict checking.\r\nHost key verification failed.')).toBe('host-key');
    expect(classifyConnectFailure('@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @')).toBe('host-key');
    expect(classifyConnectFailure('ssh: Could not resolve hostname nosuch.example: Name or service not known')).toBe('unreachable');
    expect(classifyConnectFailure('ssh: connect to host 10.0.0.5 port 22: Connection refused')).toBe('unreachable');
    expect(classifyConnectFailure('ssh: connect to host 10.0.0.5 port 22: Connection timed out')).toBe('unreachable');
    expect(classifyConnectFailure('ssh: connect to host 10.0.0.5 port 22: No route to host')).toBe('unreachable');
    expect(classifyConnectFailure('kex_exchange_identification: Connection closed by remote host')).toBe('unreachable');
    expect(classifyConnectFailure('Bad owner or permissions on /home/u/.ssh/config')).toBeNull();
  });

  it('travels as an AppError with the code, so the handler needs no words', () => {
    const err = new SshConnectError('ssh db exited 255: Permission denied (publickey).');
    expect(err).toBeInstanceOf(AppError);
    expect(err.toData()).toEqual({ code: 'io', message: 'ssh db exited 255: Permission denied (publickey).' });
    expect(connectFailureOf(err)).toBe('login');
    expect(connectFailureOf(new SshConnectError('ssh db: not connected after 40 s', 'unreachable'))).toBe('unreachable');
    expect(connectFailureOf(new AppError('io', 'Permission denied (publickey).'))).toBeNull();
  });
});
