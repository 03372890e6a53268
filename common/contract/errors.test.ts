import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, AppErrorData, toErrorData } from './errors';

describe('toErrorData (zod-free, in app-error.ts)', () => {
  const schema = z.object({ host: z.object({ interval: z.number().int().min(1) }) });

  it('turns a failed safeParse into invalid-input naming the path', () => {
    const r = schema.safeParse({ host: { interval: 0 } });
    expect(r.success).toBe(false);
    const data = toErrorData(r.error);
    expect(data.code).toBe('invalid-input');
    expect(data.message).toMatch(/^host\.interval: /);
  });

  it('turns a thrown parse error into invalid-input', () => {
    let thrown: unknown;
    try {
      schema.parse({ host: 'x' });
    } catch (err) {
      thrown = err;
    }
    expect(toErrorData(thrown)).toMatchObject({ code: 'invalid-input' });
  });

  it('keeps an AppError as it is, with file and line', () => {
    const data = toErrorData(new AppError('conflict', 'changed', { file: '/f', line: 3 }));
    expect(data).toEqual({ code: 'conflict', message: 'changed', file: '/f', line: 3 });
    expect(AppErrorData.parse(data)).toEqual(data);
  });

  it('makes anything else internal (an Error with an unrelated issues field too)', () => {
    expect(toErrorData(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toErrorData(Object.assign(new Error('odd'), { issues: ['not an issue'] }))).toEqual({ code: 'internal', message: 'odd' });
    expect(toErrorData('text')).toEqual({ code: 'internal', message: 'text' });
  });
});
