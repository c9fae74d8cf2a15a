'use strict';
// What schemathesis may see refused although the OpenAPI document cannot say so in JSON Schema,
// per operation, each with its reason. Everything else the document must say exactly: a refusal
// not listed here is a failure of the run. schemathesis.toml is written from this (run.js).

/** Statuses a schema-valid request may get anyway, by default (schemathesis' own list). */
const ACCEPTED = ['2xx', '3xx', '401', '403', '404', '409', '429', '5xx'];

/**
 * Refusals of schema-valid requests, by operation id: the status and why no schema can express it.
 * @type {Record<string, { statuses: string[], why: string }>}
 */
const REFUSALS = {};

/** Adds `statuses` to each of `operationIds`, for `why`. */
function allow(operationIds, statuses, why) {
  for (const id of operationIds) {
    const entry = (REFUSALS[id] ??= { statuses: [], why: '' });
    entry.statuses = [...new Set([...entry.statuses, ...statuses])];
    entry.why = entry.why ? `${entry.why}; ${why}` : why;
  }
}

allow(
  ['searchPersons', 'searchCompanies', 'searchConveyances'],
  ['400'],
  'one of several query parameters is required (a name or a number): OpenAPI states each parameter alone',
);
allow(
  [
    ...['createCase', 'updateCase', 'createPerson', 'updatePerson'],
    ...['createCompany', 'updateCompany', 'createConveyance', 'updateConveyance'],
  ],
  ['400'],
  "a classification above the caller's clearance (a claim of the token) is refused, codes must be in the code lists of the reference-data service, and identifiers (VIN, IMO...) must pass their check digits",
);
allow(['submitCase'], ['400'], 'the mandatory minimum is checked against what the case holds');
allow(['raiseAlert'], ['400'], 'an alert must still be valid today');
allow(
  ['raiseAlert', 'updateAlert'],
  ['400'],
  'validTo must not be before validFrom: a rule across fields',
);
allow(
  ['createConversation', 'addConversationMembers'],
  ['400'],
  'members must be users the auth service knows',
);
allow(
  ['createUser', 'changeUserOffice'],
  ['400'],
  'the office must be a customs office of the code lists',
);
allow(['changeUserClearance'], ['400'], "a clearance above the caller's own is refused");
allow(
  ['createRule', 'updateRule'],
  ['400'],
  'a watch needs one of its filter fields: a rule across fields',
);
allow(['createWebhook'], ['400'], 'event types must be in the AsyncAPI catalog');
allow(['replayWebhook'], ['400'], 'either since or eventId: a rule across fields');
allow(
  ['createReferenceEntry', 'updateReferenceEntry'],
  ['400'],
  'each code list has its own rules for codes and fields (ISO alpha-2 for countries...)',
);
allow(
  ['importCases'],
  ['400', '415'],
  "the file must be a CSV or XLSX file (by its name and bytes) with the import's columns",
);
allow(
  ['uploadCasePhoto', 'uploadAttachment'],
  ['400'],
  "the file's type is read from its bytes, and must agree with the part's declared type",
);

/**
 * Operations on one existing user change the shared Keycloak realm, whose demo users every test
 * tier signs in as: they are fuzzed on a sandbox user made for the run (their `id` pinned to
 * FUZZ_SANDBOX_USER), and without the stateful phase (run.js), which would feed them ids read from
 * other replies, the demo users' among them.
 */
const SANDBOXED = /^\/api\/v1\/users\/\{id\}/;

/**
 * Server-Sent Events streams stay open: schemathesis reads an event stream until it ends or the
 * request timeout passes in total, then checks what came (it is not a failure). The stream's own
 * timeout is short, so that each of its examples takes seconds, not the run's default ten.
 */
const STREAMS = {
  streamNotifications: { requestTimeoutSeconds: 2, why: 'an SSE stream never ends' },
};

/**
 * Each operation of an OpenAPI document: its id, whether it is sandboxed, and the statuses a
 * schema-valid request may get (REFUSALS, and those derived from its parameters).
 * @returns {{ id: string, path: string, sandboxed: boolean, stream?: { requestTimeoutSeconds: number, why: string }, statuses?: string[], why: string[] }[]}
 */
function operationsOf(document) {
  const operations = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item)) {
      if (!operation?.operationId) continue;
      const refusal = REFUSALS[operation.operationId];
      const statuses = [...(refusal?.statuses ?? [])];
      const why = refusal ? [refusal.why] : [];
      const parameters = operation.parameters ?? [];
      if (parameters.some((p) => p.$ref === '#/components/parameters/IfMatch')) {
        statuses.push('400', '428');
        why.push(
          'the version comes from If-Match or the body: one is required, and they must agree',
        );
      }
      if (parameters.some((p) => p.$ref === '#/components/parameters/IdempotencyKey')) {
        statuses.push('422');
        why.push(
          "an Idempotency-Key is one request's: sent again with another body it is refused, and schemathesis sends the same keys to different bodies",
        );
      }
      if (parameters.some((p) => p.name === 'cursor')) {
        statuses.push('400');
        why.push('a cursor is valid only as the API gave it (for its list, filter and sort)');
      }
      operations.push({
        id: operation.operationId,
        path,
        roles: operation['x-opencen-roles'],
        sandboxed: SANDBOXED.test(path),
        ...(STREAMS[operation.operationId] ? { stream: STREAMS[operation.operationId] } : {}),
        ...(statuses.length > 0 ? { statuses: [...ACCEPTED, ...new Set(statuses)] } : {}),
        why,
      });
    }
  }
  return operations;
}

/** The schemathesis.toml of a document: one block per operation that needs one. */
function configOf(document) {
  const lines = [
    '# Written by tests/api-fuzz/run.js from allowances.js: edit that file, not this one.',
    '',
    '# Every run starts afresh (no failures of an earlier run replayed first): a seed is one run.',
    '[cache]',
    'enabled = false',
    '',
    '# 428 Precondition Required (RFC 6585) is the answer to a missing If-Match.',
    '[checks.missing_required_header]',
    'expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]',
  ];
  for (const operation of operationsOf(document)) {
    if (!operation.statuses && !operation.sandboxed && !operation.stream) continue;
    const why = [...operation.why, ...(operation.stream ? [operation.stream.why] : [])];
    lines.push('', ...why.map((reason) => `# ${reason}`), '[[operations]]');
    lines.push(`include-operation-id = "${operation.id}"`);
    if (operation.stream) lines.push(`request-timeout = ${operation.stream.requestTimeoutSeconds}`);
    if (operation.sandboxed) lines.push('parameters = { "path.id" = "${FUZZ_SANDBOX_USER}" }');
    if (operation.statuses)
      lines.push(
        `checks.positive_data_acceptance.expected-statuses = ${JSON.stringify(operation.statuses)}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

module.exports = { configOf, operationsOf };
