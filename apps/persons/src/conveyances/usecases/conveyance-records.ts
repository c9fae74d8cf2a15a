import { Injectable } from '@nestjs/common';
import {
  type Conveyance,
  type ConveyanceDraft,
  type ConveyanceMerge,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type searchConveyances,
  readableClassifications,
} from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator } from '@opencen/nest-kit';

import { requireReader } from '../../office-records/usecases/access';
import { decodeIdCursor, readablePage } from '../../office-records/usecases/id-cursor';
import {
  type KeyedCandidate,
  OfficeRecords,
  keyedCandidates,
} from '../../office-records/usecases/office-records';
import { MatchingOptions, ReferenceCodes } from '../../office-records/usecases/ports';
import { compareConveyances, identifierKey, identifierKeysOf } from '../domain/conveyance';
import { conveyanceKind } from '../domain/conveyance-kind';
import { ConveyanceRepository } from './ports';

export type SearchConveyancesCommand = HandlerRequestOf<typeof searchConveyances> & {
  readonly context: RequestContext;
};

const SEARCHED = ['plate', 'vin', 'imoNumber', 'mmsi', 'containerNumber'] as const;

/**
 * The conveyance database: the kernel's use cases for conveyances, whose candidates on create are
 * the known ones with an equal identifier after normalisation (domain/conveyance
 * `compareConveyances`), and the search of conveyances.
 */
@Injectable()
export class ConveyanceRecords extends OfficeRecords<
  'conveyance',
  Conveyance,
  ConveyanceDraft,
  ConveyanceMerge,
  KeyedCandidate<'conveyance', Conveyance>
> {
  constructor(
    private readonly conveyances: ConveyanceRepository,
    reference: ReferenceCodes,
    options: MatchingOptions,
    clock: Clock,
    ids: IdGenerator,
  ) {
    const candidates = keyedCandidates(
      'conveyance',
      {
        keys: identifierKeysOf,
        find: (keys, limit, readable) =>
          conveyances.findByIdentifierKeys(keys, undefined, limit, readable),
        compare: compareConveyances,
      },
      options.maxCandidatesScored,
    );
    super(conveyanceKind, conveyances, candidates, reference, clock, ids);
  }

  /**
   * Exactly, after normalisation, by plate, VIN, IMO number, MMSI or container number; several
   * given find those holding any of them. Pages are in id order.
   */
  async search(
    command: SearchConveyancesCommand,
  ): Promise<HandlerReplyOf<typeof searchConveyances>> {
    const reader = requireReader(command.context);
    const after = command.cursor === undefined ? undefined : decodeIdCursor(command.cursor);
    const keys = SEARCHED.flatMap((field) => {
      const raw = command[field];
      const key = raw === undefined ? undefined : identifierKey(field, raw);
      return key ? [key] : [];
    });
    if (keys.length === 0) return { items: [] };
    return readablePage(
      (from, count) =>
        this.conveyances.findByIdentifierKeys(keys, from, count, readableClassifications(reader)),
      after,
      command.limit,
      reader,
    );
  }
}
