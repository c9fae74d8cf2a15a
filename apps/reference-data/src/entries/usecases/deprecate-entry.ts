import { Injectable } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type ReferenceEntry,
  type deprecateReferenceEntry,
  referenceEntryDeprecated,
} from '@opencen/contracts';
import { type RequestContext, ServiceError, Clock, requireRole } from '@opencen/nest-kit';

import {
  defaultLastDay,
  deprecateEntry,
  replacementViolations,
  retirementViolations,
} from '../domain/entry';
import { assertFollowsRules, assertVersion, entryNotFound } from './entry-checks';
import { entryEvent, entryView } from './entry-views';
import { EntryRepository } from './ports';

export type DeprecateEntryCommand = HandlerRequestOf<typeof deprecateReferenceEntry> & {
  readonly context: RequestContext;
};

/**
 * An administrator retires an entry after its last valid day (today by default), optionally naming
 * the code that replaces it. The entry is never deleted: it keeps its labels, `get` still returns
 * it, and `validate` accepts it for days up to its last one.
 */
@Injectable()
export class DeprecateEntry {
  constructor(
    private readonly entries: EntryRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: DeprecateEntryCommand): Promise<ReferenceEntry> {
    const actor = requireRole(command.context, 'administrators', 'Changing reference data');
    const current = await this.entries.findByCode(command.list, command.code);
    if (!current) throw entryNotFound(command.list, command.code);
    assertVersion(current, command.version);
    if (current.deprecated) {
      throw ServiceError.conflict(
        `Entry ${current.code} of ${current.list} is already deprecated after ${current.validTo ?? 'an unknown day'}`,
      );
    }
    const validTo = command.validTo ?? defaultLastDay(current, this.clock.today());
    const next = deprecateEntry(
      current,
      { validTo, replacedBy: command.replacedBy },
      this.clock.now(),
    );
    const replacement =
      command.replacedBy === undefined
        ? undefined
        : await this.entries.findByCode(current.list, command.replacedBy);
    await assertFollowsRules(next, this.entries, [
      ...retirementViolations(current, validTo),
      ...replacementViolations(next, replacement),
    ]);
    await this.entries.update(next, current.version, [
      entryEvent(referenceEntryDeprecated, next, command.context, actor),
    ]);
    return entryView(next, 'en');
  }
}
