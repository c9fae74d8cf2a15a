import {
  type Company,
  type Principal,
  companyMerged,
  companyUnmerged,
  parseEvent,
} from '@opencen/contracts';

import {
  admin,
  analyst,
  contextOf,
  officer,
} from '../../office-records/testing/office-records.fixtures';
import {
  InMemoryCompanies,
  aCompany,
  aCompanyDraft,
  companyRecordsOver,
} from '../testing/companies.fixtures';

import { type CompanyRecords } from './company-records';

const supervisor: Principal = { ...officer, sub: 'sub-supervisor', roles: ['supervisor'] };
const survivor = aCompany(
  aCompanyDraft({
    name: 'Acme Trading SARL',
    registrationNumber: 'RCS 123',
    linkedPersons: [{ personId: 'p-1', role: 'director' }],
  }),
  { id: 's', version: 2 },
);
const other = aCompany(
  aCompanyDraft({
    names: [{ name: 'ACME TRADING' }, { name: 'Acme Import Export' }],
    vatNumber: 'FR 12 345678901',
    linkedPersons: [
      { personId: 'p-1', role: 'director' },
      { personId: 'p-2', role: 'owner' },
    ],
  }),
  { id: 'm', version: 1 },
);

describe('MergeCompanies and UnmergeCompanies', () => {
  let companies: InMemoryCompanies;
  let records: CompanyRecords;
  const request = { survivorId: 's', survivorVersion: 2, mergedId: 'm', mergedVersion: 1 };
  const stored = (id: string): Company => companies.stored.get(id)!.record;

  beforeEach(() => {
    companies = new InMemoryCompanies([survivor, other]);
    records = companyRecordsOver(companies);
  });

  it('merges: the survivor keeps both sets of names and linked persons, the merged id resolves to it', async () => {
    const reply = await records.merge({ ...request, context: contextOf(supervisor) });
    expect(reply).toMatchObject({
      id: 's',
      version: 4,
      names: [{ name: 'Acme Trading SARL' }, { name: 'Acme Import Export' }],
      registrationNumber: 'RCS 123',
      vatNumber: 'FR 12 345678901',
      linkedPersons: [
        { personId: 'p-1', role: 'director' },
        { personId: 'p-2', role: 'owner' },
      ],
      merges: [expect.objectContaining({ mergeId: 'company-new-1', mergedId: 'm', state: 'done' })],
    });
    expect(stored('s')).toEqual(reply);
    expect(stored('m')).toMatchObject({ mergedInto: 's', version: 2 });
    const got = await companyRecordsOver(companies).get({ id: 'm', context: contextOf(analyst) });
    expect(got).toMatchObject({ id: 's', resolvedFrom: 'm', version: 4 });
    expect(companies.events).toHaveLength(1);
    expect(parseEvent(companyMerged, companies.events[0])).toMatchObject({
      subject: 'm',
      data: { mergeId: 'company-new-1', survivorId: 's', mergedId: 'm', office: 'FRA-CDG' },
    });
    expect(JSON.stringify(companies.events)).not.toMatch(/Acme|ACME/);
    const history = await companyRecordsOver(companies).history({
      id: 's',
      context: contextOf(analyst),
    });
    expect(history.changes.map((c) => [c.change, c.fields])).toEqual([
      ['merged', ['names', 'vatNumber', 'linkedPersons', 'merges']],
      ['merged', ['merges']],
    ]);
  });

  it('refuses an officer, a stale version, another office for a supervisor, and an edit of the merged company', async () => {
    await expect(records.merge({ ...request, context: contextOf(officer) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    companies.stored.set('m', { record: { ...other, office: 'FRA-ORY' }, history: [] });
    await expect(
      records.merge({ ...request, context: contextOf(supervisor) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      records.merge({ ...request, survivorVersion: 1, context: contextOf(admin) }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(stored('s')).toEqual(survivor);
    expect(companies.events).toHaveLength(0);
    await records.merge({ ...request, context: contextOf(admin) });
    const update = companyRecordsOver(companies);
    await expect(
      update.update({
        id: 'm',
        version: 2,
        draft: aCompanyDraft({ name: 'Other' }),
        context: contextOf({ ...officer, office: 'FRA-ORY' }),
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ code: 'merged' })],
    });
  });

  it('completes a merge interrupted after its first write when the same request is retried', async () => {
    companies.failNextWriteOf = 'm';
    await expect(records.merge({ ...request, context: contextOf(admin) })).rejects.toThrow(
      'the process died',
    );
    expect(stored('s').merges?.[0]?.state).toBe('pending');
    expect(stored('m').mergedInto).toBeUndefined();
    const reply = await records.merge({ ...request, context: contextOf(admin) });
    expect(reply.merges?.[0]?.state).toBe('done');
    expect(stored('m').mergedInto).toBe('s');
    expect(companies.events).toHaveLength(1);
  });

  it('undoes: both companies as they were, one unmerged event', async () => {
    const merged = await records.merge({ ...request, context: contextOf(admin) });
    const reply = await records.unmerge({
      survivorId: 's',
      survivorVersion: merged.version,
      mergeId: 'company-new-1',
      context: contextOf(supervisor),
    });
    expect(reply.survivor).toMatchObject({
      names: survivor.names,
      linkedPersons: survivor.linkedPersons,
      merges: [expect.objectContaining({ state: 'undone' })],
    });
    expect(reply.survivor.vatNumber).toBeUndefined();
    expect(reply.restored).toMatchObject({ id: 'm', version: 3, names: other.names });
    expect(reply.restored.mergedInto).toBeUndefined();
    const got = await companyRecordsOver(companies).get({ id: 'm', context: contextOf(analyst) });
    expect(got.id).toBe('m');
    expect(parseEvent(companyUnmerged, companies.events[1])).toMatchObject({
      subject: 'm',
      data: { mergeId: 'company-new-1', survivorId: 's', mergedId: 'm' },
    });
    await expect(
      records.unmerge({
        survivorId: 's',
        survivorVersion: reply.survivor.version,
        mergeId: 'company-new-1',
        context: contextOf(admin),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
