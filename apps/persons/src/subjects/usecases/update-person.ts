import { Injectable } from '@nestjs/common';
import { type HandlerRequestOf, type Person, type updatePerson } from '@opencen/contracts';
import { type RequestContext, assertVersion, Clock } from '@opencen/nest-kit';

import { assertNotMerged } from '../../records/usecases/record-merges';
import { changedFields, draftOf, personFrom } from '../domain/person';
import { assertSameOffice, requireWriter } from './access';
import { assertKnownCountries, personNotFound } from './person-checks';
import { personUpdatedEvent } from './person-events';
import { PersonRepository, ReferenceCodes } from './ports';

export type UpdatePersonCommand = HandlerRequestOf<typeof updatePerson> & {
  readonly context: RequestContext;
};

/**
 * An officer of the owning office replaces a person's details, from the version they saw. A change
 * that changes nothing stores nothing and emits nothing.
 */
@Injectable()
export class UpdatePerson {
  constructor(
    private readonly persons: PersonRepository,
    private readonly reference: ReferenceCodes,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdatePersonCommand): Promise<Person> {
    const actor = requireWriter(command.context);
    const current = await this.persons.findById(command.id);
    if (!current) throw personNotFound(command.id);
    assertSameOffice('Person', actor, current);
    assertNotMerged('Person', current);
    assertVersion('Person', current, command.version);
    const fields = changedFields(draftOf(current), command.draft);
    if (fields.length === 0) return current;
    await assertKnownCountries(command.draft, this.reference);
    const now = this.clock.now();
    const record = personFrom(command.draft, {
      id: current.id,
      office: current.office,
      createdAt: current.createdAt,
      createdBy: current.createdBy,
      updatedAt: now.toISOString(),
      updatedBy: actor.sub,
      version: current.version + 1,
      caseCount: current.caseCount,
      lastSeenAt: current.lastSeenAt,
    });
    // The merges it survived stay with it.
    const next = current.merges ? { ...record, merges: current.merges } : record;
    await this.persons.update(
      next,
      current.version,
      { version: next.version, at: now, by: actor.sub, change: 'updated', fields },
      [personUpdatedEvent(next, fields, command.context, actor.sub)],
    );
    return next;
  }
}
