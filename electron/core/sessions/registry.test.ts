import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { RegistryAdapter } from './registry';

describe('reg.exe adapter without a registry', () => {
  it('says clearly that reg cannot run, instead of guessing', async () => {
    const reg = new RegistryAdapter({ argv: ['ssh-keepalive-no-such-reg'], nativePath: (p) => p }, os.tmpdir());
    await expect(reg.readSessions('putty')).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/Cannot run ssh-keepalive-no-such-reg/) });
  });
  it('never touches keys outside PuTTY/WinSCP sessions under HKCU', async () => {
    const reg = new RegistryAdapter({ argv: ['true'], nativePath: (p) => p }, os.tmpdir());
    await expect(reg.plan([{ path: 'HKEY_LOCAL_MACHINE\\Software\\SimonTatham\\PuTTY\\Sessions\\x', values: [] }])).rejects.toThrow(/Refusing/);
    await expect(reg.plan([{ path: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows', values: [] }])).rejects.toThrow(/Refusing/);
  });
});
