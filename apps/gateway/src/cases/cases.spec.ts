import { type Case, type CaseComment, type CaseTask } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import { gatewayOpenApiDocument } from '../gateway';
import { type Problem } from '../problems/problem';
import {
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
} from '../testing/gateway-harness';

// The core case routes over HTTP, with Keycloak and NATS stubbed: what reaches the cases service
// for each route, who may call it, and the status and headers of each reply.

const draft = {
  type: 'seizure',
  detectedAt: '2026-03-14T09:30:00+01:00',
  location: { office: 'FRA-CDG', country: 'FR' },
  detectionMethods: ['XRAY_SCANNER'],
  items: [{ commodityCategory: 'DRUGS', quantity: 12.5, unit: 'KGM' }],
  route: { departureCountry: 'BR', transitCountries: [], destinationCountry: 'FR' },
};

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    type: 'seizure',
    location: {},
    detectionMethods: [],
    riskIndicators: [],
    items: [],
    route: { transitCountries: [] },
    parties: [],
    tags: [],
    classification: 'restricted',
    id: 'c-1',
    number: 'FRACDG-2026-000001',
    office: 'FRA-CDG',
    status: 'draft',
    assignedInvestigators: [],
    tasks: [],
    workflow: [],
    createdAt: '2026-03-14T10:00:00.000Z',
    createdBy: 'sub-officer',
    updatedAt: '2026-03-14T10:00:00.000Z',
    updatedBy: 'sub-officer',
    version: 1,
    ...overrides,
  };
}

const task: CaseTask = {
  id: 't-1',
  title: 'Hear the driver',
  dueDate: '2026-04-01',
  status: 'open',
  createdAt: '2026-03-14T10:00:00.000Z',
  createdBy: 'sub-supervisor',
};

const comment: CaseComment = {
  id: 'm-1',
  text: 'Lab results expected Monday',
  at: '2026-03-14T10:00:00.000Z',
  by: 'sub-officer',
  byName: 'officer',
};

const next = (payload: Record<string, unknown>) => Number(payload.version) + 1;

const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'cases.case.create':
      return aCase({ id: 'c/2' });
    case 'cases.case.get':
      return aCase({ id: String(payload.id), version: 4 });
    case 'cases.case.history':
      return {
        changes: [
          { version: 1, at: '2026-03-14T10:00:00.000Z', by: 'x', change: 'created', fields: [] },
        ],
      };
    case 'cases.case.update':
    case 'cases.case.submit':
    case 'cases.case.validate':
    case 'cases.case.reject':
    case 'cases.case.close':
    case 'cases.case.reopen':
    case 'cases.case.assign':
      return aCase({ id: String(payload.id), version: next(payload) });
    case 'cases.task.add':
      return {
        case: aCase({ id: String(payload.caseId), version: next(payload), tasks: [task] }),
        task,
      };
    case 'cases.task.complete':
      return {
        case: aCase({ id: String(payload.caseId), version: next(payload) }),
        task: { ...task, status: 'done' },
      };
    case 'cases.comment.add':
      return comment;
    case 'cases.comment.list':
      return { items: [comment] };
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const paths = (problem: Problem) => problem.errors.map((error) => error.path).sort();

