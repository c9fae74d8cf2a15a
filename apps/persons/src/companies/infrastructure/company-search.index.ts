import { type ProjectedDocument } from '@opencen/nest-kit';

import {
  KEYWORD,
  recordIndex,
  recordIndexDocument,
  type StoredForIndex,
  recordIndexing,
} from '../../office-records/office-records.module';
import { companyKind } from '../domain/company-kind';
import { COMPANIES_COLLECTION, type CompanyDocument } from './company.schema';

/**
 * The companies as searches and candidate retrieval see them: the keys the store derived from
 * each company (domain/company `companyKeysOf`). Names are there as `nameKeys`, the significant
 * tokens of every name already transliterated, folded and without legal forms, which is how a name
 * search compares them. The record itself is read from the store by `_id`.
 */
export const COMPANIES_INDEX = recordIndex({
  alias: 'persons-companies',
  // 2 added `classification`.
  version: 2,
  properties: {
    // Candidates on create: `num:<country>:<number>` and `name:<country>:<normalised name>`.
    matchKeys: KEYWORD,
    // Exact search by a number of any kind, normalised.
    numbers: KEYWORD,
    // Search by name: every word of the query among them.
    nameKeys: KEYWORD,
  },
});

type StoredCompany = StoredForIndex<CompanyDocument>;

/** The index document of a stored company, at its version. */
export function companySearchDocument(stored: StoredCompany): ProjectedDocument {
  return recordIndexDocument(stored, {
    matchKeys: stored.matchKeys ?? [],
    numbers: stored.numbers ?? [],
    nameKeys: stored.nameKeys ?? [],
  });
}

/** The companies index, fed by the company events and rebuilt from the `companies` collection. */
export const COMPANIES_INDEXING = recordIndexing({
  kind: companyKind,
  consumer: 'search-companies',
  index: COMPANIES_INDEX,
  collection: COMPANIES_COLLECTION,
  documentOf: companySearchDocument,
});
