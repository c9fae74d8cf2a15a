import { defineRequest } from '@opencen/contracts';
import { z } from 'zod';
import { contractRoute, ifMatchVersion, readIdempotencyKey } from './contract-route';

const contract = defineRequest({
  service: 'reference',
  aggregate: 'thing',
  verb: 'update',
  description: 'Test contract',
  request: z.strictObject({
    list: z.string(),
    code: z.string(),
    version: z.number().int(),
    note: z.string().optional(),
  }),
  reply: z.object({}),
});

describe('contract routes', () => {
  it('take path parameters from the path and the rest from the body, version optional there', () => {
    const route = contractRoute({
      operationId: 'updateThing',
      method: 'PATCH',
      path: '/api/v1/things/:list/:code',
      contract,
      summary: 'Update',
      input: 'body',
      versionField: 'version',
      status: 200,
    });
    expect(route.pathParams).toEqual(['list', 'code']);
    expect(route.inputFields).toEqual(['version', 'note']);
    expect(route.inputSchema.safeParse({}).success).toBe(true);
    expect(route.inputSchema.safeParse({ code: 'x' }).success).toBe(false);
  });

  it('refuse a path that names a field the contract lacks', () => {
    expect(() =>
      contractRoute({
        operationId: 'x',
        method: 'GET',
        path: '/x/:id',
        contract,
        summary: 'x',
        input: 'query',
        status: 200,
      }),
    ).toThrow(/names id, which reference\.thing\.update lacks/);
  });
});

describe('ifMatchVersion', () => {
  it('reads one strong ETag', () => {
    expect(ifMatchVersion(undefined)).toBeUndefined();
    expect(ifMatchVersion('"12"')).toBe(12);
    expect(ifMatchVersion('"999999999999999"')).toBe(999_999_999_999_999);
  });

  // HTTP strips the whitespace around a header's value; 16 digits may not be a safe integer.
  it.each(['*', 'W/"3"', '"3", "4"', '3', '"0"', '"abc"', ' "1" ', '"1000000000000000"'])(
    'refuses %s',
    (header) => {
      expect(() => ifMatchVersion(header)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    },
  );
});

describe('readIdempotencyKey', () => {
  const creation = (definition: { status: 201 | 200; idempotent?: boolean }) =>
    contractRoute({
      operationId: 'createThing',
      method: 'POST',
      path: '/api/v1/things/:list/:code',
      contract,
      summary: 'Create',
      input: 'body',
      ...definition,
    });
  const request = (key?: string) =>
    ({ headers: key === undefined ? {} : { 'idempotency-key': key } }) as never;

  it('takes a key on a POST that creates (201), and on none other unless declared', () => {
    expect(creation({ status: 201 }).idempotent).toBe(true);
    expect(creation({ status: 200 }).idempotent).toBe(false);
    expect(creation({ status: 200, idempotent: true }).idempotent).toBe(true);
    expect(readIdempotencyKey(creation({ status: 201 }), request('7d1c-4e'))).toBe('7d1c-4e');
    expect(readIdempotencyKey(creation({ status: 201 }), request())).toBeUndefined();
    // A route that takes none ignores it: its documentation lists none.
    expect(readIdempotencyKey(creation({ status: 200 }), request('7d1c-4e'))).toBeUndefined();
  });

  it.each(['', 'two words', 'a,b', 'é', 'x'.repeat(256)])(
    'refuses %j, naming the header',
    (key) => {
      expect(() => readIdempotencyKey(creation({ status: 201 }), request(key))).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          details: [expect.objectContaining({ path: 'Idempotency-Key' })],
        }),
      );
    },
  );
});
