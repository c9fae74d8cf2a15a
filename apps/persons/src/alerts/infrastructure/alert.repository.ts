import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type Alert,
  type CloudEvent,
  type SubjectRef,
  alertSchema as alertContract,
} from '@opencen/contracts';
import { EventBus, SearchService, upsertByKey, WITHOUT_OUTBOX } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { inIdOrder, searchIds } from '../../office-records/office-records.module';
import { AlertRepository, type AlertWithHits, type MergeMove } from '../usecases/ports';
import { ALERTS_INDEX } from './alert-search.index';
import {
  ALERT_KEY_MODEL,
  ALERT_MODEL,
  type AlertDocument,
  type AlertKeyDocument,
  mergeAlertsKey,
  subjectAlertsKey,
} from './alert.schema';

type StoredAlert = Omit<AlertDocument, 'outbox'>;

const READ_PROJECTION = { ...WITHOUT_OUTBOX } as const;

/** Most alerts a subject's list shows. */
const LIST_LIMIT = 500;

const bySameSubject = (subject: SubjectRef) => (document: StoredAlert) =>
  document.subjectType === subject.subjectType && document.subjectId === subject.subjectId;

/** Adds an alert id under a key, creating the key document if needed. */
export function addAlertKey(
  keys: Model<AlertKeyDocument>,
  key: string,
  alertId: string,
): Promise<void> {
  return upsertByKey(keys, key, { $addToSet: { alertIds: alertId } });
}

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
    @InjectModel(ALERT_KEY_MODEL) private readonly keys: Model<AlertKeyDocument>,
    private readonly events: EventBus,
    private readonly index: SearchService,
  ) {
    super();
  }

  /** The alerts whose ids a key lists, each read by `_id`, in id order. */
  private async underKey(key: string): Promise<StoredAlert[]> {
    const document = await this.keys.findById(key).lean<AlertKeyDocument>();
    const ids = [...new Set(document?.alertIds ?? [])].sort();
    const found: StoredAlert[] = [];
    for (const id of ids) {
      const alert = await this.alerts.findById(id, READ_PROJECTION).lean<StoredAlert>();
      if (alert) found.push(alert);
    }
    return found;
  }

  async findById(id: string): Promise<Alert | null> {
    const document = await this.alerts.findById(id, READ_PROJECTION).lean<StoredAlert>();
    return document ? toAlert(document) : null;
  }

  async listBySubject(subject: SubjectRef, activeOnly: boolean): Promise<Alert[]> {
    const documents = (await this.underKey(subjectAlertsKey(subject)))
      .filter(bySameSubject(subject))
      .filter((document) => !activeOnly || document.status === 'active')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a._id.localeCompare(b._id));
    return documents.slice(0, LIST_LIMIT).map(toAlert);
  }

  async findActiveOn(subjects: readonly SubjectRef[]): Promise<AlertWithHits[]> {
    const found = new Map<string, StoredAlert>();
    for (const subject of subjects) {
      for (const document of await this.underKey(subjectAlertsKey(subject))) {
        if (bySameSubject(subject)(document) && document.status === 'active') {
          found.set(document._id, document);
        }
      }
    }
    return [...found.values()]
      .sort((a, b) => a._id.localeCompare(b._id))
      .map((document) => ({ alert: toAlert(document), hits: document.hits ?? [] }));
  }

  idsActiveEndingBefore(today: string, limit: number, after?: string): Promise<string[]> {
    return searchIds(this.index, ALERTS_INDEX, {
      size: limit,
      query: {
        bool: { filter: [{ term: { status: 'active' } }, { range: { validTo: { lt: today } } }] },
      },
      ...inIdOrder(after),
    });
  }

  async findMovedBy(mergeId: string): Promise<Alert[]> {
    const documents = await this.underKey(mergeAlertsKey(mergeId));
    return documents.filter((document) => document.movedByMergeId === mergeId).map(toAlert);
  }

  async move(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    move: MergeMove | null,
  ): Promise<void> {
    const { _id, version: _version, ...fields } = toDocument(alert);
    // The keys first: a crash after them leaves an id too many, which readers drop.
    await addAlertKey(this.keys, subjectAlertsKey(alert.subject), _id);
    if (move) await addAlertKey(this.keys, mergeAlertsKey(move.mergeId), _id);
    const update = move
      ? {
          $set: {
            ...fields,
            movedByMergeId: move.mergeId,
            movedFromSubjectId: move.from.subjectId,
          },
        }
      : { $set: fields, $unset: { movedByMergeId: 1, movedFromSubjectId: 1 } };
    await this.events.updateVersioned(this.alerts, _id, expectedVersion, update, events);
  }

  async insert(alert: Alert, events: readonly CloudEvent[]): Promise<void> {
    await addAlertKey(this.keys, subjectAlertsKey(alert.subject), alert.id);
    await this.events.insertWithEvents(
      this.alerts.collection.collectionName,
      { ...toDocument(alert), hits: [] },
      events,
      (document) => this.alerts.create(document),
    );
  }

  async update(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    hit?: string,
  ): Promise<void> {
    // `version` is left to the versioned update, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toDocument(alert);
    await this.events.updateVersioned(
      this.alerts,
      _id,
      expectedVersion,
      { $set: fields, ...(hit === undefined ? {} : { $push: { hits: hit } }) },
      events,
    );
  }
}
