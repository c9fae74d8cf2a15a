import { FixedClock, SequentialIds } from '@opencen/testing';
import { type Conveyance, type ConveyanceDraft, conveyanceDraftSchema } from '@opencen/contracts';

import {
  FakeReferenceCodes,
  InMemoryRecords,
  NOW,
  matchingOptions,
  stampsOf,
} from '../../office-records/testing/office-records.fixtures';
import { type ReferenceCodes } from '../../office-records/usecases/ports';
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
  ): Promise<Conveyance[]> {
    return this.where(
      (conveyance) => identifierKeysOf(conveyance).some((key) => keys.includes(key)),
      limit,
      after,
    );
  }
}

/** The conveyance use cases over a store in memory, at NOW, with ids `<ids>-1`, `<ids>-2`… */
export function conveyanceRecordsOver(
  conveyances: ConveyanceRepository,
  options: { reference?: ReferenceCodes; ids?: string } = {},
): ConveyanceRecords {
  return new ConveyanceRecords(
    conveyances,
    options.reference ?? new FakeReferenceCodes(),
    matchingOptions,
    new FixedClock(NOW),
    new SequentialIds(options.ids ?? 'conveyance-new'),
  );
}
