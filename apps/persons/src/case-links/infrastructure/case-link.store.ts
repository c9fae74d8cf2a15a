import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type SubjectRef } from '@opencen/contracts';
import { documentWriteLock } from '@opencen/nest-kit';
import { type Connection } from 'mongoose';

import { SUBJECT_COLLECTIONS, resolveSubject } from '../../office-records/office-records.module';
import { CaseLinkStore } from '../usecases/ports';

/**
 * The case links, kept in the subject's own document (a local read model of the cases service's
 * events): `caseIds` (the set of cases, which no reply shows), `caseCount` (its size) and
 * `lastSeenAt`, which the person, company and conveyance replies show.
 *
 * They are written without bumping the subject's `version`: a case naming a subject is not an edit
 * of it and must not make an officer's update stale. The repositories never write these fields.
 */
export interface SubjectCaseLinks {
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

  resolve(subject: SubjectRef): Promise<SubjectRef | null> {
    return resolveSubject(this.connection, subject);
  }

  async link(subject: SubjectRef, caseId: string, at: Date): Promise<void> {
    const name = SUBJECT_COLLECTIONS[subject.subjectType];
    const subjects = this.connection.collection<SubjectCaseLinks>(name);
    const id = subject.subjectId;
    // The lock keeps this process's writes to the subject (and the outbox relay's) from
    // overlapping: FerretDB applies an update as read-modify-write and could otherwise lose one.
    await documentWriteLock.run(name, id, async () => {
      // Atomic on MongoDB: the case is added and counted only if it is not already there.
      const added = await subjects.updateOne(
        { _id: id, caseIds: { $ne: caseId } },
        { $addToSet: { caseIds: caseId }, $inc: { caseCount: 1 }, $max: { lastSeenAt: at } },
      );
      if (added.matchedCount === 0) {
        await subjects.updateOne({ _id: id }, { $max: { lastSeenAt: at } });
      }
    });
  }
}
