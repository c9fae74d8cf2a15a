import {
  PERSONS_SEARCHABLE_WITHIN_MS,
  type Person,
  type PersonCandidate,
} from '@opencen/contracts';
import { PURPOSE, type ProblemBody, api, untilListed } from './support/gateway';

type CreateReply =
  | { outcome: 'created'; person: Person; candidates: PersonCandidate[] }
  | { outcome: 'candidates'; candidates: PersonCandidate[] };

/** As an officer of FRA-CDG enters him from a Russian passport. */
const cyrillic = {
  familyName: 'Иванов',
  givenNames: 'Иван',
  dateOfBirth: '1980-05-12',
  gender: 'male',
  nationalities: ['RU'],
  documents: [{ type: 'passport', number: '1234567', issuingCountry: 'RU' }],
};

/** The same man entered again from another source: Latin script, a typo, only the birth year. */
const latin = {
  familyName: 'Ivanov',
  givenNames: 'Iven',
  dateOfBirth: '1980',
  nationalities: ['RU'],
};

const findByPassport = () =>
  api<{ items: Person[] }>('/api/v1/persons?documentNumber=1234567', {
    as: 'analyst',
    headers: PURPOSE,
  });
const findByName = () =>
  api<{ items: Person[] }>(`/api/v1/persons?name=${encodeURIComponent('Ivanov')}`, {
    as: 'analyst',
    headers: PURPOSE,
  });

