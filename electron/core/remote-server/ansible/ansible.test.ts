import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, promises as fs, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemLayout } from '../../openssh/system-layout';
import { planSystemChange } from '../../openssh/system-plan';
import { memoryIo } from '../../openssh/memory-io';
import { exportAnsible, literalHosts } from './export';
import { inventoryLine, resolveInventoryHost, type InventoryHost } from './inventory';
import { BEFORE_FIRST_MATCH, cloudInitSnippet, dropInText, keepalivePlaybook } from './playbook';
import { ansibleInstallHint, parseRecap } from './run';

const hasPython = spawnSync('python3', ['-c', 'import yaml, shlex, re'], { stdio: 'ignore' }).status === 0;
const hasAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ska-ansible-'));
  dirs.push(d);
  return d;
};
const python = (code: string, input: string) => execFileSync('python3', ['-c', code], { input, encoding: 'utf8' });

describe('inventory', () => {
  const host: InventoryHost = {
    alias: 'db1',
    hostName: 'db1.internal',
    port: 2222,
    user: "o'brien",
    proxyJump: 'bastion',
    identityFiles: ['/home/u/my keys/id_ed25519', '~/.ssh/second'],
    identitiesOnly: true,
    userKnownHostsFile: '/home/u/known hosts',
    warnings: [],
  };

  it.skipIf(!hasPython)("reads back through Ansible's own parsing (shlex of the line, then of ssh_common_args)", () => {
    const parsed = JSON.parse(
      python(
        'import sys, shlex, json\nline = sys.stdin.read()\ntoks = shlex.split(line, comments=True)\nv = dict(t.split("=", 1) for t in toks[1:])\nv["common"] = shlex.split(v["ansible_ssh_common_args"])\nprint(json.dumps([toks[0], v]))',
        inventoryLine(host),
      ),
    ) as [string, Record<string, unknown>];
    expect(parsed[0]).toBe('db1');
    expect(parsed[1]).toMatchObject({ ansible_host: 'db1.internal', ansible_port: '2222', ansible_user: "o'brien", ansible_ssh_private_key_file: '/home/u/my keys/id_ed25519' });
    expect(parsed[1].common).toEqual(['-o', 'ProxyJump=bastion', '-o', 'IdentityFile=~/.ssh/second', '-o', 'IdentitiesOnly=yes', '-o', 'UserKnownHostsFile=/home/u/known hosts']);
  });

  it('takes each host from real ssh -G: HostName, Port, User, ProxyJump, IdentityFile; default keys left to ssh', async () => {
    const dir = tmp();
    const config = path.join(dir, 'config');
    writeFileSync(config, `Host web1 web2\n  HostName %h.example.org\n  User deploy\n  Port 2200\n  ProxyJump jump\n  IdentityFile ${dir}/k\n\nHost plain\n  HostName 192.0.2.7\n\nHost *.wild\n  User x\n`);
    const web = await resolveInventoryHost('web2', { configPath: config });
    expect(web).toMatchObject({ alias: 'web2', hostName: 'web2.example.org', port: 2200, user: 'deploy', proxyJump: 'jump', identityFiles: [`${dir}/k`], userKnownHostsFile: null });
    const plain = await resolveInventoryHost('plain', { configPath: config });
    expect(plain).toMatchObject({ hostName: '192.0.2.7', port: 22, proxyJump: null, identityFiles: [] });
    await expect(resolveInventoryHost('bad name', { configPath: config })).rejects.toThrow(/inventory/);
    expect(literalHosts(config, dir)).toEqual(['web1', 'web2', 'plain']);
  });
});

