import { type ReferenceEntry } from '@opencen/contracts';
import { type ProblemBody, api, gatewayUrl, tokenOf, uniqueCode } from './support/gateway';

describe('reference data through the gateway', () => {
  describe('reads', () => {
    it('gets an entry with its version as ETag', async () => {
      const reply = await api<ReferenceEntry>('/api/v1/reference/countries/FR', { as: 'officer' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        list: 'countries',
        code: 'FR',
        label: 'France',
        labelLanguage: 'en',
        deprecated: false,
      });
      expect(reply.headers.get('etag')).toBe(`"${reply.body.version}"`);
    });

    it('answers 404 for an unknown code and for an unknown list', async () => {
      const code = await api<ProblemBody>('/api/v1/reference/countries/QQ', { as: 'officer' });
      expect(code.status).toBe(404);
      expect(code.body).toMatchObject({ code: 'NOT_FOUND', type: 'urn:opencen:problem:not-found' });
      const list = await api<ProblemBody>('/api/v1/reference/planets', { as: 'officer' });
      expect(list.status).toBe(404);
      expect(list.body.errors[0]!.path).toBe('list');
    });

    it('pages through a list', async () => {
      const first = await api<{ items: ReferenceEntry[]; nextCursor?: string }>(
        '/api/v1/reference/countries?limit=2',
        { as: 'analyst' },
      );
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api<{ items: ReferenceEntry[] }>(
        `/api/v1/reference/countries?limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
        { as: 'analyst' },
      );
      expect(second.body.items[0]!.code > first.body.items[1]!.code).toBe(true);
    });

    it('serves a snapshot, not an entry named "snapshot"', async () => {
      const reply = await api<{ list: string; version: number; entries: unknown[] }>(
        '/api/v1/reference/currencies/snapshot',
        { as: 'officer' },
      );
      expect(reply.status).toBe(200);
      expect(reply.body.list).toBe('currencies');
      expect(reply.body.entries.length).toBeGreaterThan(100);
    });

    it('validates a batch of codes', async () => {
      const reply = await api<{ allValid: boolean; results: { code: string; valid: boolean }[] }>(
        '/api/v1/reference/countries/validate',
        {
          method: 'POST',
          as: 'officer',
          body: { codes: ['FR', 'QQ'] },
        },
      );
      expect(reply.status).toBe(200);
      expect(reply.body.allValid).toBe(false);
      expect(reply.body.results.map((r) => [r.code, r.valid])).toEqual([
        ['FR', true],
        ['QQ', false],
      ]);
    });
  });

  describe('label language', () => {
    it.each([
      ['fr-FR, fr;q=0.9, en;q=0.5', 'fr', 'Allemagne'],
      ['de-DE, es;q=0.5', 'es', 'Alemania'],
      ['de-CH', 'en', 'Germany'],
      [undefined, 'en', 'Germany'],
    ])('Accept-Language %j → %s', async (acceptLanguage, language, label) => {
      const reply = await api<ReferenceEntry>('/api/v1/reference/countries/DE', {
        as: 'officer',
        headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      });
      expect(reply.body).toMatchObject({ label, labelLanguage: language });
      expect(reply.headers.get('content-language')).toBe(language);
    });

    it('falls back to English for an entry without a label in the language asked for', async () => {
      const code = uniqueCode();
      const created = await api<ReferenceEntry>('/api/v1/reference/offence-types', {
        method: 'POST',
        as: 'admin',
        body: { code, labels: { en: 'Undeclared cash', fr: 'Argent liquide non déclaré' } },
      });
      expect(created.status).toBe(201);
      const russian = await api<ReferenceEntry>(`/api/v1/reference/offence-types/${code}`, {
        as: 'officer',
        headers: { 'accept-language': 'ru' },
      });
      expect(russian.body).toMatchObject({ label: 'Undeclared cash', labelLanguage: 'en' });
      expect(russian.headers.get('content-language')).toBe('en');
      const french = await api<ReferenceEntry>(`/api/v1/reference/offence-types/${code}`, {
        as: 'officer',
        headers: { 'accept-language': 'fr' },
      });
      expect(french.body).toMatchObject({
        label: 'Argent liquide non déclaré',
        labelLanguage: 'fr',
      });
    });
  });

  describe('bad input', () => {
    it('names the faulty field (gateway check) and changes nothing', async () => {
      const code = uniqueCode();
      const reply = await api<ProblemBody>('/api/v1/reference/offence-types', {
        method: 'POST',
        as: 'admin',
        body: { code, labels: { fr: 'Sans libellé anglais' } },
      });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ path: 'labels.en' })],
      });
      expect((await api(`/api/v1/reference/offence-types/${code}`, { as: 'admin' })).status).toBe(
        404,
      );
    });

    it('names the faulty field (the service’s own rule) and changes nothing', async () => {
      const reply = await api<ProblemBody>('/api/v1/reference/countries', {
        method: 'POST',
        as: 'admin',
        body: {
          code: 'QQQ',
          labels: { en: 'Three letters' },
          attributes: { alpha3: 'QQQ', numeric: '999' },
        },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e) => e.path)).toContain('code');
      expect((await api('/api/v1/reference/countries/QQQ', { as: 'admin' })).status).toBe(404);
    });

    it('answers malformed JSON and bad query parameters with 400 problems', async () => {
      const response = await fetch(`${gatewayUrl()}/api/v1/reference/offence-types`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await tokenOf('admin')}`,
        },
        body: '{"code": ',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const query = await api<ProblemBody>('/api/v1/reference/countries?limit=0', {
        as: 'officer',
      });
      expect(query.status).toBe(400);
      expect(query.body.errors[0]!.path).toBe('limit');
    });
  });

  describe('documentation and health', () => {
    it('serves the OpenAPI document without a token', async () => {
      const reply = await api<{ openapi: string; paths: object }>('/api/docs-json');
      expect(reply.status).toBe(200);
      expect(reply.body.openapi).toBe('3.1.0');
      expect(Object.keys(reply.body.paths)).toContain('/api/v1/reference/{list}/{code}');
    });

    it('is ready: NATS and Keycloak answer', async () => {
      const reply = await api('/health/ready');
      expect(reply).toMatchObject({
        status: 200,
        body: { status: 'ok', checks: { nats: 'up', keycloak: 'up' } },
      });
    });
  });
});
