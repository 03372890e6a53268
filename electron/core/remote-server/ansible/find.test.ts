import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAnsiblePlaybook } from './run';

describe('findAnsiblePlaybook', () => {
  it('never takes an ansible-playbook from the working directory (empty or relative PATH entries)', async () => {
    const planted = mkdtempSync(path.join(os.tmpdir(), 'ska-find-'));
    writeFileSync(path.join(planted, 'ansible-playbook'), '#!/bin/sh\necho planted\n');
    chmodSync(path.join(planted, 'ansible-playbook'), 0o755);
    const cwd = process.cwd();
    process.chdir(planted);
    try {
      // '' and '.' both mean the working directory to a shell's PATH lookup.
      expect(await findAnsiblePlaybook({ PATH: ':.:bin-that-does-not-exist' })).toBeNull();
      // The same program on an absolute entry is found: the test can fail.
      expect(await findAnsiblePlaybook({ PATH: planted })).toBe(path.join(planted, 'ansible-playbook'));
    } finally {
      process.chdir(cwd);
    }
  });
});
