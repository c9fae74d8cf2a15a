import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type Alert,
  type CloudEvent,
  type SubjectRef,
  alertSchema as alertContract,
} from '@opencen/contracts';
import { EventBus, toOutboxEntries, updateVersioned } from '@opencen/nest-kit';
import { type FilterQuery, Model } from 'mongoose';

import { AlertRepository, type AlertWithHits, type MergeMove } from '../usecases/ports';
import { ALERT_MODEL, type AlertDocument } from './alert.schema';

type StoredAlert = Omit<AlertDocument, 'outbox'>;

const READ_PROJECTION = { outbox: 0 } as const;

function toDocument(alert: Alert): Omit<StoredAlert, 'hits'> {
  const { id, subject, createdAt, updatedAt, ...fields } = alert;
  return {
    _id: id,
    ...subject,
    ...fields,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
  };
}

/** Reads a stored alert through its contract. */
function toAlert(document: StoredAlert): Alert {
  const {
    _id,
    subjectType,
    subjectId,
    createdAt,
    updatedAt,
    hits: _hits,
    movedByMergeId: _movedByMergeId,
    movedFromSubjectId: _movedFromSubjectId,
    ...fields
  } = document;
  return alertContract.parse({
    ...fields,
    id: _id,
    subject: { subjectType, subjectId },
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  });
}

@Injectable()
export class MongoAlertRepository extends AlertRepository {
  constructor(
    @InjectModel(ALERT_MODEL) private readonly alerts: Model<AlertDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async findById(id: string): Promise<Alert | null> {
    const document = await this.alerts.findById(id, READ_PROJECTION).lean<StoredAlert>();
    return document ? toAlert(document) : null;
  }

  async listBySubject(subject: SubjectRef, activeOnly: boolean): Promise<Alert[]> {
    const filter: FilterQuery<AlertDocument> = {
      ...subject,
      ...(activeOnly ? { status: 'active' } : {}),
    };
    const documents = await this.alerts
      .find(filter, READ_PROJECTION)
      .sort({ createdAt: -1, _id: 1 })
      .limit(500)
      .lean<StoredAlert[]>();
    return documents.map(toAlert);
  }

  async findActiveOn(subjects: readonly SubjectRef[]): Promise<AlertWithHits[]> {
    if (subjects.length === 0) return [];
    const documents = await this.alerts
      .find(
        {
          status: 'active',
          $or: subjects.map(({ subjectType, subjectId }) => ({ subjectType, subjectId })),
        },
        READ_PROJECTION,
      )
      .sort({ _id: 1 })
      .lean<StoredAlert[]>();
    return documents.map((document) => ({ alert: toAlert(document), hits: document.hits ?? [] }));
  }

  async findActiveEndingBefore(today: string, limit: number): Promise<Alert[]> {
    const documents = await this.alerts
      .find({ status: 'active', validTo: { $lt: today } }, READ_PROJECTION)
      .sort({ validTo: 1, _id: 1 })
      .limit(limit)
      .lean<StoredAlert[]>();
    return documents.map(toAlert);
  }

  async findMovedBy(mergeId: string): Promise<Alert[]> {
    const documents = await this.alerts
      .find({ movedByMergeId: mergeId }, READ_PROJECTION)
      .sort({ _id: 1 })
      .lean<StoredAlert[]>();
    return documents.map(toAlert);
  }

  async move(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    move: MergeMove | null,
  ): Promise<void> {
    const { _id, version: _version, ...fields } = toDocument(alert);
    const update = move
      ? {
          $set: {
            ...fields,
            movedByMergeId: move.mergeId,
            movedFromSubjectId: move.from.subjectId,
          },
        }
      : { $set: fields, $unset: { movedByMergeId: 1, movedFromSubjectId: 1 } };
    await updateVersioned(this.alerts, _id, expectedVersion, update, events);
    this.events.eventsStored(this.alerts.collection.collectionName, _id);
  }

  async insert(alert: Alert, events: readonly CloudEvent[]): Promise<void> {
    await this.alerts.create({ ...toDocument(alert), hits: [], outbox: toOutboxEntries(events) });
    this.events.eventsStored(this.alerts.collection.collectionName, alert.id);
  }

  async update(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    hit?: string,
  ): Promise<void> {
    // `version` is left to updateVersioned, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toDocument(alert);
    await updateVersioned(
      this.alerts,
      _id,
      expectedVersion,
      { $set: fields, ...(hit === undefined ? {} : { $push: { hits: hit } }) },
      events,
    );
    this.events.eventsStored(this.alerts.collection.collectionName, _id);
  }
}
