import { Injectable } from '@nestjs/common';
import {
  type Case,
  type HandlerRequestOf,
  CASE_DRAFT_FIELDS,
  type updateCase,
} from '@opencen/contracts';
import {
  type RequestContext,
  assertVersion,
  assertWithinClearance,
  changedFields,
  draftPart,
  Clock,
} from '@opencen/nest-kit';

import { assertMayEdit } from '../domain/case-workflow';
import { caseToChange } from './access';
import { assertKnownCodes, normaliseDraft, resolveSubjects } from './case-checks';
import { nextVersionOf, storeChange } from './case-changes';
import { updatedEvents } from './case-events';
import { CaseRepository, ReferenceCodes, SubjectDirectory } from './ports';

export type UpdateCaseCommand = HandlerRequestOf<typeof updateCase> & {
  readonly context: RequestContext;
};

/**
 * Replaces a draft's details from the version the editor saw. A change that changes nothing
 * stores nothing and emits nothing; a bad code or subject changes nothing either.
 */
@Injectable()
export class UpdateCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly reference: ReferenceCodes,
    private readonly subjects: SubjectDirectory,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateCaseCommand): Promise<Case> {
    const { principal, kase: current } = await caseToChange(
      this.cases,
      command.context,
      command.id,
      'caseWriters',
      'Editing cases',
    );
    assertMayEdit(principal, current);
    assertWithinClearance(principal, command.draft.classification, 'draft.classification');
    assertVersion('Case', current, command.version);
    await assertKnownCodes(command.draft, this.reference);
    const draft = normaliseDraft(await resolveSubjects(command.draft, this.subjects));
    const fields = changedFields(CASE_DRAFT_FIELDS, draftPart(CASE_DRAFT_FIELDS, current), draft);
    if (fields.length === 0) return current;
    const now = this.clock.now();
    const next = nextVersionOf(current, draftPart(CASE_DRAFT_FIELDS, draft), now, principal.sub);
    for (const field of CASE_DRAFT_FIELDS) if (draft[field] === undefined) delete next[field];
    await storeChange(
      this.cases,
      current,
      next,
      { change: 'updated', fields },
      updatedEvents(
        next,
        fields,
        { actor: principal.sub, context: command.context },
        fields.includes('parties') || fields.includes('conveyance'),
      ),
    );
    return next;
  }
}
