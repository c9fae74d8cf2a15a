import { Injectable } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type ReferenceEntry,
  type createReferenceEntry,
  referenceEntryCreated,
} from '@opencen/contracts';
import { type RequestContext, ServiceError, Clock, requireRole } from '@opencen/nest-kit';

import { createEntry } from '../domain/entry';
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
    if (await this.entries.findByCode(entry.list, entry.code)) {
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
