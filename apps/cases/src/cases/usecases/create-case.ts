import { Injectable } from '@nestjs/common';
import {
  type Case,
  type HandlerRequestOf,
  CASE_DRAFT_FIELDS,
  type createCase,
} from '@opencen/contracts';
import {
  type RequestContext,
  ServiceError,
  assertWithinClearance,
  givenFields,
  requireRole,
  Clock,
  IdGenerator,
} from '@opencen/nest-kit';

import { CaseNumberTakenError, allocateCaseNumber } from '../domain/case-number';
import { assertMayCreate } from '../domain/case-workflow';
import { assertKnownCodes, normaliseDraft, resolveSubjects } from './case-checks';
import { createdEvents } from './case-events';
import { CaseNumbers, CaseRepository, ReferenceCodes, SubjectDirectory } from './ports';

/** Allocations tried when other creations keep taking the number over first. */
const MAX_NUMBER_ATTEMPTS = 5;

export type CreateCaseCommand = HandlerRequestOf<typeof createCase> & {
  readonly context: RequestContext;
  /** The id to store the case under when the caller claimed one first (an import's key). */
  readonly caseId?: string;
};

/**
 * An officer records a draft case in their office. Codes, parties and the conveyance are checked
 * first (nothing is stored when one is bad), then a number is claimed for the office and year.
 * A number whose case could not be stored is released for the next creation (no gap), and a
 * number another case took meanwhile is allocated again.
 */
@Injectable()
export class CreateCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly numbers: CaseNumbers,
    private readonly reference: ReferenceCodes,
    private readonly subjects: SubjectDirectory,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreateCaseCommand): Promise<Case> {
    const principal = requireRole(command.context, 'caseWriters', 'Recording cases');
    assertMayCreate(principal, command.draft.type);
    assertWithinClearance(principal, command.draft.classification, 'draft.classification');
    const office = principal.office as string;
    await assertKnownCodes(command.draft, this.reference);
    const draft = normaliseDraft(await resolveSubjects(command.draft, this.subjects));
    const id = command.caseId ?? this.ids.next();
    if (this.ids.repeatsEarlierRun()) {
      // The first run of this Idempotency-Key request may have stored the case before it died.
      const stored = await this.cases.findById(id);
      if (stored) return stored;
    }
    const now = this.clock.now();
    const at = now.toISOString();
    for (let attempt = 1; ; attempt++) {
      const claimed = await allocateCaseNumber(this.numbers, office, now.getUTCFullYear(), id, {
        now,
      });
      const kase: Case = {
        ...draft,
        id,
        number: claimed.number,
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
      try {
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
      } catch (error) {
        // Another creation took this claim over and stored its case first: allocate again.
        if (error instanceof CaseNumberTakenError && attempt < MAX_NUMBER_ATTEMPTS) continue;
        if (error instanceof CaseNumberTakenError) {
          throw ServiceError.conflict('No case number could be given; try again');
        }
        // Best effort: an unreleased claim is taken over once its lease has passed.
        await this.numbers.release(claimed.scope, claimed.sequence, id).catch(() => undefined);
        throw error;
      }
      // Best effort too: a claim whose number a stored case holds is never taken over.
      await this.numbers.markUsed(claimed.scope, claimed.sequence, id).catch(() => undefined);
      return kase;
    }
  }
}
