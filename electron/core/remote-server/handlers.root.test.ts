/**
 * The remote-server channels through dispatch, against real sshds (the servers lab on loopback:
 * each sshd in a mount namespace of its own with its own /etc/ssh, users and sudoers): status is
 * that sshd's own `sshd -T`, a change is shown, written and undone byte for byte, a password is
 * asked for only when sudo wants one, a wrong one, a user without sudo and a file changed after the
 * preview change nothing and say why, and no answer or event ever holds the password.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, EventName, RequestOf, ResponseOf } from '../../../common/contract/channels';
import type { FleetProgress } from '../../../common/contract/remote-server';
import { configSnapshot, sameSnapshot, sshdT } from '../../../e2e/servers-lab/check';
import { canRunLoopbackLab, labPassword, startLoopbackLab, type LoopbackLab } from '../../../e2e/servers-lab/loopback';
import { createHandlers } from '../handlers';
import { defaultContext } from '../kernel/context';
import { dispatch, type Handlers } from '../kernel/dispatch';

const can = canRunLoopbackLab();
let lab: LoopbackLab;
let handlers: Handlers;
let stateDir: string;
const events: { event: EventName; payload: unknown }[] = [];
/** Every answer, as JSON: none may hold a password. */
const answers: string[] = [];

async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await dispatch(handlers, channel, request);
  answers.push(JSON.stringify(result));
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as ResponseOf<C>;
}

/** The lab's client config, in the user's ~/.ssh (what the window may use). */
let CONFIG = '';
const on = (interval: number) => ({ action: 'on' as const, interval });