describe('playbook and cloud-init', () => {
  it('refuses values sshd would not take, before writing anything', async () => {
    const out = path.join(tmp(), 'out');
    await expect(exportAnsible({ hosts: ['x'], interval: 0, outDir: out })).rejects.toThrow(/interval/);
    await expect(fs.access(out)).rejects.toThrow();
    expect(() => keepalivePlaybook({ interval: 30, countMax: 101 })).toThrow();
  });

  it.skipIf(!hasPython)('is YAML that holds the drop-in the app writes, and scripts Ansible will not template', () => {
    const yaml = JSON.parse(python('import sys, yaml, json\nprint(json.dumps(yaml.safe_load(sys.stdin.read()), default=str))', keepalivePlaybook({ interval: 45, countMax: 4 }).replace(/!unsafe /g, ''))) as Array<{ vars: Record<string, unknown>; tasks: unknown[]; handlers: unknown[] }>;
    expect(yaml[0]!.vars.ska_dropin_text).toBe(dropInText({ interval: 45, countMax: 4 }));
    expect(yaml[0]!.vars.ska_expect).toBe('clientaliveinterval 45 clientalivecountmax 4');
    expect(yaml[0]!.vars.ska_before_first_match).toBe(BEFORE_FIRST_MATCH);
    const cloud = JSON.parse(python('import sys, yaml, json\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))', cloudInitSnippet({ interval: 45 }))) as { write_files: { path: string; content: string }[] };
    expect(cloud.write_files).toEqual([expect.objectContaining({ path: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', content: dropInText({ interval: 45 }) })]);
  });

  it.skipIf(!hasAnsible)('passes ansible-playbook --syntax-check', async () => {
    const dir = tmp();
    await fs.writeFile(path.join(dir, 'keepalive.yml'), keepalivePlaybook({ interval: 30 }));
    await fs.writeFile(path.join(dir, 'inventory.ini'), '[ssh_keepalive]\nlocalhost ansible_connection=local\n');
    const r = spawnSync('ansible-playbook', ['--syntax-check', '-i', path.join(dir, 'inventory.ini'), path.join(dir, 'keepalive.yml')], { encoding: 'utf8', env: { ...process.env, HOME: dir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  // The replace task's regex (Python, as Ansible runs it) puts a new line where the app's planner does.
  const mains = [
    'Port 22\nUsePAM no\n\n# deploy jobs\n# never probed\nMatch User deploy\n    ClientAliveInterval 0\n',
    'Port 22\nUsePAM no\n',
    '# only a comment\nMatch all\n  X11Forwarding no\n',
    'match User a\n  PermitTTY no\n',
    'Port 22\n#Match commented out\nX11Forwarding no\n\nMatch Address 10.0.0.0/8\n  PermitTTY no\n# trailing\n',
    '',
  ];
  it.skipIf(!hasPython).each(mains.map((m) => [JSON.stringify(m).slice(0, 50), m] as const))('replace regex = planner: %s', async (_n, main) => {
    const plan = await planSystemChange('sshd_config', systemLayout('sshd_config'), memoryIo({ '/etc/ssh/sshd_config': main }), [{ keyword: 'ClientAliveInterval', action: 'set', value: 30 }]);
    const expected = plan.edits.find((e) => e.file === '/etc/ssh/sshd_config')?.after;
    const got = python(`import sys, re\nsys.stdout.write(re.subn(${JSON.stringify(BEFORE_FIRST_MATCH)}, r"\\g<1>ClientAliveInterval 30\\n", sys.stdin.read(), flags=re.MULTILINE)[0])`, main);
    expect(got).toBe(expected);
  });
});

describe('running ansible-playbook', () => {
  it('reads the recap per host', () => {
    const recap = parseRecap('PLAY RECAP *****\nweb1                       : ok=4    changed=2    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0\ndb-2 : ok=1 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0\n');
    expect(recap.web1).toMatchObject({ ok: 4, changed: 2, skipped: 1 });
    expect(recap['db-2']).toMatchObject({ unreachable: 1 });
  });

  it('says how to install it', () => {
    expect(ansibleInstallHint('linux', 'ID=debian\n')).toMatch(/apt install ansible-core/);
    expect(ansibleInstallHint('linux', 'ID="rocky"\nID_LIKE="rhel centos fedora"\n')).toMatch(/dnf install/);
    expect(ansibleInstallHint('darwin')).toMatch(/brew/);
    expect(ansibleInstallHint('win32')).toMatch(/WSL/);
  });
});
