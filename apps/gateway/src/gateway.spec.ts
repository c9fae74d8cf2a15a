import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Principal, type ReferenceEntry, type RequestContract } from '@opencen/contracts';
import {
  type RequestContext,
  ServiceError,
  type VerifiedToken,
  createLogger,
} from '@opencen/nest-kit';
import { loadGatewayEnv } from './config/env';
import { createGateway } from './gateway';
import { type Problem } from './problems/problem';
import { StubAuditPublisher } from './testing/gateway-harness';

/** The body of a problem response. */
const problemOf = (response: Response) => response.json() as Promise<Problem>;
/** The body of any JSON response, for the few fields a test reads. */
const bodyOf = <T>(response: Response) => response.json() as Promise<T>;

// The HTTP layer alone, in process: Keycloak and NATS are replaced by stubs, so these tests pin
// routing, validation, headers and problem documents; tests/e2e runs the real thing.

const principals: Record<string, Principal> = {
  'admin-token': { sub: 'sub-admin', username: 'admin', roles: ['admin'] },
  'officer-token': { sub: 'sub-officer', username: 'officer', roles: ['officer'], office: 'FRA' },
  'analyst-token': { sub: 'sub-analyst', username: 'analyst', roles: ['analyst'] },
};

const tokenVerifier = {
  async verifyToken(token: string): Promise<VerifiedToken> {
    const principal = principals[token];
    if (!principal)
      throw new ServiceError(
        'UNAUTHENTICATED',
        'The bearer token was refused: invalid token (signature)',
      );
    return { principal };
  },
};

interface Sent {
  subject: string;
  payload: Record<string, unknown>;
  context: RequestContext;
}

