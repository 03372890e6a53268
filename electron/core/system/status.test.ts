import { describe, expect, it } from 'vitest';
import { serverStatus, systemClientStatus } from './status';

/** Platforms that are reported, not managed: the card says so plainly and the switches stay off. */
describe('status on platforms not managed yet', () => {
  it('Windows: names %ProgramData%\\ssh\\sshd_config and Restart-Service sshd, unsupported', async () => {
    const s = await serverStatus({ platform: 'win32', stateDir: '/tmp' });
    expect(s).toMatchObject({ platform: 'win32', supported: false, configPath: expect.stringMatching(/\\ssh\\sshd_config$/), reloadCommand: 'Restart-Service sshd' });
    expect(s.note).toMatch(/Restart-Service sshd/);
  });
  it('macOS: launchd starts sshd per connection, no reload; unsupported', async () => {
    const s = await serverStatus({ platform: 'darwin', stateDir: '/tmp/ska-status-test' });
    expect(s.supported).toBe(false);
    expect(s.note).toMatch(/launchd/);
    expect(s.reloadCommand).toMatch(/none needed/);
    expect((await systemClientStatus({ platform: 'darwin', stateDir: '/tmp' })).supported).toBe(false);
  });
});
