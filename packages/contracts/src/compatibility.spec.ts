import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { z } from 'zod';

import { catalog, createCatalog } from './catalog';
import {
  type CompatibilityProblem,
  type Retirement,
  type SchemaFiles,
  checkCompatibility,
  nextVersion,
} from './compatibility';
import { type EventContract, defineEvent, nextEventVersion } from './events';
import { generateArtifacts } from './generate';
import { type RequestContract, defineRequest, nextRequestVersion } from './requests';
import {
  RELEASE_SNAPSHOT_COMMAND,
  readReleaseSnapshot,
  readRetirements,
  snapshotFiles,
  writeReleaseSnapshot,
} from './release-snapshot';

const PACKAGE_DIR = join(__dirname, '..');
const RELEASED_DIR = join(PACKAGE_DIR, 'released');
const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  version: string;
};

describe('the current contracts against the last release', () => {
  it('break no consumer of the released contracts', () => {
    const { release, files } = readReleaseSnapshot(RELEASED_DIR);
    const current = snapshotFiles(generateArtifacts(catalog, { version }));
    const problems = checkCompatibility(files, current, readRetirements(RELEASED_DIR));
    if (problems.length > 0) {
      throw new Error(
        `${problems.length} change(s) break consumers of release ${release}:\n` +
          problems.map((problem) => `- ${problem.message}`).join('\n'),
      );
    }
    // The snapshot is the real thing, not an empty folder that passes everything.
    expect(files.size).toBeGreaterThan(100);
  });

  it('fails when a released contract is broken on purpose', () => {
    const { files } = readReleaseSnapshot(RELEASED_DIR);
    const current = new Map(snapshotFiles(generateArtifacts(catalog, { version })));
    interface Node {
      properties: Record<string, Node>;
    }
    const edit = (path: string, change: (schema: Node) => void) => {
      const schema = JSON.parse(current.get(path)!) as Node;
      change(schema);
      current.set(path, JSON.stringify(schema));
    };
    // A field removed from the case draft, and the case number of the created event retyped.
    edit('requests/cases.case.create.request.schema.json', (schema) => {
      delete schema.properties.draft!.properties.narrative;
    });
    edit('events/cases.case.created.v1.schema.json', (schema) => {
      schema.properties.data!.properties.number = { type: 'integer' } as unknown as Node;
    });
    // A released event version gone.
    current.delete('events/cases.case.closed.v1.schema.json');

    const problems = checkCompatibility(files, current, readRetirements(RELEASED_DIR));
    expect(
      problems.map((problem) => `${problem.rule} ${problem.contract} ${problem.field}`),
    ).toEqual([
      'removed-contract cases.case.closed.v1 ',
      'retyped cases.case.created.v1 data.number',
      'removed-field cases.case.create draft.narrative',
    ]);
  });
});

// Fixtures: a request, an event and their variants, as a later commit could change them.

const item = z.strictObject({ commodity: z.string().max(35), quantity: z.number().positive() });

interface CreateCaseParts {
  request: z.ZodType;
  reply: z.ZodType;
}

const createCaseParts: CreateCaseParts = {
  request: z.strictObject({
    office: z.string().min(1),
    type: z.enum(['seizure', 'offence']),
    note: z.string().max(200).optional(),
    items: z.array(item).max(50),
  }),
  reply: z.object({
    id: z.string(),
    status: z.enum(['draft', 'submitted']),
    version: z.number().int(),
    office: z.string().optional(),
  }),
};

const createCase = (parts: Partial<CreateCaseParts> = {}) =>
  defineRequest({
    service: 'cases',
    aggregate: 'case',
    verb: 'create',
    description: 'Records a case.',
    ...createCaseParts,
    ...parts,
  });

const caseData = {
  caseId: z.string(),
  office: z.string(),
  status: z.enum(['draft', 'submitted']),
  quantity: z.number(),
  note: z.string().max(200).optional(),
};

const caseCreated = (data: Record<string, z.ZodType> = caseData) =>
  defineEvent({
    service: 'cases',
    aggregate: 'case',
    verb: 'created',
    version: 1,
    description: 'A case was recorded.',
    data: z.object(data),
  });

function files(requests: RequestContract[], events: EventContract[]): SchemaFiles {
  return snapshotFiles(generateArtifacts(createCatalog({ requests, events }), { version }));
}

