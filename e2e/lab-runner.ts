import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { children } from './natlab/exec';
import { destroyNetworks } from './natlab/network';

/**
 * What every root lab (natlab, servers-lab, diagnosis-lab) does around its own checks: refuse to
 * run without root, a hard time limit, and one teardown (on the normal end, the limit, or a signal)
 * that kills the lab's children and ssh-agent, deletes its network namespaces and its scratch
 * directory. The lab's `main` returns the exit code: 0 all passed, 1 a failure, 2 not runnable.
 */
export interface LabSpec {
  /** How its lines start: "natlab: …", "FAIL natlab: …". */
  name: string;
  /** Why it needs root, said when it is not. */
  needsRoot: string;
  /** Past this, everything is torn down and the run fails. */
  limitMs: number;
  /** The scratch directory's name prefix under the system temp directory. */
  scratchPrefix: string;
  /** An environment variable that, when set, keeps the scratch directory for a look afterwards. */
  keepVar: string;
}

export interface LabScope {
  /** The lab's scratch directory, made once and removed at teardown (unless `keepVar` is set). */
  scratch(): Promise<string>;
  /** The ssh-agent the lab started, stopped at teardown. */
  ownAgent(pid: number): void;
}

export function runLab(spec: LabSpec, main: (scope: LabScope) => Promise<number>): void {
  let dir = '';
  let agentPid = 0;
  // Once, however often it is asked for (a signal during the normal end must not cut it short).
  let tearingDown: Promise<void> | null = null;
  const teardown = (): Promise<void> =>
    (tearingDown ??= (async () => {
      for (const child of children) child.kill('SIGKILL');
      if (agentPid) {
        try {
          process.kill(agentPid, 'SIGTERM');
        } catch {
          /* gone */
        }
      }
      await destroyNetworks();
      if (dir && !process.env[spec.keepVar]) await rm(dir, { recursive: true, force: true });
    })());
  const scope: LabScope = {
    scratch: async () => (dir ||= await mkdtemp(path.join(os.tmpdir(), spec.scratchPrefix))),
    ownAgent: (pid) => {
      agentPid = pid;
    },
  };

  const limit = setTimeout(() => {
    console.log(`FAIL ${spec.name}: not finished after ${spec.limitMs / 1000} s; tearing down`);
    void teardown().finally(() => process.exit(1));
  }, spec.limitMs);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void teardown().finally(() => process.exit(130)));
  const checked = async (): Promise<number> => {
    if (process.getuid?.() !== 0) {
      console.error(`${spec.name}: needs root (${spec.needsRoot})`);
      return 2;
    }
    return main(scope);
  };
  checked()
    .catch((err: unknown) => {
      console.log(`FAIL ${spec.name}: ${(err as Error).stack ?? String(err)}`);
      return 1;
    })
    .then(async (code) => {
      clearTimeout(limit);
      await teardown();
      process.exit(code);
    });
}
