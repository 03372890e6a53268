import AxeBuilder from '@axe-core/playwright';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exportCommand } from '../../electron/cli/export';
import { createCliIo } from '../../electron/cli/io';
import { defaultContext } from '../../electron/core/kernel/context';
import { sshG } from '../fixtures/configs/openssh';
import { expect, hostRow, openRowPanel, test } from './fixtures';

/**
 * The PuTTY/WinSCP panel of a fixture host: the mapping follows the host's effective settings (as
 * `ssh -G` says), and each download holds exactly the bytes the CLI writes.
 */
test('a host’s PuTTY and WinSCP equivalents, and downloads equal to the CLI’s files', async ({ app, home }) => {
  await openRowPanel(app, 'web1 web2', 'PuTTY and WinSCP');
  await expect(app.getByRole('region', { name: 'PuTTY and WinSCP for web1 web2' })).toBeVisible();
  const panel = app.getByTestId('putty-panel');
  await expect(panel).toBeVisible();

  // Values from the effective config: HostName %h.example.com expanded, User from the block, 30 s.
  const ssh = await sshG(home.configPath, 'web1', home.home);
  if (!ssh.ok) throw new Error(ssh.stderr);
  const putty = panel.getByRole('region', { name: 'PuTTY' });
  await expect(putty.getByTestId('putty-session-name')).toHaveText('web1');
  await expect(putty.getByTestId('putty-registry-key')).toHaveText('HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\web1');
  const value = (region: typeof putty, name: string) => region.locator(`tr[data-value-name="${name}"] td`).nth(1);
  await expect(value(putty, 'HostName')).toHaveText('web1.example.com');
  await expect(value(putty, 'PortNumber')).toHaveText('22');
  await expect(value(putty, 'Protocol')).toHaveText('ssh');
  await expect(value(putty, 'UserName')).toHaveText('deploy');
  await expect(value(putty, 'PingInterval')).toHaveText('0');
  await expect(value(putty, 'PingIntervalSecs')).toHaveText(String(ssh.values.serverAliveInterval));
  await expect(putty).toContainText('Keepalive every 30 s');
  const winscp = panel.getByRole('region', { name: 'WinSCP' });
  await expect(value(winscp, 'PingType')).toHaveText('1');
  await expect(winscp.getByTestId('winscp-registry-key')).toHaveText('HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\web1');

  const ctx = defaultContext({ homeDir: home.home, stateDir: path.join(home.home, 'cli-state'), systemConfigPath: null, platform: 'linux' });
  const outDir = path.join(home.home, 'cli-out');
  // The panel exports the whole block: `Host web1 web2` is two hosts, so two sessions.
  const downloads = async (label: string, count: number) => {
    const got: Array<{ name: string; bytes: Buffer }> = [];
    const done = new Promise<void>((resolve) => {
      app.on('download', async function onDownload(d) {
        got.push({ name: d.suggestedFilename(), bytes: await fs.readFile((await d.path())!) });
        if (got.length === count) {
          app.off('download', onDownload);
          resolve();
        }
      });
    });
    await panel.getByRole('button', { name: `Download ${label}` }).click();
    await done;
    return got;
  };
  for (const [label, tool, format] of [
    ['PuTTY .reg (Windows)', 'putty', 'reg'],
    ['PuTTY session file (Linux)', 'putty', 'unix'],
    ['WinSCP .reg', 'winscp', 'reg'],
    ['WinSCP.ini section', 'winscp', 'ini'],
  ] as const) {
    const got = await downloads(label, format === 'unix' ? 2 : 1);
    const out = path.join(outDir, `${tool}-${format}`);
    const code = await exportCommand.run([tool, '--format', format, '--host', 'web1 web2', '--out', format === 'unix' ? out : `${out}.file`], createCliIo(ctx, { stdout: () => undefined, stderr: () => undefined }));
    expect(code).toBe(0);
    if (format === 'unix') {
      expect(got.map((g) => g.name).sort()).toEqual(['web1', 'web2']);
      for (const g of got) expect(g.bytes.equals(await fs.readFile(path.join(out, g.name))), `${label} ${g.name}`).toBe(true);
      expect(got.find((g) => g.name === 'web2')!.bytes.toString()).toContain('HostName=web2.example.com\n');
    } else {
      expect(got[0]!.bytes.equals(await fs.readFile(`${out}.file`)), `${label}: download equals the CLI's file`).toBe(true);
    }
    if (format === 'reg') expect([...got[0]!.bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  }
  await expect(panel.getByRole('status')).toContainText('Downloaded WinSCP.ini');

  const axe = await new AxeBuilder({ page: app }).include('[data-testid="putty-panel"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('settings without an equivalent are listed: IdentityFile needs a .ppk', async ({ app }) => {
  await openRowPanel(app, 'github.com', 'PuTTY and WinSCP');
  const warnings = app.getByRole('list', { name: 'PuTTY: settings without an exact equivalent' });
  await expect(warnings).toContainText('needs a PuTTY key (.ppk)');
  await expect(hostRow(app, 'github.com')).toBeVisible();
});

test('Linux: saves the session straight into PuTTY’s sessions folder, and undo removes it again', async ({ app, home }) => {
  await openRowPanel(app, 'db', 'PuTTY and WinSCP');
  const panel = app.getByTestId('putty-panel');
  await panel.getByRole('button', { name: 'Save as PuTTY session on this computer' }).click();
  const file = path.join(home.home, '.putty', 'sessions', 'db');
  await expect(panel.getByRole('status')).toContainText(`Saved db in ${path.dirname(file)}`);
  const text = await fs.readFile(file, 'utf8');
  // db has no ServerAliveInterval: the session gets a keepalive every 60 s, and the preview said so.
  await expect(panel.getByRole('region', { name: 'PuTTY' })).toContainText('The host has no ServerAliveInterval: the export adds this one.');
  expect(text).toMatch(/^HostName=db\.internal\.example\.com\nPortNumber=22\nProtocol=ssh\nUserName=\S+\nPingInterval=1\nPingIntervalSecs=0\nTCPKeepalives=1\n$/);
  await panel.getByRole('button', { name: 'Undo save' }).click();
  await expect(panel.getByRole('status')).toContainText('Restored 1 file');
  await expect(fs.stat(file)).rejects.toThrow();
});
