import { companyCreated, parseEvent } from '@opencen/contracts';

import {
  FakeReferenceCodes,
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

describe('CreateCompany', () => {
  const acme = aCompanyDraft({ name: 'Acme Trading SARL', vatNumber: 'FR12345678901' });
  let companies: InMemoryCompanies;
  let reference: FakeReferenceCodes;
  let records: CompanyRecords;

  beforeEach(() => {
    companies = new InMemoryCompanies([aCompany(acme, { id: 'c1' })]);
    reference = new FakeReferenceCodes();
    records = companyRecordsOver(companies, { reference });
  });

  it('returns the known company for an equal VAT number written differently, and stores nothing', async () => {
    const draft = aCompanyDraft({ name: 'Something else', vatNumber: 'fr 12 345-678-901' });
    const reply = await records.create({
      draft,
      confirmedNew: false,
      context: contextOf(officer),
    });
    expect(reply).toEqual({
      outcome: 'candidates',
      candidates: [
        expect.objectContaining({
          strength: 'strong',
          company: expect.objectContaining({ id: 'c1' }),
          reasons: ['VAT number equal after normalisation: fr 12 345-678-901 = FR12345678901'],
        }),
      ],
    });
    expect(companies.stored.size).toBe(1);
    expect(companies.events).toHaveLength(0);
  });

  it('records it when the officer confirms it is another company, with its event', async () => {
    const draft = aCompanyDraft({ name: 'ACME trading' });
    const reply = await records.create({
      draft,
      confirmedNew: true,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({
      outcome: 'created',
      company: { id: 'company-new-1', office: 'FRA-CDG', version: 1, createdBy: 'sub-officer-1' },
      candidates: [expect.objectContaining({ company: expect.objectContaining({ id: 'c1' }) })],
    });
    expect(companies.stored.get('company-new-1')?.history[0]?.fields).toEqual([
      'names',
      'country',
      'classification',
    ]);
    expect(parseEvent(companyCreated, companies.events[0])).toMatchObject({
      data: { companyId: 'company-new-1', office: 'FRA-CDG', version: 1 },
    });
    expect(JSON.stringify(companies.events)).not.toMatch(/ACME/i);
  });

  it('records a company of another country with the same number', async () => {
    const draft = aCompanyDraft({ name: 'Acme GmbH', vatNumber: 'FR12345678901', country: 'DE' });
    const reply = await records.create({
      draft,
      confirmedNew: false,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({ outcome: 'created', candidates: [] });
  });

  it('refuses an unknown country naming the field', async () => {
    const draft = aCompanyDraft({ name: 'Nowhere', country: 'QQ' });
    await expect(
      records.create({ draft, confirmedNew: true, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.country', code: 'unknown_code' })],
    });
    expect(companies.stored.size).toBe(1);
  });

  it('refuses a reader', async () => {
    await expect(
      records.create({ draft: acme, confirmedNew: true, context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
