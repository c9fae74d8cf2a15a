import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent, type Person } from '@opencen/contracts';
import { EventBus, SearchService, WITHOUT_OUTBOX } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { IS_MERGED, readEach, searchIds } from '../../records/infrastructure/search';
import { type PersonForMatching } from '../domain/matching';
import { type HistoryEntry, type NameQuery, forMatching } from '../domain/person';
import { type IndexedPerson, PersonRepository } from '../usecases/ports';
import { PEOPLE_INDEX } from './person-search.index';
import { OPTIONAL_FIELDS, toDocument, toPerson } from './person.mapper';
import { PERSON_MODEL, type PersonDocument } from './person.schema';

/** Reads leave out what only the store needs. */
export const PERSON_PROJECTION = {
  blockingKeys: 0,
  nameKeys: 0,
  documentNumbers: 0,
  caseIds: 0,
  history: 0,
  ...WITHOUT_OUTBOX,
} as const;

type StoredPerson = Partial<PersonDocument> & { _id: string };

@Injectable()
export class MongoPersonRepository extends PersonRepository {
  constructor(
    @InjectModel(PERSON_MODEL) private readonly persons: Model<PersonDocument>,
    private readonly events: EventBus,
    private readonly index: SearchService,
  ) {
    super();
  }

  async findById(id: string): Promise<Person | null> {
    const document = await this.persons.findById(id, PERSON_PROJECTION).lean<StoredPerson>();
    return document ? toPerson(document) : null;
  }

  async history(id: string): Promise<HistoryEntry[] | null> {
    const document = await this.persons
      .findById(id, { history: 1 })
      .lean<{ history?: HistoryEntry[] }>();
    return document ? (document.history ?? []) : null;
  }

  /**
   * Those sharing the most keys first, when more than `limit` share one (a very common name), with
   * the `forMatching` the index holds (only that field of `_source`, to keep the reply small).
   */
  async matchCandidates(keys: readonly string[], limit: number): Promise<IndexedPerson[]> {
    const { hits } = await this.index.query(PEOPLE_INDEX, {
      ...peopleQuery(limit, {
        should: keys.map((key) => ({ term: { blockingKeys: key } })),
        minimum_should_match: 1,
      }),
      _source: ['forMatching'],
      track_total_hits: false,
    });
    // An index built before version 2 of its mappings holds no `forMatching`: until the reindex
    // command swaps it, those persons are read from the store, so that no candidate is missed.
    const unindexed = hits.filter((hit) => hit._source?.forMatching === undefined);
    const stored = await this.findEachById(unindexed.map((hit) => hit._id));
    const fromStore = new Map(stored.map((person) => [person.id, forMatching(person)]));
    return hits.flatMap((hit) => {
      const indexed = hit._source?.forMatching as PersonForMatching | undefined;
      const matching = indexed ?? fromStore.get(hit._id);
      return matching ? [{ id: hit._id, forMatching: matching }] : [];
    });
  }

  findEachById(ids: readonly string[]): Promise<Person[]> {
    return readEach(ids, (id) => this.findById(id));
  }

  /** The closest first: a phonetic key in common, or words of the name as written or in Latin. */
  findByName(name: NameQuery, limit: number): Promise<Person[]> {
    return this.found(limit, {
      should: [
        { terms: { nameKeys: [...name.keys] } },
        { match: { names: name.written } },
        ...(name.latin ? [{ match: { latinNames: name.latin } }] : []),
      ],
      minimum_should_match: 1,
    });
  }

  findByDocumentNumber(number: string, limit: number): Promise<Person[]> {
    return this.found(limit, { filter: [{ term: { documentNumbers: number } }] });
  }

  async insert(person: Person, change: HistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    await this.events.insertWithEvents(
      this.persons.collection.collectionName,
      { ...toDocument(person), history: [change] },
      events,
      (document) => this.persons.create(document),
    );
  }

  async update(
    person: Person,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    // `version` is left to the versioned update, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toDocument(person);
    const unset = Object.fromEntries(
      OPTIONAL_FIELDS.filter((field) => person[field] === undefined).map((field) => [field, 1]),
    );
    await this.events.updateVersioned(
      this.persons,
      _id,
      expectedVersion,
      {
        $set: fields,
        $push: { history: change },
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
      },
      events,
    );
  }

  /**
   * The persons the people index finds with `query`, in its order, each then read from the store
   * by `_id`.
   */
  private async found(limit: number, query: Record<string, unknown>): Promise<Person[]> {
    return this.findEachById(await searchIds(this.index, PEOPLE_INDEX, peopleQuery(limit, query)));
  }
}

/**
 * A search of the people index for `query` (a bool query), best first, then by id. Merged persons
 * are left out: their survivor holds their names and documents.
 */
function peopleQuery(limit: number, query: Record<string, unknown>): Record<string, unknown> {
  return {
    size: limit,
    query: { bool: { ...query, must_not: [IS_MERGED] } },
    sort: ['_score', { id: 'asc' }],
  };
}
