import { Injectable } from '@nestjs/common';
import { type HandlerRequestOf, type Person, type getPerson } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { requireReader } from './access';
import { personNotFound } from './person-checks';
import { PersonRepository } from './ports';

export type GetPersonCommand = HandlerRequestOf<typeof getPerson> & {
  readonly context: RequestContext;
};

/** Merges chain (A into B, then B into C); a longer chain than this is a loop, a bug. */
const MAX_MERGE_HOPS = 10;

/**
 * Gets a person. The id of a merged person answers with its survivor, following the `mergedInto`
 * pointers, with `resolvedFrom` naming the id asked for.
 */
@Injectable()
export class GetPerson {
  constructor(private readonly persons: PersonRepository) {}

  async execute(command: GetPersonCommand): Promise<Person> {
    requireReader(command.context);
    let person = await this.persons.findById(command.id);
    if (!person) throw personNotFound(command.id);
    for (let hops = 0; person.mergedInto !== undefined; hops += 1) {
      if (hops === MAX_MERGE_HOPS) throw new Error(`Person ${command.id}: merge pointers loop`);
      const survivor: Person | null = await this.persons.findById(person.mergedInto);
      if (!survivor) throw new Error(`Person ${person.id} is merged into a missing person`);
      person = survivor;
    }
    return person.id === command.id ? person : { ...person, resolvedFrom: command.id };
  }
}
