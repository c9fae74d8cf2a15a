import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';

import { PERSONS_COLLECTION } from '../../subjects/infrastructure/person.schema';
import { SubjectDirectory } from '../usecases/ports';

/** Reads the subjects' collections of this same service (its own database). */
@Injectable()
export class MongoSubjectDirectory extends SubjectDirectory {
  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  async personExists(id: string): Promise<boolean> {
    const found = await this.connection
      .collection<{ _id: string }>(PERSONS_COLLECTION)
      .findOne({ _id: id }, { projection: { _id: 1 } });
    return found !== null;
  }
}
