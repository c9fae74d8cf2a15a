import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { z } from 'zod';

import { catalog, createCatalog } from './catalog';
import { defineConsumer } from './consumers';
import { defineEvent } from './events';
import {
  GENERATE_COMMAND,
  type GeneratedFiles,
  diffArtifacts,
  generateArtifacts,
  isUpToDate,
  writeArtifacts,
} from './generate';
import { defineRequest } from './requests';

type Json = Record<string, unknown>;

const PACKAGE_DIR = join(__dirname, '..');
const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  version: string;
};

// Fixtures: a nested event with a strict part, a recursive one (zod moves it to definitions, which
// the AsyncAPI document must relocate), and a request with a default.
const hsCode: z.ZodType<{ code: string; children: unknown[] }> = z.object({
  code: z.string(),
  get children() {
    return z.array(hsCode);
  },
});

const caseCreated = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'created',
  version: 1,
  description: 'A seizure or offence case was recorded.',
  data: z.object({
    caseId: z.string(),
    items: z.array(z.object({ hsCode: z.string(), quantity: z.number().positive() })),
    seal: z.strictObject({ number: z.string() }).optional(),
  }),
});

const hsTreeChanged = defineEvent({
  service: 'reference',
  aggregate: 'hs-code',
  verb: 'tree-changed',
  version: 3,
  description: 'The HS code tree was republished.',
  data: z.object({ root: hsCode }),
});

const listCases = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'list',
  description: 'Lists cases.',
  request: z.strictObject({ limit: z.number().int().default(20) }),
  reply: z.object({ items: z.array(z.string()), total: z.number().int().default(0) }),
});

const fixture = createCatalog({ requests: [listCases], events: [hsTreeChanged, caseCreated] });

const json = (files: GeneratedFiles, path: string): Json => {
  const text = files.get(path);
  if (text === undefined) throw new Error(`${path} was not generated`);
  return JSON.parse(text) as Json;
};

/** Resolves a local JSON Pointer reference such as `#/components/schemas/x`. */
function resolve(doc: unknown, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => {
      if (typeof node !== 'object' || node === null || !(token in node)) {
        throw new Error(`Unresolvable reference ${ref}`);
      }
      return (node as Json)[token];
    }, doc);
}

/** Follows references until a node that is not one, as AsyncAPI tools do. */
function deref(doc: unknown, ref: string): unknown {
  const node = resolve(doc, ref);
  const next = (node as { $ref?: unknown }).$ref;
  return typeof next === 'string' ? deref(doc, next) : node;
}

function collectRefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(collectRefs);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : collectRefs(value),
  );
}

function keysAreSorted(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(keysAreSorted);
  if (typeof node !== 'object' || node === null) return true;
  const keys = Object.keys(node);
  return (
    keys.every((key, i) => i === 0 || (keys[i - 1] as string) < key) &&
    Object.values(node).every(keysAreSorted)
  );
}