const releasedFiles = files([createCase()], [caseCreated()]);

function check(
  requests: RequestContract[],
  events: EventContract[],
  retirements: Retirement[] = [],
): CompatibilityProblem[] {
  return checkCompatibility(releasedFiles, files(requests, events), retirements);
}

/** The problems as `rule pointer` lines, for readable expectations. */
const summary = (problems: readonly CompatibilityProblem[]) =>
  problems.map((problem) => `${problem.rule} ${problem.file}#${problem.pointer}`);

const REQUEST_FILE = 'requests/cases.case.create.request.schema.json';
const REPLY_FILE = 'requests/cases.case.create.reply.schema.json';
const EVENT_FILE = 'events/cases.case.created.v1.schema.json';

describe('checkCompatibility', () => {
  it('finds nothing between a release and itself', () => {
    expect(check([createCase()], [caseCreated()])).toEqual([]);
  });

  describe('requests: what released callers send must still be accepted', () => {
    const requestWith = (shape: Record<string, z.ZodType>) =>
      createCase({ request: z.strictObject(shape) });
    const { office, type, note, items } = {
      office: z.string().min(1),
      type: z.enum(['seizure', 'offence']),
      note: z.string().max(200).optional(),
      items: z.array(item).max(50),
    };

    it('refuses a removed field, naming contract, pointer, rule and the next version', () => {
      const problems = check([requestWith({ office, type, items })], [caseCreated()]);
      expect(summary(problems)).toEqual([`removed-field ${REQUEST_FILE}#/properties/note`]);
      const [problem] = problems;
      expect(problem).toMatchObject({
        contract: 'cases.case.create',
        role: 'request',
        field: 'note',
      });
      expect(problem!.message).toContain('cases.case.create request: removed-field at');
      expect(problem!.message).toContain(`${REQUEST_FILE}#/properties/note (note)`);
      expect(problem!.message).toContain('the current replier refuses it as unknown');
      expect(problem!.message).toContain(
        'ship the change as cases.case.create.v2 beside cases.case.create',
      );
      expect(problem!.message).toContain('"Compatibility with the last release"');
    });

    it('refuses a new required field, and an optional one made required', () => {
      const problems = check(
        [requestWith({ office, type, note: z.string().max(200), items, officer: z.string() })],
        [caseCreated()],
      );
      expect(summary(problems)).toEqual([
        `new-required-field ${REQUEST_FILE}#/properties/note`,
        `new-required-field ${REQUEST_FILE}#/properties/officer`,
      ]);
      expect(problems[1]!.fix).toContain('make the field optional (or give it a default)');
    });

    it('refuses a retyped field, at any depth', () => {
      const retypedItem = z.strictObject({ commodity: z.string().max(35), quantity: z.string() });
      const problems = check(
        [requestWith({ office, type, note, items: z.array(retypedItem).max(50) })],
        [caseCreated()],
      );
      expect(summary(problems)).toEqual([
        `retyped ${REQUEST_FILE}#/properties/items/items/properties/quantity`,
      ]);
      expect(problems[0]).toMatchObject({
        field: 'items[].quantity',
        detail: 'type number → string: number no longer taken',
      });
    });

    it('refuses a narrowed enum, length, count or bound', () => {
      const problems = check(
        [
          requestWith({
            office,
            type: z.enum(['seizure']),
            note: z.string().max(100).optional(),
            items: z
              .array(z.strictObject({ commodity: z.string().max(35), quantity: z.number().min(1) }))
              .max(10),
          }),
        ],
        [caseCreated()],
      );
      expect(summary(problems)).toEqual([
        `narrowed ${REQUEST_FILE}#/properties/items`,
        `narrowed ${REQUEST_FILE}#/properties/items/items/properties/quantity`,
        `narrowed ${REQUEST_FILE}#/properties/note`,
        `narrowed ${REQUEST_FILE}#/properties/type`,
      ]);
      expect(problems.map((problem) => problem.detail)).toEqual([
        'maxItems 50 → maxItems 10',
        'exclusive minimum 0 → minimum 1',
        'maxLength 200 → maxLength 100',
        'values "seizure", "offence" → "seizure", no longer taken: "offence"',
      ]);
    });

    it('refuses a nullable field made non-nullable and a dropped union alternative', () => {
      const released = createCase({
        request: z.strictObject({
          office: z.string().nullable(),
          target: z.discriminatedUnion('kind', [
            z.strictObject({ kind: z.literal('case'), caseId: z.string() }),
            z.strictObject({ kind: z.literal('person'), personId: z.string() }),
          ]),
        }),
      });
      const current = createCase({
        request: z.strictObject({
          office: z.string(),
          target: z.discriminatedUnion('kind', [
            z.strictObject({ kind: z.literal('case'), caseId: z.string() }),
          ]),
        }),
      });
      const problems = checkCompatibility(files([released], []), files([current], []));
      expect(problems.map((p) => `${p.rule} ${p.field}: ${p.detail}`)).toEqual([
        'retyped office: type string | null → string: null no longer taken',
        'narrowed target: alternative {"kind":"person"} no longer taken',
      ]);
    });

    it('lets a request widen: a new optional field, a new enum value, looser bounds, optional', () => {
      const problems = check(
        [
          requestWith({
            office: z.string().optional(),
            type: z.enum(['seizure', 'offence', 'investigation']),
            note: z.string().max(500).optional(),
            items: z.array(item).max(100),
            seal: z.string().optional(),
            priority: z.number().int().default(0),
          }),
        ],
        [caseCreated()],
      );
      expect(problems).toEqual([]);
    });
  });

  describe('replies: released callers read them, ignoring fields they do not know', () => {
    const replyWith = (shape: Record<string, z.ZodType>) => createCase({ reply: z.object(shape) });
    const {
      id,
      status,
      version: replyVersion,
      office,
    } = {
      id: z.string(),
      status: z.enum(['draft', 'submitted']),
      version: z.number().int(),
      office: z.string().optional(),
    };

    it('refuses a removed field, a field made optional and a widened enum', () => {
      const problems = check(
        [
          replyWith({
            id: id.optional(),
            status: z.enum(['draft', 'submitted', 'closed']),
            version: replyVersion,
          }),
        ],
        [caseCreated()],
      );
      expect(summary(problems)).toEqual([
        `made-optional ${REPLY_FILE}#/properties/id`,
        `removed-field ${REPLY_FILE}#/properties/office`,
        `widened ${REPLY_FILE}#/properties/status`,
      ]);
      expect(problems[2]!.why).toContain('callers built against the release refuse');
      expect(problems[2]!.detail).toContain('newly sent: "closed"');
    });

    it('refuses a new required field: callers of this release may get a reply from an old replica', () => {
      const problems = check(
        [replyWith({ id, status, version: replyVersion, office, number: z.string() })],
        [caseCreated()],
      );
      expect(summary(problems)).toEqual([`new-required-field ${REPLY_FILE}#/properties/number`]);
      expect(problems[0]!.why).toContain('a replica still on the release may answer');
    });

    it('lets a reply add optional fields and fields with a default', () => {
      const problems = check(
        [
          replyWith({
            id,
            status,
            version: replyVersion,
            office,
            number: z.string().optional(),
            tags: z.array(z.string()).default([]),
          }),
        ],
        [caseCreated()],
      );
      expect(problems).toEqual([]);
    });
  });

  describe('events: read by released consumers, and replayed to current ones', () => {
    const { caseId, office, status, quantity, note } = caseData;

    it('refuses a retyped field, once, in the event file', () => {
      const problems = check([createCase()], [caseCreated({ ...caseData, quantity: z.string() })]);
      expect(summary(problems)).toEqual([
        `retyped ${EVENT_FILE}#/properties/data/properties/quantity`,
      ]);
      expect(problems[0]).toMatchObject({
        contract: 'cases.case.created.v1',
        field: 'data.quantity',
      });
      expect(problems[0]!.message).toContain(
        'ship the change as cases.case.created.v2 beside cases.case.created.v1',
      );
    });

    it('refuses a removed field and a new required one', () => {
      const problems = check(
        [createCase()],
        [caseCreated({ caseId, office, status, quantity, officer: z.string() })],
      );
      expect(summary(problems)).toEqual([
        `removed-field ${EVENT_FILE}#/properties/data/properties/note`,
        `new-required-field ${EVENT_FILE}#/properties/data/properties/officer`,
      ]);
      expect(problems[0]!.why).toContain('consumers built against the release read this field');
      expect(problems[1]!.why).toContain(
        'producers on the release published (still in the stream)',
      );
    });

    it('refuses a widened enum or bound, and a narrowed one', () => {
      const widened = check(
        [createCase()],
        [
          caseCreated({
            ...caseData,
            status: z.enum(['draft', 'submitted', 'closed']),
            note: z.string().max(500).optional(),
          }),
        ],
      );
      expect(summary(widened)).toEqual([
        `widened ${EVENT_FILE}#/properties/data/properties/note`,
        `widened ${EVENT_FILE}#/properties/data/properties/status`,
      ]);
      const narrowed = check(
        [createCase()],
        [caseCreated({ ...caseData, status: z.enum(['draft']) })],
      );
      expect(summary(narrowed)).toEqual([
        `narrowed ${EVENT_FILE}#/properties/data/properties/status`,
      ]);
    });

    it('lets an event version add an optional field', () => {
      expect(
        check([createCase()], [caseCreated({ ...caseData, seal: z.string().optional() })]),
      ).toEqual([]);
    });

    it('refuses a removed event version, unless it is retired in favour of a current one', () => {
      const v1 = caseCreated();
      const v2 = nextEventVersion(v1, {
        description: 'A case was recorded (quantities with their unit).',
        data: z.object({
          caseId,
          office,
          status,
          quantity: z.object({ value: z.number(), unit: z.string() }),
          note,
        }),
      });
      const problems = check([createCase()], [v2]);
      expect(summary(problems)).toEqual([`removed-contract ${EVENT_FILE}#`]);
      expect(problems[0]!.message).toContain(
        'the event cases.case.created.v1 of the release is gone',
      );
      expect(problems[0]!.fix).toContain(
        'keep serving cases.case.created.v1 until its consumers have moved',
      );
      expect(problems[0]!.fix).toContain('released/retirements.json');

      const retirement: Retirement = {
        contract: 'cases.case.created.v1',
        replacedBy: 'cases.case.created.v2',
        reason: 'every consumer reads v2 since release 1.5',
      };
      expect(check([createCase()], [v2], [retirement])).toEqual([]);
      expect(summary(check([createCase()], [], [retirement]))).toEqual([
        `retirement ${EVENT_FILE}#`,
      ]);
      expect(summary(check([createCase()], [v1, v2], [retirement]))).toEqual([
        `retirement ${EVENT_FILE}#`,
      ]);
    });

    it('lets a new event type and a .v2 beside the released .v1 pass', () => {
      const v1 = caseCreated();
      const v2 = nextEventVersion(v1, {
        description: 'A case was recorded (quantities with their unit).',
        data: z.object({ caseId, quantity: z.object({ value: z.number(), unit: z.string() }) }),
      });
      const closed = defineEvent({
        service: 'cases',
        aggregate: 'case',
        verb: 'closed',
        version: 1,
        description: 'A case was closed.',
        data: z.object({ caseId }),
      });
      expect(v2.type).toBe('cases.case.created.v2');
      expect(check([createCase()], [v1, v2, closed])).toEqual([]);
    });
  });

  describe('request subjects', () => {
    it('refuses a removed subject, naming its request file', () => {
      const problems = check([], [caseCreated()]);
      expect(summary(problems)).toEqual([`removed-contract ${REQUEST_FILE}#`]);
      expect(problems[0]).toMatchObject({ role: 'request', contract: 'cases.case.create' });
    });

    it('lets a .v2 subject be served beside the released one', () => {
      const v1 = createCase();
      const v2 = nextRequestVersion(v1, {
        description: 'Records a case, with its officer.',
        request: z.strictObject({ office: z.string(), officer: z.string() }),
        reply: z.object({ id: z.string() }),
      });
      expect(v2).toMatchObject({ subject: 'cases.case.create.v2', version: 2 });
      expect(check([v1, v2], [caseCreated()])).toEqual([]);
    });
  });

  it('refuses a change of a shared schema that every service reads', () => {
    const current = new Map(releasedFiles);
    const principal = JSON.parse(current.get('schemas/principal.schema.json')!) as {
      properties: Record<string, unknown>;
    };
    delete principal.properties.username;
    current.set('schemas/principal.schema.json', JSON.stringify(principal));
    const problems = checkCompatibility(releasedFiles, current);
    expect(summary(problems)).toEqual([
      'removed-field schemas/principal.schema.json#/properties/username',
    ]);
    expect(problems[0]!.fix).toBe('change a shared schema only by adding optional fields');
  });

  it('follows recursive schemas to their end', () => {
    const tree = (maxCode: number) => {
      const node: z.ZodType<{ code: string; children: unknown[] }> = z.object({
        code: z.string().max(maxCode),
        get children() {
          return z.array(node);
        },
      });
      return defineEvent({
        service: 'reference',
        aggregate: 'hs-code',
        verb: 'tree-changed',
        version: 1,
        description: 'The HS code tree was republished.',
        data: z.object({ root: node }),
      });
    };
    expect(checkCompatibility(files([], [tree(10)]), files([], [tree(10)]))).toEqual([]);
    const problems = checkCompatibility(files([], [tree(10)]), files([], [tree(12)]));
    expect(problems.map((problem) => problem.rule)).toEqual(['widened']);
    expect(problems[0]!.detail).toBe('maxLength 10 → maxLength 12');
  });

  it('reports a change of a keyword it does not compare, and a type list against a union', () => {
    const file = 'events/cases.case.noted.v1.schema.json';
    const schema = (note: object) =>
      new Map([[file, JSON.stringify({ type: 'object', properties: { note }, required: [] })]]);
    const problems = checkCompatibility(
      schema({ allOf: [{ type: 'string' }, { maxLength: 10 }] }),
      schema({ allOf: [{ type: 'string' }, { maxLength: 20 }] }),
    );
    expect(problems.map((p) => `${p.rule} ${p.field}: ${p.detail}`)).toEqual([
      'narrowed note: allOf changed (not compared keyword by keyword)',
    ]);
    expect(
      checkCompatibility(
        schema({ type: ['string', 'null'] }),
        schema({ anyOf: [{ type: 'string' }, { type: 'null' }] }),
      ),
    ).toEqual([]);
  });

  it('names the next version of a subject or event type', () => {
    expect(nextVersion('cases.case.create')).toBe('cases.case.create.v2');
    expect(nextVersion('cases.case.create.v2')).toBe('cases.case.create.v3');
    expect(nextVersion('cases.case.created.v1')).toBe('cases.case.created.v2');
  });
});

