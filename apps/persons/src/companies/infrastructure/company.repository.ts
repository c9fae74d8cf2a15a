import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CloudEvent,
  type Company,
  companySchema as companyContract,
} from '@opencen/contracts';
import { EventBus, SearchService, WITHOUT_OUTBOX } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { IS_MERGED, inIdOrder, readEach, searchIds } from '../../records/infrastructure/search';
import { type HistoryEntry } from '../../subjects/domain/person';
import { companyKeysOf } from '../domain/company';
import { CompanyRepository } from '../usecases/ports';
import { COMPANIES_INDEX } from './company-search.index';
import { COMPANY_MODEL, type CompanyDocument } from './company.schema';
import { fromStored, toStored, unsetAbsent } from './stored-record';

/** Reads leave out what only the store needs. */
const PROJECTION = {
  matchKeys: 0,
  numbers: 0,
  nameKeys: 0,
  caseIds: 0,
  history: 0,
  ...WITHOUT_OUTBOX,
} as const;

const OPTIONAL_FIELDS = [
  'registrationNumber',
  'taxNumber',
  'vatNumber',
  'eoriNumber',
  'activity',
  'mergedInto',
] as const;

type StoredCompany = Partial<CompanyDocument> & { _id: string };

function toCompany(document: StoredCompany): Company {
  return fromStored(companyContract, 'company', document as never);
}

@Injectable()
export class MongoCompanyRepository extends CompanyRepository {
  constructor(
    @InjectModel(COMPANY_MODEL) private readonly companies: Model<CompanyDocument>,
    private readonly events: EventBus,
    private readonly index: SearchService,
  ) {
    super();
  }

  async findById(id: string): Promise<Company | null> {
    const document = await this.companies.findById(id, PROJECTION).lean<StoredCompany>();
    return document ? toCompany(document) : null;
  }

  async history(id: string): Promise<HistoryEntry[] | null> {
    const document = await this.companies
      .findById(id, { history: 1 })
      .lean<{ history?: HistoryEntry[] }>();
    return document ? (document.history ?? []) : null;
  }

  /** Those sharing the most keys first, then by id. */
  findByMatchKeys(keys: readonly string[], limit: number): Promise<Company[]> {
    return this.found({
      size: limit,
      query: this.notMerged({
        should: keys.map((key) => ({ term: { matchKeys: key } })),
        minimum_should_match: 1,
      }),
      sort: ['_score', { id: 'asc' }],
    });
  }

  search(
    query: { nameKeys: readonly string[] } | { number: string },
    after: string | undefined,
    limit: number,
  ): Promise<Company[]> {
    const filter =
      'number' in query
        ? [{ term: { numbers: query.number } }]
        : query.nameKeys.map((key) => ({ term: { nameKeys: key } }));
    return this.found({ size: limit, query: this.notMerged({ filter }), ...inIdOrder(after) });
  }

  async insert(
    company: Company,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    await this.events.insertWithEvents(
      this.companies.collection.collectionName,
      { ...toStored(company, companyKeysOf(company)), history: [change] },
      events,
      (document) => this.companies.create(document),
    );
  }

  async update(
    company: Company,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    // `version` is left to the versioned update, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toStored(company, companyKeysOf(company));
    const unset = unsetAbsent(company, OPTIONAL_FIELDS);
    await this.events.updateVersioned(
      this.companies,
      _id,
      expectedVersion,
      { $set: fields, $push: { history: change }, ...(unset ? { $unset: unset } : {}) },
      events,
    );
  }

  /** Merged companies are left out: their id resolves to the survivor, which holds their names. */
  private notMerged(bool: Record<string, unknown>): Record<string, unknown> {
    return { bool: { ...bool, must_not: [IS_MERGED] } };
  }

  /** The companies a search of the companies index finds, each read from the store by `_id`. */
  private async found(body: Record<string, unknown>): Promise<Company[]> {
    const ids = await searchIds(this.index, COMPANIES_INDEX, body);
    return readEach(ids, (id) => this.findById(id));
  }
}
