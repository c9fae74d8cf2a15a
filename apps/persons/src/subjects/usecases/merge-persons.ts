import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type Person,
  type PersonMerge,
  type mergePersons,
  type unmergePersons,
} from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator } from '@opencen/nest-kit';

import { RecordMerges } from '../../records/usecases/record-merges';
import { personMergeKind } from '../domain/merge';
import { changedFields, draftOf } from '../domain/person';
import { personNotFound } from './person-checks';
import { personMergeEvents } from './person-events';
import { PersonRepository } from './ports';

export type MergePersonsCommand = HandlerRequestOf<typeof mergePersons> & {
  readonly context: RequestContext;
};
export type UnmergePersonsCommand = HandlerRequestOf<typeof unmergePersons> & {
  readonly context: RequestContext;
};

/** The merge of persons: the service's one merge mechanism (RecordMerges) with person rules. */
function personMerges(
  persons: PersonRepository,
  clock: Clock,
  ids: { next(): string },
): RecordMerges<Person, PersonMerge> {
  return new RecordMerges(personMergeKind, {
    store: persons,
    events: personMergeEvents,
    clock,
    ids,
    notFound: personNotFound,
    changedFields: (before, after) => changedFields(draftOf(before), draftOf(after)),
  });
}

/** Merges one person into another; how a crash between the writes recovers: RecordMerges. */
@Injectable()
export class MergePersons {
  private readonly merges: RecordMerges<Person, PersonMerge>;

  constructor(persons: PersonRepository, clock: Clock, ids: IdGenerator) {
    this.merges = personMerges(persons, clock, ids);
  }

  execute(command: MergePersonsCommand): Promise<HandlerReplyOf<typeof mergePersons>> {
    return this.merges.merge(command);
  }
}

/** Undoes a person merge from the recorded snapshot, in the same careful order. */
@Injectable()
export class UnmergePersons {
  private readonly merges: RecordMerges<Person, PersonMerge>;

  constructor(persons: PersonRepository, clock: Clock) {
    this.merges = personMerges(persons, clock, {
      next: () => {
        throw new Error('an undo creates no merge');
      },
    });
  }

  execute(command: UnmergePersonsCommand): Promise<HandlerReplyOf<typeof unmergePersons>> {
    return this.merges.unmerge(command);
  }
}
