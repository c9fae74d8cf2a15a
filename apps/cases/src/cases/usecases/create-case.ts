import { Injectable } from '@nestjs/common';
import {
  type Case,
  type HandlerRequestOf,
  CASE_DRAFT_FIELDS,
  type createCase,
} from '@opencen/contracts';
import { type RequestContext, givenFields } from '@opencen/nest-kit';

import { allocateCaseNumber } from '../domain/case-number';
import { assertMayCreate } from '../domain/case-workflow';
import { principalOf } from './access';
import { assertKnownCodes, normaliseDraft, resolveSubjects, rule } from './case-checks';
import { createdEvents } from './case-events';
import {
  CaseIds,
  CaseNumbers,
  CaseRepository,
  Clock,
  ReferenceCodes,
  SubjectDirectory,
} from './ports';

export type CreateCaseCommand = HandlerRequestOf<typeof createCase> & {
  readonly context: RequestContext;
};

/**
 * An officer records a draft case in their office. Codes, parties and the conveyance are checked
 * first (nothing is stored when one is bad), then a number is claimed for the office and year.
 */
@Injectable()
export class CreateCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly numbers: CaseNumbers,
    private readonly reference: ReferenceCodes,
    private readonly subjects: SubjectDirectory,
    private readonly clock: Clock,
    private readonly ids: CaseIds,
  ) {}

  async execute(command: CreateCaseCommand): Promise<Case> {
    const principal = principalOf(command.context);
    rule(() => assertMayCreate(principal, command.draft.type));
    const office = principal.office as string;
    await assertKnownCodes(command.draft, this.reference);
    const draft = normaliseDraft(await resolveSubjects(command.draft, this.subjects));
    const now = this.clock.now();
    const id = this.ids.next();
    const number = await allocateCaseNumber(this.numbers, office, now.getUTCFullYear(), id);
    const at = now.toISOString();
    const kase: Case = {
      ...draft,
      id,
      number,
      office,
      status: 'draft',
      assignedInvestigators: [],
      tasks: [],
      workflow: [],
      createdAt: at,
      createdBy: principal.sub,
      updatedAt: at,
      updatedBy: principal.sub,
      version: 1,
    };
    await this.cases.insert(
      kase,
      {
        version: 1,
        at: now,
        by: principal.sub,
        change: 'created',
        fields: givenFields(CASE_DRAFT_FIELDS, draft),
      },
      createdEvents(kase, { actor: principal.sub, context: command.context }),
    );
    return kase;
  }
}
