import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type getReferenceSnapshot,
} from '@opencen/contracts';

import { entryView } from './entry-views';
import { EntryRepository } from './ports';

export type GetSnapshotQuery = HandlerRequestOf<typeof getReferenceSnapshot>;
export type Snapshot = HandlerReplyOf<typeof getReferenceSnapshot>;

/**
 * A whole list, deprecated entries included (old records still point at them), with its version,
 * for services that keep a local copy. They take one at start and whenever they need to catch up,
 * and follow the entry events in between; seeded entries come only through snapshots.
 */
@Injectable()
export class GetSnapshot {
  constructor(private readonly entries: EntryRepository) {}

  async execute({ list, language }: GetSnapshotQuery): Promise<Snapshot> {
    const { version, entries } = await this.entries.snapshot(list);
    return { list, version, entries: entries.map((entry) => entryView(entry, language)) };
  }
}
