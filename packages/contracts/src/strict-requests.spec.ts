import { z } from 'zod';

import { createUser } from './auth/user.contracts';
import { catalog } from './catalog';
import { addCaseImportRows } from './cases/case-exchange.contracts';
import { createCase } from './cases/case.contracts';
import { ContractViolationError, detailsFromZodError } from './errors';
import { buildEvent, defineEvent, parseEvent } from './events';
import { createRule } from './notifications/rule.contracts';
import { createPerson } from './persons/person.contracts';
import { createReferenceEntry } from './reference/reference.contracts';
import { type RequestContract, defineRequest, parseReply } from './requests';
import { InvalidContractError, lenientObjectPaths } from './schema-rules';

/** The details of a refused request: path and code of each problem. */
function refusal(contract: RequestContract, payload: unknown) {
  const result = contract.request.safeParse(payload);
  if (result.success) throw new Error(`${contract.subject} accepted ${JSON.stringify(payload)}`);
  return detailsFromZodError(result.error).map(({ path, code }) => ({ path, code }));
}

const unknownAt = (...paths: string[]) =>
  paths.map((path) => ({ path, code: 'unrecognized_keys' }));

describe('unknown fields of requests', () => {
  it('are refused at every depth, each named with its path (cases)', () => {
    expect(
      refusal(createCase, {
        draft: { type: 'seizure', itemz: [{ quantity: 1 }], narative: 'Found in a spare tyre' },
      }),
    ).toEqual(unknownAt('draft.itemz', 'draft.narative'));
    expect(
      refusal(createCase, {
        draft: {
          type: 'seizure',
          items: [
            { quantity: 1 },
            { quantity: 2, estimatedValue: { amount: 1, currency: 'EUR', curency: 'EUR' } },
          ],
          conveyance: { transportDocument: { type: 'cmr', number: 'X1', issuer: 'y' } },
        },
      }),
    ).toEqual(
      unknownAt(
        'draft.items.1.estimatedValue.curency',
        'draft.conveyance.transportDocument.issuer',
      ),
    );
  });

  it('are refused in arrays of objects (persons)', () => {
    expect(
      refusal(createPerson, {
        draft: { familyName: 'Doe', aliases: [{ familyName: 'Roe', nickname: 'R' }] },
      }),
    ).toEqual(unknownAt('draft.aliases.0.nickname'));
  });

  it('are refused in discriminated unions (notifications)', () => {
    expect(
      refusal(createRule, {
        name: 'Cocaine at the port',
        target: { kind: 'case-search', filter: { text: 'cocaine', colour: 'white' } },
      }),
    ).toEqual(unknownAt('target.filter.colour'));
  });

  it('are refused in nested objects (reference data)', () => {
    expect(
      refusal(createReferenceEntry, {
        list: 'units',
        code: 'KGM',
        labels: { en: 'kilogram', de: 'Kilogramm' },
      }),
    ).toEqual(unknownAt('labels.de'));
  });

  it('are refused at the top (auth)', () => {
    expect(
      refusal(createUser, {
        username: 'jdoe',
        firstName: 'J',
        lastName: 'Doe',
        email: 'j@example.org',
        office: 'FRA-CDG',
        roles: ['officer'],
        team: 'night',
      }),
    ).toEqual(unknownAt('team'));
  });

  it('include the columns of import rows', () => {
    expect(
      refusal(addCaseImportRows, {
        importId: 'a'.repeat(24),
        rows: [{ row: 2, cells: { reference: 'R1', colour: 'red' } }],
      }).map(({ path }) => path),
    ).toEqual(['rows.0.cells.colour']);
  });

  it('are refused by every request of the catalog, at every depth', () => {
    for (const contract of catalog.requests) {
      expect([contract.subject, lenientObjectPaths(contract.request)]).toEqual([
        contract.subject,
        [],
      ]);
    }
  });
});

