import { ContractViolationError, DomainRefusal } from '@opencen/contracts';
import { z } from 'zod';
import { ServiceError, isDuplicateKeyError, toServiceError } from './service-error';

describe('toServiceError', () => {
  it('keeps a ServiceError as it is', () => {
    const error = ServiceError.notFound('No office FRXXX');
    expect(toServiceError(error)).toBe(error);
  });

  it('answers a domain refusal with its code, message and details', () => {
    const refusal = DomainRefusal.conflict('Case FRCDG-2026-000001 is closed', [
      { path: 'status', reason: 'closed' },
    ]);
    expect(toServiceError(refusal)).toMatchObject({
      code: 'CONFLICT',
      message: 'Case FRCDG-2026-000001 is closed',
      details: [{ path: 'status', reason: 'closed' }],
    });
    expect(toServiceError(DomainRefusal.forbidden('Not yours')).code).toBe('FORBIDDEN');
  });

  it('turns a zod error into VALIDATION_FAILED with field paths', () => {
    const result = z
      .object({ items: z.array(z.object({ code: z.string() })) })
      .safeParse({ items: [{ code: 1 }] });
    expect(result.success).toBe(false);
    const error = toServiceError(result.error);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([expect.objectContaining({ path: 'items.0.code' })]);
  });

  it('turns a duplicate key into CONFLICT naming the key', () => {
    const duplicate = Object.assign(new Error('E11000 duplicate key'), {
      code: 11000,
      keyValue: { code: 'FRCDG' },
    });
    expect(isDuplicateKeyError(duplicate)).toBe(true);
    expect(toServiceError(duplicate)).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'code', reason: 'already exists' }],
    });
  });

  it("maps contract violations: a bad request is the caller's, a bad event is ours", () => {
    const details = [{ path: 'code', reason: 'required' }];
    expect(
      toServiceError(new ContractViolationError('request', 'reference.entry.get', details)),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      details,
    });
    expect(
      toServiceError(new ContractViolationError('event', 'cases.case.created.v1', details)).code,
    ).toBe('INTERNAL');
  });

  it('hides the text of unknown errors', () => {
    const error = toServiceError(new Error('passport 12AB34567 of John Smith'));
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'Internal error' });
  });

  it('round-trips through the envelope', () => {
    const original = ServiceError.conflict('stale', [{ path: 'version', reason: 'moved on' }]);
    const envelope = original.toEnvelope('corr-1');
    expect(envelope).toEqual({
      code: 'CONFLICT',
      message: 'stale',
      details: [{ path: 'version', reason: 'moved on' }],
      correlationId: 'corr-1',
    });
    expect(toServiceError(envelope)).toMatchObject({ code: 'CONFLICT', correlationId: 'corr-1' });
  });
});
