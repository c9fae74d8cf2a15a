import {
  caseStatistics,
  getCase,
  getReferenceEntry,
  getReferenceSnapshot,
  searchCasePhotos,
  defineRequest,
} from '@opencen/contracts';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import { contractRoutes } from '../routes';
import { StubNats, startStubbedGateway } from '../testing/gateway-harness';
import { contractRoute } from './contract-route';
import { inRegistrationOrder } from './contract-routes.controller';

const operationIds = (routes: readonly { operationId: string }[]) =>
  routes.map((route) => route.operationId);

describe('the order routes are registered in', () => {
  it('is the same whatever the order of the table, fixed segments before parameters', () => {
    const ordered = operationIds(inRegistrationOrder(contractRoutes));
    expect(operationIds(inRegistrationOrder([...contractRoutes].reverse()))).toEqual(ordered);
    const before = (first: string, second: string) =>
      expect(ordered.indexOf(first)).toBeLessThan(ordered.indexOf(second));
    before('caseStatistics', 'getCase');
    before('searchCasePhotos', 'getCase');
    before('getReferenceSnapshot', 'getReferenceEntry');
    before('getCaseExport', 'caseHistory');
  });

  it('refuses two routes that answer the same requests', () => {
    const thing = defineRequest({
      service: 'reference',
      aggregate: 'thing',
      verb: 'get',
      description: 'Test contract',
      request: z.strictObject({ a: z.string(), b: z.string() }),
      reply: z.object({}),
    });
    const route = (operationId: string, path: string) =>
      contractRoute({
        operationId,
        method: 'GET',
        path,
        contract: thing,
        summary: 'x',
        input: 'query',
        status: 200,
      });
    expect(() => inRegistrationOrder([route('byA', '/x/:a'), route('byB', '/x/:b')])).toThrow(
      /byA and byB both answer GET \/x\/:b/,
    );
    expect(() =>
      inRegistrationOrder([route('byA', '/x/:a'), route('named', '/x/named')]),
    ).not.toThrow();
  });
});

// The documented table lists the case routes before `/cases/statistics`; reversed, it lists
// `/reference/:list/:code` before `/snapshot`: registered as given, each order would lose one.
describe.each([
  ['as documented', contractRoutes],
  ['in reverse order', [...contractRoutes].reverse()],
])('a gateway whose table is given %s', (_, routes) => {
  // Enough of an entry for the route's headers (its version and the language of its label), and
  // of a case for its access record (its id and parties).
  const nats = new StubNats(async () => ({
    id: 'c-1',
    parties: [],
    version: 1,
    labelLanguage: 'en',
  }));
  let app: NestExpressApplication;
  let call: Awaited<ReturnType<typeof startStubbedGateway>>['call'];

  beforeAll(async () => {
    ({ app, call } = await startStubbedGateway(nats, { routes }));
  });
  afterAll(() => app.close());
  beforeEach(() => {
    nats.sent = [];
  });

  it.each([
    ['/api/v1/cases/statistics', caseStatistics.subject],
    ['/api/v1/cases/photos', searchCasePhotos.subject],
    ['/api/v1/cases/statistics-2026', getCase.subject],
    ['/api/v1/reference/countries/snapshot', getReferenceSnapshot.subject],
    ['/api/v1/reference/countries/FR', getReferenceEntry.subject],
  ])('sends GET %s to %s', async (path, subject) => {
    const response = await call(path, { as: 'supervisor' });
    expect(response.status).toBe(200);
    expect(nats.sent.map((sent) => sent.subject)).toEqual([subject]);
  });
});
