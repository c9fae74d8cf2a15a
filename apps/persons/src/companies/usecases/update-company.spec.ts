import { FixedClock } from '@opencen/testing';
import { companyUpdated, parseEvent } from '@opencen/contracts';

import {
  NOW,
  FakeReferenceCodes,
  analyst,
  contextOf,
  officer,
  officerOfAnotherOffice,
} from '../../subjects/testing/persons.fixtures';
import { InMemoryCompanies, aCompany, aCompanyDraft } from '../testing/companies.fixtures';
import { GetCompany } from './get-company';
import { SearchCompanies } from './search-companies';
import { UpdateCompany } from './update-company';

describe('UpdateCompany, GetCompany and SearchCompanies', () => {
  const acme = aCompanyDraft({ name: 'Acme SARL', eoriNumber: 'FR12345678901' });
  const changed = { ...acme, activity: 'freight forwarding' };
  let companies: InMemoryCompanies;
  let updateCompany: UpdateCompany;

  beforeEach(() => {
    companies = new InMemoryCompanies([
      aCompany(acme, { id: 'c1', version: 2 }),
      aCompany(aCompanyDraft({ name: 'Acme Logistics' }), { id: 'c2' }),
      aCompany(aCompanyDraft({ name: 'Acme Logistics Sud' }), { id: 'c3' }),
    ]);
    updateCompany = new UpdateCompany(companies, new FakeReferenceCodes(), new FixedClock(NOW));
  });

  it('replaces the details, bumps the version and emits the changed fields', async () => {
    const reply = await updateCompany.execute({
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
    const reply = await updateCompany.execute({
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
      updateCompany.execute({ id: 'c1', version: 1, draft: changed, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    await expect(
      updateCompany.execute({
        id: 'c1',
        version: 2,
        draft: changed,
        context: contextOf(officerOfAnotherOffice),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(companies.events).toHaveLength(0);
  });

  it('gets a company for a reader, NOT_FOUND for an unknown id', async () => {
    const getCompany = new GetCompany(companies);
    await expect(
      getCompany.execute({ id: 'c1', context: contextOf(analyst) }),
    ).resolves.toMatchObject({ id: 'c1' });
    await expect(
      getCompany.execute({ id: 'nope', context: contextOf(analyst) }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('searches by number after normalisation and by every word of a name, page by page', async () => {
    const search = new SearchCompanies(companies);
    const byNumber = await search.execute({
      number: 'fr-1234 5678 901',
      limit: 20,
      context: contextOf(analyst),
    });
    expect(byNumber.items.map((c) => c.id)).toEqual(['c1']);
    const first = await search.execute({
      name: 'acme logistics',
      limit: 1,
      context: contextOf(analyst),
    });
    expect(first.items.map((c) => c.id)).toEqual(['c2']);
    const second = await search.execute({
      name: 'acme logistics',
      limit: 1,
      cursor: first.nextCursor,
      context: contextOf(analyst),
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'c3' })] });
    await expect(
      search.execute({ name: 'acme', limit: 1, cursor: 'junk', context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
