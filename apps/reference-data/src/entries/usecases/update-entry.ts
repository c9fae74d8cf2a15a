import { Injectable } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type ReferenceEntry,
  referenceEntryUpdated,
  type updateReferenceEntry,
} from '@opencen/contracts';
import { type RequestContext, Clock, requireRole } from '@opencen/nest-kit';

import { changeEntry, sameContent } from '../domain/entry';
import { assertFollowsRules, assertVersion, entryNotFound } from './entry-checks';
import { entryEvent, entryView } from './entry-views';
import { EntryRepository } from './ports';

export type UpdateEntryCommand = HandlerRequestOf<typeof updateReferenceEntry> & {
  readonly context: RequestContext;
};

/**
 * An administrator changes the labels, attributes or validity of an entry, from the version they
 * saw. Labels and attributes are replaced as a whole; `validTo: null` removes the end of validity.
 * A change that changes nothing stores nothing and emits nothing.
 */
@Injectable()
export class UpdateEntry {
  constructor(
    private readonly entries: EntryRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateEntryCommand): Promise<ReferenceEntry> {
    const actor = requireRole(command.context, 'administrators', 'Changing reference data');
    const current = await this.entries.findByCode(command.list, command.code);
    if (!current) throw entryNotFound(command.list, command.code);
    assertVersion(current, command.version);
    const { labels, attributes, validFrom, validTo } = command;
    const next = changeEntry(current, { labels, attributes, validFrom, validTo }, this.clock.now());
    if (sameContent(current, next)) return entryView(current, 'en');
    await assertFollowsRules(next, this.entries);
    await this.entries.update(next, current.version, [
      entryEvent(referenceEntryUpdated, next, command.context, actor),
    ]);
    return entryView(next, 'en');
  }
}
