import {
  caseRequestContracts,
  caseWorkflowRequestContracts,
  requestContracts,
} from '@opencen/contracts';
import { gatewayOpenApiDocument } from '../gateway';
import { contractRoutes } from '../routes';

type Json = unknown;

function refsIn(value: Json, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

function resolve(document: Json, ref: string): Json {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, token) => (node as Record<string, Json> | undefined)?.[token], document);
}

describe('OpenAPI document', () => {
  const document = gatewayOpenApiDocument('http://127.0.0.1:8180/realms/opencen');
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

  it('is OpenAPI 3.1 with bearer security on every API route, and none on health', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const { path, operation } of operations) {
      expect(operation.security).toEqual(path.startsWith('/health') ? [] : undefined);
    }
  });

  it('has a route for every request contract that clients may call', () => {
    const documented = operations.map(({ operation }) => operation.description).join('\n');
    for (const contract of requestContracts.filter(
      (c) =>
        c.service === 'reference' ||
        // auth.user.recipients and principals answer services only, never a user.
        (c.service === 'auth' &&
          c.aggregate === 'user' &&
          !['recipients', 'principals'].includes(c.verb)) ||
        c.service === 'notifications' ||
        (c.service === 'persons' &&
          ['person', 'company', 'conveyance', 'alert'].includes(c.aggregate)),
    )) {
      expect(documented).toContain(`\`${contract.subject}\``);
    }
    for (const contract of [...caseRequestContracts, ...caseWorkflowRequestContracts]) {
      expect(documented).toContain(`\`${contract.subject}\``);
    }
    expect(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual([
      'GET /api/v1/alerts',
      'GET /api/v1/alerts/{id}',
      'GET /api/v1/audit/records/{kind}/{id}',
      'GET /api/v1/audit/users/{sub}',
      'GET /api/v1/cases',
      'GET /api/v1/cases/exports/{exportId}',
      'GET /api/v1/cases/imports/{importId}',
      'GET /api/v1/cases/photos',
      'GET /api/v1/cases/statistics',
      'GET /api/v1/cases/{caseId}/comments',
      'GET /api/v1/cases/{caseId}/photos',
      'GET /api/v1/cases/{caseId}/photos/{photoId}',
      'GET /api/v1/cases/{caseId}/photos/{photoId}/thumbnail',
      'GET /api/v1/cases/{id}',
      'GET /api/v1/cases/{id}/history',
      'GET /api/v1/companies',
      'GET /api/v1/companies/{id}',
      'GET /api/v1/companies/{id}/history',
      'GET /api/v1/conversations',
      'GET /api/v1/conversations/{conversationId}/attachments/{attachmentId}',
      'GET /api/v1/conversations/{conversationId}/messages',
      'GET /api/v1/conversations/{id}',
      'GET /api/v1/conveyances',
      'GET /api/v1/conveyances/{id}',
      'GET /api/v1/conveyances/{id}/history',
      'GET /api/v1/links/{kind}/{id}',
      'GET /api/v1/notifications',
      'GET /api/v1/notifications/preferences',
      'GET /api/v1/notifications/stream',
      'GET /api/v1/notifications/unread-count',
      'GET /api/v1/persons',
      'GET /api/v1/persons/{id}',
      'GET /api/v1/persons/{id}/history',
      'GET /api/v1/reference/{list}',
      'GET /api/v1/reference/{list}/snapshot',
      'GET /api/v1/reference/{list}/{code}',
      'GET /api/v1/rules',
      'GET /api/v1/rules/{id}',
      'GET /api/v1/users',
      'GET /api/v1/users/{id}',
      'GET /api/v1/webhooks',
      'GET /api/v1/webhooks/{id}',
      'GET /api/v1/webhooks/{id}/deliveries',
      'GET /health/live',
      'GET /health/ready',
      'PATCH /api/v1/alerts/{id}',
      'PATCH /api/v1/reference/{list}/{code}',
      'PATCH /api/v1/webhooks/{id}',
      'POST /api/v1/alerts',
      'POST /api/v1/alerts/{id}/withdraw',
      'POST /api/v1/audit/verify',
      'POST /api/v1/cases',
      'POST /api/v1/cases/exports',
      'POST /api/v1/cases/imports',
      'POST /api/v1/cases/{caseId}/comments',
      'POST /api/v1/cases/{caseId}/photos',
      'POST /api/v1/cases/{caseId}/tasks',
      'POST /api/v1/cases/{caseId}/tasks/{taskId}/complete',
      'POST /api/v1/cases/{id}/assign',
      'POST /api/v1/cases/{id}/close',
      'POST /api/v1/cases/{id}/reject',
      'POST /api/v1/cases/{id}/reopen',
      'POST /api/v1/cases/{id}/submit',
      'POST /api/v1/cases/{id}/validate',
      'POST /api/v1/companies',
      'POST /api/v1/companies/{survivorId}/merge',
      'POST /api/v1/companies/{survivorId}/unmerge',
      'POST /api/v1/conversations',
      'POST /api/v1/conversations/{conversationId}/attachments',
      'POST /api/v1/conversations/{conversationId}/messages',
      'POST /api/v1/conversations/{id}/members',
      'POST /api/v1/conversations/{id}/members/{member}/remove',
      'POST /api/v1/conversations/{id}/read',
      'POST /api/v1/conveyances',
      'POST /api/v1/conveyances/{survivorId}/merge',
      'POST /api/v1/conveyances/{survivorId}/unmerge',
      'POST /api/v1/notifications/read-all',
      'POST /api/v1/notifications/{id}/read',
      'POST /api/v1/persons',
      'POST /api/v1/persons/match',
      'POST /api/v1/persons/{survivorId}/merge',
      'POST /api/v1/persons/{survivorId}/unmerge',
      'POST /api/v1/reference/{list}',
      'POST /api/v1/reference/{list}/validate',
      'POST /api/v1/reference/{list}/{code}/deprecate',
      'POST /api/v1/rules',
      'POST /api/v1/rules/{id}/delete',
      'POST /api/v1/rules/{id}/disable',
      'POST /api/v1/rules/{id}/enable',
      'POST /api/v1/users',
      'POST /api/v1/users/{id}/disable',
      'POST /api/v1/users/{id}/enable',
      'POST /api/v1/users/{id}/logout',
      'POST /api/v1/users/{id}/reset-password',
      'POST /api/v1/users/{id}/unlock',
      'POST /api/v1/webhooks',
      'POST /api/v1/webhooks/{id}/replay',
      'POST /api/v1/webhooks/{id}/rotate-secret',
      'PUT /api/v1/cases/{id}',
      'PUT /api/v1/companies/{id}',
      'PUT /api/v1/conveyances/{id}',
      'PUT /api/v1/notifications/preferences',
      'PUT /api/v1/persons/{id}',
      'PUT /api/v1/rules/{id}',
      'PUT /api/v1/users/{id}/clearance',
      'PUT /api/v1/users/{id}/office',
      'PUT /api/v1/users/{id}/roles',
    ]);
  });

  it('documents both outcomes of a person create, and a PUT whose body is the draft', () => {
    const create = document.paths['/api/v1/persons']!.post! as {
      description: string;
      responses: Record<string, { description?: string; headers?: object; content?: object }>;
    };
    expect(create.description).toContain('Needs the role officer or supervisor or investigator.');
    expect(create.responses['201']!.description).toContain('outcome: "created"');
    expect(Object.keys(create.responses['201']!.headers!)).toEqual([
      'X-Correlation-Id',
      'Location',
      'ETag',
      'Idempotent-Replayed',
    ]);
    expect(create.responses['200']!.description).toContain('outcome: "candidates"');
    expect(create.responses['200']!.content).toEqual(create.responses['201']!.content);

    const update = document.paths['/api/v1/persons/{id}']!.put! as {
      parameters: { name?: string; in?: string; required?: boolean }[];
      requestBody: { required: boolean; content: Record<string, { schema: unknown }> };
      responses: Record<string, unknown>;
    };
    expect(update.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    );
    expect(update.requestBody.required).toBe(true);
    expect(update.requestBody.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/PersonDraft',
    });
    expect(Object.keys(update.responses)).toEqual(expect.arrayContaining(['409', '428']));
    expect(document.components.schemas.PersonDraft).toMatchObject({
      type: 'object',
      required: ['familyName'],
    });
    const get = document.paths['/api/v1/persons/{id}']!.get! as {
      description: string;
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    expect(get.description).toContain(
      'Needs the role officer or supervisor or investigator or analyst.',
    );
    expect(get.responses['200']!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Person',
    });

    const search = document.paths['/api/v1/persons']!.get! as {
      parameters: { name?: string; in?: string }[];
    };
    expect(search.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual([
      'name',
      'documentNumber',
      'limit',
      'cursor',
    ]);
  });

  it('documents OpenCEN-Purpose where it is required or accepted, and the audit of each read', () => {
    const purposeOf = (operationId: string) => {
      const found = operations.find(({ operation }) => operation.operationId === operationId);
      expect(found).toBeDefined();
      const header = (found!.operation.parameters as { name?: string; required?: boolean }[]).find(
        (parameter) => parameter.name === 'OpenCEN-Purpose',
      );
      return { header, description: found!.operation.description };
    };
    for (const id of [
      'searchPersons',
      'matchPersons',
      'searchCompanies',
      'searchConveyances',
      'exportCases',
    ]) {
      expect(purposeOf(id).header).toMatchObject({ in: 'header', required: true });
      expect(purposeOf(id).description).toMatch(/recorded in the audit trail/);
    }
    for (const id of ['getPerson', 'personHistory', 'getCase', 'searchCases', 'getAlert']) {
      expect(purposeOf(id).header).toMatchObject({ in: 'header', required: false });
    }
    for (const id of ['updatePerson', 'caseStatistics', 'auditRecordTrail', 'verifyAuditChain']) {
      expect(purposeOf(id).header).toBeUndefined();
      expect(purposeOf(id).description).not.toMatch(/audit trail \(who/);
    }
    expect(purposeOf('auditRecordTrail').description).toMatch(/Needs the role auditor\./);
  });

  it('documents Idempotency-Key, its limits and its 422 on every creating POST, and nowhere else', () => {
    const takingKeys = operations
      .filter(({ operation }) =>
        (operation.parameters as { $ref?: string }[]).some(
          (parameter) => parameter.$ref === '#/components/parameters/IdempotencyKey',
        ),
      )
      .map(({ operation }) => operation.operationId as string)
      .sort();
    expect(takingKeys).toEqual(
      [
        'addCaseComment',
        'addCaseTask',
        'createCase',
        'createCompany',
        'createConversation',
        'createConveyance',
        'createPerson',
        'createReferenceEntry',
        'createRule',
        'createUser',
        'createWebhook',
        'postMessage',
        'raiseAlert',
      ].sort(),
    );
    for (const { operation } of operations) {
      const responses = operation.responses as Record<string, { $ref?: string }>;
      const takesKey = takingKeys.includes(operation.operationId as string);
      expect([operation.operationId, '422' in responses]).toEqual([
        operation.operationId,
        takesKey,
      ]);
    }
    const parameter = (document.components as { parameters: Record<string, unknown> }).parameters
      .IdempotencyKey;
    expect(parameter).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: expect.any(String) },
    });
  });

  it('resolves every $ref, and keeps no JSON Schema dialect or definitions inside schemas', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) expect(resolve(document, ref)).toBeDefined();
    for (const schema of Object.values(document.components.schemas)) {
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).not.toHaveProperty('definitions');
    }
  });

  it('describes parameters, bodies and headers from the contracts', () => {
    const list = document.paths['/api/v1/reference/{list}']!.get!;
    expect(list.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'list', in: 'path', required: true }),
        expect.objectContaining({
          name: 'limit',
          in: 'query',
          required: false,
          schema: expect.objectContaining({ type: 'integer', maximum: 500 }),
        }),
        { $ref: '#/components/parameters/AcceptLanguage' },
        { $ref: '#/components/parameters/CorrelationId' },
      ]),
    );
    const update = document.paths['/api/v1/reference/{list}/{code}']!.patch!;
    expect(update.parameters).toContainEqual({ $ref: '#/components/parameters/IfMatch' });
    expect(Object.keys(update.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '415',
      '428',
      '429',
      '500',
      '503',
      '504',
    ]);
    const body = document.components.schemas.UpdateReferenceEntryBody as {
      properties: object;
      required?: string[];
      additionalProperties?: boolean;
    };
    expect(Object.keys(body.properties).sort()).toEqual([
      'attributes',
      'labels',
      'validFrom',
      'validTo',
      'version',
    ]);
    expect(body.required ?? []).toEqual([]);
    expect(body.additionalProperties).toBe(false);
    const create = document.paths['/api/v1/reference/{list}']!.post! as {
      responses: Record<string, { headers?: object }>;
    };
    expect(Object.keys(create.responses['201']!.headers!)).toEqual([
      'X-Correlation-Id',
      'Location',
      'ETag',
      'Content-Language',
      'Idempotent-Replayed',
    ]);
    expect(document.components.schemas.ReferenceEntry).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['code', 'labelLanguage', 'version']),
    });
  });

  it('closes every object of every request body to unknown fields, at every depth', () => {
    const open: string[] = [];
    const seen = new Set<Json>();
    const visit = (node: Json, where: string): void => {
      if (typeof node !== 'object' || node === null || seen.has(node)) return;
      seen.add(node);
      if (Array.isArray(node)) return node.forEach((item) => visit(item, where));
      const schema = node as Record<string, Json>;
      if (typeof schema.$ref === 'string') return visit(resolve(document, schema.$ref), where);
      if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) {
        open.push(where);
      }
      for (const [name, child] of Object.entries((schema.properties ?? {}) as object)) {
        visit(child, `${where}.${name}`);
      }
      for (const key of ['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties']) {
        visit(schema[key], where);
      }
    };
    let bodies = 0;
    for (const { path, method, operation } of operations) {
      const content = (operation as { requestBody?: { content: Record<string, Json> } }).requestBody
        ?.content;
      for (const [type, media] of Object.entries(content ?? {})) {
        bodies += 1;
        visit((media as { schema: Json }).schema, `${method} ${path} ${type}`);
      }
    }
    expect(bodies).toBeGreaterThan(30);
    expect(open).toEqual([]);
    const draft = resolve(document, '#/components/schemas/CreateCaseBody') as Json;
    expect(draft).toHaveProperty('additionalProperties', false);
  });

  it('documents that a 400 names each unknown field', () => {
    const badRequest = document.components.responses.BadRequest as {
      description: string;
      content: Record<string, { example: { errors: unknown[] } }>;
    };
    expect(badRequest.description).toMatch(/a field the API does not know is refused/);
    expect(badRequest.content['application/problem+json']!.example.errors).toContainEqual({
      path: 'draft.itemz',
      reason: 'Unknown field',
    });
  });

  it('answers every error with the problem schema', () => {
    const problem = document.components.schemas.Problem as { required: string[] };
    expect(problem.required).toEqual(
      expect.arrayContaining([
        'type',
        'title',
        'status',
        'detail',
        'instance',
        'correlationId',
        'errors',
      ]),
    );
    for (const response of Object.values(document.components.responses)) {
      expect(response).toMatchObject({
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      });
    }
  });

  it('has one route declaration per contract, each with its own operation id', () => {
    expect(new Set(contractRoutes.map((route) => route.contract)).size).toBe(contractRoutes.length);
  });
});
