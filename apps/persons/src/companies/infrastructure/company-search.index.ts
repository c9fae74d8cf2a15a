import {
  companyCreated,
  companyMerged,
  companyUnmerged,
  companyUpdated,
  consumerName,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
} from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import {
  KEYWORD,
  PERSONS_INDEX_SETTINGS,
  recordProjection,
} from '../../records/infrastructure/search';
import { COMPANIES_COLLECTION, type CompanyDocument } from './company.schema';

/**
 * The companies as searches and candidate retrieval see them: the keys the store derived from
 * each company (domain/company `companyKeysOf`). Names are there as `nameKeys`, the significant
 * tokens of every name already transliterated, folded and without legal forms, which is how a name
 * search compares them. The record itself is read from the store by `_id`.
 */
export const COMPANIES_INDEX: SearchIndexDefinition = {
  alias: 'persons-companies',
  version: 1,
  settings: PERSONS_INDEX_SETTINGS,
  mappings: {
    dynamic: 'strict',
    properties: {
      // Pages of a search, in id order.
      id: KEYWORD,
      // Candidates on create: `num:<country>:<number>` and `name:<country>:<normalised name>`.
      matchKeys: KEYWORD,
      // Exact search by a number of any kind, normalised.
      numbers: KEYWORD,
      // Search by name: every word of the query among them.
      nameKeys: KEYWORD,
      // The survivor of a merged company: left out of every retrieval.
      mergedInto: KEYWORD,
    },
  },
};

type StoredCompany = Partial<Omit<CompanyDocument, 'history' | 'outbox'>> & {
  _id: string;
  version: number;
};

/** The index document of a stored company, at its version. */
export function companySearchDocument(stored: StoredCompany): ProjectedDocument {
  return {
    id: stored._id,
    version: stored.version,
    document: {
      id: stored._id,
      matchKeys: stored.matchKeys ?? [],
      numbers: stored.numbers ?? [],
      nameKeys: stored.nameKeys ?? [],
      ...(stored.mergedInto ? { mergedInto: stored.mergedInto } : {}),
    },
  };
}

/** The companies index kept up to date from the company events (both sides of a merge). */
export function companiesProjection(companies: Model<CompanyDocument>): SearchProjection {
  return recordProjection({
    durable: consumerName('persons', 'search-companies'),
    index: COMPANIES_INDEX,
    events: [companyCreated, companyUpdated, companyMerged, companyUnmerged],
    records: companies,
    documentOf: companySearchDocument,
  });
}

/** How the reindex command rebuilds the companies index from the `companies` collection. */
export const COMPANIES_REINDEX: ReindexSource = {
  index: COMPANIES_INDEX,
  collection: COMPANIES_COLLECTION,
  documentOf: (stored) => companySearchDocument(stored as StoredCompany),
};
