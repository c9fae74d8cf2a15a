import { Injectable } from '@nestjs/common';
import { type Conveyance, type HandlerRequestOf, type updateConveyance } from '@opencen/contracts';
import { type RequestContext, assertVersion, changedFields, draftPart } from '@opencen/nest-kit';

import { assertNotMerged } from '../../records/usecases/record-merges';
import { assertSameOffice, requireWriter } from '../../subjects/usecases/access';
import { Clock, ReferenceCodes } from '../../subjects/usecases/ports';
import { CONVEYANCE_DRAFT_FIELDS } from '../domain/conveyance';
import { assertValidDraft, conveyanceNotFound, conveyanceUpdatedEvent } from './conveyance-rules';
import { ConveyanceRepository } from './ports';

export type UpdateConveyanceCommand = HandlerRequestOf<typeof updateConveyance> & {
  readonly context: RequestContext;
};

/**
 * An officer of the owning office replaces a conveyance's details, from the version they saw. A
 * change that changes nothing stores nothing and emits nothing.
 */
@Injectable()
export class UpdateConveyance {
  constructor(
    private readonly conveyances: ConveyanceRepository,
    private readonly reference: ReferenceCodes,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateConveyanceCommand): Promise<Conveyance> {
    const actor = requireWriter(command.context);
    const current = await this.conveyances.findById(command.id);
    if (!current) throw conveyanceNotFound(command.id);
    assertSameOffice('Conveyance', actor, current);
    assertNotMerged('Conveyance', current);
    assertVersion('Conveyance', current, command.version);
    const fields = changedFields(
      CONVEYANCE_DRAFT_FIELDS,
      draftPart(CONVEYANCE_DRAFT_FIELDS, current),
      command.draft,
    );
    if (fields.length === 0) return current;
    await assertValidDraft(command.draft, this.reference);
    const now = this.clock.now();
    const next: Conveyance = {
      ...command.draft,
      id: current.id,
      office: current.office,
      createdAt: current.createdAt,
      caseCount: current.caseCount,
      lastSeenAt: current.lastSeenAt,
      createdBy: current.createdBy,
      updatedAt: now.toISOString(),
      updatedBy: actor.sub,
      version: current.version + 1,
      // The merges it survived stay with it.
      ...(current.merges ? { merges: current.merges } : {}),
    };
    await this.conveyances.update(
      next,
      current.version,
      { version: next.version, at: now, by: actor.sub, change: 'updated', fields },
      [conveyanceUpdatedEvent(next, fields, command.context, actor.sub)],
    );
    return next;
  }
}
