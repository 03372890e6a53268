/**
 * Property test: random realistic configs (e2e/fixtures/configs/grammar.ts) and random sequences of
 * keepalive edits keep the invariants of edit-checks.ts: before any edit every row equals `ssh -G`;
 * each edit changes only keepalive lines (plus a new block's lines), what is written is what the
 * preview showed, the asked interval is what ssh uses afterwards, every row still equals ssh;
 * blocked plans never write; undoing every step gives back the original bytes.
 *
 * Bounded: FC_RUNS (default 50) cases; each case costs a few batched `ssh -G` calls per step.
 * Reproduce a failure with FC_SEED=<seed> (printed by fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeepaliveIntent } from '../../../common/contract/keepalive';
import { applyAndCheck, sameTree } from '../../../e2e/fixtures/configs/edit-checks';
import { brokenConfigArb, configArb, stepsArb, type EditStep, type GeneratedConfig } from '../../../e2e/fixtures/configs/grammar';
import { baseHashes, compareWithSsh, harnessFor, verifySources } from '../../../e2e/fixtures/configs/harness';
import { makeHome, readTree } from '../../../e2e/fixtures/configs/index';
import { sshG } from '../../../e2e/fixtures/configs/openssh';

const RUNS = Number(process.env.FC_RUNS ?? 50);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

async function runCase(config: GeneratedConfig, steps: EditStep[]): Promise<string[]> {
  const fx = await makeHome('prop', { ...config.included, config: config.text });
  try {
    const h = harnessFor(fx);
    const original = await readTree(fx.sshDir);
    const probe = await sshG(fx.configPath, 'ska-probe-nobody-names-this', fx.home);
    if (!probe.ok) return [`the grammar produced a config ssh rejects: ${probe.stderr.trim()}\n${config.text}`];

    const first = await h.must('hosts:list', { configPath: fx.configPath });
    const problems = (await compareWithSsh(fx, first)).map((p) => `before any edit: ${p}`);
    problems.push(...(await verifySources(fx, first)).problems.map((p) => `before any edit: ${p}`));
    if (problems.length) return problems;

    let applied = 0;
    for (const [n, step] of steps.entries()) {
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      let intent: KeepaliveIntent;
      let sampleHost: string;
      let block: { file: string; line: number } | null;
      if (step.target.kind === 'all' || snapshot.hosts.length === 0) {
        intent = { configPath: fx.configPath, target: { kind: 'all' }, action: step.action };
        sampleHost = snapshot.allHosts.sampleHost;
        block = snapshot.allHosts.block;
      } else {
        const row = snapshot.hosts[step.target.pick % snapshot.hosts.length]!;
        intent = { configPath: fx.configPath, target: { kind: 'block', file: row.file, line: row.line }, action: step.action };
        sampleHost = row.sampleHost;
        block = { file: row.file, line: row.line };
      }
      if (step.action === 'on') intent.interval = step.interval;
      if (step.action === 'on' && step.countMax !== undefined) intent.countMax = step.countMax;
      const desired = step.action === 'on' ? step.interval : 0;
      const desiredCountMax = step.action === 'on' ? step.countMax : undefined;
      const label = `step ${n + 1} (${step.action} ${intent.target.kind === 'all' ? 'all' : `line ${block?.line}`})`;
      const ec = { fx, h, sampleHost, block, desired, desiredCountMax };

      const before = await readTree(fx.sshDir);
      const preview = await h.call('keepalive:preview', intent);
      if (!preview.ok) {
        problems.push(`${label}: preview failed: ${preview.error.code}: ${preview.error.message}`);
        break;
      }
      const p = preview.value;
      if (p.kind === 'noop') {
        const r = await sshG(fx.configPath, sampleHost, fx.home);
        if (r.ok && r.values.serverAliveInterval !== desired) problems.push(`${label}: noop, but ssh -G ${sampleHost} says ${r.values.serverAliveInterval}, asked ${desired}`);
        if (r.ok && desiredCountMax !== undefined && r.values.serverAliveCountMax !== desiredCountMax) {
          problems.push(`${label}: noop, but ssh -G ${sampleHost} says serveralivecountmax ${r.values.serverAliveCountMax}, asked ${desiredCountMax}`);
        }
        continue;
      }
      if (p.kind === 'edit') {
        problems.push(...(await applyAndCheck(ec, intent, snapshot, p.edits, true, { undo: false })).map((x) => `${label}: ${x}`));
        applied++;
      } else {
        const refused = await h.call('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
        if (refused.ok) problems.push(`${label}: a blocked plan was applied without an alternative`);
        const wrote = sameTree(before, await readTree(fx.sshDir));
        if (wrote.length) problems.push(`${label}: a blocked plan wrote ${wrote.join(', ')}`);
        if (refused.ok) applied++;
        const alt = p.alternatives[step.alternative % Math.max(1, p.alternatives.length)];
        if (alt) {
          const altIntent = { ...intent, alternative: alt.id };
          problems.push(...(await applyAndCheck({ ...ec, block: null }, altIntent, snapshot, alt.edits, false, { undo: false })).map((x) => `${label} via ${alt.id}: ${x}`));
          applied++;
        }
      }
      if (problems.length) break;
    }
    if (problems.length) return problems;
    for (let i = 0; i < applied; i++) await h.must('keepalive:undo', { configPath: fx.configPath });
    const back = sameTree(original, await readTree(fx.sshDir));
    if (back.length) problems.push(`undoing all ${applied} steps did not restore the bytes: ${back.join(', ')}`);
    return problems;
  } finally {
    await fx.cleanup();
  }
}

describe('random configs and edit sequences (fast-check)', () => {
  it(`keep the edit invariants and agree with ssh -G (${RUNS} cases)`, { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(configArb, stepsArb, async (config, steps) => {
        const problems = await runCase(config, steps);
        if (problems.length) throw new Error(`${problems.join('\n')}\n--- config ---\n${JSON.stringify(config.text)}\n--- steps ---\n${JSON.stringify(steps)}`);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), interruptAfterTimeLimit: 120_000 },
    );
    expect(RUNS).toBeGreaterThan(0);
  });

  it(`configs ssh rejects: we report an error at every file:line ssh names, and no other (${RUNS * 2} cases)`, { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(brokenConfigArb, async ({ text }) => {
        const fx = await makeHome('broken', { config: text });
        try {
          const probe = await sshG(fx.configPath, 'h1', fx.home);
          const listed = await harnessFor(fx).call('hosts:list', { configPath: fx.configPath });
          const ours = listed.ok ? listed.value.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}:${i.line}`) : [`${listed.error.file}:${listed.error.line}`];
          const theirs = probe.ok ? [] : probe.errors.map((e) => `${e.file}:${e.line}`);
          const fail = (why: string) => new Error(`${why}\nssh: ${probe.ok ? 'accepts' : probe.stderr.trim()}\nours: ${JSON.stringify(listed.ok ? listed.value.issues : listed.error)}\n--- config ---\n${JSON.stringify(text)}`);
          if (probe.ok && ours.length) throw fail('we report errors in a config ssh accepts');
          if (!probe.ok && ours.length === 0) throw fail('ssh rejects the config but we report no error');
          for (const t of theirs) if (!ours.includes(t)) throw fail(`ssh complains at ${t}; we do not`);
          if (theirs.length) for (const o of new Set(ours)) if (!theirs.includes(o)) throw fail(`we complain at ${o}; ssh does not`);
        } finally {
          await fx.cleanup();
        }
      }),
      { numRuns: RUNS * 2, ...(SEED !== undefined ? { seed: SEED } : {}), interruptAfterTimeLimit: 120_000 },
    );
  });
});
