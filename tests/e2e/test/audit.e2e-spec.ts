import { randomBytes } from 'node:crypto';
import {
  AUDIT_STREAM,
  type AuditEntry,
  type AuditVerification,
  PURPOSE_HEADER,
  type Person,
} from '@opencen/contracts';
import { eventually } from '@opencen/testing';
import { DiscardPolicy, type NatsConnection, connect } from 'nats';
import { controlBackend } from './support/control';
import { type ProblemBody, api } from './support/gateway';

// The audit trail end to end: the gateway records every read of personal data on the audit stream
// before it answers, the auth service appends it to the hash chain, and the auditor finds it
// through the gateway. With the auth service down, reads still answer and their records arrive
// when it is back, each once; when the stream cannot store a record, the read is refused.

type AuditPage = { total: number; entries: AuditEntry[] };

const marker = randomBytes(4)
  .toString('hex')
  .replace(/\d/g, (digit) => 'ghijklmnop'[Number(digit)]!);
const PURPOSE = 'case FRA-CDG-2026-000042';

/** A person read by the officer, with a correlation id of the test's own to find its entry. */
async function readPerson(id: string, purpose?: string) {
  const correlationId = `e2e-audit-${randomBytes(6).toString('hex')}`;
  const reply = await api<Person | ProblemBody>(`/api/v1/persons/${id}`, {
    as: 'officer',
    headers: {
      'x-correlation-id': correlationId,
      ...(purpose ? { [PURPOSE_HEADER]: purpose } : {}),
    },
  });
  return { ...reply, correlationId };
}

const trailOf = async (id: string) => {
  const reply = await api<AuditPage>(`/api/v1/audit/records/person/${id}?limit=200`, {
    as: 'auditor',
  });
  expect(reply.status).toBe(200);
  return reply.body.entries;
};

/** Waits until the person's trail holds an entry of each correlation id, and returns the trail. */
const untilAudited = (id: string, correlationIds: string[], withinMs = 20_000) =>
  eventually(
    async () => {
      const entries = await trailOf(id);
      const missing = correlationIds.filter(
        (correlationId) => !entries.some((entry) => entry.correlationId === correlationId),
      );
      if (missing.length > 0) throw new Error(`no entry yet for ${missing.join(', ')}`);
      return entries;
    },
    withinMs,
    `the reads of ${id} in the audit trail`,
  );

describe('the audit trail through the gateway', () => {
  let person: Person;
  let nats: NatsConnection;

  beforeAll(async () => {
    nats = await connect({ servers: process.env.NATS_URL });
    const created = await api<{ outcome: string; person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: {
          familyName: `Audit${marker}`,
          givenNames: 'Anna',
          dateOfBirth: '1975-03-04',
          nationalities: ['FR'],
        },
      },
    });
    expect(created.status).toBe(201);
    person = created.body.person;
  });
  afterAll(async () => {
    await nats?.close();
  });

  it('records an officer reading a person, with its purpose, for the auditor to find', async () => {
    const read = await readPerson(person.id, PURPOSE);
    expect(read.status).toBe(200);
    const entries = await untilAudited(person.id, [read.correlationId]);
    const entry = entries.find((e) => e.correlationId === read.correlationId)!;
    expect(entry).toMatchObject({
      action: 'consultation',
      actor: { username: 'officer', office: 'FRA-CDG', roles: expect.arrayContaining(['officer']) },
      records: [{ kind: 'person', id: person.id }],
      purpose: PURPOSE,
      status: 200,
      client: { clientId: 'opencen-cli' },
    });
    // The write that created the person is in the trail too, from the persons service's event.
    expect(entries.some((e) => e.action === 'collection' && e.actor.sub === entry.actor.sub)).toBe(
      true,
    );
    // And the officer's own activity lists the read.
    const activity = await api<AuditPage>(
      `/api/v1/audit/users/${encodeURIComponent(entry.actor.sub)}?limit=200`,
      { as: 'auditor' },
    );
    expect(activity.body.entries.map((e) => e.correlationId)).toContain(read.correlationId);
  });

  it('shows the trail to auditors only', async () => {
    const asOfficer = await api<ProblemBody>(`/api/v1/audit/records/person/${person.id}`, {
      as: 'officer',
    });
    expect(asOfficer.status).toBe(403);
    const verification = await api<AuditVerification>('/api/v1/audit/verify', {
      method: 'POST',
      as: 'auditor',
    });
    expect(verification.status).toBe(200);
    expect(verification.body).toMatchObject({ valid: true });
    expect(verification.body.entries).toBeGreaterThan(0);
  });

  it('refuses a person search by name without a purpose, and records it with one', async () => {
    const path = `/api/v1/persons?name=${encodeURIComponent(`Audit${marker}`)}`;
    const without = await api<ProblemBody>(path, { as: 'officer', headers: {} });
    expect(without.status).toBe(400);
    expect(JSON.stringify(without.body.errors)).toContain(PURPOSE_HEADER);
    const correlationId = `e2e-audit-search-${marker}`;
    const withPurpose = await api(path, {
      as: 'officer',
      headers: { [PURPOSE_HEADER]: PURPOSE, 'x-correlation-id': correlationId },
    });
    expect(withPurpose.status).toBe(200);
    const sub = (await trailOf(person.id))[0]!.actor.sub;
    await eventually(
      async () => {
        const activity = await api<AuditPage>(
          `/api/v1/audit/users/${encodeURIComponent(sub)}?limit=200`,
          { as: 'auditor' },
        );
        const search = activity.body.entries.find((e) => e.correlationId === correlationId);
        if (!search) throw new Error('the search is not in the trail yet');
        expect(search).toMatchObject({ action: 'consultation', purpose: PURPOSE });
        expect(JSON.stringify(search.criteria)).toContain(`Audit${marker}`);
      },
      20_000,
      'the search in the trail',
    );
  });

  it('answers reads while the auth service is down, and appends their records once it is back, each once', async () => {
    await controlBackend('stop', 'auth');
    const reads: string[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const read = await readPerson(person.id, PURPOSE);
        expect(read.status).toBe(200);
        reads.push(read.correlationId);
      }
    } finally {
      await controlBackend('restart', 'auth');
    }
    const entries = await untilAudited(person.id, reads, 60_000);
    for (const correlationId of reads) {
      expect(entries.filter((entry) => entry.correlationId === correlationId)).toHaveLength(1);
    }
  });

  it('refuses personal data while the audit stream cannot store records, and answers again after', async () => {
    const jsm = await nats.jetstreamManager();
    const { config, state } = await jsm.streams.info(AUDIT_STREAM);
    // The stream takes no more messages: what a full or unavailable JetStream answers.
    await jsm.streams.update(AUDIT_STREAM, {
      ...config,
      max_msgs: state.messages,
      discard: DiscardPolicy.New,
    });
    let refused: Awaited<ReturnType<typeof readPerson>>;
    try {
      refused = await readPerson(person.id, PURPOSE);
    } finally {
      await jsm.streams.update(AUDIT_STREAM, config);
    }
    expect(refused.status).toBe(503);
    expect((refused.body as ProblemBody).detail).toMatch(/audit/i);
    expect(JSON.stringify(refused.body)).not.toContain(person.familyName);
    const after = await readPerson(person.id, PURPOSE);
    expect(after.status).toBe(200);
  });
});
