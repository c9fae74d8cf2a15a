import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CasesController } from './cases.controller';
import { CASE_STORE_MODELS } from './infrastructure/case.schema';
import { MongoCaseNumbers, MongoCaseRepository } from './infrastructure/case.repository';
import { NatsReferenceCodes, NatsSubjectDirectory } from './infrastructure/clients';
import { AssignCase } from './usecases/assign-case';
import { AddCaseComment, ListCaseComments } from './usecases/case-comments';
import { AddCaseTask, CompleteCaseTask } from './usecases/case-tasks';
import { CreateCase } from './usecases/create-case';
import { CaseHistory, GetCase } from './usecases/get-case';
import { CaseNumbers, CaseRepository, ReferenceCodes, SubjectDirectory } from './usecases/ports';
import { TransitionCase } from './usecases/transition-case';
import { UpdateCase } from './usecases/update-case';

/**
 * Seizure and offence cases, their workflow, tasks and comments: the case store, once for the
 * whole service. The other features import this module and use what it exports: the store
 * (CaseRepository), the creation of a case (CreateCase, which imports use) and the reference-data
 * service (ReferenceCodes). The clock and the ids are the kit's (Clock, IdGenerator).
 */
@Module({
  imports: [MongooseModule.forFeature(CASE_STORE_MODELS)],
  controllers: [CasesController],
  providers: [
    { provide: CaseRepository, useClass: MongoCaseRepository },
    { provide: CaseNumbers, useClass: MongoCaseNumbers },
    { provide: ReferenceCodes, useClass: NatsReferenceCodes },
    { provide: SubjectDirectory, useClass: NatsSubjectDirectory },
    CreateCase,
    UpdateCase,
    GetCase,
    CaseHistory,
    TransitionCase,
    AssignCase,
    AddCaseTask,
    CompleteCaseTask,
    AddCaseComment,
    ListCaseComments,
  ],
  exports: [CaseRepository, CreateCase, ReferenceCodes],
})
export class CasesModule {}