describe('persons through the gateway', () => {
  let ivanov: Person;

  beforeAll(async () => {
    const reply = await api<CreateReply>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: { draft: cyrillic },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.outcome).toBe('created');
    if (reply.body.outcome !== 'created') throw new Error('not created');
    ivanov = reply.body.person;
    expect(reply.headers.get('location')).toBe(`/api/v1/persons/${ivanov.id}`);
    expect(reply.headers.get('etag')).toBe(`"${ivanov.version}"`);
    expect(ivanov).toMatchObject({ familyName: 'Иванов', office: 'FRA-CDG', version: 1 });
    await untilListed(
      '/api/v1/persons?documentNumber=1234567',
      'analyst',
      [ivanov.id],
      PERSONS_SEARCHABLE_WITHIN_MS,
    );
  });

  describe('matching', () => {
    it('proposes the Cyrillic record for a Latin create with a typo and a year only, with why, and records nothing', async () => {
      const reply = await api<CreateReply>('/api/v1/persons', {
        method: 'POST',
        as: 'officer',
        body: { draft: latin },
      });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('location')).toBeNull();
      expect(reply.body.outcome).toBe('candidates');
      const [first] = reply.body.candidates;
      expect(first).toMatchObject({ person: { id: ivanov.id }, strength: 'strong' });
      const reasons = first!.reasons.join('\n');
      expect(reasons).toMatch(/family name, transliterated: Ivanov ≈ Иванов/);
      expect(reasons).toMatch(/given name.*Iven ≈ Иван/);
      expect(reasons).toMatch(/birth year equal/);

      const found = await findByName();
      expect(found.status).toBe(200);
      expect(found.body.items.map((person) => person.id)).toEqual([ivanov.id]);
    });

    it('proposes him on request too, even from fewer details', async () => {
      const reply = await api<{ candidates: PersonCandidate[] }>('/api/v1/persons/match', {
        method: 'POST',
        as: 'analyst',
        headers: PURPOSE,
        body: { draft: { familyName: 'Ivanov', givenNames: 'Iven', dateOfBirth: '1980' } },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.candidates[0]).toMatchObject({ person: { id: ivanov.id } });
      expect(reply.body.candidates[0]!.reasons.length).toBeGreaterThan(0);
    });

    it('records him when the officer confirms it is someone else: 201', async () => {
      const reply = await api<CreateReply>('/api/v1/persons', {
        method: 'POST',
        as: 'officer',
        body: { draft: latin, confirmedNew: true },
      });
      expect(reply.status).toBe(201);
      if (reply.body.outcome !== 'created') throw new Error('not created');
      const other = reply.body.person;
      expect(other.id).not.toBe(ivanov.id);
      expect(reply.headers.get('location')).toBe(`/api/v1/persons/${other.id}`);
      const read = await api<Person>(reply.headers.get('location')!, { as: 'investigator' });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ familyName: 'Ivanov', dateOfBirth: '1980' });
    });
  });

  describe('reads', () => {
    it('finds him by passport number and reads him with his version as ETag', async () => {
      const found = await findByPassport();
      expect(found.status).toBe(200);
      expect(found.body.items.map((person) => person.id)).toEqual([ivanov.id]);
      const read = await api<Person>(`/api/v1/persons/${ivanov.id}`, { as: 'analyst' });
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    });
  });

  describe('updates', () => {
    it('lets an officer of his office edit, with the version from If-Match, and keeps the history', async () => {
      const read = await api<Person>(`/api/v1/persons/${ivanov.id}`, { as: 'officer' });
      const reply = await api<Person>(`/api/v1/persons/${ivanov.id}`, {
        method: 'PUT',
        as: 'officer',
        body: { ...cyrillic, occupation: 'driver' },
        headers: { 'if-match': read.headers.get('etag')! },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ occupation: 'driver', version: read.body.version + 1 });
      expect(reply.headers.get('etag')).toBe(`"${read.body.version + 1}"`);

      const history = await api<{
        changes: { version: number; change: string; fields: string[] }[];
      }>(`/api/v1/persons/${ivanov.id}/history`, { as: 'analyst' });
      expect(history.status).toBe(200);
      expect(history.body.changes.map((change) => change.change)).toEqual(
        expect.arrayContaining(['created', 'updated']),
      );
      expect(history.body.changes.at(-1)!.fields).toContain('occupation');
    });

    it('refuses a stale version: 409', async () => {
      const reply = await api<ProblemBody>(`/api/v1/persons/${ivanov.id}`, {
        method: 'PUT',
        as: 'officer',
        body: cyrillic,
        headers: { 'if-match': '"1"' },
      });
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('CONFLICT');
    });

    it('needs a version: 428 without If-Match', async () => {
      const reply = await api<ProblemBody>(`/api/v1/persons/${ivanov.id}`, {
        method: 'PUT',
        as: 'officer',
        body: cyrillic,
      });
      expect(reply.status).toBe(428);
    });

    it('refuses an officer of another office: 403', async () => {
      const read = await api<Person>(`/api/v1/persons/${ivanov.id}`, { as: 'officer2' });
      expect(read.status).toBe(200);
      const reply = await api<ProblemBody>(`/api/v1/persons/${ivanov.id}`, {
        method: 'PUT',
        as: 'officer2',
        body: { ...cyrillic, notes: 'edited elsewhere' },
        headers: { 'if-match': read.headers.get('etag')! },
      });
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('FORBIDDEN');
      const after = await api<Person>(`/api/v1/persons/${ivanov.id}`, { as: 'officer' });
      expect(after.body.version).toBe(read.body.version);
    });
  });

  describe('bad input', () => {
    it('names a nationality that is not a country: 400', async () => {
      const reply = await api<ProblemBody>('/api/v1/persons', {
        method: 'POST',
        as: 'officer',
        body: { draft: { familyName: 'Petrov', nationalities: ['XX'] }, confirmedNew: true },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((error) => error.path)).toEqual(['draft.nationalities.0']);
    });

    it('names a malformed date of birth: 400, in a create and in an update', async () => {
      const create = await api<ProblemBody>('/api/v1/persons', {
        method: 'POST',
        as: 'officer',
        body: { draft: { familyName: 'Petrov', dateOfBirth: '12/05/1980' } },
      });
      expect(create.status).toBe(400);
      expect(create.body.errors.map((error) => error.path)).toEqual(['draft.dateOfBirth']);
      const update = await api<ProblemBody>(`/api/v1/persons/${ivanov.id}`, {
        method: 'PUT',
        as: 'officer',
        body: { ...cyrillic, dateOfBirth: '1980-13' },
        headers: { 'if-match': '"1"' },
      });
      expect(update.status).toBe(400);
      expect(update.body.errors.map((error) => error.path)).toEqual(['dateOfBirth']);
    });
  });

  describe('access', () => {
    it('lets an analyst read but not create: 403', async () => {
      const reply = await api<ProblemBody>('/api/v1/persons', {
        method: 'POST',
        as: 'analyst',
        body: { draft: { familyName: 'Sidorov' }, confirmedNew: true },
      });
      expect(reply.status).toBe(403);
    });

    it('refuses a request without a token: 401', async () => {
      const reply = await api<ProblemBody>(`/api/v1/persons/${ivanov.id}`);
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });
  });
});
