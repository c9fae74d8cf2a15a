import { randomBytes, randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  CASE_SEARCHABLE_WITHIN_MS,
  type Case,
  type CaseLinks,
  type Conveyance,
  type Person,
} from '@opencen/contracts';
import { eventually } from '@opencen/testing';
import { type ProblemBody, api } from './support/gateway';

// The links view end to end: persons and a vehicle recorded through the gateway, cases naming
// them, then the network of one person read from the cases index through GET /links.

const marker = randomBytes(3).toString('hex');

async function person(familyName: string): Promise<Person> {
  const reply = await api<{ outcome: 'created'; person: Person }>('/api/v1/persons', {
    method: 'POST',
    as: 'officer',
    body: { draft: { familyName: `${familyName}-${marker}` }, confirmedNew: true },
  });
  expect(reply.status).toBe(201);
  return reply.body.person;
}

async function seizure(parties: Person[], conveyance?: Conveyance): Promise<Case> {
  const reply = await api<Case>('/api/v1/cases', {
    method: 'POST',
    as: 'officer',
    body: {
      draft: {
        type: 'seizure',
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        location: { office: 'FRA-CDG' },
        parties: parties.map(({ id }) => ({
          subjectType: 'person',
          subjectId: id,
          role: 'suspect',
        })),
        ...(conveyance ? { conveyance: { conveyanceId: conveyance.id } } : {}),
      },
    },
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

const links = (as: 'analyst' | 'officer' | 'officer2', path: string, headers = {}) =>
  api<CaseLinks>(`/api/v1/links/${path}`, { as, headers });

describe('the links of a subject through the gateway', () => {
  let anna: Person;
  let boris: Person;
  let chen: Person;
  let van: Conveyance;
  const cases: Case[] = [];

  beforeAll(async () => {
    anna = await person('Anna');
    boris = await person('Boris');
    chen = await person('Chen');
    const vehicle = await api<{ outcome: 'created'; conveyance: Conveyance }>(
      '/api/v1/conveyances',
      {
        method: 'POST',
        as: 'officer',
        body: { draft: { type: 'vehicle', plate: `LNK-${marker}` }, confirmedNew: true },
      },
    );
    expect(vehicle.status).toBe(201);
    van = vehicle.body.conveyance;
    // anna — case 0 — boris; boris — case 1 — van; van — case 2 — chen (three hops from anna).
    cases.push(await seizure([anna, boris]));
    cases.push(await seizure([boris], van));
    cases.push(await seizure([chen], van));
    await eventually(
      async () => {
        const reply = await api<{ total: number }>(`/api/v1/cases?conveyanceId=${van.id}`, {
          as: 'analyst',
        });
        if (reply.body.total !== 2) throw new Error(`${reply.body.total} of 2 cases searchable`);
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'the cases searchable',
    );
  });

  it("answers a person's cases and subjects, two hops out, from the cases index", async () => {
    const reply = await links('analyst', `person/${anna.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body.cases.map(({ id, hop }) => [id, hop])).toEqual([
      [cases[0]!.id, 1],
      [cases[1]!.id, 2],
    ]);
    expect(reply.body.subjects).toEqual([
      { subjectType: 'person', subjectId: anna.id, hop: 0 },
      { subjectType: 'person', subjectId: boris.id, hop: 1 },
      { subjectType: 'conveyance', subjectId: van.id, hop: 2 },
    ]);
    expect(JSON.stringify(reply.body)).not.toContain(chen.id);

    const one = await links('analyst', `conveyance/${van.id}?depth=1`);
    expect(one.body.cases.map(({ id }) => id).sort()).toEqual([cases[1]!.id, cases[2]!.id].sort());
  });

  it('shows an officer of another office none of these cases', async () => {
    const reply = await links('officer2', `person/${anna.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body.cases).toEqual([]);
    expect(reply.body.subjects).toEqual([{ subjectType: 'person', subjectId: anna.id, hop: 0 }]);
  });

  it('names a bad depth (400) and refuses a user who reads no case (403)', async () => {
    const bad = await api<ProblemBody>(`/api/v1/links/person/${anna.id}?depth=5`, {
      as: 'analyst',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.path)).toEqual(['depth']);
    const admin = await api(`/api/v1/links/person/${anna.id}`, { as: 'admin' });
    expect(admin.status).toBe(403);
  });

  it('is recorded in the audit trail as a read of the subjects it returns', async () => {
    const correlationId = `e2e-links-${randomUUID()}`;
    expect(
      (await links('analyst', `person/${anna.id}`, { 'x-correlation-id': correlationId })).status,
    ).toBe(200);
    await eventually(
      async () => {
        const trail = await api<{ entries: AuditEntry[] }>(
          `/api/v1/audit/records/person/${boris.id}?limit=200`,
          { as: 'auditor' },
        );
        if (!trail.body.entries.some((entry) => entry.correlationId === correlationId)) {
          throw new Error('not in the audit trail yet');
        }
      },
      20_000,
      'the read of the links in the audit trail',
    );
  });
});