function entry(overrides: Partial<ReferenceEntry> = {}): ReferenceEntry {
  return {
    list: 'countries',
    code: 'FR',
    label: 'France',
    labelLanguage: 'en',
    labels: { en: 'France' },
    attributes: {},
    validFrom: '1900-01-01',
    deprecated: false,
    version: 3,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

class StubNats {
  sent: Sent[] = [];
  reply: (subject: string, payload: Record<string, unknown>) => Promise<unknown> = async (
    subject,
    payload,
  ) => {
    if (subject === 'reference.entry.list')
      return { items: [entry({ labelLanguage: payload.language as 'en' })] };
    if (subject === 'reference.list.snapshot')
      return { list: payload.list, version: 7, entries: [] };
    if (subject === 'reference.entry.validate') return { allValid: true, results: [] };
    return entry({ code: String(payload.code ?? 'FR'), version: Number(payload.version ?? 2) + 1 });
  };
  healthy = true;

  readonly client = {
    send: async (
      contract: RequestContract,
      payload: unknown,
      options: { context?: RequestContext } = {},
    ) => {
      const sent = {
        subject: contract.subject,
        payload: payload as Record<string, unknown>,
        context: options.context!,
      };
      this.sent.push(sent);
      return this.reply(sent.subject, sent.payload);
    },
  } as never;

  readonly health = {
    check: async () => {
      if (!this.healthy) throw new Error('NATS connection closed');
    },
  };
}

async function startGateway(
  nats: StubNats,
  env: Record<string, string> = {},
): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await createGateway({
    env: loadGatewayEnv({ HTTP_PORT: '0', LOG_LEVEL: 'silent', ...env }),
    logger: createLogger('gateway', 'silent'),
    ports: {
      tokenVerifier,
      nats,
      audit: new StubAuditPublisher(),
      keycloak: { check: async () => undefined },
    },
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('gateway over HTTP (stubbed Keycloak and NATS)', () => {
  const nats = new StubNats();
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, url: base } = await startGateway(nats));
  });
  afterAll(() => app.close());
  beforeEach(() => {
    nats.sent = [];
  });

  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (typeof init.body === 'string' && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    return fetch(`${base}${path}`, { ...init, headers });
  };

  describe('authentication and roles', () => {
    it('refuses a request without a token: 401, WWW-Authenticate, problem+json', async () => {
      const response = await call('/api/v1/reference/countries');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="opencen"');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
        instance: '/api/v1/reference/countries',
      });
      expect(nats.sent).toHaveLength(0);
    });

    it('refuses a bad token, saying it is invalid', async () => {
      const response = await call('/api/v1/reference/countries', { token: 'forged' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      expect((await problemOf(response)).detail).toMatch(/signature/);
    });

    it('refuses an Authorization header that is not Bearer', async () => {
      const response = await call('/api/v1/reference/countries', {
        headers: { authorization: 'Basic YTpi' },
      });
      expect(response.status).toBe(401);
    });

    it('lets any authenticated user read', async () => {
      const response = await call('/api/v1/reference/countries/FR', { token: 'analyst-token' });
      expect(response.status).toBe(200);
    });

    it('refuses a write without the admin role (403) and sends nothing', async () => {
      const response = await call('/api/v1/reference/countries', {
        method: 'POST',
        token: 'officer-token',
        body: JSON.stringify({ code: 'XX', labels: { en: 'X' } }),
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        code: 'FORBIDDEN',
        detail: expect.stringMatching(/admin/),
      });
      expect(nats.sent).toHaveLength(0);
    });
  });

  describe('reads', () => {
    it('maps the query string to the list contract, with the language of Accept-Language', async () => {
      const response = await call(
        '/api/v1/reference/countries?text=fra&limit=5&includeDeprecated=true&activeAt=2026-01-31',
        {
          token: 'officer-token',
          headers: { 'accept-language': 'fr-CA, en;q=0.5' },
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-language')).toBe('fr');
      expect(response.headers.get('vary')).toMatch(/Accept-Language/);
      expect(nats.sent).toEqual([
        {
          subject: 'reference.entry.list',
          payload: {
            list: 'countries',
            language: 'fr',
            text: 'fra',
            limit: 5,
            includeDeprecated: true,
            activeAt: '2026-01-31',
          },
          context: { correlationId: expect.any(String), principal: principals['officer-token'] },
        },
      ]);
    });

    it('names each bad query parameter (400) and sends nothing', async () => {
      const response = await call(
        '/api/v1/reference/countries?limit=abc&includeDeprecated=maybe&colour=red',
        { token: 'officer-token' },
      );
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({
        code: 'VALIDATION_FAILED',
        type: 'urn:opencen:problem:validation-failed',
      });
      expect(problem.errors.map((e) => e.path)).toEqual(['colour']);
      const typed = await problemOf(
        await call('/api/v1/reference/countries?limit=abc&includeDeprecated=maybe', {
          token: 'officer-token',
        }),
      );
      expect(typed.errors.map((e) => e.path).sort()).toEqual(['includeDeprecated', 'limit']);
      expect(nats.sent).toHaveLength(0);
    });

    it('refuses a query parameter given twice', async () => {
      const response = await call('/api/v1/reference/countries?limit=1&limit=2', {
        token: 'officer-token',
      });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors).toEqual([
        { path: 'limit', reason: 'Given more than once' },
      ]);
    });

    it('answers 404 for a list that does not exist', async () => {
      const response = await call('/api/v1/reference/planets', { token: 'officer-token' });
      expect(response.status).toBe(404);
      expect((await problemOf(response)).errors[0]!.path).toBe('list');
      expect(nats.sent).toHaveLength(0);
    });

    it('routes /snapshot to the snapshot, not to an entry', async () => {
      const response = await call('/api/v1/reference/currencies/snapshot', {
        token: 'officer-token',
      });
      expect(response.status).toBe(200);
      expect(nats.sent[0]).toMatchObject({
        subject: 'reference.list.snapshot',
        payload: { list: 'currencies', language: 'en' },
      });
    });

    it('gets an entry whose code has a dot, with its version as ETag and its label language', async () => {
      nats.reply = async (_, payload) =>
        entry({ list: 'hs-codes', code: String(payload.code), version: 4, labelLanguage: 'en' });
      const response = await call('/api/v1/reference/hs-codes/0901.11', {
        token: 'officer-token',
        headers: { 'accept-language': 'ar' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(response.headers.get('content-language')).toBe('en');
      expect(nats.sent[0]!.payload).toEqual({ list: 'hs-codes', code: '0901.11', language: 'ar' });
      nats.reply = new StubNats().reply;
    });

    it('answers 404 with the service message for an unknown code', async () => {
      nats.reply = async () => {
        throw new ServiceError('NOT_FOUND', 'No entry ZZ in countries');
      };
      const response = await call('/api/v1/reference/countries/ZZ', { token: 'officer-token' });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        detail: 'No entry ZZ in countries',
        code: 'NOT_FOUND',
      });
      nats.reply = new StubNats().reply;
    });

    it('validates a batch of codes from the body', async () => {
      const response = await call('/api/v1/reference/countries/validate', {
        method: 'POST',
        token: 'officer-token',
        body: JSON.stringify({ codes: ['FR', 'XX'], at: '2026-02-01' }),
      });
      expect(response.status).toBe(200);
      expect(nats.sent[0]).toMatchObject({
        subject: 'reference.entry.validate',
        payload: { list: 'countries', codes: ['FR', 'XX'], at: '2026-02-01' },
      });
    });
  });

  describe('writes', () => {
    it('creates: 201 with Location and ETag', async () => {
      const response = await call('/api/v1/reference/countries', {
        method: 'POST',
        token: 'admin-token',
        body: JSON.stringify({ code: 'XK', labels: { en: 'Kosovo', fr: 'Kosovo' } }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe('/api/v1/reference/countries/XK');
      expect(response.headers.get('etag')).toMatch(/^"\d+"$/);
      expect(nats.sent[0]!.payload).toMatchObject({
        list: 'countries',
        code: 'XK',
        labels: { en: 'Kosovo', fr: 'Kosovo' },
      });
    });

    it('names the faulty fields of a body (400), unknown ones included', async () => {
      const response = await call('/api/v1/reference/countries', {
        method: 'POST',
        token: 'admin-token',
        body: JSON.stringify({ code: 'X Y', labels: { fr: 'Sans anglais' }, colour: 'red' }),
      });
      expect(response.status).toBe(400);
      const paths = (await problemOf(response)).errors.map((e) => e.path).sort();
      expect(paths).toEqual(['code', 'colour', 'labels.en']);
      expect(nats.sent).toHaveLength(0);
    });

    it('answers malformed JSON with a 400 problem', async () => {
      const response = await call('/api/v1/reference/countries', {
        method: 'POST',
        token: 'admin-token',
        body: '{"code": "XK",',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        detail: 'The body is not valid JSON',
      });
    });

    it('answers a body that is not JSON with 415', async () => {
      const response = await call('/api/v1/reference/countries', {
        method: 'POST',
        token: 'admin-token',
        headers: { 'content-type': 'text/plain' },
        body: 'code=XK',
      });
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('needs a version to update: 428 without If-Match or body version', async () => {
      const response = await call('/api/v1/reference/countries/FR', {
        method: 'PATCH',
        token: 'admin-token',
        body: JSON.stringify({ labels: { en: 'France' } }),
      });
      expect(response.status).toBe(428);
      expect(await response.json()).toMatchObject({
        code: 'PRECONDITION_FAILED',
        errors: [{ path: 'If-Match' }],
      });
      expect(nats.sent).toHaveLength(0);
    });

    it('updates from If-Match, and from the body version', async () => {
      const fromHeader = await call('/api/v1/reference/countries/FR', {
        method: 'PATCH',
        token: 'admin-token',
        headers: { 'if-match': '"3"' },
        body: JSON.stringify({ labels: { en: 'France', es: 'Francia' } }),
      });
      expect(fromHeader.status).toBe(200);
      expect(fromHeader.headers.get('etag')).toBe('"4"');
      const fromBody = await call('/api/v1/reference/countries/FR', {
        method: 'PATCH',
        token: 'admin-token',
        body: JSON.stringify({ version: 3, validTo: null }),
      });
      expect(fromBody.status).toBe(200);
      expect(nats.sent.map((s) => s.payload)).toEqual([
        { list: 'countries', code: 'FR', version: 3, labels: { en: 'France', es: 'Francia' } },
        { list: 'countries', code: 'FR', version: 3, validTo: null },
      ]);
    });

    it('refuses an If-Match that is not one version, or that the body contradicts', async () => {
      const weak = await call('/api/v1/reference/countries/FR', {
        method: 'PATCH',
        token: 'admin-token',
        headers: { 'if-match': 'W/"3"' },
        body: '{}',
      });
      expect(weak.status).toBe(400);
      const both = await call('/api/v1/reference/countries/FR', {
        method: 'PATCH',
        token: 'admin-token',
        headers: { 'if-match': '"3"' },
        body: JSON.stringify({ version: 2 }),
      });
      expect(both.status).toBe(400);
      expect((await problemOf(both)).errors[0]!.path).toBe('version');
    });

    it('maps a stale version (CONFLICT) to 409 with the service details', async () => {
      nats.reply = async () => {
        throw new ServiceError('CONFLICT', 'FR is at version 5, not 3', [
          { path: 'version', reason: 'stale' },
        ]);
      };
      const response = await call('/api/v1/reference/countries/FR/deprecate', {
        method: 'POST',
        token: 'admin-token',
        headers: { 'if-match': '"3"' },
      });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        detail: 'FR is at version 5, not 3',
        errors: [{ path: 'version', reason: 'stale' }],
      });
      expect(nats.sent[0]!.payload).toEqual({ list: 'countries', code: 'FR', version: 3 });
      nats.reply = new StubNats().reply;
    });
  });

  describe('errors, correlation and documentation', () => {
    it('returns and forwards the caller’s correlation id, makes one when absent, refuses an unusable one', async () => {
      const given = await call('/api/v1/reference/countries/FR', {
        token: 'officer-token',
        headers: { 'x-correlation-id': 'corr-e2e-1' },
      });
      expect(given.headers.get('x-correlation-id')).toBe('corr-e2e-1');
      expect(nats.sent[0]!.context.correlationId).toBe('corr-e2e-1');
      const made = await call('/api/v1/reference/countries/FR', { token: 'officer-token' });
      expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
      const sent = nats.sent.length;
      for (const unusable of ['has spaces', 'x'.repeat(129)]) {
        const refused = await call('/api/v1/reference/countries/FR', {
          token: 'officer-token',
          headers: { 'x-correlation-id': unusable },
        });
        expect(refused.status).toBe(400);
        expect(refused.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect((await problemOf(refused)).errors).toEqual([
          { path: 'X-Correlation-Id', reason: 'must be 1 to 128 visible ASCII characters' },
        ]);
      }
      expect(nats.sent).toHaveLength(sent);
      const problem = await call('/api/v1/nothing-here', {
        headers: { 'x-correlation-id': 'corr-404' },
      });
      expect(problem.headers.get('x-correlation-id')).toBe('corr-404');
      expect(await problem.json()).toMatchObject({
        status: 404,
        correlationId: 'corr-404',
        instance: '/api/v1/nothing-here',
      });
    });

    it('answers 405 with Allow for a method a known path does not take, 404 for an unknown path', async () => {
      const trace = await call('/api/v1/reference/countries/FR', { method: 'DELETE' });
      expect(trace.status).toBe(405);
      expect(trace.headers.get('allow')).toBe('GET, HEAD, PATCH');
      expect(await problemOf(trace)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
      expect((await call('/health/live', { method: 'POST' })).status).toBe(405);
      // A fixed segment is not read as an id: match takes POST only.
      const match = await call('/api/v1/persons/match', { method: 'OPTIONS' });
      expect(match.headers.get('allow')).toBe('POST');
      expect((await call('/api/v1/nowhere/FR', { method: 'DELETE' })).status).toBe(404);
    });

    it('keeps the message of a timeout or outage to itself', async () => {
      nats.reply = async () => {
        throw new ServiceError(
          'TIMEOUT',
          'No reply to reference.entry.get within 5000 ms: is the reference service running',
        );
      };
      const response = await call('/api/v1/reference/countries/FR', { token: 'officer-token' });
      expect(response.status).toBe(504);
      expect((await problemOf(response)).detail).not.toMatch(/reference\.entry\.get/);
      nats.reply = new StubNats().reply;
    });

    it('serves the OpenAPI document and its UI without a token', async () => {
      const json = await fetch(`${base}/api/docs-json`);
      expect(json.status).toBe(200);
      expect((await bodyOf<{ openapi: string }>(json)).openapi).toBe('3.1.0');
      const ui = await fetch(`${base}/api/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toMatch(/swagger/i);
    });

    it('answers health without a token: live, and ready only when NATS answers', async () => {
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({
        status: 'ok',
        checks: { nats: 'up', audit: 'up', keycloak: 'up' },
      });
      nats.healthy = false;
      const down = await fetch(`${base}/health/ready`);
      nats.healthy = true;
      expect(down.status).toBe(503);
      expect((await bodyOf<{ checks: { nats: string } }>(down)).checks.nats).toMatch(/^down/);
    });
  });
});

describe('rate limits', () => {
  it('limits each user on their own, with 429 and Retry-After', async () => {
    const nats = new StubNats();
    const { app, url } = await startGateway(nats, {
      RATE_LIMIT_MAX: '2',
      RATE_LIMIT_WINDOW_MS: '60000',
    });
    try {
      const get = (token: string) =>
        fetch(`${url}/api/v1/reference/countries/FR`, {
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await get('officer-token')).status).toBe(200);
      expect((await get('officer-token')).status).toBe(200);
      const limited = await get('officer-token');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect((await get('analyst-token')).status).toBe(200);
      expect(nats.sent).toHaveLength(3);
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets a request in flight finish when the gateway closes', async () => {
    const nats = new StubNats();
    nats.reply = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return entry();
    };
    const { app, url } = await startGateway(nats);
    const inFlight = fetch(`${url}/api/v1/reference/countries/FR`, {
      headers: { authorization: 'Bearer officer-token' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = app.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await bodyOf<ReferenceEntry>(response)).code).toBe('FR');
    await closing;
  });
});
