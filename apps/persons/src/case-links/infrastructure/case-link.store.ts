import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { documentWriteLock } from '@opencen/nest-kit';
import { type Connection } from 'mongoose';

import { PERSONS_COLLECTION } from '../../subjects/infrastructure/person.schema';
import { CaseLinkStore } from '../usecases/ports';

/**
 * The case links, kept in the person's own document (a local read model of the cases service's
 * events), in fields the persons schema does not declare and the person contract leaves out:
 * `caseIds` (the set of cases), `caseCount` (its size) and `lastSeenAt`.
 *
 * They are written without bumping the person's `version`: a case naming a person is not an edit
 * of the person and must not make an officer's update stale.
 */
export interface PersonCaseLinks {
  _id: string;
  caseIds?: string[];
  caseCount?: number;
  lastSeenAt?: Date;
}

@Injectable()
export class MongoCaseLinkStore extends CaseLinkStore {
  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  async linkPerson(personId: string, caseId: string, at: Date): Promise<void> {
    const persons = this.connection.collection<PersonCaseLinks>(PERSONS_COLLECTION);
    // The lock keeps this process's writes to the person (and the outbox relay's) from overlapping:
    // FerretDB applies an update as read-modify-write and could otherwise lose one.
    await documentWriteLock.run(PERSONS_COLLECTION, personId, async () => {
      // Atomic on MongoDB: the case is added and counted only if it is not already there.
      const added = await persons.updateOne(
        { _id: personId, caseIds: { $ne: caseId } },
        { $addToSet: { caseIds: caseId }, $inc: { caseCount: 1 }, $max: { lastSeenAt: at } },
      );
      if (added.matchedCount === 0) {
        await persons.updateOne({ _id: personId }, { $max: { lastSeenAt: at } });
      }
    });
  }
}
