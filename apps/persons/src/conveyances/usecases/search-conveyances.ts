import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type searchConveyances,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { decodeIdCursor, encodeIdCursor } from '../../companies/usecases/id-cursor';
import { requireReader } from '../../subjects/usecases/access';
import { identifierKey } from '../domain/conveyance';
import { ConveyanceRepository } from './ports';

export type SearchConveyancesCommand = HandlerRequestOf<typeof searchConveyances> & {
  readonly context: RequestContext;
};

const SEARCHED = ['plate', 'vin', 'imoNumber', 'mmsi', 'containerNumber'] as const;

/**
 * Searches conveyances exactly, after normalisation, by plate, VIN, IMO number, MMSI or container
 * number; several given find those holding any of them. Pages are in id order.
 */
@Injectable()
export class SearchConveyances {
  constructor(private readonly conveyances: ConveyanceRepository) {}

  async execute(
    command: SearchConveyancesCommand,
  ): Promise<HandlerReplyOf<typeof searchConveyances>> {
    requireReader(command.context);
    const after = command.cursor === undefined ? undefined : decodeIdCursor(command.cursor);
    const keys = SEARCHED.flatMap((field) => {
      const raw = command[field];
      const key = raw === undefined ? undefined : identifierKey(field, raw);
      return key ? [key] : [];
    });
    if (keys.length === 0) return { items: [] };
    const found = await this.conveyances.findByIdentifierKeys(keys, after, command.limit + 1);
    const items = found.slice(0, command.limit);
    const last = items.at(-1);
    return {
      items,
      ...(found.length > command.limit && last ? { nextCursor: encodeIdCursor(last.id) } : {}),
    };
  }
}
