import { type Alert, type Person } from '@opencen/contracts';
import { api } from './support/gateway';

type CreateReply = { outcome: 'created'; person: Person };
type MergedPerson = Person & {
  merges?: { mergeId: string; mergedId: string; state: string }[];
  resolvedFrom?: string;
};

/** Two records of one man, entered by officers of FRA-CDG from different sources. */
async function record(draft: Record<string, unknown>): Promise<Person> {
  const reply = await api<CreateReply>('/api/v1/persons', {
    method: 'POST',
    as: 'officer',
    body: { draft, confirmedNew: true },
  });
  expect(reply.status).toBe(201);
  return reply.body.person;
}

describe('merging two records of one person through the gateway', () => {
  let survivor: Person;
  let duplicate: Person;

  beforeAll(async () => {
    survivor = await record({
      familyName: 'Петров',
      givenNames: 'Пётр',
      dateOfBirth: '1975-03-02',
      nationalities: ['RU'],
      documents: [{ type: 'passport', number: '7654321', issuingCountry: 'RU' }],
    });
    duplicate = await record({
      familyName: 'Petrov',
      givenNames: 'Petr',
      dateOfBirth: '1975',
      nationalities: ['RU'],
      documents: [{ type: 'national-id', number: 'AB 99 1234', issuingCountry: 'RU' }],
    });
  });

  it('is refused to an officer, and to a stale version', async () => {
    const asOfficer = await api(`/api/v1/persons/${survivor.id}/merge`, {
      method: 'POST',
      as: 'officer',
      body: { mergedId: duplicate.id, mergedVersion: duplicate.version },
      headers: { 'if-match': `"${survivor.version}"` },
    });
    expect(asOfficer.status).toBe(403);
    const stale = await api(`/api/v1/persons/${survivor.id}/merge`, {
      method: 'POST',
      as: 'supervisor',
      body: { mergedId: duplicate.id, mergedVersion: duplicate.version },
      headers: { 'if-match': `"${survivor.version + 5}"` },
    });
    expect(stale.status).toBe(409);
  });

  it('merges, resolves the merged id to the survivor, and undoes it', async () => {
    const merged = await api<MergedPerson>(`/api/v1/persons/${survivor.id}/merge`, {
      method: 'POST',
      as: 'supervisor',
      body: { mergedId: duplicate.id, mergedVersion: duplicate.version },
      headers: { 'if-match': `"${survivor.version}"` },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.documents.map((d) => d.type).sort()).toEqual(['national-id', 'passport']);
    expect(merged.body.aliases).toEqual(
      expect.arrayContaining([expect.objectContaining({ familyName: 'Petrov' })]),
    );
    const merge = merged.body.merges?.find((m) => m.mergedId === duplicate.id);
    expect(merge).toBeDefined();

    const resolved = await api<MergedPerson>(`/api/v1/persons/${duplicate.id}`, { as: 'analyst' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: survivor.id, resolvedFrom: duplicate.id });

    const undone = await api<{ survivor: MergedPerson; restored: Person }>(
      `/api/v1/persons/${survivor.id}/unmerge`,
      {
        method: 'POST',
        as: 'supervisor',
        body: { mergeId: merge!.mergeId },
        headers: { 'if-match': `"${merged.body.version}"` },
      },
    );
    expect(undone.status).toBe(200);
    expect(undone.body.survivor.documents.map((d) => d.type)).toEqual(['passport']);
    expect(undone.body.restored).toMatchObject({ id: duplicate.id });

    const again = await api<MergedPerson>(`/api/v1/persons/${duplicate.id}`, { as: 'analyst' });
    expect(again.body).toMatchObject({ id: duplicate.id, familyName: 'Petrov' });
    expect(again.body.resolvedFrom).toBeUndefined();
  });
});

describe('an alert on a merged person through the gateway', () => {
  /** Reads `path` until `done`, for at most 20 s: the alert follows by an event consumer. */
  async function until<T>(path: string, done: (body: T) => boolean): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const reply = await api<T>(path, { as: 'analyst' });
      expect(reply.status).toBe(200);
      if (done(reply.body) || Date.now() > deadline) return reply.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  // No country codes: each is checked with reference-data, slow on a loaded FerretDB.
  it('follows the merged person to the survivor, and goes back when the merge is undone', async () => {
    const survivor = await record({
      familyName: 'Sokolova',
      givenNames: 'Irina',
      dateOfBirth: '1988-11-23',
    });
    const duplicate = await record({
      familyName: 'Соколова',
      givenNames: 'Ирина',
      dateOfBirth: '1988',
    });
    const raised = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: {
        subject: { subjectType: 'person', subjectId: duplicate.id },
        draft: {
          reason: 'Cash courier',
          category: 'smuggling-suspect',
          validFrom: '2026-01-01',
          validTo: '2099-12-31',
          handlingInstruction: 'Notify the investigator',
        },
      },
    });
    expect(raised.status).toBe(201);

    const merged = await api<MergedPerson>(`/api/v1/persons/${survivor.id}/merge`, {
      method: 'POST',
      as: 'supervisor',
      body: { mergedId: duplicate.id, mergedVersion: duplicate.version },
      headers: { 'if-match': `"${survivor.version}"` },
    });
    expect(merged.status).toBe(200);
    const merge = merged.body.merges!.find((m) => m.mergedId === duplicate.id)!;

    const moved = await until<Alert>(
      `/api/v1/alerts/${raised.body.id}`,
      (alert) => alert.subject.subjectId === survivor.id,
    );
    expect(moved.subject).toEqual({ subjectType: 'person', subjectId: survivor.id });
    const onSurvivor = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${survivor.id}&activeOnly=true`,
      { as: 'analyst' },
    );
    expect(onSurvivor.body.items.map((alert) => alert.id)).toEqual([raised.body.id]);

    const undone = await api(`/api/v1/persons/${survivor.id}/unmerge`, {
      method: 'POST',
      as: 'supervisor',
      body: { mergeId: merge.mergeId },
      headers: { 'if-match': `"${merged.body.version}"` },
    });
    expect(undone.status).toBe(200);
    const back = await until<Alert>(
      `/api/v1/alerts/${raised.body.id}`,
      (alert) => alert.subject.subjectId === duplicate.id,
    );
    expect(back.subject).toEqual({ subjectType: 'person', subjectId: duplicate.id });
    const leftOnSurvivor = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${survivor.id}`,
      { as: 'analyst' },
    );
    expect(leftOnSurvivor.body.items).toEqual([]);
  });
});
