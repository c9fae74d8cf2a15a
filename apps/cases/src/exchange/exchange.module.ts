import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CasesModule } from '../cases/cases.module';
import { SearchModule } from '../search/search.module';
import { ExchangeController } from './exchange.controller';
import {
  CASE_EXPORT_MODEL,
  CASE_IMPORT_KEY_MODEL,
  CASE_IMPORT_MODEL,
  CASE_IMPORT_ROW_MODEL,
  MongoExportRecords,
  MongoImportJobs,
  MongoImportKeys,
  MongoImportStaging,
} from './infrastructure/exchange.repository';
import {
  CASE_EXPORTS_COLLECTION,
  CASE_IMPORT_KEYS_COLLECTION,
  CASE_IMPORT_ROWS_COLLECTION,
  CASE_IMPORTS_COLLECTION,
  caseExportSchema,
  caseImportKeySchema,
  caseImportRowSchema,
  caseImportSchema,
} from './infrastructure/exchange.schema';
import { NatsSubjectFacts } from './infrastructure/subject-facts.client';
import { AddCaseImportRows } from './usecases/add-case-import-rows';
import { CaseExportPage } from './usecases/case-export-page';
import { FinishCaseImport } from './usecases/finish-case-import';
import { GetCaseExport } from './usecases/get-case-export';
import { GetCaseImport } from './usecases/get-case-import';
import { ImportReferenceCache } from './usecases/import-reference-cache';
import {
  ExportRecords,
  ImportJobs,
  ImportKeys,
  ImportStaging,
  SubjectFactsSource,
} from './usecases/ports';
import { StartCaseExport } from './usecases/start-case-export';
import { StartCaseImport } from './usecases/start-case-import';

/**
 * International exchange (non-nominal export) and bulk import of cases. Exported cases are listed
 * by the search module's case index and read through the cases module's store; imported ones are
 * made by the cases module's own CreateCase.
 */
@Module({
  imports: [
    CasesModule,
    SearchModule,
    MongooseModule.forFeature([
      { name: CASE_EXPORT_MODEL, schema: caseExportSchema, collection: CASE_EXPORTS_COLLECTION },
      { name: CASE_IMPORT_MODEL, schema: caseImportSchema, collection: CASE_IMPORTS_COLLECTION },
      {
        name: CASE_IMPORT_ROW_MODEL,
        schema: caseImportRowSchema,
        collection: CASE_IMPORT_ROWS_COLLECTION,
      },
      {
        name: CASE_IMPORT_KEY_MODEL,
        schema: caseImportKeySchema,
        collection: CASE_IMPORT_KEYS_COLLECTION,
      },
    ]),
  ],
  controllers: [ExchangeController],
  providers: [
    { provide: ExportRecords, useClass: MongoExportRecords },
    { provide: SubjectFactsSource, useClass: NatsSubjectFacts },
    { provide: ImportJobs, useClass: MongoImportJobs },
    { provide: ImportStaging, useClass: MongoImportStaging },
    { provide: ImportKeys, useClass: MongoImportKeys },
    ImportReferenceCache,
    StartCaseExport,
    CaseExportPage,
    GetCaseExport,
    StartCaseImport,
    AddCaseImportRows,
    FinishCaseImport,
    GetCaseImport,
  ],
})
export class ExchangeModule {}
