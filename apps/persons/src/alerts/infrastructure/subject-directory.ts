import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type SubjectRef } from '@opencen/contracts';
import { type Connection } from 'mongoose';

import {
  mergeInForce,
  resolveSubject,
  subjectClassification,
} from '../../office-records/office-records.module';
import { SubjectDirectory } from '../usecases/ports';

/** Reads the subjects' collections of this same service (its own database). */
@Injectable()
export class MongoSubjectDirectory extends SubjectDirectory {
  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  resolve(subject: SubjectRef): Promise<SubjectRef | null> {
    return resolveSubject(this.connection, subject);
  }

  classificationOf(subject: SubjectRef): Promise<string | null> {
    return subjectClassification(this.connection, subject);
  }

  mergeInForce(
    subjectType: SubjectRef['subjectType'],
    merge: { mergeId: string; survivorId: string; mergedId: string },
  ): Promise<boolean> {
    return mergeInForce(this.connection, subjectType, merge);
  }
}
