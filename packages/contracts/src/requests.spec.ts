import { z } from 'zod';

import { ContractViolationError } from './errors';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
  defineRequest,
  parseReply,
  parseRequest,
} from './requests';
import { InvalidContractError } from './schema-rules';
import { InvalidSubjectError } from './subjects';

/** True only when A and B are the same type (not merely assignable). */
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const listCountries = defineRequest({
  service: 'reference',
  aggregate: 'country',
  verb: 'list',
  description: 'Lists countries, optionally filtered by a code prefix.',
  request: z.strictObject({ prefix: z.string().optional(), limit: z.number().int().default(50) }),
  reply: z.object({
    items: z.array(z.object({ code: z.string().length(2), name: z.string() })),
    total: z.number().int().nonnegative().default(0),
  }),
});

// A send and a handler shaped like the ones nest-kit builds, over a JSON "wire", to show that the
// contract alone types both ends.
async function send<C extends RequestContract>(
  contract: C,
  payload: RequestOf<C>,
  transport: (subject: string, body: string) => Promise<string>,
): Promise<ReplyOf<C>> {
  const body = JSON.stringify(contract.request.parse(payload));
  return parseReply(contract, JSON.parse(await transport(contract.subject, body)));
}

function handle<C extends RequestContract>(
  contract: C,
  handler: (request: HandlerRequestOf<C>) => HandlerReplyOf<C>,
): (subject: string, body: string) => Promise<string> {
  return async (_subject, body) => {
    const reply = handler(parseRequest(contract, JSON.parse(body)));
    return JSON.stringify(parseReply(contract, reply));
  };
}

describe('defineRequest', () => {
  it('builds the subject and keeps the schemas', () => {
    expect(listCountries.subject).toBe('reference.country.list');
    expect(listCountries).toMatchObject({
      service: 'reference',
      aggregate: 'country',
      verb: 'list',
    });
    expect(Object.isFrozen(listCountries)).toBe(true);
  });

  it('types what a sender passes as the input and what it gets back as the output', () => {
    const typesAreRight: [
      Equals<
        RequestOf<typeof listCountries>,
        { prefix?: string | undefined; limit?: number | undefined }
      >,
      Equals<
        HandlerRequestOf<typeof listCountries>,
        { prefix?: string | undefined; limit: number }
      >,
      Equals<ReplyOf<typeof listCountries>['total'], number>,
      Equals<HandlerReplyOf<typeof listCountries>['total'], number | undefined>,
    ] = [true, true, true, true];
    expect(typesAreRight).toEqual([true, true, true, true]);
  });

  it('fills defaults on the way and types both ends from the contract', async () => {
    const received: unknown[] = [];
    const transport = handle(listCountries, (request) => {
      received.push(request);
      const limit: number = request.limit; // a default, so never undefined here
      return { items: [{ code: 'FR', name: 'France' }].slice(0, limit) };
    });

    const reply = await send(listCountries, { prefix: 'F' }, transport);

    expect(received).toEqual([{ prefix: 'F', limit: 50 }]);
    expect(reply).toEqual({ items: [{ code: 'FR', name: 'France' }], total: 0 });
    const total: number = reply.total;
    expect(total).toBe(0);
  });

  it('does not compile with a wrong payload (checked by tsc --noEmit)', async () => {
    const transport = handle(listCountries, () => ({ items: [] }));
    // @ts-expect-error -- limit must be a number
    await expect(send(listCountries, { limit: '10' }, transport)).rejects.toThrow(z.ZodError);
    // @ts-expect-error -- unknown fields are excess properties for the typed payload, and refused
    await expect(send(listCountries, { prefix: 'F', colour: 'red' }, transport)).rejects.toThrow(
      z.ZodError,
    );
    // @ts-expect-error -- a handler may not return a reply of another shape
    handle(listCountries, () => ({ items: [{ code: 'FR' }] }));
  });

  it.each([
    [{ aggregate: 'Country', verb: 'list' }, /aggregate "Country"/],
    [{ aggregate: 'country', verb: 'list.all' }, /verb "list.all"/],
  ])('rejects malformed names %p', (names, message) => {
    const define = () =>
      defineRequest({
        service: 'reference',
        ...names,
        description: '',
        request: z.strictObject({}),
        reply: z.object({}),
      });
    expect(define).toThrow(InvalidSubjectError);
    expect(define).toThrow(message);
  });

  it.each([
    [
      'a transform',
      z.object({ code: z.string().transform((s) => s.length) }),
      /no JSON Schema form/,
    ],
    ['a Date', z.object({ at: z.date() }), /no JSON Schema form/],
    ['a dotted field name', z.object({ 'customs.office': z.string() }), /"customs\.office"/],
    [
      'a $-prefixed nested field',
      z.object({ a: z.array(z.object({ $set: z.string() })) }),
      /"\$set"/,
    ],
  ])('rejects a schema with %s', (_label, schema, message) => {
    const define = () =>
      defineRequest({
        service: 'cases',
        aggregate: 'case',
        verb: 'create',
        description: '',
        request: schema,
        reply: z.object({}),
      });
    expect(define).toThrow(InvalidContractError);
    expect(define).toThrow(message);
  });

  it('rejects an unstorable field name in the reply too', () => {
    expect(() =>
      defineRequest({
        service: 'cases',
        aggregate: 'case',
        verb: 'get',
        description: '',
        request: z.strictObject({}),
        reply: z.object({ nested: z.object({ $where: z.string() }) }),
      }),
    ).toThrow(/reply of cases\.case\.get declares field names/);
  });
});

describe('parseRequest / parseReply', () => {
  it('throw a ContractViolationError with field paths', () => {
    expect(() => parseRequest(listCountries, { limit: 1.5 })).toThrow(ContractViolationError);
    try {
      parseReply(listCountries, { items: [{ code: 'FRA', name: 'France' }] });
      throw new Error('expected a violation');
    } catch (error) {
      expect(error).toBeInstanceOf(ContractViolationError);
      expect(error).toMatchObject({ kind: 'reply', target: 'reference.country.list' });
      expect((error as ContractViolationError).details.map((d) => d.path)).toEqual([
        'items.0.code',
      ]);
    }
  });
});
