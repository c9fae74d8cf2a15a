import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent, type Person } from '@opencen/contracts';
import { EventBus, toOutboxEntries } from '@opencen/nest-kit';
import { type FilterQuery, Model } from 'mongoose';

import { type HistoryEntry } from '../domain/person';
import { PersonRepository } from '../usecases/ports';
import { OPTIONAL_FIELDS, toDocument, toPerson } from './person.mapper';
import { PERSON_MODEL, type PersonDocument } from './person.schema';

/** Reads leave out what only the store needs. */
const PERSON_PROJECTION = {
  blockingKeys: 0,
  nameKeys: 0,
  documentNumbers: 0,
  caseIds: 0,
  history: 0,
  outbox: 0,
} as const;

type StoredPerson = Partial<PersonDocument> & { _id: string };

@Injectable()
export class MongoPersonRepository extends PersonRepository {
  constructor(
    @InjectModel(PERSON_MODEL) private readonly persons: Model<PersonDocument>,
    private readonly events: EventBus,
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

  findByBlockingKeys(keys: readonly string[], limit: number): Promise<Person[]> {
    return this.find({ blockingKeys: { $in: [...keys] } }, limit);
  }

  findByNameKeys(keys: readonly string[], limit: number): Promise<Person[]> {
    return this.find({ nameKeys: { $in: [...keys] } }, limit);
  }

  findByDocumentNumber(number: string, limit: number): Promise<Person[]> {
    return this.find({ documentNumbers: number }, limit);
  }

  async insert(person: Person, change: HistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    await this.events.storeEvents(this.persons.collection.collectionName, person.id, () =>
      this.persons.create({
        ...toDocument(person),
        history: [change],
        outbox: toOutboxEntries(events),
      }),
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

  /** Merged persons are left out: their survivor holds their names and documents. */
  private async find(filter: FilterQuery<PersonDocument>, limit: number): Promise<Person[]> {
    const documents = await this.persons
      .find({ ...filter, mergedInto: { $exists: false } }, PERSON_PROJECTION)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<StoredPerson[]>();
    return documents.map(toPerson);
  }
}
