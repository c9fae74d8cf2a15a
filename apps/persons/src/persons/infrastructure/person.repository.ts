import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Classification, type Person } from '@opencen/contracts';
import { EventBus, SearchService } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import {
  IS_MERGED,
  MongoRecordStore,
  readableBy,
} from '../../office-records/office-records.module';
import { type PersonForMatching } from '../domain/matching';
import { type NameQuery, forMatching } from '../domain/person';
import { personKind } from '../domain/person-kind';
import { type IndexedPerson, PersonRepository } from '../usecases/ports';
import { PEOPLE_INDEX } from './person-search.index';
import { PERSON_MODEL, type PersonDocument } from './person.schema';

/** What only the store keeps of a person: the keys it is found by, the ids of its cases. */
export const PERSON_STORE_ONLY = ['blockingKeys', 'nameKeys', 'documentNumbers', 'caseIds'];

/** Persons in their collection, read by `_id` (the kernel's store); searched in the people index. */
@Injectable()
export class MongoPersonRepository
  extends MongoRecordStore<Person, PersonDocument>
  implements PersonRepository
{
  constructor(
    @InjectModel(PERSON_MODEL) persons: Model<PersonDocument>,
    events: EventBus,
    private readonly search: SearchService,
  ) {
    super(personKind, persons, events, search, PEOPLE_INDEX, PERSON_STORE_ONLY);
  }

  /**
   * Those sharing the most keys first, when more than `limit` share one (a very common name), with
   * the `forMatching` the index holds (only that field of `_source`, to keep the reply small).
   */
  async matchCandidates(
    keys: readonly string[],
    limit: number,
    readable: readonly Classification[],
  ): Promise<IndexedPerson[]> {
    const { hits } = await this.search.query(PEOPLE_INDEX, {
      ...bestFirst(limit),
      query: {
        bool: {
          should: keys.map((key) => ({ term: { blockingKeys: key } })),
          minimum_should_match: 1,
          filter: [readableBy(readable)],
          must_not: [IS_MERGED],
        },
      },
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

  /** The closest first: a phonetic key in common, or words of the name as written or in Latin. */
  findByName(
    name: NameQuery,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Person[]> {
    return this.found(
      {
        should: [
          { terms: { nameKeys: [...name.keys] } },
          { match: { names: name.written } },
          ...(name.latin ? [{ match: { latinNames: name.latin } }] : []),
        ],
        minimum_should_match: 1,
      },
      bestFirst(limit),
      readable,
    );
  }

  findByDocumentNumber(
    number: string,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Person[]> {
    return this.found(
      { filter: [{ term: { documentNumbers: number } }] },
      bestFirst(limit),
      readable,
    );
  }
}

/** A page of the people index, best first, then by id. */
function bestFirst(limit: number): Record<string, unknown> {
  return { size: limit, sort: ['_score', { id: 'asc' }] };
}
