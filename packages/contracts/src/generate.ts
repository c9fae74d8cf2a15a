/**
 * Publishes the contracts as JSON Schema files and an AsyncAPI 3.0 document (`generated/`), so that
 * external systems (risk engines, partner administrations) can build against the events without
 * reading TypeScript.
 *
 * Generation is a pure function of a catalog; writing and comparing are separate, so that a unit
 * test can tell when the committed files are stale.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type Catalog } from './catalog';
import { errorEnvelopeSchema } from './errors';
import { EVENTS_STREAM, EVENTS_STREAM_SUBJECTS } from './subjects';
import { anyCloudEventSchema } from './events';
import { type JsonSchema, type SchemaSide, toContractJsonSchema } from './json-schema';
import { principalSchema } from './principal';

/** Generated files: path relative to `generated/` (with `/` separators) → content. */
export type GeneratedFiles = ReadonlyMap<string, string>;

/** Options of {@link generateArtifacts}. */
export interface GenerateOptions {
  /** Version of the contracts package, shown as the AsyncAPI `info.version`. */
  readonly version: string;
}

/** The command that regenerates the committed files, for messages that ask someone to run it. */
export const GENERATE_COMMAND = 'npm run generate -w @opencen/contracts';

const GENERATED_NOTICE = `Generated from @opencen/contracts by \`${GENERATE_COMMAND}\`; do not edit.`;

/**
 * Generates every published file of `catalog`, sorted by path. Output is deterministic: keys
 * sorted, 2-space JSON, trailing newline; the same catalog always gives the same bytes.
 */
export function generateArtifacts(catalog: Catalog, options: GenerateOptions): GeneratedFiles {
  const files = new Map<string, string>();
  const add = (path: string, value: unknown) => files.set(path, stableJson(value));

  const genericEnvelope = standalone(anyCloudEventSchema, 'output', {
    title: 'CloudEvent',
    description: 'The CloudEvents 1.0 JSON envelope of every OpenCEN domain event.',
  });
  // zod leaves an unknown-typed field out of `required`, yet every OpenCEN event carries data.
  genericEnvelope.required = [...new Set([...(genericEnvelope.required ?? []), 'data'])];
  add('schemas/cloudevent.schema.json', genericEnvelope);
  add(
    'schemas/error-envelope.schema.json',
    standalone(errorEnvelopeSchema, 'output', {
      title: 'ErrorEnvelope',
      description: 'How a failed NATS request is answered.',
    }),
  );
  add(
    'schemas/principal.schema.json',
    standalone(principalSchema, 'output', {
      title: 'Principal',
      description: 'Who is calling: the decoded x-opencen-principal NATS header.',
    }),
  );

  for (const event of catalog.events) {
    add(
      `events/${event.type}.schema.json`,
      standalone(event.envelope, 'output', { title: event.type, description: event.description }),
    );
  }
  for (const request of catalog.requests) {
    // The request is described as a sender may write it, the reply as a sender receives it.
    add(
      `requests/${request.subject}.request.schema.json`,
      standalone(request.request, 'input', {
        title: `${request.subject} request`,
        description: request.description,
      }),
    );
    add(
      `requests/${request.subject}.reply.schema.json`,
      standalone(request.reply, 'output', {
        title: `${request.subject} reply`,
        description: request.description,
      }),
    );
  }
  add('asyncapi.json', asyncApiDocument(catalog, options.version));

  return new Map([...files].sort(([a], [b]) => compare(a, b)));
}

/**
 * The AsyncAPI 3.0 document of the domain events: one channel per event subject, one `send`
 * operation per channel (OpenCEN is the application described, and it publishes), one `receive`
 * operation per declared durable consumer and event it reads (`<durable>:<type>`), and one message
 * per event in `components.messages` whose payload references the envelope's schema in
 * `components.schemas`. The document is self-contained, so tools can read it without the
 * neighbouring files.
 */
