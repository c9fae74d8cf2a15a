import { type CaseDraftInput } from '@opencen/contracts';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/** Why the API refused a queued draft: kept with it, shown at its fields. */
export interface DraftRefusal {
  status: number;
  title: string;
  detail: string;
  errors: { path: string; reason: string }[];
}

/** A case entered while the network was gone, waiting to be sent. */
export interface QueuedDraft {
  /** Also its `Idempotency-Key`: a draft sent twice (a lost answer, two tabs) is recorded once. */
  key: string;
  /** The Keycloak sub of the officer who entered it: a shared computer keeps each one's apart. */
  owner: string;
  draft: CaseDraftInput;
  savedAt: string;
  refusal?: DraftRefusal;
}

interface OfflineSchema extends DBSchema {
  drafts: { key: string; value: QueuedDraft; indexes: { owner: string } };
}

const DATABASE = 'opencen-offline';

/** The drafts kept in the browser (IndexedDB), by key; listed per officer. */
export class DraftStore {
  private database?: Promise<IDBPDatabase<OfflineSchema>>;

  private db() {
    this.database ??= openDB<OfflineSchema>(DATABASE, 1, {
      upgrade(db) {
        db.createObjectStore('drafts', { keyPath: 'key' }).createIndex('owner', 'owner');
      },
    });
    return this.database;
  }

  async list(owner: string): Promise<QueuedDraft[]> {
    const drafts = await (await this.db()).getAllFromIndex('drafts', 'owner', owner);
    return drafts.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  }

  async put(draft: QueuedDraft): Promise<void> {
    await (await this.db()).put('drafts', draft);
  }

  async remove(key: string): Promise<void> {
    await (await this.db()).delete('drafts', key);
  }

  async get(key: string): Promise<QueuedDraft | undefined> {
    return (await this.db()).get('drafts', key);
  }
}
