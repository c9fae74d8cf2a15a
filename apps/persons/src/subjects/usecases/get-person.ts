import { Injectable } from '@nestjs/common';
import { type HandlerRequestOf, type Person, type getPerson } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { resolveMerged } from '../../records/usecases/resolve-merged';
import { requireReader } from './access';
import { personNotFound } from './person-checks';
import { PersonRepository } from './ports';

export type GetPersonCommand = HandlerRequestOf<typeof getPerson> & {
  readonly context: RequestContext;
};

/**
 * Gets a person. The id of a merged person answers with its survivor, following the `mergedInto`
 * pointers, with `resolvedFrom` naming the id asked for.
 */
@Injectable()
export class GetPerson {
  constructor(private readonly persons: PersonRepository) {}

  async execute(command: GetPersonCommand): Promise<Person> {
    requireReader(command.context);
    const person = await resolveMerged((id) => this.persons.findById(id), command.id, 'Person');
    if (!person) throw personNotFound(command.id);
    return person;
  }
}
