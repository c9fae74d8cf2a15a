import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type Case,
  type CaseComment,
  type CloudEvent,
  caseSchema as caseContract,
} from '@opencen/contracts';
import {
  EventBus,
  documentWriteLock,
  isDuplicateKeyError,
  toOutboxEntries,
  updateVersioned,
} from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { dimensionsOf } from '../domain/dimensions';
import { type Repoint } from '../domain/party-links';
import { CaseNumbers, CaseRepository, type CaseHistoryEntry } from '../usecases/ports';
import {
  CASE_MODEL,
  CASE_NUMBERS_COLLECTION,
  CASES_COLLECTION,
  type CaseDocument,
  type CaseNumberDocument,
} from './case.schema';

/** Reads leave out what only the store needs. */
const CASE_PROJECTION = {
  history: 0,
  comments: 0,
  repoints: 0,
  outbox: 0,
  period: 0,
  year: 0,
  detectionOffice: 0,
  commodityCategories: 0,
  hsCodes: 0,
  hsHeadings: 0,
  routeCountries: 0,
  concealmentMethods: 0,
  subjectKeys: 0,
  keywords: 0,
  itemCount: 0,
} as const;

/** Contract fields that may be absent, unset when a new version leaves them out. */
const OPTIONAL = [
  'detectedAt',
  'procedure',
  'transportMode',
  'conveyance',
  'outcome',
  'narrative',
  'rejection',
] as const;

/** The document of a case: dates as Dates, the dimensions beside it. */
function toDocument(kase: Case): Record<string, unknown> {
  const { id, createdAt, updatedAt, detectedAt, ...fields } = kase;
  const document: Record<string, unknown> = {
    _id: id,
    ...fields,
    ...(detectedAt ? { detectedAt: new Date(detectedAt) } : {}),
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    ...dimensionsOf(kase),
  };
  for (const [key, value] of Object.entries(document))
    if (value === undefined) delete document[key];
  return document;
}

/** A stored case read through its contract (which also drops nulls of absent optionals). */
function toCase(document: Record<string, unknown>): Case {
  const { _id, createdAt, updatedAt, detectedAt, ...fields } = document;
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null));
  const result = caseContract.safeParse({
    ...present,
    id: _id,
    ...(detectedAt instanceof Date ? { detectedAt: detectedAt.toISOString() } : {}),
    createdAt: (createdAt as Date).toISOString(),
    updatedAt: (updatedAt as Date).toISOString(),
  });
  if (result.success) return result.data;
  const paths = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new Error(`Stored case ${String(_id)} does not match the case contract at: ${paths}`);
}

@Injectable()
export class MongoCaseRepository extends CaseRepository {
  constructor(
    @InjectModel(CASE_MODEL) private readonly cases: Model<CaseDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async findById(id: string): Promise<Case | null> {
    const document = await this.cases.findById(id, CASE_PROJECTION).lean<Record<string, unknown>>();
    return document ? toCase(document) : null;
  }

  async findByNumber(number: string): Promise<Case | null> {
    const document = await this.cases
      .findOne({ number }, CASE_PROJECTION)
      .lean<Record<string, unknown>>();
    return document ? toCase(document) : null;
  }

  async history(id: string): Promise<CaseHistoryEntry[] | null> {
    const document = await this.cases
      .findById(id, { history: 1 })
      .lean<{ history?: CaseHistoryEntry[] }>();
    return document
      ? (document.history ?? []).map((entry) => ({ ...entry, at: new Date(entry.at) }))
      : null;
  }

  async repoints(id: string): Promise<Repoint[]> {
    const document = await this.cases
      .findById(id, { repoints: 1 })
      .lean<{ repoints?: Repoint[] }>();
    return document?.repoints ?? [];
  }

  async idsNamingPerson(personId: string): Promise<string[]> {
    const documents = await this.cases
      .find({ subjectKeys: `person:${personId}` }, { _id: 1 })
      .lean<{ _id: string }[]>();
    return documents.map((document) => document._id);
  }

  async insert(kase: Case, change: CaseHistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    await this.cases.collection.insertOne({
      ...toDocument(kase),
      history: [change],
      comments: [],
      repoints: [],
      outbox: toOutboxEntries(events),
    } as never);
    this.events.eventsStored();
  }

  async update(
    kase: Case,
    expectedVersion: number,
    change: CaseHistoryEntry,
    events: readonly CloudEvent[],
    repoints?: readonly Repoint[],
  ): Promise<void> {
    // `version` is left to updateVersioned, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toDocument(kase);
    const absent = OPTIONAL.filter((field) => kase[field] === undefined);
    await updateVersioned(
      this.cases,
      _id,
      expectedVersion,
      {
        $set: { ...fields, ...(repoints ? { repoints } : {}) },
        $push: { history: change },
        ...(absent.length > 0 ? { $unset: Object.fromEntries(absent.map((f) => [f, 1])) } : {}),
      },
      events,
    );
    this.events.eventsStored();
  }

  async addComment(caseId: string, comment: CaseComment): Promise<void> {
    // Not versioned: a comment never makes an edit stale. The lock keeps it from overlapping
    // another write of this process to the case (FerretDB could lose one).
    await documentWriteLock.run(CASES_COLLECTION, caseId, () =>
      this.cases.updateOne({ _id: caseId }, { $push: { comments: comment } }),
    );
  }

  async comments(caseId: string): Promise<CaseComment[]> {
    const document = await this.cases
      .findById(caseId, { comments: 1 })
      .lean<{ comments?: CaseComment[] }>();
    return document?.comments ?? [];
  }
}

/** Case numbers claimed by inserting `<scope>#<sequence>`: the store refuses a second claim. */
@Injectable()
export class MongoCaseNumbers extends CaseNumbers {
  constructor(
    @InjectModel(CASE_NUMBERS_COLLECTION) private readonly numbers: Model<CaseNumberDocument>,
  ) {
    super();
  }

  async highest(scope: string): Promise<number> {
    const top = await this.numbers
      .findOne({ scope }, { sequence: 1 })
      .sort({ sequence: -1 })
      .lean<{ sequence: number }>();
    return top?.sequence ?? 0;
  }

  async claim(scope: string, sequence: number, caseId: string): Promise<boolean> {
    try {
      await this.numbers.collection.insertOne({
        _id: `${scope}#${sequence}`,
        scope,
        sequence,
        caseId,
      } as never);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
