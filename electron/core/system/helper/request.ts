import path from 'node:path';
import { keywordSpec, type SystemTarget } from '../../openssh/system-keywords';
import type { KeywordChange } from '../../openssh/system-plan';

/**
 * The privileged helper's request: an *intent*, never file contents. Parsed by hand, field by field,
 * so the rules are visible in one place: unknown fields, wrong types, other keywords, out-of-range
 * values, odd paths and oversized input are all refused before anything touches the disk.
 */
export const MAX_REQUEST_BYTES = 16 * 1024;
const MAX_SEEN = 64;
const HASH = /^[0-9a-f]{64}$/;
const ENTRY_ID = /^[0-9A-Za-z-]{1,100}$/;

export type HelperRequest =
  | { version: 1; op: 'apply'; target: SystemTarget; changes: KeywordChange[]; seen: Record<string, string>; reload: boolean }
  | { version: 1; op: 'undo'; target: SystemTarget; entry: string; reload: boolean };

export class RequestError extends Error {}

function fail(message: string): never {
  throw new RequestError(message);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function onlyFields(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`unknown field ${JSON.stringify(k.slice(0, 40))} in ${where}`);
  for (const k of allowed) if (!(k in o)) fail(`missing field "${k}" in ${where}`);
}

export function parseRequest(raw: string | Buffer): HelperRequest {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_REQUEST_BYTES) fail(`request too large (${size} bytes, limit ${MAX_REQUEST_BYTES})`);
  let data: unknown;
  try {
    data = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    fail('request is not valid JSON');
  }
  if (!isPlainObject(data)) fail('request must be a JSON object');
  if (data.version !== 1) fail('unsupported request version');
  const target = data.target;
  if (target !== 'ssh_config' && target !== 'sshd_config') fail('target must be "ssh_config" or "sshd_config"');
  if (typeof data.reload !== 'boolean') fail('reload must be true or false');
  if (data.reload && target !== 'sshd_config') fail('reload only applies to sshd_config');

  if (data.op === 'undo') {
    onlyFields(data, ['version', 'op', 'target', 'entry', 'reload'], 'request');
    if (typeof data.entry !== 'string' || !ENTRY_ID.test(data.entry)) fail('entry must be a backup id');
    return { version: 1, op: 'undo', target, entry: data.entry, reload: data.reload };
  }
  if (data.op !== 'apply') fail('op must be "apply" or "undo"');
  onlyFields(data, ['version', 'op', 'target', 'changes', 'seen', 'reload'], 'request');

  if (!Array.isArray(data.changes) || data.changes.length < 1 || data.changes.length > 3) fail('changes must list 1 to 3 keywords');
  const changes: KeywordChange[] = [];
  for (const c of data.changes as unknown[]) {
    if (!isPlainObject(c)) fail('each change must be an object');
    const spec = typeof c.keyword === 'string' ? keywordSpec(target, c.keyword) : undefined;
    if (!spec) fail(`keyword not allowed for ${target}`);
    if (changes.some((x) => x.keyword === spec.name)) fail(`${spec.name} is listed twice`);
    if (c.action === 'unset') {
      onlyFields(c, ['keyword', 'action'], `change ${spec.name}`);
      changes.push({ keyword: spec.name, action: 'unset' });
      continue;
    }
    if (c.action !== 'set') fail('action must be "set" or "unset"');
    onlyFields(c, ['keyword', 'action', 'value'], `change ${spec.name}`);
    if (spec.kind === 'flag') {
      if (c.value !== 'yes' && c.value !== 'no') fail(`${spec.name} takes "yes" or "no"`);
      changes.push({ keyword: spec.name, action: 'set', value: c.value === 'yes' });
    } else {
      const v = c.value;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < spec.min || v > spec.max) {
        fail(`${spec.name} must be a whole number from ${spec.min} to ${spec.max}`);
      }
      changes.push({ keyword: spec.name, action: 'set', value: v });
    }
  }

  if (!isPlainObject(data.seen)) fail('seen must map file paths to the hashes the app read');
  const entries = Object.entries(data.seen);
  if (entries.length < 1 || entries.length > MAX_SEEN) fail(`seen must list 1 to ${MAX_SEEN} files`);
  const seen: Record<string, string> = {};
  for (const [file, hash] of entries) {
    if (file.length > 4096 || !path.posix.isAbsolute(file) || path.posix.normalize(file) !== file || file.includes('\0')) {
      fail('seen holds a path that is not absolute and normalised');
    }
    if (typeof hash !== 'string' || (hash !== '' && !HASH.test(hash))) fail('seen holds a value that is not a sha256 hash');
    seen[file] = hash;
  }
  return { version: 1, op: 'apply', target, changes, seen, reload: data.reload };
}

/** The JSON an app builds: flags as yes/no, as the helper expects them. */
export function encodeChange(c: KeywordChange): Record<string, unknown> {
  if (c.action === 'unset') return { keyword: c.keyword, action: 'unset' };
  return { keyword: c.keyword, action: 'set', value: typeof c.value === 'boolean' ? (c.value ? 'yes' : 'no') : c.value };
}
