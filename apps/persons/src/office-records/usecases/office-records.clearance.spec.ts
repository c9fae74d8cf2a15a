import { type Principal } from '@opencen/contracts';

import {
  InMemoryCompanies,
  aCompany,
  aCompanyDraft,
  companyRecordsOver,
} from '../../companies/testing/companies.fixtures';
import {
  InMemoryConveyances,
  aConveyance,
  aConveyanceDraft,
  conveyanceRecordsOver,
} from '../../conveyances/testing/conveyances.fixtures';
import {
  InMemoryPersons,
  aDraft,
  aPerson,
  personRecordsOver,
} from '../../persons/testing/persons.fixtures';
import { admin, contextOf, officer } from '../testing/office-records.fixtures';

// Classification, the same for every kind of record (contracts' classification rule): a record
// above the caller's clearance is answered as not found, for reads, edits and merges alike, and a
// writer cannot classify a record above their own clearance.

const confidentialOfficer: Principal = { ...officer, clearance: 'confidential' };

const KINDS = [
  {
    name: 'persons',
    noun: 'person',
    records: () => {
      const draft = aDraft({ familyName: 'Ivanov', givenNames: 'Ivan' });
      const store = new InMemoryPersons([
        aPerson(draft, { id: 'open', version: 1 }),
        aPerson({ ...draft, classification: 'confidential' }, { id: 'closed', version: 1 }),
      ]);
      return { records: personRecordsOver(store), draft };
    },
  },
  {
    name: 'companies',
    noun: 'company',
    records: () => {
      const draft = aCompanyDraft({ name: 'Acme Trading SARL', vatNumber: 'FR12345678901' });
      const store = new InMemoryCompanies([
        aCompany(draft, { id: 'open' }),
        aCompany({ ...draft, classification: 'confidential' }, { id: 'closed' }),
      ]);
      return { records: companyRecordsOver(store), draft };
    },
  },
  {
    name: 'conveyances',
    noun: 'conveyance',
    records: () => {
      const draft = aConveyanceDraft({ type: 'vessel', imoNumber: '9074729' });
      const store = new InMemoryConveyances([
        aConveyance(draft, { id: 'open' }),
        aConveyance({ ...draft, classification: 'confidential' }, { id: 'closed' }),
      ]);
      return { records: conveyanceRecordsOver(store), draft };
    },
  },
] as const;

describe.each(KINDS)('$name above the caller’s clearance', (kind) => {
  it('are NOT_FOUND for get, history, update and merge, as records that do not exist', async () => {
    const { records, draft } = kind.records();
    const as = (principal: Principal) => contextOf(principal);
    const notFound = { code: 'NOT_FOUND', message: expect.stringContaining('closed') };
    await expect(records.get({ id: 'closed', context: as(officer) })).rejects.toMatchObject(
      notFound,
    );
    await expect(records.history({ id: 'closed', context: as(officer) })).rejects.toMatchObject(
      notFound,
    );
    await expect(
      records.update({
        id: 'closed',
        version: 1,
        draft: { ...draft, classification: 'restricted' } as never,
        context: as(officer),
      }),
    ).rejects.toMatchObject(notFound);
    await expect(
      records.merge({
        survivorId: 'open',
        survivorVersion: 1,
        mergedId: 'closed',
        mergedVersion: 1,
        context: as(admin),
      }),
    ).rejects.toMatchObject(notFound);
    await expect(
      records.get({ id: 'closed', context: as(confidentialOfficer) }),
    ).resolves.toMatchObject({ id: 'closed', classification: 'confidential' });
    await expect(
      records.history({ id: 'closed', context: as(confidentialOfficer) }),
    ).resolves.toHaveProperty('changes');
  });

  it('are never candidates, and cannot be written by a writer without the clearance', async () => {
    const { records, draft } = kind.records();
    const created = await records.create({
      draft: draft as never,
      confirmedNew: true,
      context: contextOf(officer),
    });
    const ids = created.candidates.map(
      (candidate) => (candidate as unknown as Record<string, { id: string }>)[kind.noun]!.id,
    );
    expect(ids).toContain('open');
    expect(ids).not.toContain('closed');
    await expect(
      records.create({
        draft: { ...draft, classification: 'confidential' } as never,
        confirmedNew: true,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.classification', code: 'above_clearance' })],
    });
    await expect(
      records.update({
        id: 'open',
        version: 1,
        draft: { ...draft, classification: 'secret' } as never,
        context: contextOf(confidentialOfficer),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('are never merged into a record of a lower classification, only the other way', async () => {
    const { records } = kind.records();
    const cleared = contextOf({ ...admin, clearance: 'secret' });
    await expect(
      records.merge({
        survivorId: 'open',
        survivorVersion: 1,
        mergedId: 'closed',
        mergedVersion: 1,
        context: cleared,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({ path: 'mergedId', code: 'classification_above_survivor' }),
      ],
    });
    await expect(
      records.merge({
        survivorId: 'closed',
        survivorVersion: 1,
        mergedId: 'open',
        mergedVersion: 1,
        context: cleared,
      }),
    ).resolves.toMatchObject({ id: 'closed', classification: 'confidential' });
  });
});
