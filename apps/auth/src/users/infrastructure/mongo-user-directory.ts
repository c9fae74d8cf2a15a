import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent } from '@opencen/contracts';
import { EventBus, WITHOUT_OUTBOX, withEvents } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { type DirectoryChange, type DirectoryEntry, UserDirectory } from '../usecases/ports';
import {
  AUTH_CURSOR_MODEL,
  type AuthCursorDocument,
  LOGIN_EVENTS_CURSOR,
  USER_DIRECTORY_MODEL,
  type UserDirectoryDocument,
} from './user-directory.schema';

type StoredEntry = Omit<UserDirectoryDocument, 'outbox'>;

function toEntry(document: StoredEntry): DirectoryEntry {
  return {
    id: document._id,
    ...(document.lastLoginAt ? { lastLoginAt: document.lastLoginAt } : {}),
    ...(document.periodStartedAt ? { periodStartedAt: document.periodStartedAt } : {}),
    ...(document.lock?.reason
      ? { lock: { reason: document.lock.reason, at: document.lock.at } }
      : {}),
    ...(document.remindedFor ? { remindedFor: document.remindedFor } : {}),
    failures: document.failures ?? [],
    ...(document.failuresReportedUntil
      ? { failuresReportedUntil: document.failuresReportedUntil }
      : {}),
  };
}

@Injectable()
export class MongoUserDirectory extends UserDirectory {
  constructor(
    @InjectModel(USER_DIRECTORY_MODEL) private readonly entries: Model<UserDirectoryDocument>,
    @InjectModel(AUTH_CURSOR_MODEL) private readonly cursors: Model<AuthCursorDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async get(id: string): Promise<DirectoryEntry | null> {
    const document = await this.entries.findById(id, WITHOUT_OUTBOX).lean<StoredEntry>();
    return document ? toEntry(document) : null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, DirectoryEntry>> {
    // Each by its key, all at once: a page's reads overlap instead of following one another.
    const entries = await Promise.all(ids.map((id) => this.get(id)));
    return new Map(
      entries.filter((entry): entry is DirectoryEntry => entry !== null).map((e) => [e.id, e]),
    );
  }

  async change(id: string, change: DirectoryChange, events: readonly CloudEvent[]): Promise<void> {
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, 1> = {};
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) continue;
      if (value === null) $unset[field] = 1;
      else $set[field] = value;
    }
    const update = withEvents(
      {
        ...(Object.keys($set).length ? { $set } : {}),
        ...(Object.keys($unset).length ? { $unset } : {}),
      },
      events,
    );
    // An upsert: users created in Keycloak directly (the demo users) get their entry at their
    // first change. The events ride in the entry, so the change and its events are one write.
    await this.events.storeEvents(this.entries.collection.collectionName, id, () =>
      this.entries.updateOne({ _id: id }, update, { upsert: true }),
    );
  }

  async loginEventsCursor(): Promise<{ time: number; ids: string[] } | null> {
    const document = await this.cursors.findById(LOGIN_EVENTS_CURSOR).lean<AuthCursorDocument>();
    return document ? { time: document.time, ids: document.ids ?? [] } : null;
  }

  async saveLoginEventsCursor(cursor: { time: number; ids: string[] }): Promise<void> {
    await this.cursors.updateOne(
      { _id: LOGIN_EVENTS_CURSOR },
      { $set: { time: cursor.time, ids: cursor.ids } },
      { upsert: true },
    );
  }
}
