import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CasesModule } from '../cases/cases.module';
import { SearchModule } from '../search/search.module';
import { ExchangeController } from './exchange.controller';
import { ImportJobRunner, ImportRunsSweep } from './import-job.runner';
import {
  CASE_EXPORT_MODEL,
  CASE_IMPORT_KEY_MODEL,
  CASE_IMPORT_MODEL,
  CASE_IMPORT_ROW_MODEL,
  CASE_IMPORT_RUN_MODEL,
  MongoExportRecords,
  MongoImportRecords,
  MongoImportKeys,
  MongoImportRuns,
  MongoImportStaging,
} from './infrastructure/exchange.repository';
import {
  CASE_EXPORTS_COLLECTION,
  CASE_IMPORT_KEYS_COLLECTION,
  CASE_IMPORT_ROWS_COLLECTION,
  CASE_IMPORT_RUNS_COLLECTION,
  CASE_IMPORTS_COLLECTION,
  caseExportSchema,
  caseImportKeySchema,
  caseImportRowSchema,
  caseImportRunSchema,
  caseImportSchema,
} from './infrastructure/exchange.schema';
import { NatsSubjectFacts } from './infrastructure/subject-facts.client';
import { AddCaseImportRows } from './usecases/add-case-import-rows';
import { CaseExportPage } from './usecases/case-export-page';
import { FinishCaseImport } from './usecases/finish-case-import';
import { GetCaseExchangeRecord } from './usecases/get-case-exchange-record';
import { GetCaseExport } from './usecases/get-case-export';
import { GetCaseImport } from './usecases/get-case-import';
import { ImportReferenceCache } from './usecases/import-reference-cache';
import {
  ExportRecords,
  ImportJobs,
  ImportKeys,
  ImportRecords,
  ImportRuns,
  ImportStaging,
  SubjectFactsSource,
} from './usecases/ports';
import { RunCaseImport } from './usecases/run-case-import';
import { StartCaseExport } from './usecases/start-case-export';
import { StartCaseImport } from './usecases/start-case-import';

/**
 * International exchange (non-nominal export) and bulk import of cases. Exported cases are listed
 * by the search module's case index and read through the cases module's store; imported ones are
 * made by the cases module's own CreateCase, in the background, by the import job runner (whose
 * runs survive a shutdown or a crash).
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
      {
        name: CASE_IMPORT_RUN_MODEL,
        schema: caseImportRunSchema,
        collection: CASE_IMPORT_RUNS_COLLECTION,
      },
    ]),
  ],
  controllers: [ExchangeController],
  providers: [
    { provide: ExportRecords, useClass: MongoExportRecords },
    { provide: SubjectFactsSource, useClass: NatsSubjectFacts },
    { provide: ImportRecords, useClass: MongoImportRecords },
    { provide: ImportStaging, useClass: MongoImportStaging },
    { provide: ImportKeys, useClass: MongoImportKeys },
    { provide: ImportRuns, useClass: MongoImportRuns },
    { provide: ImportJobs, useClass: ImportJobRunner },
    ImportRunsSweep,
    ImportReferenceCache,
    StartCaseExport,
    CaseExportPage,
    GetCaseExport,
    GetCaseExchangeRecord,
    StartCaseImport,
    AddCaseImportRows,
    RunCaseImport,
    FinishCaseImport,
    GetCaseImport,
  ],
})
export class ExchangeModule {}
