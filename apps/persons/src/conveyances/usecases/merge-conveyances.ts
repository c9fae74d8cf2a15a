import { Injectable } from '@nestjs/common';
import {
  type Conveyance,
  type ConveyanceMerge,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type mergeConveyances,
  type unmergeConveyances,
} from '@opencen/contracts';
import {
  type RequestContext,
  changedFields,
  draftPart,
  Clock,
  IdGenerator,
} from '@opencen/nest-kit';

import { RecordMerges } from '../../records/usecases/record-merges';
import { conveyanceMergeKind } from '../domain/conveyance-merge';
import { CONVEYANCE_DRAFT_FIELDS } from '../domain/conveyance';
import { conveyanceMergeEvents, conveyanceNotFound } from './conveyance-rules';
import { ConveyanceRepository } from './ports';

export type MergeConveyancesCommand = HandlerRequestOf<typeof mergeConveyances> & {
  readonly context: RequestContext;
};
export type UnmergeConveyancesCommand = HandlerRequestOf<typeof unmergeConveyances> & {
  readonly context: RequestContext;
};

/** The merge of conveyances: the service's one merge mechanism (RecordMerges) with conveyance rules. */
function conveyanceMerges(
  conveyances: ConveyanceRepository,
  clock: Clock,
  ids: { next(): string },
): RecordMerges<Conveyance, ConveyanceMerge> {
  return new RecordMerges(conveyanceMergeKind, {
    store: conveyances,
    events: conveyanceMergeEvents,
    clock,
    ids,
    notFound: conveyanceNotFound,
    changedFields: (before, after) =>
      changedFields(
        CONVEYANCE_DRAFT_FIELDS,
        draftPart(CONVEYANCE_DRAFT_FIELDS, before),
        draftPart(CONVEYANCE_DRAFT_FIELDS, after),
      ),
  });
}

/**
 * Merges one conveyance into another. Three versioned single-document writes; how an interruption
 * between them is detected and completed (a retry of the same request) is told in RecordMerges.
 */
@Injectable()
export class MergeConveyances {
  private readonly merges: RecordMerges<Conveyance, ConveyanceMerge>;

  constructor(conveyances: ConveyanceRepository, clock: Clock, ids: IdGenerator) {
    this.merges = conveyanceMerges(conveyances, clock, ids);
  }

  execute(command: MergeConveyancesCommand): Promise<HandlerReplyOf<typeof mergeConveyances>> {
    return this.merges.merge(command);
  }
}

/** Undoes a conveyance merge from what the merge recorded, in the same careful order. */
@Injectable()
export class UnmergeConveyances {
  private readonly merges: RecordMerges<Conveyance, ConveyanceMerge>;

  constructor(conveyances: ConveyanceRepository, clock: Clock) {
    this.merges = conveyanceMerges(conveyances, clock, {
      next: () => {
        throw new Error('an undo creates no merge');
      },
    });
  }

  execute(command: UnmergeConveyancesCommand): Promise<HandlerReplyOf<typeof unmergeConveyances>> {
    return this.merges.unmerge(command);
  }
}
