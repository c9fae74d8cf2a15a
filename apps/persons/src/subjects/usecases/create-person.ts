import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type createPerson } from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator } from '@opencen/nest-kit';

import { givenFields, personFrom } from '../domain/person';
import { requireWriter } from './access';
import { CandidateSearch } from './candidates';
import { assertKnownCountries } from './person-checks';
import { personCreatedEvent } from './person-events';
import { PersonRepository, ReferenceCodes } from './ports';

export type CreatePersonCommand = HandlerRequestOf<typeof createPerson> & {
  readonly context: RequestContext;
};

/** How many candidates a create returns at most. */
const CREATE_CANDIDATES = 10;

/**
 * An officer records a person. When the service already knows someone who is strongly like them,
 * it records nothing and returns the candidates, unless the officer has seen them and confirms
 * this is someone else: it never merges silently.
 */
@Injectable()
export class CreatePerson {
  constructor(
    private readonly persons: PersonRepository,
    private readonly candidates: CandidateSearch,
    private readonly reference: ReferenceCodes,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreatePersonCommand): Promise<HandlerReplyOf<typeof createPerson>> {
    const actor = requireWriter(command.context);
    await assertKnownCountries(command.draft, this.reference);
    const candidates = await this.candidates.find(command.draft, CREATE_CANDIDATES);
    if (!command.confirmedNew && candidates.some((c) => c.strength === 'strong')) {
      return { outcome: 'candidates', candidates };
    }
    const now = this.clock.now();
    const at = now.toISOString();
    const person = personFrom(command.draft, {
      id: this.ids.next(),
      office: actor.office,
      createdAt: at,
      createdBy: actor.sub,
      updatedAt: at,
      updatedBy: actor.sub,
      version: 1,
    });
    await this.persons.insert(
      person,
      { version: 1, at: now, by: actor.sub, change: 'created', fields: givenFields(command.draft) },
      [personCreatedEvent(person, command.context, actor.sub)],
    );
    return { outcome: 'created', person, candidates };
  }
}
