import { type Conveyance, type ConveyanceDraft, conveyanceDraftSchema } from '@opencen/contracts';

import {
  InMemoryRecords,
  type SpecPorts,
  specPortsOf,
  stampsOf,
} from '../../office-records/testing/office-records.fixtures';
import { identifierKeysOf } from '../domain/conveyance';
import { ConveyanceRecords } from '../usecases/conveyance-records';
import { type ConveyanceRepository } from '../usecases/ports';

export function aConveyanceDraft(
  input: Partial<ConveyanceDraft> & Pick<ConveyanceDraft, 'type'>,
): ConveyanceDraft {
  return conveyanceDraftSchema.parse(input);
}

export function aConveyance(
  draft: ConveyanceDraft,
  overrides: Partial<Conveyance> = {},
): Conveyance {
  return {
    ...draft,
    ...stampsOf('conveyance-1'),
    ...overrides,
  };
}

/** A repository in memory that derives the same keys as the real one. */
export class InMemoryConveyances
  extends InMemoryRecords<Conveyance>
  implements ConveyanceRepository
{
  async findByIdentifierKeys(
    keys: readonly string[],
    after: string | undefined,
    limit: number,
    readable: readonly string[],
  ): Promise<Conveyance[]> {
    return this.where(
      (conveyance) => identifierKeysOf(conveyance).some((key) => keys.includes(key)),
      limit,
      readable,
      after,
    );
  }
}

/** The conveyance use cases over a store in memory, at NOW. */
export function conveyanceRecordsOver(
  conveyances: ConveyanceRepository,
  ports: SpecPorts = {},
): ConveyanceRecords {
  return new ConveyanceRecords(conveyances, ...specPortsOf('conveyance', ports));
}
