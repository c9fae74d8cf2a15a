import { randomBytes } from 'node:crypto';
import {
  PERSONS_SEARCHABLE_WITHIN_MS,
  type Company,
  type CompanyCandidate,
  type Conveyance,
  type companyHistory,
  type ReplyOf,
} from '@opencen/contracts';
import { PURPOSE, type ProblemBody, api, untilListed } from './support/gateway';

type CompanyCreateReply =
  | { outcome: 'created'; company: Company; candidates: CompanyCandidate[] }
  | { outcome: 'candidates'; candidates: CompanyCandidate[] };
type History = ReplyOf<typeof companyHistory>;
type ConveyanceCreateReply =
  | { outcome: 'created'; conveyance: Conveyance }
  | { outcome: 'candidates'; candidates: { conveyance: Conveyance }[] };

/** As an officer of FRA-CDG enters it from an invoice. */
const acme = {
  names: [{ name: 'Acme Transit Logistique SARL' }],
  country: 'FR',
  vatNumber: 'FR 12 345678901',
  activity: 'freight forwarding',
};

describe('companies through the gateway', () => {
  let company: Company;

  beforeAll(async () => {
    const reply = await api<CompanyCreateReply>('/api/v1/companies', {
      method: 'POST',
      as: 'officer',
      body: { draft: acme },
    });
    expect(reply.status).toBe(201);
    if (reply.body.outcome !== 'created') throw new Error('not created');
    company = reply.body.company;
    expect(reply.headers.get('location')).toBe(`/api/v1/companies/${company.id}`);
    expect(reply.headers.get('etag')).toBe(`"${company.version}"`);
    expect(company).toMatchObject({ office: 'FRA-CDG', version: 1 });
    await untilListed(
      '/api/v1/companies?number=FR12345678901',
      'analyst',
      [company.id],
      PERSONS_SEARCHABLE_WITHIN_MS,
    );
  });

  it('proposes it when the same VAT number is entered with other spacing, and records nothing', async () => {
    const reply = await api<CompanyCreateReply>('/api/v1/companies', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { names: [{ name: 'ACME TL' }], country: 'FR', vatNumber: 'fr12345678901' },
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('location')).toBeNull();
    expect(reply.body.outcome).toBe('candidates');
    expect(reply.body.candidates[0]).toMatchObject({
      company: { id: company.id },
      strength: 'strong',
    });
    expect(reply.body.candidates[0]!.reasons.join('\n')).toMatch(/VAT/i);

    const found = await api<{ items: Company[] }>('/api/v1/companies?number=FR12345678901', {
      as: 'analyst',
      headers: PURPOSE,
    });
    expect(found.status).toBe(200);
    expect(found.body.items.map((item) => item.id)).toEqual([company.id]);
    const byName = await api<{ items: Company[] }>('/api/v1/companies?name=ACME', {
      as: 'analyst',
      headers: PURPOSE,
    });
    expect(byName.body.items.map((item) => item.id)).toEqual([company.id]);
  });

  it('lets an analyst read it, with its version as ETag, but not create: 403', async () => {
    const read = await api<Company>(`/api/v1/companies/${company.id}`, { as: 'analyst' });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    const create = await api<ProblemBody>('/api/v1/companies', {
      method: 'POST',
      as: 'analyst',
      body: { draft: { names: [{ name: 'Other' }], country: 'FR' }, confirmedNew: true },
    });
    expect(create.status).toBe(403);
  });

  it('lets an officer of its office edit with If-Match; a stale version is 409', async () => {
    const read = await api<Company>(`/api/v1/companies/${company.id}`, { as: 'officer' });
    const reply = await api<Company>(`/api/v1/companies/${company.id}`, {
      method: 'PUT',
      as: 'officer',
      body: { ...acme, activity: 'customs brokerage' },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      activity: 'customs brokerage',
      version: read.body.version + 1,
    });
    expect(reply.headers.get('etag')).toBe(`"${read.body.version + 1}"`);

    const stale = await api<ProblemBody>(`/api/v1/companies/${company.id}`, {
      method: 'PUT',
      as: 'officer',
      body: acme,
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
  });

  it('refuses an officer of another office: 403, and nothing changes', async () => {
    const read = await api<Company>(`/api/v1/companies/${company.id}`, { as: 'officer2' });
    expect(read.status).toBe(200);
    const reply = await api<ProblemBody>(`/api/v1/companies/${company.id}`, {
      method: 'PUT',
      as: 'officer2',
      body: { ...acme, activity: 'edited elsewhere' },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('FORBIDDEN');
    const after = await api<Company>(`/api/v1/companies/${company.id}`, { as: 'officer' });
    expect(after.body.version).toBe(read.body.version);
  });
});

describe('means of conveyance through the gateway', () => {
  it('refuses a container number with a wrong check digit: 400 naming the field', async () => {
    const reply = await api<ProblemBody>('/api/v1/conveyances', {
      method: 'POST',
      as: 'officer',
      body: { draft: { type: 'container', containerNumber: 'CSQU 305438 4' } },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((error) => error.path)).toEqual(['draft.containerNumber']);
  });

  it('records a vessel, finds it by IMO number, and proposes it when entered again', async () => {
    const created = await api<ConveyanceCreateReply>('/api/v1/conveyances', {
      method: 'POST',
      as: 'officer',
      body: { draft: { type: 'vessel', imoNumber: 'IMO 9074729', flag: 'PA', callSign: '3FZA7' } },
    });
    expect(created.status).toBe(201);
    if (created.body.outcome !== 'created') throw new Error('not created');
    const vessel = created.body.conveyance;
    expect(created.headers.get('location')).toBe(`/api/v1/conveyances/${vessel.id}`);
    expect(created.headers.get('etag')).toBe(`"${vessel.version}"`);

    // Found by its IMO number once searchable (within the documented bound).
    await untilListed(
      '/api/v1/conveyances?imoNumber=9074729',
      'analyst',
      [vessel.id],
      PERSONS_SEARCHABLE_WITHIN_MS,
    );

    const again = await api<ConveyanceCreateReply>('/api/v1/conveyances', {
      method: 'POST',
      as: 'officer',
      body: { draft: { type: 'vessel', imoNumber: '9074729' } },
    });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('candidates');

    const read = await api<Conveyance>(`/api/v1/conveyances/${vessel.id}`, { as: 'analyst' });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${vessel.version}"`);
    const updated = await api<Conveyance>(`/api/v1/conveyances/${vessel.id}`, {
      method: 'PUT',
      as: 'officer',
      body: { type: 'vessel', imoNumber: 'IMO 9074729', flag: 'PA', colour: 'red' },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ colour: 'red', version: vessel.version + 1 });
    const stale = await api<ProblemBody>(`/api/v1/conveyances/${vessel.id}`, {
      method: 'PUT',
      as: 'officer',
      body: { type: 'vessel', imoNumber: 'IMO 9074729' },
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(stale.status).toBe(409);
  });
});

describe('merging two records of one company through the gateway', () => {
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  let survivor: Company;
  let duplicate: Company;

  /** Recorded by the FRA-CDG officer as new, as from two unrelated declarations. */
  async function record(draft: Record<string, unknown>): Promise<Company> {
    const reply = await api<CompanyCreateReply>('/api/v1/companies', {
      method: 'POST',
      as: 'officer',
      body: { draft, confirmedNew: true },
    });
    expect(reply.status).toBe(201);
    if (reply.body.outcome !== 'created') throw new Error('not created');
    return reply.body.company;
  }

  beforeAll(async () => {
    survivor = await record({
      names: [{ name: `Mergetest Freight ${suffix} SARL` }],
      country: 'FR',
      registrationNumber: `RCS ${suffix} 01`,
    });
    duplicate = await record({
      names: [{ name: `Mergetest Fret ${suffix}` }],
      country: 'FR',
      vatNumber: `FR 77 ${suffix}`,
    });
  });

  it('refuses an officer: 403, and both records stay as they were', async () => {
    const reply = await api<ProblemBody>(`/api/v1/companies/${survivor.id}/merge`, {
      method: 'POST',
      as: 'officer',
      body: { mergedId: duplicate.id, mergedVersion: duplicate.version },
      headers: { 'if-match': `"${survivor.version}"` },
    });
    expect(reply.status).toBe(403);
    const merged = await api<Company>(`/api/v1/companies/${duplicate.id}`, { as: 'analyst' });
    expect(merged.body).toMatchObject({ id: duplicate.id, version: duplicate.version });
    expect(merged.body.resolvedFrom).toBeUndefined();
  });

  it('lets a supervisor merge; the merged id resolves to the survivor, the history shows it, and the undo restores both', async () => {
    const merged = await api<Company>(`/api/v1/companies/${survivor.id}/merge`, {
      method: 'POST',
      as: 'supervisor',
      body: { mergedId: duplicate.id, mergedVersion: duplicate.version },
      headers: { 'if-match': `"${survivor.version}"` },
    });
    expect(merged.status).toBe(200);
    expect(merged.headers.get('etag')).toBe(`"${merged.body.version}"`);
    expect(merged.body).toMatchObject({
      id: survivor.id,
      names: [...survivor.names, ...duplicate.names],
      registrationNumber: survivor.registrationNumber,
      vatNumber: duplicate.vatNumber,
    });
    const merge = merged.body.merges?.find((m) => m.mergedId === duplicate.id);
    expect(merge).toMatchObject({ state: 'done' });

    const resolved = await api<Company>(`/api/v1/companies/${duplicate.id}`, { as: 'analyst' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: survivor.id, resolvedFrom: duplicate.id });
    // Found by the merged record's number, as the survivor.
    await untilListed(
      `/api/v1/companies?number=${encodeURIComponent(`FR77${suffix}`)}`,
      'analyst',
      [survivor.id],
      PERSONS_SEARCHABLE_WITHIN_MS,
    );

    const history = await api<History>(`/api/v1/companies/${survivor.id}/history`, {
      as: 'analyst',
    });
    expect(history.status).toBe(200);
    expect(history.body.changes.map((change) => change.change)).toContain('merged');
    expect(history.body.changes.at(-1)).toMatchObject({ version: merged.body.version });

    const asOfficer = await api<ProblemBody>(`/api/v1/companies/${survivor.id}/unmerge`, {
      method: 'POST',
      as: 'officer',
      body: { mergeId: merge!.mergeId },
      headers: { 'if-match': `"${merged.body.version}"` },
    });
    expect(asOfficer.status).toBe(403);
    const undone = await api<{ survivor: Company; restored: Company }>(
      `/api/v1/companies/${survivor.id}/unmerge`,
      {
        method: 'POST',
        as: 'supervisor',
        body: { mergeId: merge!.mergeId },
        headers: { 'if-match': `"${merged.body.version}"` },
      },
    );
    expect(undone.status).toBe(200);
    expect(undone.headers.get('etag')).toBe(`"${undone.body.survivor.version}"`);
    expect(undone.body.survivor).toMatchObject({ id: survivor.id, names: survivor.names });
    expect(undone.body.survivor.vatNumber).toBeUndefined();
    expect(undone.body.restored).toMatchObject({ id: duplicate.id, names: duplicate.names });

    const survivorAfter = await api<Company>(`/api/v1/companies/${survivor.id}`, {
      as: 'analyst',
    });
    expect(survivorAfter.body).toMatchObject({ names: survivor.names });
    const restored = await api<Company>(`/api/v1/companies/${duplicate.id}`, { as: 'analyst' });
    expect(restored.body).toMatchObject({
      id: duplicate.id,
      names: duplicate.names,
      vatNumber: duplicate.vatNumber,
    });
    expect(restored.body.resolvedFrom).toBeUndefined();
    await untilListed(
      `/api/v1/companies?number=${encodeURIComponent(`FR77${suffix}`)}`,
      'analyst',
      [duplicate.id],
      PERSONS_SEARCHABLE_WITHIN_MS,
    );
    const after = await api<History>(`/api/v1/companies/${survivor.id}/history`, {
      as: 'analyst',
    });
    expect(after.body.changes.map((change) => change.change)).toContain('unmerged');
  });
});
