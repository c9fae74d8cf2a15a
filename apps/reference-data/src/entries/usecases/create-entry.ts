import { Injectable } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type ReferenceEntry,
  type createReferenceEntry,
  referenceEntryCreated,
} from '@opencen/contracts';
import {
  Clock,
  IdGenerator,
  type RequestContext,
  ServiceError,
  requireRole,
} from '@opencen/nest-kit';

import { type Entry, createEntry, sameContent } from '../domain/entry';
import { assertFollowsRules } from './entry-checks';
import { entryEvent, entryView } from './entry-views';
import { EntryRepository } from './ports';

export type CreateEntryCommand = HandlerRequestOf<typeof createReferenceEntry> & {
  readonly context: RequestContext;
};

/** An administrator adds a code to a list; it is valid from today unless told otherwise. */
@Injectable()
export class CreateEntry {
  constructor(
    private readonly entries: EntryRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreateEntryCommand): Promise<ReferenceEntry> {
    const actor = requireRole(command.context, 'administrators', 'Changing reference data');
    const entry = createEntry(
      {
        list: command.list,
        code: command.code,
        labels: command.labels,
        attributes: command.attributes,
        validFrom: command.validFrom ?? this.clock.today(),
        validTo: command.validTo,
      },
      this.clock.now(),
    );
    await assertFollowsRules(entry, this.entries);
    const existing = await this.entries.findByCode(entry.list, entry.code);
    if (existing) {
      // A run repeating a crashed one of this Idempotency-Key request answers what it stored.
      if (this.ids.repeatsEarlierRun() && storedByThisRequest(existing, entry, command)) {
        return entryView(existing, 'en');
      }
      throw ServiceError.conflict(`${entry.list} already has an entry ${entry.code}`, [
        {
          path: 'code',
          reason: 'already exists; change it with an update instead',
          code: 'duplicate_code',
        },
      ]);
    }
    await this.entries.insert(entry, [
      entryEvent(referenceEntryCreated, entry, command.context, actor),
    ]);
    return entryView(entry, 'en');
  }
}

/**
 * Whether `existing` is the entry this request stores: unchanged since its creation (version 1)
 * and holding what the request asks for, validFrom included when the request gave one (by
 * default it is the day the first run ran). The key's stored hash already tells that the request
 * is the same; this tells that the entry is that request's, not an earlier one under the code.
 */
function storedByThisRequest(
  existing: Entry,
  requested: Entry,
  command: Pick<CreateEntryCommand, 'validFrom'>,
): boolean {
  const asFirstRun = { ...requested, validFrom: command.validFrom ?? existing.validFrom };
  return existing.version === 1 && sameContent(existing, asFirstRun);
}
