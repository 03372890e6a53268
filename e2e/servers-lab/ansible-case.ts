import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropInText, exportAnsible, findAnsiblePlaybook, runAnsiblePlaybook, type AnsibleRun } from '../../electron/core/remote-server';
import { run } from '../natlab/exec';
import { assert, Checks, configSnapshot, sameSnapshot, sshdT } from './check';
import type { Lab } from './cases';
import type { LabServer } from './servers';

/**
 * The exported playbook against real servers of both layouts: `--check --diff` shows the diff and
 * changes nothing, the run sets the value (sshd -T says so), a second run changes nothing. Ansible
 * runs in the server namespace (not through the NAT: its shared connections idle between tasks).
 */
export async function ansibleCase(lab: Lab, servers: LabServer[], c: Checks): Promise<void> {
  if (!(await findAnsiblePlaybook(lab.env))) {
    c.fail('ansible-playbook', 'not installed (apt install ansible-core)');
    return;
  }
  const interval = lab.interval + 1;
  const outDir = path.join(lab.dir, 'ansible');
  const exported = await exportAnsible({ hosts: servers.map((s) => s.name), interval, outDir, configPath: lab.sshConfig, homeDir: lab.home, env: lab.env });
  const inventory = await readFile(exported.files.inventory, 'utf8');
  c.expect(
    'export: inventory from ssh -G',
    servers.every((s) => new RegExp(`^${s.name} ansible_host=${lab.net.serverAddr} ansible_port=${s.port} ansible_user=${s.user === 'root' ? 'root' : s.user.name} ansible_ssh_private_key_file=${lab.keys.userKey} ansible_ssh_common_args=.*UserKnownHostsFile=${lab.keys.knownHosts}`, 'm').test(inventory)),
    inventory.split('\n').filter((l) => !l.startsWith('#')).join(' | '),
  );
  const cloud = await run('python3', ['-c', 'import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', exported.files.cloudInit]);
  const parsed = JSON.parse(cloud.stdout) as { write_files: { path: string; content: string; permissions: string }[] };
  c.expect(
    'export: cloud-init write_files holds the same drop-in the app writes',
    parsed.write_files[0]?.path === '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf' && parsed.write_files[0].content === dropInText({ interval }) && (await readFile(exported.files.cloudInit, 'utf8')).startsWith('#cloud-config\n'),
    JSON.stringify(parsed.write_files[0]),
  );

  const env = { ...lab.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const playbook = (check: boolean): Promise<AnsibleRun> =>
    runAnsiblePlaybook({ outDir, check, diff: check, prefix: ['ip', 'netns', 'exec', lab.net.server], env, timeoutMs: 300_000 });
  const tail = (r: AnsibleRun) => r.output.trim().split('\n').slice(-12).join(' | ');

  const before = await Promise.all(servers.map((s) => configSnapshot(s)));
  const check = await playbook(true);
  const unchanged = (await Promise.all(servers.map((s) => configSnapshot(s)))).map((snap, i) => sameSnapshot(before[i]!, snap));
  c.expect(
    'ansible-playbook --check --diff shows the diff, changes nothing',
    check.code === 0 && check.output.includes(`+ClientAliveInterval ${interval}`) && servers.every((s) => (check.recap[s.name]?.changed ?? 0) > 0) && unchanged.every((u) => u === null),
    `exit ${check.code}; recap ${JSON.stringify(check.recap)}; ${unchanged.filter(Boolean).join('; ') || 'files unchanged'}; diff lines: ${check.output.split('\n').filter((l) => /^[+-][A-Za-z#]/.test(l)).join(' | ')}`,
  );

  const lines: string[] = [];
  const first = await runAnsiblePlaybook({ outDir, prefix: ['ip', 'netns', 'exec', lab.net.server], env, timeoutMs: 300_000, onLine: (l) => lines.push(l) });
  const truths = await Promise.all(servers.map((s) => sshdT(s)));
  c.expect(
    `ansible-playbook sets ClientAliveInterval ${interval} (sshd -T)`,
    first.code === 0 && truths.every((t) => t.get('clientaliveinterval') === String(interval)) && lines.some((l) => l.startsWith('TASK [')),
    `exit ${first.code}; sshd -T: ${truths.map((t, i) => `${servers[i]!.name}=${t.get('clientaliveinterval')}`).join(', ')}; recap ${JSON.stringify(first.recap)}; streamed ${lines.length} lines${first.code === 0 ? '' : `; ${tail(first)}`}`,
  );
  const second = await playbook(false);
  c.expect(
    'a second run changes nothing',
    second.code === 0 && servers.every((s) => second.recap[s.name]?.changed === 0 && (second.recap[s.name]?.ok ?? 0) > 0),
    `exit ${second.code}; recap ${JSON.stringify(second.recap)}${second.code === 0 ? '' : `; ${tail(second)}`}`,
  );
  // sudo with a password: given to ansible-playbook on its stdin (--become-password-file -), in check mode.
  const pw = lab.servers.find((s) => s.name === 'deb-pw');
  if (pw && pw.user !== 'root') {
    const pwDir = path.join(lab.dir, 'ansible-pw');
    await exportAnsible({ hosts: [pw.name], interval, outDir: pwDir, configPath: lab.sshConfig, homeDir: lab.home, env: lab.env });
    const before = await configSnapshot(pw);
    const r = await runAnsiblePlaybook({ outDir: pwDir, check: true, diff: true, becomePassword: pw.user.password, prefix: ['ip', 'netns', 'exec', lab.net.server], env, timeoutMs: 300_000 });
    c.expect(
      'a sudo password reaches ansible-playbook on stdin (check mode on deb-pw)',
      r.code === 0 && r.recap[pw.name]?.changed === 1 && !r.argv.includes(pw.user.password) && sameSnapshot(before, await configSnapshot(pw)) === null,
      `exit ${r.code}; recap ${JSON.stringify(r.recap)}; argv ${r.argv.slice(3).join(' ')}${r.code === 0 ? '' : `; ${tail(r)}`}`,
    );
  }
  const layouts = await Promise.all(servers.map(async (s) => `${s.name}: ${s.layout === 'debian' ? 'drop-in' : 'sshd_config'} ${(await readFile(path.join(s.etcDir, s.layout === 'debian' ? 'sshd_config.d/50-ssh-keepalive.conf' : 'sshd_config'), 'utf8')).includes(`ClientAliveInterval ${interval}\n`) ? 'holds' : 'LACKS'} the line`));
  c.expect('the playbook wrote where the app writes', layouts.every((l) => l.endsWith('holds the line')), layouts.join('; '));
}
