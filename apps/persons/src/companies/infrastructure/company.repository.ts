import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CloudEvent,
  type Company,
  companySchema as companyContract,
} from '@opencen/contracts';
import { EventBus, toOutboxEntries } from '@opencen/nest-kit';
import { type FilterQuery, Model } from 'mongoose';

import { type HistoryEntry } from '../../subjects/domain/person';
import { companyKeysOf } from '../domain/company';
import { CompanyRepository } from '../usecases/ports';
import { COMPANY_MODEL, type CompanyDocument } from './company.schema';
import { fromStored, toStored, unsetAbsent } from './stored-record';

/** Reads leave out what only the store needs. */
const PROJECTION = {
  matchKeys: 0,
  numbers: 0,
  nameKeys: 0,
  caseIds: 0,
  history: 0,
  outbox: 0,
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

  findByMatchKeys(keys: readonly string[], limit: number): Promise<Company[]> {
    return this.find({ matchKeys: { $in: [...keys] } }, limit);
  }

  search(
    query: { nameKeys: readonly string[] } | { number: string },
    after: string | undefined,
    limit: number,
  ): Promise<Company[]> {
    const filter: FilterQuery<CompanyDocument> =
      'number' in query ? { numbers: query.number } : { nameKeys: { $all: [...query.nameKeys] } };
    return this.find(after === undefined ? filter : { ...filter, _id: { $gt: after } }, limit);
  }

  async insert(
    company: Company,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    await this.events.storeEvents(this.companies.collection.collectionName, company.id, () =>
      this.companies.create({
        ...toStored(company, companyKeysOf(company)),
        history: [change],
        outbox: toOutboxEntries(events),
      }),
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
  private async find(filter: FilterQuery<CompanyDocument>, limit: number): Promise<Company[]> {
    const documents = await this.companies
      .find({ ...filter, mergedInto: { $exists: false } }, PROJECTION)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<StoredCompany[]>();
    return documents.map(toCompany);
  }
}
