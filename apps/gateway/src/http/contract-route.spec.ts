import { defineRequest } from '@opencen/contracts';
import { z } from 'zod';
import { contractRoute, ifMatchVersion } from './contract-route';

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
    expect(ifMatchVersion(' "1" ')).toBe(1);
  });

  it.each(['*', 'W/"3"', '"3", "4"', '3', '"0"', '"abc"'])('refuses %s', (header) => {
    expect(() => ifMatchVersion(header)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
