import { type DynamicModule, Module } from '@nestjs/common';

import { NatsReferenceCodes } from './infrastructure/reference-codes.client';
import { MatchingOptions, ReferenceCodes } from './usecases/ports';

/**
 * The office-record kernel: what persons, companies and conveyances (each a kind of record owned
 * by an office) share. Its use cases (usecases/office-records) create, edit, read, merge and
 * unmerge any kind from the kind's description (domain/record-kind); the kinds' features import
 * this module for the reference-data client and the matching options, and build their stores
 * and indexes on the infrastructure it exports below.
 */
@Module({})
export class OfficeRecordsModule {
  static register(options: MatchingOptions): DynamicModule {
    return {
      module: OfficeRecordsModule,
      providers: [
        { provide: MatchingOptions, useValue: options },
        { provide: ReferenceCodes, useClass: NatsReferenceCodes },
      ],
      exports: [MatchingOptions, ReferenceCodes],
    };
  }
}

// What the kinds' infrastructure and the other features build on, exported through this module
// (a feature never reaches into another feature's infrastructure/).
export { type OfficeRecordDocument, officeRecordSchema } from './infrastructure/record.schema';
export {
  MongoRecordStore,
  type StoredDocument,
  fromStored,
  toStored,
} from './infrastructure/record-store';
export * from './infrastructure/search';
export {
  SUBJECT_COLLECTIONS,
  mergeInForce,
  resolveSubject,
  subjectClassification,
} from './infrastructure/subject-store';
