import { Injectable } from '@nestjs/common';
import { type Conveyance, type HandlerRequestOf, type getConveyance } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { resolveMerged } from '../../records/usecases/resolve-merged';
import { requireReader } from '../../subjects/usecases/access';
import { conveyanceNotFound } from './conveyance-rules';
import { ConveyanceRepository } from './ports';

export type GetConveyanceCommand = HandlerRequestOf<typeof getConveyance> & {
  readonly context: RequestContext;
};

/** Gets a conveyance; the id of a merged one answers with its survivor (`resolvedFrom`). */
@Injectable()
export class GetConveyance {
  constructor(private readonly conveyances: ConveyanceRepository) {}

  async execute(command: GetConveyanceCommand): Promise<Conveyance> {
    requireReader(command.context);
    const conveyance = await resolveMerged(
      (id) => this.conveyances.findById(id),
      command.id,
      'Conveyance',
    );
    if (!conveyance) throw conveyanceNotFound(command.id);
    return conveyance;
  }
}
