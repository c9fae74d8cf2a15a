import { Injectable } from '@nestjs/common';
import { type Conveyance, type HandlerRequestOf, type updateConveyance } from '@opencen/contracts';
import { type RequestContext, Clock } from '@opencen/nest-kit';

import {
  type OfficeRecordEdits,
  updateOfficeRecord,
} from '../../records/usecases/update-office-record';
import { ReferenceCodes } from '../../subjects/usecases/ports';
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
  private readonly edits: OfficeRecordEdits<Conveyance, UpdateConveyanceCommand['draft']>;

  constructor(
    conveyances: ConveyanceRepository,
    reference: ReferenceCodes,
    private readonly clock: Clock,
  ) {
    this.edits = {
      label: 'Conveyance',
      draftFields: CONVEYANCE_DRAFT_FIELDS,
      store: conveyances,
      notFound: conveyanceNotFound,
      checkDraft: (draft) => assertValidDraft(draft, reference),
      updatedEvent: conveyanceUpdatedEvent,
    };
  }

  execute(command: UpdateConveyanceCommand): Promise<Conveyance> {
    return updateOfficeRecord(this.edits, command, this.clock);
  }
}
