import { Injectable } from '@nestjs/common';
import { type HandlerRequestOf, type Person, type getPerson } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { requireReader } from './access';
import { personNotFound } from './person-checks';
import { PersonRepository } from './ports';

export type GetPersonCommand = HandlerRequestOf<typeof getPerson> & {
  readonly context: RequestContext;
};

@Injectable()
export class GetPerson {
  constructor(private readonly persons: PersonRepository) {}

  async execute(command: GetPersonCommand): Promise<Person> {
    requireReader(command.context);
    const person = await this.persons.findById(command.id);
    if (!person) throw personNotFound(command.id);
    return person;
  }
}