export function asyncApiDocument(
  catalog: Pick<Catalog, 'events' | 'consumers'>,
  version: string,
): object {
  const { events, consumers } = catalog;
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const messages: Record<string, object> = {};
  const schemas: Record<string, JsonSchema> = {};

  for (const event of events) {
    const key = event.type;
    embedSchema(key, toContractJsonSchema(event.envelope, 'output'), schemas);
    messages[key] = {
      name: key,
      title: key,
      summary: event.description,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': {
            type: 'string',
            description: 'The CloudEvent id; JetStream drops a duplicate inside its window.',
          },
        },
      },
      correlationId: {
        description: 'Shared by every request and event caused by one client call.',
        location: '$message.payload#/correlationid',
      },
      payload: { $ref: `#/components/schemas/${pointerToken(key)}` },
    };
    channels[key] = {
      address: event.subject,
      title: key,
      description: event.description,
      messages: { [key]: { $ref: `#/components/messages/${pointerToken(key)}` } },
    };
    operations[key] = {
      action: 'send',
      title: `Publish ${key}`,
      summary: `The ${event.service} service publishes ${key} on stream ${EVENTS_STREAM}.`,
      channel: { $ref: `#/channels/${pointerToken(key)}` },
      messages: [{ $ref: `#/channels/${pointerToken(key)}/messages/${pointerToken(key)}` }],
    };
  }
  for (const consumer of consumers) {
    for (const event of consumer.events) {
      const key = event.type;
      operations[`${consumer.durable}:${key}`] = {
        action: 'receive',
        title: `${consumer.durable} reads ${key}`,
        summary: `The ${consumer.service} service's durable consumer ${consumer.durable}: ${consumer.description}`,
        channel: { $ref: `#/channels/${pointerToken(key)}` },
        messages: [{ $ref: `#/channels/${pointerToken(key)}/messages/${pointerToken(key)}` }],
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'OpenCEN domain events',
      version,
      description:
        'Domain events of the OpenCEN Customs Enforcement Network, published as CloudEvents 1.0 ' +
        `JSON on the NATS JetStream stream ${EVENTS_STREAM} (subjects ${EVENTS_STREAM_SUBJECTS.join(', ')}). ` +
        'Consumers should deduplicate by event id. Within one event version only optional fields ' +
        'are added; a breaking change gets a new version and a new subject. ' +
        GENERATED_NOTICE,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      nats: {
        host: '{host}',
        protocol: 'nats',
        description: 'The NATS server of an OpenCEN deployment, with JetStream enabled.',
        variables: {
          host: { default: 'localhost:4222', description: 'Host and port of the deployment.' },
        },
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}

/**
 * Serializes `value` deterministically: object keys sorted at every depth (array order is kept,
 * it can carry meaning), 2-space indentation, trailing newline.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** How the files in a directory differ from the files that should be there. */
export interface ArtifactDiff {
  /** Expected but absent. */
  readonly missing: string[];
  /** Present with other content. */
  readonly changed: string[];
  /** Present but not expected, e.g. left over from a removed contract. */
  readonly stale: string[];
}

/** Compares `dir` (e.g. `generated/`) with `files`; every list is sorted. */
export function diffArtifacts(dir: string, files: GeneratedFiles): ArtifactDiff {
  const present = new Set(listFiles(dir));
  const missing: string[] = [];
  const changed: string[] = [];
  for (const [path, content] of files) {
    if (!present.has(path)) missing.push(path);
    else if (readFileSync(join(dir, path), 'utf8') !== content) changed.push(path);
  }
  const stale = [...present].filter((path) => !files.has(path)).sort(compare);
  return { missing, changed, stale };
}

/** Whether an {@link ArtifactDiff} found nothing. */
export function isUpToDate(diff: ArtifactDiff): boolean {
  return diff.missing.length + diff.changed.length + diff.stale.length === 0;
}

/**
 * Makes `dir` hold exactly `files`: writes what is missing or changed, and deletes every other file
 * (the directory belongs to the generator) and the folders left empty.
 */
export function writeArtifacts(
  dir: string,
  files: GeneratedFiles,
): { written: string[]; deleted: string[] } {
  const diff = diffArtifacts(dir, files);
  const written = [...diff.missing, ...diff.changed].sort(compare);
  for (const path of written) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), files.get(path) ?? '');
  }
  for (const path of diff.stale) rmSync(join(dir, path));
  removeEmptyFolders(dir);
  return { written, deleted: diff.stale };
}

/** A standalone schema file: dialect, title, description and a notice that it is generated. */
function standalone(
  schema: Parameters<typeof toContractJsonSchema>[0],
  side: SchemaSide,
  meta: { title: string; description: string },
): JsonSchema {
  return { ...toContractJsonSchema(schema, side), ...meta, $comment: GENERATED_NOTICE };
}

/**
 * Puts `schema` into `components.schemas` under `key`. zod's local definitions (`#/definitions/x`
 * for recursive or named subschemas, `#` for a recursive root) would point at the AsyncAPI
 * document's root once embedded, so they move next to it as `<key>.<name>` and their references
 * are rewritten.
 */
function embedSchema(key: string, schema: JsonSchema, target: Record<string, JsonSchema>): void {
  const { $schema: _dialect, definitions, ...root } = schema;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === '$ref' ? rewriteRef(v) : rewrite(v)]),
    );
  };
  const rewriteRef = (ref: unknown): unknown => {
    if (ref === '#') return `#/components/schemas/${pointerToken(key)}`;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = ref.slice('#/definitions/'.length);
      return `#/components/schemas/${pointerToken(`${key}.${unescapePointer(name)}`)}`;
    }
    return ref;
  };
  target[key] = rewrite(root) as JsonSchema;
  for (const [name, def] of Object.entries((definitions ?? {}) as Record<string, unknown>)) {
    target[`${key}.${name}`] = rewrite(def) as JsonSchema;
  }
}

/** Escapes a key for use as one JSON Pointer token (RFC 6901). */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort(compare)
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** Code-unit order, the same on every machine whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function listFiles(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .flatMap((entry) => {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      return entry.isDirectory() ? listFiles(dir, path) : [path];
    })
    .sort(compare);
}

function removeEmptyFolders(dir: string, prefix = ''): void {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    removeEmptyFolders(dir, path);
    if (readdirSync(join(dir, path)).length === 0) rmdirSync(join(dir, path));
  }
}
