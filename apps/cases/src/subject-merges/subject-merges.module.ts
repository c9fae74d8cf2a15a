import { Module } from '@nestjs/common';

import { CasesModule } from '../cases/cases.module';
import { SearchModule } from '../search/search.module';
import { SubjectMergesConsumer } from './subject-merges.consumer';
import { RepointCaseSubjects } from './usecases/repoint-case-subjects';

/**
 * Follows the merges of the persons service in the cases that name the merged records: finds them
 * in the cases index (search module) and re-points each through the case store (cases module).
 */
@Module({
  imports: [CasesModule, SearchModule],
  providers: [RepointCaseSubjects, SubjectMergesConsumer],
})
export class SubjectMergesModule {}
