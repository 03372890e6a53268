import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The polkit action must name the exact path where the deb installs the helper wrapper (what the
 * launcher runs through pkexec), or pkexec falls back to the generic "run a program as root" prompt.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const policy = readFileSync(path.join(root, 'build', 'linux', 'org.sshkeepalive.helper.policy'), 'utf8');
const builder = readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8');

describe('polkit policy of the helper', () => {
  it('is a well-formed policyconfig with one auth_admin action', () => {
    expect(policy.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(policy).toContain('<!DOCTYPE policyconfig PUBLIC');
    // Balanced tags (no XML parser in the tree; the structure is small enough to check directly).
    const body = policy.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!DOCTYPE[\s\S]*?>/, '');
    const stack: string[] = [];
    for (const m of body.matchAll(/<(\/?)([a-z_]+)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    expect(policy.match(/<action id="([a-z.-]+)">/g)).toHaveLength(1);
    expect(body).not.toMatch(/auth_admin_keep|<allow_[a-z]+>yes</);
  });

  it('names the wrapper where the deb installs it, and the deb installs the policy', () => {
    const productName = /^productName: (.+)$/m.exec(builder)![1]!.trim();
    expect(builder).toMatch(/from: build\/linux\/ssh-keepalive-helper\s+to: privileged\/ssh-keepalive-helper/);
    const execPath = /key="org\.freedesktop\.policykit\.exec\.path">([^<]+)</.exec(policy)![1];
    expect(execPath).toBe(`/opt/${productName}/resources/privileged/ssh-keepalive-helper`);
    expect(builder).toContain('build/linux/org.sshkeepalive.helper.policy=/usr/share/polkit-1/actions/org.sshkeepalive.helper.policy');
    // The launcher runs exactly that wrapper when packaged (locate.test.ts runs that lookup).
    const locate = readFileSync(path.join(root, 'electron', 'core', 'system', 'helper', 'locate.ts'), 'utf8');
    expect(locate).toContain("path.join(realpathSync(code.resourcesPath), 'privileged')");
    expect(locate).toContain("path.join(privileged, 'ssh-keepalive-helper')");
  });
});
