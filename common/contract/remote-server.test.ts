import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { channels, events } from './channels';
import { toErrorData } from './errors';
import { isSecretSchema, RemoteApplyRequest, RemoteServerStatus } from './remote-server';

/** Every `password` field of every request, at any depth (through optional and default wrappers). */
function passwordFields(schema: z.ZodType, where: string, out: { where: string; schema: z.ZodType }[] = []) {
  const inner = (s: z.ZodType): z.ZodType => (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable ? inner(s.unwrap() as z.ZodType) : s);
  const s = inner(schema);
  if (s instanceof z.ZodObject) {
    for (const [key, value] of Object.entries(s.shape as Record<string, z.ZodType>)) {
      if (/password|secret/i.test(key)) out.push({ where: `${where}.${key}`, schema: inner(value) });
      passwordFields(value, `${where}.${key}`, out);
    }
  }
  if (s instanceof z.ZodArray) passwordFields(s.element as z.ZodType, `${where}[]`, out);
  return out;
}

describe('the sudo password in the contract', () => {
  it('is marked secret wherever a request carries one, and no answer or event has such a field', () => {
    const inRequests = Object.entries(channels).flatMap(([name, spec]) => passwordFields(spec.request as z.ZodType, name));
    expect(inRequests.map((f) => f.where)).toContain('remote-server:apply.password');
    for (const f of inRequests) expect(isSecretSchema(f.schema), f.where).toBe(true);
    const inAnswers = [...Object.entries(channels).flatMap(([name, spec]) => passwordFields(spec.response as z.ZodType, name)), ...Object.entries(events).flatMap(([name, schema]) => passwordFields(schema as z.ZodType, name))];
    expect(inAnswers.map((f) => f.where)).toEqual([]);
  });

  it('is refused with a message that never quotes it', () => {
    const base = { configPath: '', host: 'db1', change: { action: 'on', interval: 30 }, state: 'a'.repeat(64), digest: 'b'.repeat(64), reload: true };
    for (const password of ['hunter2\nPermitRootLogin yes', '', 'x'.repeat(1025) + 'hunter2', 12345]) {
      const r = RemoteApplyRequest.safeParse({ ...base, password });
      expect(r.success).toBe(false);
      const message = toErrorData(r.error).message;
      expect(message).toMatch(/^password: /);
      if (typeof password === 'string' && password) expect(message).not.toContain('hunter2');
    }
  });

  it('status keeps what the remote status adds to the local one (zod would strip unknown keys)', () => {
    const shape = Object.keys(RemoteServerStatus.shape);
    for (const key of ['host', 'sshdVersion', 'valuesKnown', 'loginUser', 'readAs', 'connection', 'settings', 'undo']) expect(shape).toContain(key);
  });
});
