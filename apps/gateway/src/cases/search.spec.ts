import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Principal, type RequestContract } from '@opencen/contracts';
import {
  type RequestContext,
  ServiceError,
  type VerifiedToken,
  createLogger,
} from '@opencen/nest-kit';
import { loadGatewayEnv } from '../config/env';
import { createGateway, gatewayOpenApiDocument } from '../gateway';
import { type Problem } from '../problems/problem';
import { StubAuditPublisher } from '../testing/gateway-harness';

// Search and statistics of cases over HTTP, with Keycloak and NATS stubbed: what reaches the
// cases service, that `statistics` is not taken for a case id, who may call, and bad queries.

const principals: Record<string, Principal> = {
  'officer-token': {
    sub: 'sub-officer',
    username: 'officer',
    roles: ['officer'],
    office: 'FRA-CDG',
  },
  'analyst-token': { sub: 'sub-analyst', username: 'analyst', roles: ['analyst'] },
  'admin-token': { sub: 'sub-admin', username: 'admin', roles: ['admin'] },
};
const tokenVerifier = {
  async verifyToken(token: string): Promise<VerifiedToken> {
    const principal = principals[token];
    if (!principal) throw new ServiceError('UNAUTHENTICATED', 'invalid token');
    return { principal };
  },
};

const emptyStatistics = {
  cases: 0,
  dimensions: {
    month: [],
    commodityCategory: [],
    office: [],
    detectionMethod: [],
    concealmentMethod: [],
    routeCountry: [],
  },
};

class StubNats {
  sent: { subject: string; payload: Record<string, unknown>; context: RequestContext }[] = [];
  readonly client = {
    send: async (
      contract: RequestContract,
      payload: unknown,
      options: { context?: RequestContext } = {},
    ) => {
      this.sent.push({
        subject: contract.subject,
        payload: payload as Record<string, unknown>,
        context: options.context!,
      });
      if (contract.subject === 'cases.case.statistics') return emptyStatistics;
      if (contract.subject === 'cases.case.search')
        return { items: [], total: 0, nextCursor: 'c2' };
      throw ServiceError.notFound('not stubbed');
    },
  } as never;
  readonly health = { check: async () => undefined };
}

describe('case search and statistics over HTTP (stubbed Keycloak and NATS)', () => {
  const nats = new StubNats();
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    app = await createGateway({
      env: loadGatewayEnv({ HTTP_PORT: '0', LOG_LEVEL: 'silent' }),
      logger: createLogger('gateway', 'silent'),
      ports: {
        tokenVerifier,
        nats,
        audit: new StubAuditPublisher(),
        keycloak: { check: async () => undefined },
      },
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    nats.sent = [];
  });

  const get = (path: string, as?: string) =>
    fetch(`${base}${path}`, { headers: as ? { authorization: `Bearer ${as}-token` } : {} });

  it('search: every filter is a query parameter, numbers read as numbers, defaults applied', async () => {
    const response = await get(
      '/api/v1/cases?detectedFrom=2026-01-01&detectedTo=2026-01-31T23:00:00Z&office=FRA-CDG&status=submitted&type=seizure' +
        '&commodityCategory=DRUGS&hsPrefix=2939&country=BR&detectionMethod=XRAY&concealmentMethod=BAGGAGE' +
        '&partyId=p-1&conveyanceId=v-1&text=false%20bottom&sort=number&limit=5&cursor=abc',
      'officer',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [], total: 0, nextCursor: 'c2' });
    expect(nats.sent).toHaveLength(1);
    expect(nats.sent[0]!.subject).toBe('cases.case.search');
    expect(nats.sent[0]!.payload).toEqual({
      detectedFrom: '2026-01-01',
      detectedTo: '2026-01-31T23:00:00Z',
      office: 'FRA-CDG',
      status: 'submitted',
      type: 'seizure',
      commodityCategory: 'DRUGS',
      hsPrefix: '2939',
      country: 'BR',
      detectionMethod: 'XRAY',
      concealmentMethod: 'BAGGAGE',
      partyId: 'p-1',
      conveyanceId: 'v-1',
      text: 'false bottom',
      sort: 'number',
      order: 'desc',
      limit: 5,
      cursor: 'abc',
      facets: false,
    });
    expect(nats.sent[0]!.context.principal?.username).toBe('officer');
  });

  it('statistics: GET /cases/statistics reaches the statistics, not GET /cases/:id', async () => {
    const response = await get(
      '/api/v1/cases/statistics?commodityCategory=DRUGS&country=BR',
      'analyst',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(emptyStatistics);
    expect(nats.sent.map((s) => s.subject)).toEqual(['cases.case.statistics']);
    expect(nats.sent[0]!.payload).toEqual({ commodityCategory: 'DRUGS', country: 'BR' });
  });

  it('refuses bad queries with a problem naming each field, and sends nothing', async () => {
    const response = await get(
      '/api/v1/cases?limit=500&status=lost&hsPrefix=2&colour=red',
      'analyst',
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((e) => e.path)).toEqual(['colour']);
    const typed = await get(
      '/api/v1/cases/statistics?status=lost&hsPrefix=2&detectedFrom=soon',
      'analyst',
    );
    expect(typed.status).toBe(400);
    const details = ((await typed.json()) as Problem).errors?.map((e) => e.path).sort();
    expect(details).toEqual(['detectedFrom', 'hsPrefix', 'status']);
    const statisticsPaging = await get('/api/v1/cases/statistics?limit=5', 'analyst');
    expect(statisticsPaging.status).toBe(400);
    expect(nats.sent).toHaveLength(0);
  });

  it('needs a token and a role that reads cases', async () => {
    expect((await get('/api/v1/cases')).status).toBe(401);
    expect((await get('/api/v1/cases/statistics', 'admin')).status).toBe(403);
    expect((await get('/api/v1/cases', 'admin')).status).toBe(403);
    expect(nats.sent).toHaveLength(0);
  });

  it('is in the OpenAPI document', () => {
    const { paths } = gatewayOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(paths['/api/v1/cases']?.get?.operationId).toBe('searchCases');
    expect(paths['/api/v1/cases/statistics']?.get?.operationId).toBe('caseStatistics');
  });
});