describe('release snapshots', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opencen-released-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the JSON Schemas of a release, reads them back, and replaces the previous one', () => {
    const generated = generateArtifacts(
      createCatalog({ requests: [createCase()], events: [caseCreated()] }),
      {
        version,
      },
    );
    writeReleaseSnapshot(dir, '1.0.0', generated);
    mkdirSync(join(dir, '1.0.0', 'old'));
    expect(readReleaseSnapshot(dir).release).toBe('1.0.0');

    writeFileSync(
      join(dir, 'retirements.json'),
      JSON.stringify({ retired: [{ contract: 'x.y.z', reason: 'gone' }] }),
    );
    expect(readRetirements(dir)).toEqual([{ contract: 'x.y.z', reason: 'gone' }]);

    expect(writeReleaseSnapshot(dir, '1.1.0', generated)).toEqual({ removed: ['1.0.0'] });
    const snapshot = readReleaseSnapshot(dir);
    expect(snapshot.release).toBe('1.1.0');
    expect([...snapshot.files.keys()].sort()).toEqual([...snapshotFiles(generated).keys()].sort());
    expect(snapshot.files.has('asyncapi.json')).toBe(false);
    expect(existsSync(join(dir, '1.0.0'))).toBe(false);
    expect(readRetirements(dir)).toEqual([]);
  });

  it('says what to run when there is no snapshot, or more than one', () => {
    expect(() => readReleaseSnapshot(dir)).toThrow(RELEASE_SNAPSHOT_COMMAND);
    mkdirSync(join(dir, '1.0.0'));
    mkdirSync(join(dir, '1.1.0'));
    expect(() => readReleaseSnapshot(dir)).toThrow(/exactly one release folder.*1\.0\.0, 1\.1\.0/);
  });

  it('refuses a release name that is not a plain folder name, and a malformed retirements file', () => {
    expect(() => writeReleaseSnapshot(dir, '../x', new Map())).toThrow(/Invalid release name/);
    writeFileSync(join(dir, 'retirements.json'), JSON.stringify({ retired: [{ contract: 'x' }] }));
    expect(() => readRetirements(dir)).toThrow(/not a list of retirements/);
  });
});