describe('cases over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, call } = useStubbedGateway(defaultReply);

  describe('create, read and edit', () => {
    it('create: the body is the contract request, defaults applied; 201 with Location and ETag', async () => {
      const response = await call('/api/v1/cases', {
        method: 'POST',
        as: 'officer',
        body: { draft },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe('/api/v1/cases/c%2F2');
      expect(response.headers.get('etag')).toBe('"1"');
      expect(await response.json()).toMatchObject({ id: 'c/2', number: 'FRACDG-2026-000001' });
      expect(nats.sent).toHaveLength(1);
      expect(nats.sent[0]).toMatchObject({
        subject: 'cases.case.create',
        payload: { draft: { ...draft, parties: [], tags: [], classification: 'restricted' } },
        context: { principal: { username: 'officer', office: 'FRA-CDG' } },
      });
    });

    it('create: names each faulty field (400) and sends nothing', async () => {
      const response = await call('/api/v1/cases', {
        method: 'POST',
        as: 'officer',
        body: {
          draft: {
            ...draft,
            type: 'smuggling',
            detectedAt: '14/03/2026',
            items: [{ hsCode: '12', quantity: -1 }],
            route: { departureCountry: 'br' },
          },
          extra: true,
        },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(paths((await response.json()) as Problem)).toEqual([
        'draft.detectedAt',
        'draft.items.0.hsCode',
        'draft.items.0.quantity',
        'draft.route.departureCountry',
        'draft.type',
        'extra',
      ]);
      expect(nats.sent).toEqual([]);
    });

    it('create: each unknown field is named at its depth (400), and nothing is sent', async () => {
      // The misspelled draft of issue 14: it used to be accepted and stored empty.
      const response = await call('/api/v1/cases', {
        method: 'POST',
        as: 'officer',
        body: {
          draft: {
            type: 'seizure',
            itemz: [{ commodityCategory: 'DRUGS', quantity: 12.5, unit: 'KGM' }],
            narative: 'Found in a spare tyre',
            items: [{ quantity: 1, unit: 'KGM', colour: 'white' }],
          },
        },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as Problem;
      expect(problem.errors).toEqual(
        ['draft.items.0.colour', 'draft.itemz', 'draft.narative'].map((path) => ({
          path,
          reason: 'Unknown field',
        })),
      );
      expect(nats.sent).toEqual([]);
    });

    it('update: an unknown field of the draft is named as the client wrote it', async () => {
      const response = await call('/api/v1/cases/c-1', {
        method: 'PUT',
        as: 'officer',
        body: { ...draft, narative: 'x', route: { departureCountry: 'BR', via: 'ES' } },
        headers: { 'if-match': '"3"' },
      });
      expect(response.status).toBe(400);
      expect(paths((await response.json()) as Problem)).toEqual(['narative', 'route.via']);
      expect(nats.sent).toEqual([]);
    });

    it('get: an unknown query parameter is named (400), and nothing is sent', async () => {
      const response = await call('/api/v1/cases/c-1?expand=all&colour=red', { as: 'analyst' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as Problem).errors).toEqual(
        ['expand', 'colour'].map((path) => ({ path, reason: 'Unknown query parameter' })),
      );
      expect(nats.sent).toEqual([]);
    });

    it('create: a code the service refuses is named as the client wrote it', async () => {
      nats.reply = async () => {
        throw ServiceError.validation('Unknown codes', [
          { path: 'draft.items.0.unit', reason: 'unknown: no such code in units' },
        ]);
      };
      const response = await call('/api/v1/cases', {
        method: 'POST',
        as: 'officer',
        body: { draft },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors).toEqual([
        { path: 'draft.items.0.unit', reason: 'unknown: no such code in units' },
      ]);
    });

    it('get: by id or by case number from the path, the version as ETag', async () => {
      const response = await call('/api/v1/cases/FRACDG-2026-000042', { as: 'analyst' });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(nats.sent[0]).toMatchObject({
        subject: 'cases.case.get',
        payload: { id: 'FRACDG-2026-000042' },
      });
    });

    it('get: an id the contract cannot hold names no case (404), and nothing is sent', async () => {
      const response = await call(`/api/v1/cases/${'x'.repeat(65)}`, { as: 'officer' });
      expect(response.status).toBe(404);
      expect(nats.sent).toEqual([]);
    });

    it('update: the body is the draft, the version from If-Match; ETag of the new version', async () => {
      const response = await call('/api/v1/cases/c-1', {
        method: 'PUT',
        as: 'officer',
        body: draft,
        headers: { 'if-match': '"3"' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(nats.sent[0]).toMatchObject({
        subject: 'cases.case.update',
        payload: { id: 'c-1', version: 3, draft },
      });
    });

    it('update: 428 without If-Match; faulty fields named as in the body, the service’s too', async () => {
      const without = await call('/api/v1/cases/c-1', {
        method: 'PUT',
        as: 'officer',
        body: draft,
      });
      expect(without.status).toBe(428);
      const bad = await call('/api/v1/cases/c-1', {
        method: 'PUT',
        as: 'officer',
        body: { ...draft, items: [{ unit: '' }], classification: 'top-secret' },
        headers: { 'if-match': '"3"' },
      });
      expect(bad.status).toBe(400);
      expect(paths((await bad.json()) as Problem)).toEqual(['classification', 'items.0.unit']);
      expect(nats.sent).toEqual([]);

      nats.reply = async () => {
        throw ServiceError.validation('Unknown codes', [
          { path: 'draft.location.office', reason: 'unknown: no such code in customs-offices' },
        ]);
      };
      const unknown = await call('/api/v1/cases/c-1', {
        method: 'PUT',
        as: 'officer',
        body: { ...draft, location: { office: 'XXX-NOPE' } },
        headers: { 'if-match': '"3"' },
      });
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as Problem).errors).toEqual([
        { path: 'location.office', reason: 'unknown: no such code in customs-offices' },
      ]);
    });

    it('update: a stale version is 409, another office 403, an unknown case 404', async () => {
      const put = () =>
        call('/api/v1/cases/c-1', {
          method: 'PUT',
          as: 'officer',
          body: draft,
          headers: { 'if-match': '"3"' },
        });
      nats.reply = async () => {
        throw ServiceError.conflict('Case changed since version 3', [
          { path: 'version', reason: 'current version is 5' },
        ]);
      };
      const stale = await put();
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as Problem).errors).toEqual([
        { path: 'version', reason: 'current version is 5' },
      ]);
      nats.reply = async () => {
        throw ServiceError.forbidden('Case c-1 belongs to office FRA-LEH');
      };
      expect((await put()).status).toBe(403);
      nats.reply = async () => {
        throw ServiceError.notFound('No case c-1');
      };
      expect((await put()).status).toBe(404);
    });

    it('history: the id from the path', async () => {
      const response = await call('/api/v1/cases/c-1/history', { as: 'analyst' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ changes: [{ change: 'created' }] });
      expect(nats.sent[0]).toMatchObject({ subject: 'cases.case.history', payload: { id: 'c-1' } });
    });
  });

  describe('workflow', () => {
    it('submit: the version from If-Match or the body, an optional comment; ETag of the new version', async () => {
      const response = await call('/api/v1/cases/c-1/submit', {
        method: 'POST',
        as: 'officer',
        headers: { 'if-match': '"2"' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"3"');
      expect(nats.sent[0]).toEqual(
        expect.objectContaining({
          subject: 'cases.case.submit',
          payload: { id: 'c-1', version: 2 },
        }),
      );
      const inBody = await call('/api/v1/cases/c-1/submit', {
        method: 'POST',
        as: 'officer',
        body: { version: 2, comment: 'Ready' },
      });
      expect(inBody.status).toBe(200);
      expect(nats.sent[1]!.payload).toEqual({ id: 'c-1', version: 2, comment: 'Ready' });
      nats.sent = [];
      const without = await call('/api/v1/cases/c-1/submit', { method: 'POST', as: 'officer' });
      expect(without.status).toBe(428);
      const differing = await call('/api/v1/cases/c-1/submit', {
        method: 'POST',
        as: 'officer',
        body: { version: 1 },
        headers: { 'if-match': '"2"' },
      });
      expect(differing.status).toBe(400);
      expect(nats.sent).toEqual([]);
    });

    it('submit: every field missing from the mandatory minimum is named', async () => {
      const missing = [
        { path: 'draft.detectedAt', reason: 'the date and time of detection is required' },
        { path: 'draft.items', reason: 'at least one item is required' },
        { path: 'draft.route', reason: 'at least one country of the route is required' },
      ];
      nats.reply = async () => {
        throw ServiceError.validation(
          'The case lacks the mandatory minimum for submission',
          missing,
        );
      };
      const response = await call('/api/v1/cases/c-1/submit', {
        method: 'POST',
        as: 'officer',
        headers: { 'if-match': '"1"' },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        detail: 'The case lacks the mandatory minimum for submission',
        errors: missing,
      });
    });

    it('reject needs a reason; validate, close, reopen (with its reason) and assign send theirs', async () => {
      const noReason = await call('/api/v1/cases/c-1/reject', {
        method: 'POST',
        as: 'supervisor',
        headers: { 'if-match': '"2"' },
      });
      expect(noReason.status).toBe(400);
      expect(paths((await noReason.json()) as Problem)).toEqual(['reason']);
      const noComment = await call('/api/v1/cases/c-1/reopen', {
        method: 'POST',
        as: 'supervisor',
        body: { comment: '   ' },
        headers: { 'if-match': '"2"' },
      });
      expect(noComment.status).toBe(400);
      expect(paths((await noComment.json()) as Problem)).toEqual(['comment']);
      expect(nats.sent).toEqual([]);

      const steps = [
        ['reject', { reason: 'Quantity missing its unit' }],
        ['validate', {}],
        ['close', { comment: 'Goods destroyed' }],
        ['reopen', { comment: 'New evidence' }],
        ['assign', { investigators: ['sub-investigator'] }],
      ] as const;
      for (const [step, body] of steps) {
        nats.sent = [];
        const response = await call(`/api/v1/cases/c-1/${step}`, {
          method: 'POST',
          as: 'supervisor',
          body,
          headers: { 'if-match': '"2"' },
        });
        expect([step, response.status, response.headers.get('etag')]).toEqual([step, 200, '"3"']);
        expect(nats.sent[0]).toMatchObject({
          subject: `cases.case.${step}`,
          payload: { id: 'c-1', version: 2, ...body },
        });
      }
    });

    it('a transition from the wrong status is 409', async () => {
      nats.reply = async () => {
        throw ServiceError.conflict('Case c-1 is draft: it cannot be validated from there', [
          { path: 'status', reason: 'cannot validate a draft case' },
        ]);
      };
      const response = await call('/api/v1/cases/c-1/validate', {
        method: 'POST',
        as: 'supervisor',
        headers: { 'if-match': '"1"' },
      });
      expect(response.status).toBe(409);
    });
  });

  describe('tasks and comments', () => {
    it('add a task: 201 with the case and the task, the ETag of the case', async () => {
      const response = await call('/api/v1/cases/c-1/tasks', {
        method: 'POST',
        as: 'investigator',
        body: { title: 'Hear the driver', dueDate: '2026-04-01' },
        headers: { 'if-match': '"2"' },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('etag')).toBe('"3"');
      expect(await response.json()).toMatchObject({ case: { version: 3 }, task: { id: 't-1' } });
      expect(nats.sent[0]).toMatchObject({
        subject: 'cases.task.add',
        payload: { caseId: 'c-1', version: 2, title: 'Hear the driver', dueDate: '2026-04-01' },
      });
      nats.sent = [];
      const badDate = await call('/api/v1/cases/c-1/tasks', {
        method: 'POST',
        as: 'investigator',
        body: { title: 'x', dueDate: '01/04/2026' },
        headers: { 'if-match': '"2"' },
      });
      expect(badDate.status).toBe(400);
      expect(paths((await badDate.json()) as Problem)).toEqual(['dueDate']);
      expect(nats.sent).toEqual([]);
    });

    it('complete a task: the case and the task from the path, the version from If-Match', async () => {
      const response = await call('/api/v1/cases/c-1/tasks/t-1/complete', {
        method: 'POST',
        as: 'supervisor',
        headers: { 'if-match': '"3"' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(await response.json()).toMatchObject({ task: { status: 'done' } });
      expect(nats.sent[0]).toMatchObject({
        subject: 'cases.task.complete',
        payload: { caseId: 'c-1', version: 3, taskId: 't-1' },
      });
    });

    it('comments: added without a version (201, no ETag), listed oldest first', async () => {
      const added = await call('/api/v1/cases/c-1/comments', {
        method: 'POST',
        as: 'officer',
        body: { text: 'Lab results expected Monday' },
      });
      expect(added.status).toBe(201);
      expect(added.headers.get('etag')).toBeNull();
      expect(await added.json()).toEqual(comment);
      expect(nats.sent[0]).toMatchObject({
        subject: 'cases.comment.add',
        payload: { caseId: 'c-1', text: 'Lab results expected Monday' },
      });
      const list = await call('/api/v1/cases/c-1/comments', { as: 'analyst' });
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ items: [comment] });
      expect(nats.sent[1]).toMatchObject({
        subject: 'cases.comment.list',
        payload: { caseId: 'c-1' },
      });
    });
  });

  describe('roles', () => {
    const readers = ['officer', 'supervisor', 'investigator', 'analyst', 'liaison'];
    const writers = ['officer', 'supervisor', 'investigator'];
    const supervisors = ['supervisor'];
    const taskManagers = ['supervisor', 'investigator'];
    const ifMatch = { 'if-match': '"1"' };
    const base = '/api/v1/cases';
    const routes = [
      {
        name: 'create',
        method: 'POST',
        path: base,
        body: { draft },
        allowed: writers,
        status: 201,
      },
      { name: 'get', method: 'GET', path: `${base}/c`, allowed: readers, status: 200 },
      {
        name: 'update',
        method: 'PUT',
        path: `${base}/c`,
        body: draft,
        headers: ifMatch,
        allowed: writers,
        status: 200,
      },
      { name: 'history', method: 'GET', path: `${base}/c/history`, allowed: readers, status: 200 },
      {
        name: 'submit',
        method: 'POST',
        path: `${base}/c/submit`,
        headers: ifMatch,
        allowed: writers,
        status: 200,
      },
      ...(['validate', 'close'] as const).map((step) => ({
        name: step,
        method: 'POST',
        path: `${base}/c/${step}`,
        headers: ifMatch,
        allowed: supervisors,
        status: 200,
      })),
      {
        name: 'reject',
        method: 'POST',
        path: `${base}/c/reject`,
        body: { reason: 'r' },
        headers: ifMatch,
        allowed: supervisors,
        status: 200,
      },
      {
        name: 'reopen',
        method: 'POST',
        path: `${base}/c/reopen`,
        body: { comment: 'r' },
        headers: ifMatch,
        allowed: supervisors,
        status: 200,
      },
      {
        name: 'assign',
        method: 'POST',
        path: `${base}/c/assign`,
        body: { investigators: [] },
        headers: ifMatch,
        allowed: supervisors,
        status: 200,
      },
      {
        name: 'add task',
        method: 'POST',
        path: `${base}/c/tasks`,
        body: { title: 't' },
        headers: ifMatch,
        allowed: taskManagers,
        status: 201,
      },
      {
        name: 'complete task',
        method: 'POST',
        path: `${base}/c/tasks/t/complete`,
        headers: ifMatch,
        allowed: taskManagers,
        status: 200,
      },
      {
        name: 'add comment',
        method: 'POST',
        path: `${base}/c/comments`,
        body: { text: 't' },
        allowed: writers,
        status: 201,
      },
      {
        name: 'list comments',
        method: 'GET',
        path: `${base}/c/comments`,
        allowed: readers,
        status: 200,
      },
    ];

    it.each(routes)(
      '$name: only its roles reach the service; 401 without a token',
      async (route) => {
        expect(await roleOutcomes(nats, call, route)).toEqual(
          expectedOutcomes(route.allowed, route.status),
        );
      },
    );
  });

  describe('OpenAPI', () => {
    it('documents each route with its roles, the body of an update being the case draft', () => {
      const document = gatewayOpenApiDocument();
      const operation = (path: string, method: string) =>
        document.paths[path]![method] as unknown as {
          description: string;
          tags: string[];
          parameters: { name?: string; in?: string; required?: boolean }[];
          requestBody?: { content: Record<string, { schema: unknown }> };
          responses: Record<string, { headers?: object }>;
        };
      const validate = operation('/api/v1/cases/{id}/validate', 'post');
      expect(validate.tags).toEqual(['cases']);
      expect(validate.description).toContain('Needs the role supervisor.');
      expect(validate.description).toContain('`cases.case.validate`');
      const create = operation('/api/v1/cases', 'post');
      expect(Object.keys(create.responses['201']!.headers!)).toEqual([
        'X-Correlation-Id',
        'Location',
        'ETag',
        'Idempotent-Replayed',
      ]);
      const update = operation('/api/v1/cases/{id}', 'put');
      expect(update.parameters).toContainEqual(
        expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
      );
      expect(update.requestBody!.content['application/json']!.schema).toEqual({
        $ref: '#/components/schemas/CaseDraft',
      });
      expect(operation('/api/v1/cases/{id}', 'get').responses['200']).toMatchObject({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Case' } } },
      });
    });
  });
});