describe.skipIf(!can.ok)(`remote-server channels against real sshds${can.ok ? '' : ` (skipped: ${can.reason})`}`, () => {
  beforeAll(async () => {
    lab = await startLoopbackLab([
      { name: 'deb-nopw', layout: 'debian', login: 'nopw' },
      { name: 'deb-pw', layout: 'debian', login: 'pw' },
      { name: 'plain-nosudo', layout: 'plain', login: 'nosudo' },
    ]);
    CONFIG = lab.sshConfig;
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'rs-handlers-state-'));
    handlers = createHandlers(defaultContext({ homeDir: lab.home, stateDir, systemConfigPath: null, platform: 'linux' }), {
      emit: (event, payload) => events.push({ event, payload }),
    });
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
    // The sudo password of the lab's password user must be nowhere in what the app sent back.
    const pw = lab ? labPassword(lab.byName('deb-pw')) : null;
    if (pw) {
      expect(answers.filter((a) => a.includes(pw)), 'answers that hold the sudo password').toEqual([]);
      expect(events.filter((e) => JSON.stringify(e.payload).includes(pw)), 'events that hold the sudo password').toEqual([]);
    }
  });

  it('status equals that sshd -T -C for this connection, with the host, its version and file:line', async () => {
    const s = lab.byName('deb-nopw');
    const st = await call('remote-server:status', { configPath: CONFIG, host: s.name });
    expect(st).toMatchObject({ host: 'deb-nopw', valuesKnown: true, readAs: 'login', loginUser: 'skl-nopw', installed: true, supported: true });
    expect(st.sshdVersion).toMatch(/^OpenSSH_\d/);
    const truth = await sshdT(s, st.connection);
    for (const v of st.settings) expect(v.value, v.keyword).toBe(truth.get(v.keyword.toLowerCase()));
    expect(st.writeTarget).toBe('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf');
  });

  it('NOPASSWD: the diff first, then exactly that written and reloaded; undo gives back the bytes', async () => {
    const s = lab.byName('deb-nopw');
    const before = await configSnapshot(s);
    const answer = await call('remote-server:plan', { configPath: CONFIG, host: s.name, change: on(20) });
    expect(answer.failure).toBeNull();
    const plan = answer.plan!;
    expect(plan.kind).toBe('edit');
    expect(plan.edits).toEqual([expect.objectContaining({ file: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', action: 'create' })]);
    expect(plan.edits[0]!.diff.filter((d) => d.kind === 'add').map((d) => d.text)).toContain('ClientAliveInterval 20');
    expect(sameSnapshot(before, await configSnapshot(s)), 'a plan writes nothing').toBeNull();

    const applied = await call('remote-server:apply', { configPath: CONFIG, host: s.name, change: on(20), state: plan.state, digest: plan.digest!, reload: true });
    expect(applied, applied.message).toMatchObject({ outcome: 'applied', failure: null, validated: true });
    expect(applied.reload?.done).toBe(true);
    expect((await sshdT(s)).get('clientaliveinterval')).toBe('20');
    const st = await call('remote-server:status', { configPath: CONFIG, host: s.name });
    expect(st.settings[0]).toMatchObject({ keyword: 'ClientAliveInterval', value: '20', source: { kind: 'line', file: '/etc/ssh/sshd_config.d/50-ssh-keepalive.conf', line: 2 } });
    expect(st.undo?.entry).toBe(applied.backup);

    const undone = await call('remote-server:undo', { configPath: CONFIG, host: s.name, entry: st.undo!.entry, reload: true });
    expect(undone, undone.message).toMatchObject({ outcome: 'undone' });
    expect(sameSnapshot(before, await configSnapshot(s))).toBeNull();
  });

  it('sudo with a password: asked only when sudo wants it; none or a wrong one changes nothing and says so', async () => {
    const s = lab.byName('deb-pw');
    const password = labPassword(s)!;
    const before = await configSnapshot(s);
    // Debian's files are readable: the plan needs no sudo at all.
    const plan = (await call('remote-server:plan', { configPath: CONFIG, host: s.name, change: on(25) })).plan!;
    expect(plan.readAs).toBe('login');
    const base = { configPath: CONFIG, host: s.name, change: on(25), state: plan.state, digest: plan.digest!, reload: true };

    const none = await call('remote-server:apply', base);
    expect(none).toMatchObject({ outcome: 'failed', failure: 'needs-password' });
    expect(none.message).toMatch(/nothing changed/i);
    const wrong = await call('remote-server:apply', { ...base, password: `${password}-wrong` });
    expect(wrong).toMatchObject({ outcome: 'failed', failure: 'wrong-password' });
    expect(wrong.message).toMatch(/wrong password/i);
    expect(wrong.message).toMatch(/nothing changed/i);
    expect(sameSnapshot(before, await configSnapshot(s))).toBeNull();

    const right = await call('remote-server:apply', { ...base, password });
    expect(right, right.message).toMatchObject({ outcome: 'applied' });
    expect((await sshdT(s)).get('clientaliveinterval')).toBe('25');
    const undoNone = await call('remote-server:undo', { configPath: CONFIG, host: s.name, reload: true });
    expect(undoNone.failure).toBe('needs-password');
    const undone = await call('remote-server:undo', { configPath: CONFIG, host: s.name, reload: true, password });
    expect(undone, undone.message).toMatchObject({ outcome: 'undone' });
    expect(sameSnapshot(before, await configSnapshot(s))).toBeNull();
  });

  it('a user without sudo rights: refused, nothing changed, the exact lines for an administrator', async () => {
    const s = lab.byName('plain-nosudo');
    const before = await configSnapshot(s);
    const plan = (await call('remote-server:plan', { configPath: CONFIG, host: s.name, change: on(30) })).plan!;
    const out = await call('remote-server:apply', { configPath: CONFIG, host: s.name, change: on(30), state: plan.state, digest: plan.digest!, reload: true, password: lab.etc.users.nosudo.password });
    expect(out).toMatchObject({ outcome: 'failed', failure: 'no-sudo' });
    expect(out.message).toMatch(/nothing changed/i);
    // The plain layout: the line goes into sshd_config before the first Match block.
    const added = plan.edits[0]!.diff.find((d) => d.kind === 'add')!;
    expect(out.adminInstructions).toContain(`In /etc/ssh/sshd_config:`);
    expect(out.adminInstructions).toContain(`add as line ${added.newLine}:   ClientAliveInterval 30`);
    expect(out.adminInstructions).toContain('sshd -t');
    expect(sameSnapshot(before, await configSnapshot(s))).toBeNull();
  });

  it('a file changed after the preview: the apply refuses and leaves that edit alone', async () => {
    const s = lab.byName('deb-nopw');
    const plan = (await call('remote-server:plan', { configPath: CONFIG, host: s.name, change: on(40) })).plan!;
    const victim = path.join(s.etcDir, 'sshd_config.d', '10-lab.conf');
    const original = await readFile(victim);
    await appendFile(victim, '# edited by someone else meanwhile\n');
    const edited = await configSnapshot(s);
    try {
      const out = await call('remote-server:apply', { configPath: CONFIG, host: s.name, change: on(40), state: plan.state, digest: plan.digest!, reload: true });
      expect(out).toMatchObject({ outcome: 'failed', failure: 'changed' });
      expect(out.message).toMatch(/nothing changed/i);
      expect(sameSnapshot(edited, await configSnapshot(s))).toBeNull();
    } finally {
      await writeFile(victim, original);
    }
  });

  it('a fleet: the diffs first, then each server on its own with progress; a password only for those that asked; undo per server', async () => {
    const hosts = ['deb-nopw', 'deb-pw', 'plain-nosudo'];
    const before = new Map(await Promise.all(hosts.map(async (h) => [h, await configSnapshot(lab.byName(h))] as const)));
    const password = labPassword(lab.byName('deb-pw'))!;
    const progress = (runId: string) => events.filter((e) => e.event === 'remote-server:progress' && (e.payload as FleetProgress).runId === runId).map((e) => e.payload as FleetProgress);
    const steps = (runId: string, host: string) => progress(runId).filter((p) => p.host === host).map((p) => p.step).join('>');

    const planned = await call('remote-server:fleet-plan', { configPath: CONFIG, hosts, change: on(30), runId: 'plan-1' });
    expect(planned.plans.map((p) => [p.host, p.plan?.kind])).toEqual([['deb-nopw', 'edit'], ['deb-pw', 'edit'], ['plain-nosudo', 'edit']]);
    for (const h of hosts) expect(steps('plan-1', h)).toBe('queued>planning>done');
    expect(progress('plan-1').find((p) => p.host === 'deb-pw' && p.step === 'done')?.plan?.plan?.state).toBe(planned.plans[1]!.plan!.state);

    const targets = planned.plans.map((p) => ({ host: p.host, state: p.plan!.state, digest: p.plan!.digest! }));
    const first = await call('remote-server:fleet-apply', { configPath: CONFIG, targets, change: on(30), reload: true, runId: 'apply-1' });
    expect(first.outcomes.map((o) => [o.host, o.outcome, o.failure])).toEqual([
      ['deb-nopw', 'applied', null],
      ['deb-pw', 'failed', 'needs-password'],
      ['plain-nosudo', 'failed', 'needs-password'],
    ]);
    for (const h of hosts) expect(steps('apply-1', h)).toBe('queued>planning>applying>done');
    expect(progress('apply-1').filter((p) => p.step === 'done').map((p) => p.outcome?.outcome).sort()).toEqual(['applied', 'failed', 'failed']);
    // The page asks once and retries those that asked, with that one password: right for deb-pw only.
    const again = targets.filter((t) => t.host !== 'deb-nopw');
    const second = await call('remote-server:fleet-apply', { configPath: CONFIG, targets: again, change: on(30), reload: true, runId: 'apply-2', password });
    expect(second.outcomes.map((o) => [o.host, o.outcome, o.failure])).toEqual([
      ['deb-pw', 'applied', null],
      ['plain-nosudo', 'failed', 'wrong-password'],
    ]);
    const third = await call('remote-server:fleet-apply', { configPath: CONFIG, targets: again.slice(1), change: on(30), reload: true, runId: 'apply-3', password: lab.etc.users.nosudo.password });
    expect(third.outcomes[0]).toMatchObject({ host: 'plain-nosudo', outcome: 'failed', failure: 'no-sudo' });
    expect(third.outcomes[0]!.adminInstructions).toContain('ClientAliveInterval 30');
    for (const h of ['deb-nopw', 'deb-pw']) expect((await sshdT(lab.byName(h))).get('clientaliveinterval')).toBe('30');

    // A stale preview: a file changed after the fleet's plan, so that server is not written and says so.
    const victim = path.join(lab.byName('deb-nopw').etcDir, 'sshd_config.d', '10-lab.conf');
    const original = await readFile(victim);
    const replan = await call('remote-server:fleet-plan', { configPath: CONFIG, hosts: ['deb-nopw'], change: on(35), runId: 'plan-2' });
    await appendFile(victim, '# edited meanwhile\n');
    try {
      const p = replan.plans[0]!.plan!;
      const stale = await call('remote-server:fleet-apply', { configPath: CONFIG, targets: [{ host: 'deb-nopw', state: p.state, digest: p.digest! }], change: on(35), reload: true, runId: 'apply-4' });
      expect(stale.outcomes[0]).toMatchObject({ outcome: 'failed', failure: 'changed' });
      expect((await sshdT(lab.byName('deb-nopw'))).get('clientaliveinterval')).toBe('30');
    } finally {
      await writeFile(victim, original);
    }

    const undone = await call('remote-server:fleet-undo', { configPath: CONFIG, hosts: hosts.slice(0, 2), reload: true, runId: 'undo-1', password });
    expect(undone.outcomes.map((o) => [o.host, o.outcome])).toEqual([['deb-nopw', 'undone'], ['deb-pw', 'undone']]);
    expect(steps('undo-1', 'deb-pw')).toBe('queued>undoing>done');
    for (const h of hosts) expect(sameSnapshot(before.get(h)!, await configSnapshot(lab.byName(h))), h).toBeNull();
  });

  it('from a window, ssh reads configs in ~/.ssh only; the contract refuses a host ssh would read as an option', async () => {
    const elsewhere = path.join(lab.dir, 'other-config');
    await writeFile(elsewhere, await readFile(lab.sshConfig));
    await expect(call('remote-server:status', { configPath: elsewhere, host: 'deb-nopw' })).rejects.toMatchObject({ code: 'permission' });
    await expect(call('remote-server:status', { configPath: CONFIG, host: '-oProxyCommand=touch /tmp/x' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(call('remote-server:apply', { configPath: CONFIG, host: 'deb-pw', change: on(30), state: 'a'.repeat(64), digest: 'b'.repeat(64), reload: true, password: 'a\nb' })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
