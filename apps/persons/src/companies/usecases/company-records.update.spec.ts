import { companyUpdated, parseEvent } from '@opencen/contracts';

import {
  analyst,
  contextOf,
  officer,
  officerOfAnotherOffice,
} from '../../office-records/testing/office-records.fixtures';
import {
  InMemoryCompanies,
  aCompany,
  aCompanyDraft,
  companyRecordsOver,
} from '../testing/companies.fixtures';
import { type CompanyRecords } from './company-records';

describe('UpdateCompany, GetCompany and SearchCompanies', () => {
  const acme = aCompanyDraft({ name: 'Acme SARL', eoriNumber: 'FR12345678901' });
  const changed = { ...acme, activity: 'freight forwarding' };
  let companies: InMemoryCompanies;
  let records: CompanyRecords;

  beforeEach(() => {
    companies = new InMemoryCompanies([
      aCompany(acme, { id: 'c1', version: 2 }),
      aCompany(aCompanyDraft({ name: 'Acme Logistics' }), { id: 'c2' }),
      aCompany(aCompanyDraft({ name: 'Acme Logistics Sud' }), { id: 'c3' }),
    ]);
    records = companyRecordsOver(companies);
  });

  it('replaces the details, bumps the version and emits the changed fields', async () => {
    const reply = await records.update({
      id: 'c1',
      version: 2,
      draft: changed,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({ version: 3, activity: 'freight forwarding' });
    expect(parseEvent(companyUpdated, companies.events[0])).toMatchObject({
      data: { companyId: 'c1', version: 3, fields: ['activity'] },
    });
  });

  it('stores nothing when nothing changes', async () => {
    const reply = await records.update({
      id: 'c1',
      version: 2,
      draft: acme,
      context: contextOf(officer),
    });
    expect(reply.version).toBe(2);
    expect(companies.events).toHaveLength(0);
  });

  it('says CONFLICT for a stale version and FORBIDDEN for another office', async () => {
    await expect(
      records.update({ id: 'c1', version: 1, draft: changed, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    await expect(
      records.update({
        id: 'c1',
        version: 2,
        draft: changed,
        context: contextOf(officerOfAnotherOffice),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(companies.events).toHaveLength(0);
  });

  it('gets a company for a reader, NOT_FOUND for an unknown id', async () => {
    const records = companyRecordsOver(companies);
    await expect(records.get({ id: 'c1', context: contextOf(analyst) })).resolves.toMatchObject({
      id: 'c1',
    });
    await expect(records.get({ id: 'nope', context: contextOf(analyst) })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('searches by number after normalisation and by every word of a name, page by page', async () => {
    const search = companyRecordsOver(companies);
    const byNumber = await search.search({
      number: 'fr-1234 5678 901',
      limit: 20,
      context: contextOf(analyst),
    });
    expect(byNumber.items.map((c) => c.id)).toEqual(['c1']);
    const first = await search.search({
      name: 'acme logistics',
      limit: 1,
      context: contextOf(analyst),
    });
    expect(first.items.map((c) => c.id)).toEqual(['c2']);
    const second = await search.search({
      name: 'acme logistics',
      limit: 1,
      cursor: first.nextCursor,
      context: contextOf(analyst),
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'c3' })] });
    await expect(
      search.search({ name: 'acme', limit: 1, cursor: 'junk', context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