describe('generateArtifacts', () => {
  const files = generateArtifacts(fixture, { version: '1.2.3' });

  it('writes one file per schema, sorted by path', () => {
    expect([...files.keys()]).toEqual([
      'asyncapi.json',
      'events/cases.case.created.v1.schema.json',
      'events/reference.hs-code.tree-changed.v3.schema.json',
      'requests/cases.case.list.reply.schema.json',
      'requests/cases.case.list.request.schema.json',
      'schemas/cloudevent.schema.json',
      'schemas/error-envelope.schema.json',
      'schemas/principal.schema.json',
    ]);
  });

  it('is deterministic: sorted keys, 2-space JSON, trailing newline, any contract order', () => {
    const reordered = createCatalog({
      requests: [listCases],
      events: [caseCreated, hsTreeChanged],
    });
    expect(generateArtifacts(reordered, { version: '1.2.3' })).toEqual(files);
    for (const [path, text] of files) {
      expect(text.endsWith('}\n')).toBe(true);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      if (!keysAreSorted(JSON.parse(text))) throw new Error(`${path} has unsorted keys`);
    }
  });

  it('publishes the full envelope of each event, pinned to its type and source', () => {
    const schema = json(files, 'events/cases.case.created.v1.schema.json');
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'cases.case.created.v1',
      description: 'A seizure or offence case was recorded.',
      type: 'object',
      required: expect.arrayContaining(['id', 'type', 'source', 'time', 'correlationid', 'data']),
    });
    const properties = schema.properties as Record<string, Json>;
    expect(properties.type).toMatchObject({ const: 'cases.case.created.v1' });
    expect(properties.source).toMatchObject({ const: '/opencen/cases' });
    expect(properties.data).toMatchObject({
      required: ['caseId', 'items'],
      properties: { items: { type: 'array', items: { required: ['hsCode', 'quantity'] } } },
    });
  });

  it('leaves the objects of events open to added optional fields, strict ones included', () => {
    const schema = json(files, 'events/cases.case.created.v1.schema.json');
    const data = (schema.properties as Record<string, Json>).data as Json;
    expect(schema).not.toHaveProperty('additionalProperties');
    expect(data).not.toHaveProperty('additionalProperties');
    expect(data).toHaveProperty(['properties', 'seal', 'type'], 'object');
    expect(data).not.toHaveProperty(['properties', 'seal', 'additionalProperties']);
  });

  it('closes every object of a request to unknown fields, at every depth', () => {
    expect(json(files, 'requests/cases.case.list.request.schema.json')).toHaveProperty(
      'additionalProperties',
      false,
    );
    const published = generateArtifacts(catalog, { version });
    const create = json(published, 'requests/cases.case.create.request.schema.json');
    expect(create).toHaveProperty('additionalProperties', false);
    const draft = (create.properties as Record<string, Json>).draft as Json;
    expect(draft).toHaveProperty('additionalProperties', false);
    expect(draft).toHaveProperty(['properties', 'items', 'items', 'additionalProperties'], false);
    // The reply reuses the strict draft and stays open: its readers ignore unknown fields.
    const reply = json(published, 'requests/cases.case.get.reply.schema.json');
    expect(JSON.stringify(reply)).not.toContain('"additionalProperties":false');
  });

  it('describes requests as sent and replies as received', () => {
    expect(json(files, 'requests/cases.case.list.request.schema.json')).toMatchObject({
      title: 'cases.case.list request',
      properties: { limit: { default: 20 } },
    });
    expect(json(files, 'requests/cases.case.list.request.schema.json')).not.toHaveProperty(
      'required',
    );
    expect(json(files, 'requests/cases.case.list.reply.schema.json')).toMatchObject({
      required: ['items', 'total'],
    });
  });

  it('publishes the shared schemas', () => {
    expect(json(files, 'schemas/cloudevent.schema.json')).toMatchObject({
      title: 'CloudEvent',
      required: expect.arrayContaining(['specversion', 'id', 'type', 'data']),
    });
    expect(json(files, 'schemas/error-envelope.schema.json')).toMatchObject({
      required: ['code', 'message', 'details'],
      properties: { code: { enum: expect.arrayContaining(['VALIDATION_FAILED', 'INTERNAL']) } },
    });
    expect(json(files, 'schemas/principal.schema.json')).toMatchObject({
      required: ['sub', 'username', 'roles'],
    });
  });
});

