import { buildEvent, personCreated, personMerged } from '@opencen/contracts';
import { type ProjectedDocument, type SearchIndexDefinition } from '@opencen/nest-kit';

import { ALERTS_INDEX, alertSearchDocument } from './alerts/infrastructure/alert-search.index';
import { anAlert } from './alerts/testing/alerts.fixtures';
import {
  COMPANIES_INDEX,
  companySearchDocument,
} from './companies/infrastructure/company-search.index';
import { aCompany, aCompanyDraft } from './companies/testing/companies.fixtures';
import {
  CONVEYANCES_INDEX,
  conveyanceSearchDocument,
} from './conveyances/infrastructure/conveyance-search.index';
import { conveyanceKind } from './conveyances/domain/conveyance-kind';
import { aConveyance, aConveyanceDraft } from './conveyances/testing/conveyances.fixtures';
import { companyKind } from './companies/domain/company-kind';
import { latinNamesOf } from './persons/domain/person';
import { PEOPLE_INDEX, personSearchDocument } from './persons/infrastructure/person-search.index';
import { aDraft, aPerson } from './persons/testing/persons.fixtures';
import { readEach, recordsChangedBy, toStored } from './office-records/office-records.module';
import { personKind } from './persons/domain/person-kind';

/** Every field of a document is in the index's strict mapping, or OpenSearch refuses it. */
function expectMapped(index: SearchIndexDefinition, projected: ProjectedDocument): void {
  const mapped = Object.keys(
    (index.mappings as { properties: Record<string, unknown> }).properties,
  );
  expect(index.mappings).toMatchObject({ dynamic: 'strict' });
  expect(mapped).toEqual(expect.arrayContaining(Object.keys(projected.document)));
}

describe('search index documents', () => {
  const draft = aDraft({
    familyName: 'Иванов',
    givenNames: 'Иван',
    aliases: [{ familyName: 'Müller', givenNames: 'José' }],
    documents: [{ type: 'passport', number: '75 1234567' }],
  });
  const person = aPerson(draft, { id: 'p1', version: 3, latinNames: latinNamesOf(draft) });

  it('holds of a person its names as written, in Latin and its keys, at its version', () => {
    const projected = personSearchDocument({ ...toStored(personKind, person), version: 3 });
    expect(projected).toMatchObject({ id: 'p1', version: 3 });
    expect(projected.document).toMatchObject({
      id: 'p1',
      names: ['Иванов Иван', 'Müller José'],
      latinNames: ['IVANOV IVAN', 'MULLER JOSE'],
      documentNumbers: ['751234567'],
    });
    expect(projected.document.blockingKeys).toContain('doc:751234567');
    expect(projected.document).not.toHaveProperty('mergedInto');
    expectMapped(PEOPLE_INDEX, projected);
  });

  it('marks a merged person with its survivor', () => {
    const merged = aPerson(draft, { id: 'p2', mergedInto: 'p1' });
    const projected = personSearchDocument({ ...toStored(personKind, merged), version: 2 });
    expect(projected.document).toMatchObject({ mergedInto: 'p1' });
    expectMapped(PEOPLE_INDEX, projected);
  });

  it('holds of a company, a conveyance and an alert only mapped fields', () => {
    const company = aCompany(aCompanyDraft({ vatNumber: 'FR 12 345' }), { mergedInto: 'c0' });
    const companyDocument = companySearchDocument(toStored(companyKind, company) as never);
    expect(companyDocument.document).toMatchObject({ numbers: ['FR12345'], mergedInto: 'c0' });
    expectMapped(COMPANIES_INDEX, companyDocument);

    const vessel = aConveyance(aConveyanceDraft({ type: 'vessel', imoNumber: 'IMO 9074729' }));
    const vesselDocument = conveyanceSearchDocument(toStored(conveyanceKind, vessel) as never);
    expect(vesselDocument.document).toMatchObject({ identifierKeys: ['imo:9074729'] });
    expectMapped(CONVEYANCES_INDEX, vesselDocument);

    const alert = anAlert({ id: 'a1', validTo: '2026-12-31', version: 2 });
    const { id, subject, createdAt, updatedAt, ...fields } = alert;
    const alertDocument = alertSearchDocument({
      _id: id,
      ...subject,
      ...fields,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
      hits: [],
    });
    expect(alertDocument).toMatchObject({
      id: 'a1',
      version: 2,
      document: { status: 'active', validTo: '2026-12-31', subjectId: 'person-1' },
    });
    expect(alertDocument.document).not.toHaveProperty('reason');
    expectMapped(ALERTS_INDEX, alertDocument);
  });
});

describe('search helpers', () => {
  const cause = { correlationId: 'c', actor: 'a' };

  it('reindexes both sides of a merge, and the record itself for any other event', () => {
    const merge = buildEvent(personMerged, {
      ...cause,
      subject: 'merged-1',
      data: {
        mergeId: 'm',
        survivorId: 'survivor-1',
        mergedId: 'merged-1',
        office: 'FRA-CDG',
        mergedOffice: 'FRA-CDG',
      },
    });
    expect(recordsChangedBy(merge)).toEqual(['survivor-1', 'merged-1']);
    const creation = buildEvent(personCreated, {
      ...cause,
      subject: 'p1',
      data: { personId: 'p1', office: 'FRA-CDG', version: 1, classification: 'restricted' },
    });
    expect(recordsChangedBy(creation)).toEqual(['p1']);
  });

  it('reads each record found, in the order found, leaving out those gone or merged since', async () => {
    const store = new Map([
      ['b', { id: 'b' }],
      ['a', { id: 'a' }],
      ['m', { id: 'm', mergedInto: 'a' }],
    ]);
    const read = (id: string) => Promise.resolve(store.get(id) ?? null);
    expect(await readEach(['b', 'gone', 'm', 'a'], read)).toEqual([{ id: 'b' }, { id: 'a' }]);
  });
});
