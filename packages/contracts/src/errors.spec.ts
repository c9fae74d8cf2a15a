import { z } from 'zod';

import {
  ContractViolationError,
  contractViolation,
  detailsFromZodError,
  errorEnvelopeSchema,
  formatPath,
  isErrorEnvelope,
} from './errors';

const orderSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      lines: z.array(z.object({ qty: z.number().int().positive() })),
    }),
  ),
  meta: z.strictObject({ office: z.string() }),
});

function zodErrorOf(schema: z.ZodType, value: unknown): z.ZodError {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be invalid');
  return result.error;
}

describe('detailsFromZodError', () => {
  it('gives dotted paths into nested arrays', () => {
    const error = zodErrorOf(orderSchema, {
      items: [
        { code: 'A', lines: [{ qty: 1 }] },
        { code: 'B', lines: [{ qty: 1 }, { qty: 0 }] },
        { code: 7, lines: [] },
      ],
      meta: { office: 'FRPAR' },
    });
    const details = detailsFromZodError(error);
    expect(details.map((d) => d.path)).toEqual(['items.1.lines.1.qty', 'items.2.code']);
    expect(details[0]).toMatchObject({ code: 'too_small', reason: expect.stringMatching(/>0/) });
    expect(details[1]).toMatchObject({
      code: 'invalid_type',
      reason: expect.stringMatching(/string/),
    });
  });

  it('uses "" for a problem with the whole payload', () => {
    expect(detailsFromZodError(zodErrorOf(orderSchema, 'not an object'))).toEqual([
      { path: '', reason: expect.any(String), code: 'invalid_type' },
    ]);
  });

  it('points at each unknown field of a strict object', () => {
    const error = zodErrorOf(orderSchema, {
      items: [],
      meta: { office: 'FRPAR', secret: 1, other: 2 },
    });
    expect(detailsFromZodError(error)).toEqual([
      { path: 'meta.secret', reason: 'Unknown field', code: 'unrecognized_keys' },
      { path: 'meta.other', reason: 'Unknown field', code: 'unrecognized_keys' },
    ]);
  });

  it('never repeats the input value in a reason', () => {
    const secret = 'Jane Doe, born 1970-01-01';
    const error = zodErrorOf(z.object({ n: z.number(), e: z.enum(['a']) }), {
      n: secret,
      e: secret,
    });
    for (const detail of detailsFromZodError(error)) expect(detail.reason).not.toContain(secret);
  });

  it('formats symbol and number keys', () => {
    expect(formatPath(['a', 0, Symbol('s')])).toBe('a.0.s');
    expect(formatPath([])).toBe('');
  });
});

describe('error envelope', () => {
  it('fills details with [] when built through the schema', () => {
    expect(errorEnvelopeSchema.parse({ code: 'NOT_FOUND', message: 'No such case' })).toEqual({
      code: 'NOT_FOUND',
      message: 'No such case',
      details: [],
    });
  });

  it('recognises wire envelopes only', () => {
    const envelope = {
      code: 'CONFLICT',
      message: 'Stale version',
      details: [{ path: 'version', reason: 'Expected 3' }],
      correlationId: 'c-1',
    };
    expect(isErrorEnvelope(envelope)).toBe(true);
    expect(isErrorEnvelope({ code: 'CONFLICT', message: 'Stale version' })).toBe(false);
    expect(isErrorEnvelope({ ...envelope, code: 'TEAPOT' })).toBe(false);
    expect(isErrorEnvelope({ ...envelope, code: 409 })).toBe(false);
    expect(isErrorEnvelope({ ...envelope, details: [{ path: 1 }] })).toBe(false);
    expect(isErrorEnvelope(null)).toBe(false);
    expect(isErrorEnvelope('CONFLICT')).toBe(false);
  });
});

describe('ContractViolationError', () => {
  it('carries details and lists paths, not values, in its message', () => {
    const error = contractViolation(
      'request',
      'cases.case.create',
      zodErrorOf(orderSchema, { items: [{ code: 'Jane Doe', lines: 'x' }], meta: {} }),
    );
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.kind).toBe('request');
    expect(error.target).toBe('cases.case.create');
    expect(error.details.map((d) => d.path)).toEqual(['items.0.lines', 'meta.office']);
    expect(error.message).toMatch(/^Invalid request for cases\.case\.create: items\.0\.lines: /);
    expect(error.message).not.toContain('Jane Doe');
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });

  it('keeps its message short when there are many problems', () => {
    const details = Array.from({ length: 8 }, (_, i) => ({ path: `f${i}`, reason: 'Bad' }));
    const error = new ContractViolationError('reply', 'auth.user.get', details);
    expect(error.message).toContain('f4: Bad; and 3 more');
    expect(error.message).not.toContain('f5');
  });
});