describe('defineRequest', () => {
  const define = (request: z.ZodType) =>
    defineRequest({
      service: 'cases',
      aggregate: 'case',
      verb: 'probe',
      description: 'A probe.',
      request,
      reply: z.object({ id: z.string() }),
    });

  it.each([
    ['the request itself', z.object({ id: z.string() }), '(the request)'],
    ['a nested object', z.strictObject({ draft: z.object({ a: z.string() }) }), 'draft'],
    [
      'an array of objects',
      z.strictObject({ items: z.array(z.object({ a: z.string() })).optional() }),
      'items[]',
    ],
    [
      'an option of a union',
      z.strictObject({ x: z.union([z.string(), z.object({ a: z.string() })]) }),
      'x',
    ],
    [
      'an option of a discriminated union',
      z.strictObject({
        x: z.discriminatedUnion('k', [
          z.strictObject({ k: z.literal('a') }),
          z.object({ k: z.literal('b') }),
        ]),
      }),
      'x',
    ],
    [
      'the values of a record',
      z.strictObject({ byCode: z.record(z.string(), z.object({ a: z.string() })) }),
      'byCode.*',
    ],
    ['a loose object', z.strictObject({ meta: z.looseObject({ a: z.string() }) }), 'meta'],
  ])('refuses a request with a lenient object in %s', (_where, request, path) => {
    expect(() => define(request)).toThrow(InvalidContractError);
    expect(() => define(request)).toThrow(`at ${path};`);
  });

  it('accepts a request strict at every depth, and lenient replies', () => {
    expect(() =>
      define(
        z.strictObject({
          draft: z
            .strictObject({ items: z.array(z.strictObject({ a: z.string() })).default([]) })
            .optional(),
          byCode: z.record(z.string(), z.strictObject({ a: z.string() })),
        }),
      ),
    ).not.toThrow();
  });
});

describe('replies and events are read tolerantly and events written strictly', () => {
  const probe = defineRequest({
    service: 'cases',
    aggregate: 'case',
    verb: 'probe',
    description: 'A probe.',
    request: z.strictObject({ id: z.string() }),
    reply: z.object({ id: z.string(), part: z.strictObject({ a: z.string() }) }),
  });
  const probed = defineEvent({
    service: 'cases',
    aggregate: 'case',
    verb: 'probed',
    version: 1,
    description: 'A probe.',
    data: z.object({ id: z.string(), part: z.strictObject({ a: z.string() }) }),
  });

  it('ignores the fields of a reply that its contract does not know, at any depth', () => {
    expect(parseReply(probe, { id: '1', added: true, part: { a: 'x', added: 1 } })).toEqual({
      id: '1',
      part: { a: 'x' },
    });
  });

  it('still refuses a reply that breaks its contract otherwise, naming the field', () => {
    expect(() => parseReply(probe, { id: '1', added: true, part: { added: 1 } })).toThrow('part.a');
  });

  it('ignores the fields of an event that a newer producer added', () => {
    const event = buildEvent(probed, {
      subject: '1',
      data: { id: '1', part: { a: 'x' } },
      correlationId: 'c',
      actor: 'cases',
    });
    const newer = { ...event, data: { ...event.data, added: 1, part: { a: 'x', added: 2 } } };
    expect(parseEvent(probed, newer).data).toEqual({ id: '1', part: { a: 'x' } });
  });

  it('refuses to build an event with a field its contract lacks, lenient or strict part', () => {
    const build = (data: unknown) => () =>
      buildEvent(probed, {
        subject: '1',
        data: data as { id: string; part: { a: string } },
        correlationId: 'c',
        actor: 'cases',
      });
    expect(build({ id: '1', part: { a: 'x' }, added: 1 })).toThrow(ContractViolationError);
    expect(build({ id: '1', part: { a: 'x' }, added: 1 })).toThrow('data.added');
    expect(build({ id: '1', part: { a: 'x', added: 1 } })).toThrow('data.part.added');
  });
});
