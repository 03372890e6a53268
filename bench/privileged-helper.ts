/**
 * Cost of one privileged change: the real bundled helper as root in a mount namespace (fixture over
 * /etc/ssh), against references measured in the same run: starting Node in the same namespace, and
 * one `sshd -t` (the helper runs sshd -t three times: before, on the candidate, after).
 * Needs root and unshare; prints why it skips otherwise.
 */
import { spawnSync } from 'node:child_process';
import { DEBIAN_SSHD_CONFIG } from '../electron/core/system/helper/testing/fixture-io';
import { canRunRootTests, helperBundle, makeFixture, namespaceArgv, runHelper } from '../electron/core/system/helper/testing/namespace';
import { previewAndRequest } from '../electron/core/system/helper/testing/requests';

const ROUNDS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const env = canRunRootTests();
  if (!env.ok) {
    console.log(`skipped: ${env.reason}`);
    return;
  }
  const fx = await makeFixture({ files: { sshd_config: DEBIAN_SSHD_CONFIG }, dirs: ['sshd_config.d'] });
  try {
    await helperBundle(); // bundle once up front, so it is not timed
    const time = (argv: string[]) => {
      const [cmd, ...args] = namespaceArgv(fx, argv);
      const t = performance.now();
      spawnSync(cmd!, args, { stdio: 'ignore' });
      return performance.now() - t;
    };
    const node: number[] = [];
    const sshdT: number[] = [];
    const apply: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      node.push(time([process.execPath, '-e', '0']));
      sshdT.push(time(['/usr/sbin/sshd', '-t']));
      const change = i % 2 === 0 ? { keyword: 'ClientAliveInterval', action: 'set' as const, value: 60 } : { keyword: 'ClientAliveInterval', action: 'unset' as const };
      const { request } = await previewAndRequest(fx.dir, 'sshd_config', [change]);
      const t = performance.now();
      const r = await runHelper(fx, request);
      apply.push(performance.now() - t);
      if (!(r.json as { ok?: boolean }).ok) throw new Error(`helper refused: ${r.stdout}`);
    }
    const m = { node: median(node), sshd: median(sshdT), apply: median(apply) };
    console.log(`rounds: ${ROUNDS} (medians)`);
    console.log(`node start in namespace (reference): ${m.node.toFixed(1)} ms`);
    console.log(`sshd -t in namespace (reference):    ${m.sshd.toFixed(1)} ms`);
    console.log(`helper apply, Debian layout:         ${m.apply.toFixed(1)} ms`);
    console.log(`ratio helper / node start: ${(m.apply / m.node).toFixed(2)}; helper / (node start + 3 x sshd -t): ${(m.apply / (m.node + 3 * m.sshd)).toFixed(2)}`);
  } finally {
    await fx.cleanup();
  }
}

void main();