describe('the AsyncAPI document', () => {
  const doc = json(generateArtifacts(fixture, { version: '1.2.3' }), 'asyncapi.json');

  it('is an AsyncAPI 3.0 document for a NATS server', () => {
    expect(doc).toMatchObject({
      asyncapi: '3.0.0',
      info: { title: 'OpenCEN domain events', version: '1.2.3', description: expect.any(String) },
      defaultContentType: 'application/json',
      servers: { nats: { protocol: 'nats', host: expect.any(String) } },
    });
  });

  it('has one channel per event subject, with a send operation and a message', () => {
    const channels = doc.channels as Record<string, Json>;
    const operations = doc.operations as Record<string, Json>;
    expect(Object.keys(channels)).toEqual([
      'cases.case.created.v1',
      'reference.hs-code.tree-changed.v3',
    ]);
    expect(Object.keys(operations)).toEqual(Object.keys(channels));

    for (const contract of [caseCreated, hsTreeChanged]) {
      const channel = channels[contract.type] as Json;
      expect(channel.address).toBe(contract.subject);

      const operation = operations[contract.type] as Json;
      expect(operation.action).toBe('send');
      expect(resolve(doc, (operation.channel as Json).$ref as string)).toBe(channel);
      // AsyncAPI 3 requires an operation's messages to be those of its channel.
      const [opMessage] = operation.messages as Json[];
      expect(opMessage?.$ref).toBe(`#/channels/${contract.type}/messages/${contract.type}`);

      // The operation points at the channel's message, which points at the component.
      const message = deref(doc, opMessage?.$ref as string) as Json;
      expect(message).toBe(resolve(doc, `#/components/messages/${contract.type}`));
      expect(message).toMatchObject({
        name: contract.type,
        contentType: 'application/json',
        correlationId: { location: '$message.payload#/correlationid' },
      });

      const payload = resolve(doc, (message.payload as Json).$ref as string) as Json;
      expect(payload).not.toHaveProperty('$schema');
      expect(payload).toHaveProperty(['properties', 'type', 'const'], contract.type);
      expect(payload).toHaveProperty(['properties', 'data', 'type'], 'object');
    }
  });

  it('resolves every reference inside the document, including relocated definitions', () => {
    const refs = collectRefs(doc);
    expect(refs).toContain('#/components/schemas/reference.hs-code.tree-changed.v3.__schema0');
    for (const ref of refs) expect(() => resolve(doc, ref)).not.toThrow();
  });

  it('names what each declared consumer reads, as receive operations on the event channels', () => {
    const consumer = defineConsumer({
      service: 'persons',
      purpose: 'case-counts',
      description: 'Counts cases per subject.',
      events: [caseCreated],
    });
    const withConsumer = json(
      generateArtifacts(
        createCatalog({
          requests: [],
          events: [caseCreated, hsTreeChanged],
          consumers: [consumer],
        }),
        { version: '1.2.3' },
      ),
      'asyncapi.json',
    );
    const operations = withConsumer.operations as Record<string, Json>;
    const receive = operations['persons-case-counts:cases.case.created.v1'] as Json;
    expect(receive).toMatchObject({
      action: 'receive',
      channel: { $ref: '#/channels/cases.case.created.v1' },
      messages: [{ $ref: '#/channels/cases.case.created.v1/messages/cases.case.created.v1' }],
    });
    expect(receive.summary).toContain('Counts cases per subject.');
    expect(Object.values(operations).filter((op) => op.action === 'receive')).toHaveLength(1);
    for (const ref of collectRefs(withConsumer))
      expect(() => resolve(withConsumer, ref)).not.toThrow();
  });

  it('is valid with no events at all', () => {
    const empty = json(
      generateArtifacts(createCatalog({ requests: [], events: [] }), { version: '0.0.0' }),
      'asyncapi.json',
    );
    expect(empty).toMatchObject({ asyncapi: '3.0.0', channels: {}, operations: {} });
  });
});

describe('writing and checking generated files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opencen-contracts-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes everything into an empty folder, then finds it up to date', () => {
    const files = generateArtifacts(fixture, { version });
    expect(diffArtifacts(dir, files).missing).toEqual([...files.keys()]);
    expect(writeArtifacts(dir, files)).toEqual({ written: [...files.keys()], deleted: [] });
    expect(isUpToDate(diffArtifacts(dir, files))).toBe(true);
    expect(writeArtifacts(dir, files)).toEqual({ written: [], deleted: [] });
  });

  it('finds changed files and rewrites them', () => {
    const files = generateArtifacts(fixture, { version });
    writeArtifacts(dir, files);
    writeFileSync(join(dir, 'asyncapi.json'), '{}\n');
    expect(diffArtifacts(dir, files)).toEqual({
      missing: [],
      changed: ['asyncapi.json'],
      stale: [],
    });
    expect(writeArtifacts(dir, files).written).toEqual(['asyncapi.json']);
    expect(isUpToDate(diffArtifacts(dir, files))).toBe(true);
  });

  it('deletes the files of removed contracts and the folders they leave empty', () => {
    writeArtifacts(dir, generateArtifacts(fixture, { version }));
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'notes.json'), '{}\n');
    const withoutRequests = generateArtifacts(
      createCatalog({ requests: [], events: [caseCreated, hsTreeChanged] }),
      { version },
    );

    expect(diffArtifacts(dir, withoutRequests).stale).toEqual([
      'old/notes.json',
      'requests/cases.case.list.reply.schema.json',
      'requests/cases.case.list.request.schema.json',
    ]);
    writeArtifacts(dir, withoutRequests);
    expect(isUpToDate(diffArtifacts(dir, withoutRequests))).toBe(true);
    expect(existsSync(join(dir, 'requests'))).toBe(false);
    expect(existsSync(join(dir, 'old'))).toBe(false);
  });
});

describe('the committed generated/ folder', () => {
  it('matches the contracts', () => {
    const diff = diffArtifacts(
      join(PACKAGE_DIR, 'generated'),
      generateArtifacts(catalog, { version }),
    );
    if (!isUpToDate(diff)) {
      throw new Error(
        `packages/contracts/generated/ is out of date with the contracts ` +
          `(missing: ${diff.missing.join(', ') || 'none'}; changed: ${diff.changed.join(', ') || 'none'}; ` +
          `stale: ${diff.stale.join(', ') || 'none'}). Run \`${GENERATE_COMMAND}\` and commit the result.`,
      );
    }
  });
});
