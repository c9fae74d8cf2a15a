import { Injectable } from '@nestjs/common';
import {
  type ConveyanceCandidate,
  type ConveyanceDraft,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type createConveyance,
} from '@opencen/contracts';
import { type RequestContext, givenFields, Clock, IdGenerator } from '@opencen/nest-kit';

import { requireWriter } from '../../subjects/usecases/access';
import { MatchingOptions, ReferenceCodes } from '../../subjects/usecases/ports';
import {
  CONVEYANCE_DRAFT_FIELDS,
  compareConveyances,
  identifierKeysOf,
} from '../domain/conveyance';
import { assertValidDraft, conveyanceCreatedEvent } from './conveyance-rules';
import { ConveyanceRepository } from './ports';

export type CreateConveyanceCommand = HandlerRequestOf<typeof createConveyance> & {
  readonly context: RequestContext;
};

/** How many candidates a create returns at most. */
const CREATE_CANDIDATES = 10;

/**
 * An officer records a means of conveyance. One already known with an equal identifier after
 * normalisation is a strong candidate: then it records nothing and returns the candidates, unless
 * the officer has seen them and confirms this is another one.
 */
@Injectable()
export class CreateConveyance {
  constructor(
    private readonly conveyances: ConveyanceRepository,
    private readonly reference: ReferenceCodes,
    private readonly options: MatchingOptions,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(
    command: CreateConveyanceCommand,
  ): Promise<HandlerReplyOf<typeof createConveyance>> {
    const actor = requireWriter(command.context);
    await assertValidDraft(command.draft, this.reference);
    const candidates = await this.candidates(command.draft);
    if (!command.confirmedNew && candidates.some((c) => c.strength === 'strong')) {
      return { outcome: 'candidates', candidates };
    }
    const now = this.clock.now();
    const at = now.toISOString();
    const conveyance = {
      ...command.draft,
      id: this.ids.next(),
      office: actor.office,
      createdAt: at,
      createdBy: actor.sub,
      updatedAt: at,
      updatedBy: actor.sub,
      version: 1,
      caseCount: 0,
    };
    await this.conveyances.insert(
      conveyance,
      {
        version: 1,
        at: now,
        by: actor.sub,
        change: 'created',
        fields: givenFields(CONVEYANCE_DRAFT_FIELDS, command.draft),
      },
      [conveyanceCreatedEvent(conveyance, command.context, actor.sub)],
    );
    return { outcome: 'created', conveyance, candidates };
  }

  private async candidates(draft: ConveyanceDraft): Promise<ConveyanceCandidate[]> {
    const keys = identifierKeysOf(draft);
    if (keys.length === 0) return [];
    const found = await this.conveyances.findByIdentifierKeys(
      keys,
      undefined,
      this.options.maxCandidatesScored,
    );
    return found
      .flatMap((conveyance) => {
        const match = compareConveyances(draft, conveyance);
        return match ? [{ conveyance, ...match }] : [];
      })
      .sort(
        (a, b) =>
          Number(b.strength === 'strong') - Number(a.strength === 'strong') ||
          a.conveyance.id.localeCompare(b.conveyance.id),
      )
      .slice(0, CREATE_CANDIDATES);
  }
}
